"""A connection with pysolr's interface, answering from PostgreSQL.

CKAN's indexing and query code (``ckan.lib.search``) talks to ``pysolr.Solr``:
``add``, ``delete``, ``commit`` and ``search`` returning ``pysolr.Results``.
This class offers the same calls, so CKAN core, its CLI and every plugin's
``before_dataset_index``/``before_dataset_search`` work unchanged.

Bad queries raise CKAN's ``SearchQueryError`` (a subclass of ``SearchError``
that ``package_search`` and the API turn into a 400 with a clear message);
nothing from the database ever reaches the message.
"""
from __future__ import annotations

import copy
import re
from collections import OrderedDict
from typing import Any

import psycopg2
import psycopg2.errors
import pysolr
import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError, solr_datetime_decoder

from ..config import SEARCH_CACHE_SIZE

from . import lucene, store

# Results by index generation: any write anywhere moves the generation on, so
# an entry is never served after the index changed. Per process, bounded.
_CACHE: "OrderedDict[Any, Any]" = OrderedDict()
_CACHE_MAX_ROWS = 100


def _cache_size() -> int:
    try:
        return int(tk.config[SEARCH_CACHE_SIZE])
    except (KeyError, TypeError, ValueError):  # before the declarations load
        return 256


def _cache_get(key: Any) -> Any:
    value = _CACHE.get(key)
    if value is not None:
        try:
            _CACHE.move_to_end(key)
        except KeyError:  # evicted meanwhile by another thread
            pass
    return value


def _cache_put(key: Any, value: Any) -> None:
    size = _cache_size()
    if size <= 0:
        return
    _CACHE[key] = value
    while len(_CACHE) > size:
        _CACHE.popitem(last=False)


