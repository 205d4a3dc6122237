"""A connection with pysolr's interface, answering from PostgreSQL.

CKAN's indexing and query code (``ckan.lib.search``) talks to ``pysolr.Solr``:
``add``, ``delete``, ``commit`` and ``search`` returning ``pysolr.Results``.
This class offers the same calls, so CKAN core, its CLI and every plugin's
``before_dataset_index``/``before_dataset_search`` work unchanged. A search
is read into a plan (``plan.py``) and run by ``store.search``; results are
cached per process by index generation.

What CKAN expects of its connection comes from ``seam.py``, which makes it:
the error class for a bad query (CKAN's ``SearchQueryError``, which
``package_search`` and the API turn into a 400 with a clear message) and the
decoder for the documents' dates, and the transaction an index write
belongs to. Nothing from the database ever reaches an error message.

A write runs in the database transaction of the change it indexes (CKAN's
actions index a dataset just before they commit): a change that rolls back,
fails to commit or dies on the way leaves no index entry, and a committed one
is in the index. ``transaction`` returns the DB-API connection of that
transaction, or None (whole-index maintenance, or no transaction open), when
the write is committed as made.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import psycopg2
import psycopg2.errors
import pysolr

import ckan.plugins.toolkit as tk

from ..config import SEARCH_CACHE_SIZE
from . import plan as query_plan
from . import store
from .sql import QueryError

# Results by index generation: any write anywhere moves the generation on, so
# an entry is never served after the index changed. Per process, bounded.
_CACHE: OrderedDict[Any, Any] = OrderedDict()
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


Results = tuple[int, list[dict[str, Any]], dict[str, list[Any]]]


def _results(dsn: str, plan: query_plan.QueryPlan) -> Results:
    """The count, documents and facet counts of a plan, from the cache when
    it is on; every caller gets its own copy (CKAN edits the docs it gets)."""
    try:
        if _cache_size() > 0 and plan.rows <= _CACHE_MAX_ROWS:
            key = (store.generation(dsn), *plan.result_key())
            cached = _cache_get(key)
            if cached is None:
                cached = store.search(dsn, plan)
                _cache_put(key, cached)
            return copy.deepcopy(cached)
        return store.search(dsn, plan)  # uncached: one round trip less, no copy
    except (psycopg2.DataError, psycopg2.errors.UndefinedFunction):
        # e.g. a value PostgreSQL cannot compare; never echo database text
        raise QueryError("The query could not be run: check its values") from None


class PostgresSearchConnection:
    """Drop-in for ``pysolr.Solr`` over the embedded index.

    ``decode_doc`` turns each returned document's stored values into what
    the caller wants (CKAN: Solr date strings into datetimes), or None;
    ``query_error`` is the exception a bad query raises, with a message safe
    to show; ``transaction`` gives the DB-API connection of the database
    transaction a write belongs to, or None."""

    def __init__(
        self,
        dsn: str,
        decode_doc: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        query_error: type[Exception] = QueryError,
        transaction: Callable[[], Any] | None = None,
    ) -> None:
        self.dsn = dsn
        self.decode_doc = decode_doc
        self.query_error = query_error
        self.transaction = transaction or (lambda: None)
        # CKAN puts the connection's url in its error messages.
        self.url = "postgresql-embedded-search"

    # --- writes ------------------------------------------------------------
    def add(self, docs: list[dict[str, Any]], **_ignored: Any) -> str:
        store.upsert(self.dsn, docs, within=self.transaction())
        return ""

    def delete(self, id: Any = None, q: str | None = None, **_ignored: Any) -> str:
        within = self.transaction()
        if id is not None:
            store.delete_ids(self.dsn, [str(i) for i in query_plan.param_list(id)], within=within)
        if q is not None:
            try:
                where, _ = query_plan.where({"q": q})
            except QueryError as exc:
                raise self.query_error(str(exc)) from None
            store.delete_where(self.dsn, where, within=within)
        return ""

    def commit(self, **_ignored: Any) -> str:
        return ""  # a write is committed when made, or with the transaction it belongs to

    def optimize(self, **_ignored: Any) -> str:
        return ""

    def ping(self, **_ignored: Any) -> str:
        store.count_all(self.dsn)
        return "OK"

    # --- reads -------------------------------------------------------------
    def search(
        self, q: str | None = None, search_handler: str | None = None, **params: Any
    ) -> pysolr.Results:
        params["q"] = q
        try:
            plan = query_plan.build(params)
            count, docs, facet_fields = _results(self.dsn, plan)
        except QueryError as exc:
            raise self.query_error(str(exc)) from None
        out = []
        for doc in docs:
            if plan.wanted is not None:
                doc = {k: v for k, v in doc.items() if k in plan.wanted or k == "score"}
            if self.decode_doc is not None:
                doc = self.decode_doc(doc)
            out.append(doc)
        return pysolr.Results(
            {
                "response": {"numFound": count, "docs": out},
                "facet_counts": {"facet_fields": facet_fields},
            }
        )
