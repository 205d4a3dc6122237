"""Solr search parameters, as CKAN sends them to pysolr, read into a query plan.

``build`` checks every parameter the embedded backend understands (``q``,
``fq``, ``defType``, ``mm``, ``q.op``, ``df``, ``rows``, ``start``, ``sort``,
``fl``, ``facet``, ``facet.field``, ``facet.limit``, ``facet.mincount`` and
their ``f.<field>.`` forms) and returns a ``QueryPlan``: the WHERE clause (the
queries translated by ``lucene.py``), the words to rank by, the order, the
page, the stored fields to return and the facets to count. A bad parameter
raises ``QueryError`` with a message safe to show. Nothing here runs SQL:
``execute.py`` runs a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import lucene
from .sql import QueryError, Sql

_SORT_PART = re.compile(r"^([A-Za-z0-9_.\-]+)\s+(asc|desc)$", re.IGNORECASE)
_FACET_FIELD = re.compile(r"^[A-Za-z0-9_.\-]+$")
_STORED_ALL = {"*"}

Facet = tuple[str, int, int]  # (field, limit (< 0: no limit), mincount)


@dataclass(frozen=True)
class QueryPlan:
    where: Sql
    rank_terms: tuple[str, ...]
    order: tuple[tuple[str, str], ...]  # (field, "asc" | "desc"), "score" allowed
    rows: int
    start: int
    want_score: bool
    facets: tuple[Facet, ...]
    wanted: frozenset[str] | None  # stored fields to return; None: all of them

    def result_key(self) -> tuple[Any, ...]:
        """What the rows, count and facets depend on (``wanted`` only trims them)."""
        return (self.where, self.rank_terms, self.order, self.rows, self.start, self.want_score, self.facets)


def param_list(value: Any) -> list[Any]:
    """A parameter's values (Solr parameters may repeat)."""
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
        raise QueryError(f"Invalid '{key}' parameter: must be an integer") from None


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
            raise QueryError('Invalid "sort" parameter')
        order.append((match.group(1), match.group(2).lower()))
    return order


def parse_fl(fl: Any) -> tuple[set[str] | None, bool]:
    """Requested stored fields (None: all) and whether the score is wanted."""
    names: set[str] = set()
    for item in param_list(fl):
        names.update(n for n in re.split(r"[\s,]+", str(item)) if n)
    want_score = "score" in names
    names.discard("score")
    if not names or names & _STORED_ALL:
        return None, want_score
    return names, want_score


def _translate(params: dict[str, Any], q: str) -> list[Sql]:
    """``q`` then every ``fq``, each translated by its parser."""
    op = str(params.get("q.op", "AND"))
    default_field = str(params.get("df", "text"))
    if params.get("defType") in ("dismax", "edismax") and ":" not in q:
        mm = params.get("mm")
        parts = [lucene.translate_dismax(q, None if mm is None else str(mm))]
    else:
        parts = [lucene.translate_lucene(q, default_field, op)]
    for fq in param_list(params.get("fq")):
        if isinstance(fq, str) and fq.strip():
            parts.append(lucene.translate_lucene(fq, default_field, op))
    return parts


def where(params: dict[str, Any]) -> tuple[Sql, tuple[str, ...]]:
    """The WHERE clause for ``q`` and every ``fq``, and the ranking terms."""
    q = params.get("q")
    q = q if isinstance(q, str) and q.strip() else "*:*"
    # (CKAN copies ``fq_list`` into ``fq`` and leaves the key: read ``fq`` only)
    for name in ("q", "fq", "sort"):
        if any("\x00" in str(v) for v in param_list(params.get(name))):
            raise QueryError(f"'{name}' must not contain NUL characters")
    try:
        parts = _translate(params, q)
    except QueryError:
        raise
    except RecursionError:
        raise QueryError("The query is nested too deeply") from None
    except (ValueError, OverflowError):  # e.g. a number too large for a fuzzy or proximity degree
        raise QueryError("The query holds a number out of range") from None
    clause = Sql(" AND ".join(p.text for p in parts), tuple(x for p in parts for x in p.params))
    return clause, parts[0].rank_terms


def facet_specs(params: dict[str, Any]) -> list[Facet]:
    if str(params.get("facet", "false")).lower() not in ("true", "on", "1"):
        return []
    limit = _int(params, "facet.limit", 50)
    mincount = _int(params, "facet.mincount", 0)
    specs: list[Facet] = []
    for name in dict.fromkeys(str(f) for f in param_list(params.get("facet.field"))):
        if not _FACET_FIELD.match(name):
            raise QueryError(f"Invalid facet field '{name}'")
        specs.append(
            (
                name,
                _int(params, f"f.{name}.facet.limit", limit),
                _int(params, f"f.{name}.facet.mincount", mincount),
            )
        )
    return specs


def build(params: dict[str, Any]) -> QueryPlan:
    """The plan for one ``search`` call's parameters (``q`` among them)."""
    clause, rank_terms = where(params)
    rows = _int(params, "rows", 10)
    start = _int(params, "start", 0)
    if rows < 0 or start < 0:
        raise QueryError("'rows' and 'start' must not be negative")
    order = parse_sort(params.get("sort") or "score desc")
    wanted, want_score = parse_fl(params.get("fl"))
    return QueryPlan(
        where=clause,
        rank_terms=rank_terms,
        order=tuple(order),
        rows=rows,
        start=start,
        want_score=want_score,
        facets=tuple(facet_specs(params)),
        wanted=None if wanted is None else frozenset(wanted),
    )