_SORT_PART = re.compile(r"^([A-Za-z0-9_.\-]+)\s+(asc|desc)$", re.IGNORECASE)
_STORED_ALL = {"*"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _int(params: dict[str, Any], key: str, default: int) -> int:
    value = params.get(key, default)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise SearchQueryError(f"Invalid '{key}' parameter: must be an integer") from None


def parse_sort(sort: Any) -> list[tuple[str, str]]:
    order: list[tuple[str, str]] = []
    if not sort:
        return order
    for part in str(sort).split(","):
        part = part.strip()
        if not part:
            continue
        match = _SORT_PART.match(part)
        if not match:
            raise SearchQueryError('Invalid "sort" parameter')
        order.append((match.group(1), match.group(2).lower()))
    return order


def parse_fl(fl: Any) -> tuple[set[str] | None, bool]:
    """Requested stored fields (None: all) and whether the score is wanted."""
    names: set[str] = set()
    for item in _as_list(fl):
        names.update(n for n in re.split(r"[\s,]+", str(item)) if n)
    want_score = "score" in names
    names.discard("score")
    if not names or names & _STORED_ALL:
        return None, want_score
    return names, want_score


def translate_query(params: dict[str, Any]) -> tuple[lucene.Sql, tuple[str, ...]]:
    """The WHERE clause for ``q`` and every ``fq``, and the ranking terms."""
    q = params.get("q")
    q = q if isinstance(q, str) and q.strip() else "*:*"
    # (CKAN copies ``fq_list`` into ``fq`` and leaves the key: read ``fq`` only)
    for name in ("q", "fq", "sort"):
        if any("\x00" in str(v) for v in _as_list(params.get(name))):
            raise SearchQueryError(f"'{name}' must not contain NUL characters")
    op = str(params.get("q.op", "AND"))
    default_field = str(params.get("df", "text"))
    try:
        if params.get("defType") in ("dismax", "edismax") and ":" not in q:
            mm = params.get("mm")
            main = lucene.translate_dismax(q, None if mm is None else str(mm))
        else:
            main = lucene.translate_lucene(q, default_field, op)
        parts = [main]
        for fq in _as_list(params.get("fq")):
            if isinstance(fq, str) and fq.strip():
                parts.append(lucene.translate_lucene(fq, default_field, op))
    except lucene.QueryError as exc:
        raise SearchQueryError(str(exc)) from None
    except RecursionError:
        raise SearchQueryError("The query is nested too deeply") from None
    except (ValueError, OverflowError):  # e.g. a number too large for a fuzzy or proximity degree
        raise SearchQueryError("The query holds a number out of range") from None
    where = lucene.Sql(
        " AND ".join(p.text for p in parts), tuple(x for p in parts for x in p.params)
    )
    return where, main.rank_terms


class PostgresSearchConnection:
    """Drop-in for ``pysolr.Solr`` over the embedded index."""

    def __init__(self, dsn: str, decode_dates: bool = True) -> None:
        self.dsn = dsn
        self.decode_dates = decode_dates
        # CKAN puts the connection's url in its error messages.
        self.url = "postgresql-embedded-search"

    # --- writes ------------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], **_ignored: Any) -> str:
        store.upsert(self.dsn, docs)
        return ""

    def delete(self, id: Any = None, q: str | None = None, **_ignored: Any) -> str:
        if id is not None:
            store.delete_ids(self.dsn, [str(i) for i in _as_list(id)])
        if q is not None:
            where, _ = translate_query({"q": q})
            store.delete_where(self.dsn, where)
        return ""

    def commit(self, **_ignored: Any) -> str:
        return ""  # every write is committed when made

    def optimize(self, **_ignored: Any) -> str:
        return ""

    def ping(self, **_ignored: Any) -> str:
        store.count_all(self.dsn)
        return "OK"

    # --- reads -------------------------------------------------------------
    def search(self, q: str | None = None, search_handler: str | None = None, **params: Any) -> pysolr.Results:
        params["q"] = q
        where, rank_terms = translate_query(params)
        rows = _int(params, "rows", 10)
        start = _int(params, "start", 0)
        if rows < 0 or start < 0:
            raise SearchQueryError("'rows' and 'start' must not be negative")
        order = parse_sort(params.get("sort") or "score desc")
        wanted, want_score = parse_fl(params.get("fl"))
        facets = self._facet_specs(params)
        try:
            if _cache_size() > 0 and rows <= _CACHE_MAX_ROWS:
                key = (store.generation(self.dsn), where, rank_terms, tuple(order), rows, start, want_score,
                       tuple(facets))
                cached = _cache_get(key)
                if cached is None:
                    cached = store.search(self.dsn, where, rank_terms, order, rows, start, want_score, facets)
                    _cache_put(key, cached)
                count, docs, facet_fields = copy.deepcopy(cached)  # CKAN edits the docs it gets
            else:  # uncached: one round trip less, no copy
                count, docs, facet_fields = store.search(self.dsn, where, rank_terms, order, rows, start,
                                                         want_score, facets)
        except (psycopg2.DataError, psycopg2.errors.UndefinedFunction):
            # e.g. a value PostgreSQL cannot compare; never echo database text
            raise SearchQueryError("The query could not be run: check its values") from None
        out = []
        for doc in docs:
            if wanted is not None:
                doc = {k: v for k, v in doc.items() if k in wanted or k == "score"}
            if self.decode_dates:
                doc = solr_datetime_decoder(doc)
            out.append(doc)
        return pysolr.Results(
            {
                "response": {"numFound": count, "docs": out},
                "facet_counts": {"facet_fields": facet_fields},
            }
        )

    @staticmethod
    def _facet_specs(params: dict[str, Any]) -> list[tuple[str, int, int]]:
        if str(params.get("facet", "false")).lower() not in ("true", "on", "1"):
            return []
        limit = _int(params, "facet.limit", 50)
        mincount = _int(params, "facet.mincount", 0)
        specs: list[tuple[str, int, int]] = []
        for name in dict.fromkeys(str(f) for f in _as_list(params.get("facet.field"))):
            if not re.match(r"^[A-Za-z0-9_.\-]+$", name):
                raise SearchQueryError(f"Invalid facet field '{name}'")
            specs.append(
                (name, _int(params, f"f.{name}.facet.limit", limit), _int(params, f"f.{name}.facet.mincount", mincount))
            )
        return specs
