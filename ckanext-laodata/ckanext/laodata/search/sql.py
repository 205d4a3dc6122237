"""SQL building blocks of the embedded index; imports no other module of search/.

* ``Sql``: a predicate or expression over one row of the index table (alias
  ``d``), its bound parameters (``%s``), and the words it ranks by;
* ``Clauses`` and ``combine``: Lucene's boolean semantics over predicates
  (required, optional, prohibited clauses; minimum should-match);
* ``like_escape`` / ``are_escape``: user text made literal in a LIKE pattern
  or a PostgreSQL regular expression;
* ``SCHEMA``: the schema that holds the index table and fuzzystrmatch;
* ``QueryError``: a query that cannot become SQL (the message is safe to show).

The SQL text is assembled only from fixed fragments; user text travels as
parameters. Predicates never evaluate to NULL, so ``NOT`` keeps documents
that lack a field, as Lucene does.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, NamedTuple

# Its own schema, so that CKAN's reset_db (which drops every table of the
# default schema) leaves the index alone; fuzzystrmatch is created in it too.
SCHEMA = "laodata_search"
TRUE = "TRUE"
FALSE = "FALSE"


class QueryError(ValueError):
    """The query cannot be understood; the message is safe to show users."""


class Sql(NamedTuple):
    text: str
    params: tuple[Any, ...]
    rank_terms: tuple[str, ...] = ()


@dataclass
class Clauses:
    must: list[Sql] = dc_field(default_factory=list)
    should: list[Sql] = dc_field(default_factory=list)
    must_not: list[Sql] = dc_field(default_factory=list)


def join(parts: list[Sql], op: str) -> Sql:
    if len(parts) == 1:
        return parts[0]
    return Sql(
        "(" + f" {op} ".join(p.text for p in parts) + ")",
        tuple(x for p in parts for x in p.params),
        tuple(t for p in parts for t in p.rank_terms),
    )


def _rank_only(should: list[Sql]) -> Sql:
    """Optional clauses that do not filter still rank."""
    return Sql(TRUE, (), tuple(t for s in should for t in s.rank_terms))


def _optional(should: list[Sql], has_required: bool, min_should: int | None) -> list[Sql]:
    """What the optional clauses add to the required ones."""
    if min_should is None:
        return [_rank_only(should)] if has_required else [join(should, "OR")]
    if min_should >= len(should):
        return list(should)  # every one of them must match
    if min_should >= 1:
        any_match = join(should, "OR")
        counted = Sql(
            "((" + " + ".join(f"({s.text})::int" for s in should) + ") >= %s)",
            tuple(x for s in should for x in s.params) + (min_should,),
        )
        return [join([any_match, counted], "AND")]
    return [_rank_only(should)]


def combine(clauses: Clauses, min_should: int | None = None) -> Sql:
    """Lucene boolean semantics: with any required clause, optional ones do
    not filter; with none, at least ``min_should`` (default one) must match."""
    parts = list(clauses.must)
    if clauses.should:
        parts.extend(_optional(clauses.should, bool(parts), min_should))
    for neg in clauses.must_not:
        parts.append(Sql(f"NOT {neg.text}", neg.params))
    if not parts:
        return Sql(FALSE, ())
    return join(parts, "AND")


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def are_escape(text: str) -> str:
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in text)
