"""Running a query plan (``plan.py``) against the index table: the count, the
facet counts and one page of stored documents, each one SQL statement on a
cursor the caller gives (``store.search`` runs the three on one connection).

Here too the ORDER BY for Solr's ``sort``, the ``ts_rank`` score, and Solr's
facet order (count descending, then byte order of the value).
"""

from __future__ import annotations

from typing import Any

from . import fields
from .plan import QueryPlan
from .sql import SCHEMA, Sql


def count(cur: Any, plan: QueryPlan) -> int:
    cur.execute(f"SELECT count(*) FROM {SCHEMA}.document d WHERE {plan.where.text}", plan.where.params)
    return cur.fetchone()[0]


def facets(cur: Any, plan: QueryPlan, total: int) -> dict[str, list[Any]]:
    """Solr's ``facet_fields``: per field, ``[value, count, value, count, ...]``.

    ``total`` is the plan's count: with no match there is nothing to count."""
    facet_fields: dict[str, list[Any]] = {f: [] for f, _, _ in plan.facets}
    if not plan.facets or not total:
        return facet_fields
    names = [f for f, _, _ in plan.facets]
    if all(fields.is_term_field(n) for n in names):
        grouped = _term_counts(cur, plan.where, names)
    else:
        grouped = _field_counts(cur, plan.where, names)
    for name, limit, mincount in plan.facets:
        facet_fields[name] = _solr_facet(grouped[name], limit, mincount)
    return facet_fields


def page(cur: Any, plan: QueryPlan, total: int) -> list[dict[str, Any]]:
    """The stored documents of the requested page, in the requested order."""
    docs: list[dict[str, Any]] = []
    if plan.rows <= 0 or total <= plan.start:
        return docs
    rank = _rank(plan.rank_terms)
    # without words to rank by, the score is the same for every document
    order_sql, order_params = _order_by([o for o in plan.order if o[0] != "score" or plan.rank_terms])
    score_sql = rank.text if (plan.want_score or any(f == "score" for f, _ in plan.order)) else "1.0::float4"
    score_params = rank.params if score_sql == rank.text else ()
    cur.execute(
        f"""SELECT d.stored, {score_sql} AS score FROM {SCHEMA}.document d
            WHERE {plan.where.text} ORDER BY {order_sql} LIMIT %s OFFSET %s""",
        score_params + plan.where.params + order_params + (plan.rows, plan.start),
    )
    for stored, score in cur.fetchall():
        if plan.want_score:
            stored["score"] = float(score)
        docs.append(stored)
    return docs


def _term_counts(cur: Any, where: Sql, names: list[str]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts from the term array (every facet field is a term field)."""
    cur.execute(
        f"""SELECT t, count(*) FROM {SCHEMA}.document d, unnest(d.facet_terms) t
            WHERE {where.text} AND split_part(t, chr(31), 1) = ANY(%s) GROUP BY t""",
        where.params + (names,),
    )
    grouped: dict[str, list[tuple[str, int]]] = {n: [] for n in names}
    for term, num in cur.fetchall():
        key, _, value = term.partition(fields.FACET_SEPARATOR)
        grouped[key].append((value, num))
    return grouped


def _field_counts(cur: Any, where: Sql, names: list[str]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts from the JSONB fields (and the columns a facet names)."""
    cur.execute(
        f"""SELECT k, v, count(*) FROM {SCHEMA}.document d, unnest(%s::text[]) k,
                   jsonb_array_elements_text({_facet_source(names)}->k) v
            WHERE {where.text} GROUP BY k, v""",
        (names,) + where.params,
    )
    grouped: dict[str, list[tuple[str, int]]] = {n: [] for n in names}
    for key, value, num in cur.fetchall():
        grouped[key].append((value, num))
    return grouped


def _solr_facet(pairs: list[tuple[str, int]], limit: int, mincount: int) -> list[Any]:
    # Solr's order: count descending, then index (byte) order
    kept = sorted((p for p in pairs if p[1] >= max(mincount, 1)), key=lambda p: (-p[1], p[0].encode("utf-8")))
    if limit >= 0:
        kept = kept[:limit]
    return [x for pair in kept for x in pair]


def _rank(terms: tuple[str, ...]) -> Sql:
    if not terms:
        return Sql("1.0::float4", ())
    return Sql("ts_rank(d.tsv, %s::tsquery)", (" | ".join(f"({t})" for t in dict.fromkeys(terms)),))


def _facet_source(names: list[str]) -> str:
    """``d.fields``, plus the column fields a facet asks for, as JSONB arrays."""
    extra = [
        f"'{c}', "
        + (
            f"to_jsonb(d.{c})"
            if c in fields.ARRAY_COLUMN_FIELDS
            else f"CASE WHEN d.{c} IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(d.{c}) END"
        )
        for c in fields.COLUMNS
        if c in names
    ]
    return f"d.fields || jsonb_build_object({', '.join(extra)})" if extra else "d.fields"


def _order_by(order: list[tuple[str, str]]) -> tuple[str, tuple[Any, ...]]:
    parts: list[str] = []
    params: list[Any] = []
    for name, direction in order:
        sql_dir = "DESC" if direction == "desc" else "ASC"
        if name == "score":
            parts.append(f"score {sql_dir}")
        elif name in fields.COLUMN_FIELDS:
            parts.append(f'd.{name} COLLATE "C" {sql_dir} NULLS LAST')
        elif fields.is_int(name):
            parts.append(
                "(CASE WHEN d.fields->%s->>0 ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (d.fields->%s->>0)::numeric END) "
                f"{sql_dir} NULLS LAST"
            )
            params.extend([name, name])
        else:
            parts.append(f'(d.fields->%s->>0) COLLATE "C" {sql_dir} NULLS LAST')
            params.append(name)
    parts.append("d.index_id")
    return ", ".join(parts), tuple(params)
