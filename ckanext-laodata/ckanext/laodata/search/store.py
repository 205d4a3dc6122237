"""PostgreSQL storage of CKAN's index documents, and query execution.

The index lives in its own schema (``laodata_search``) so that CKAN's
``reset_db`` (which drops every table of the default schema) leaves it alone;
the table is created lazily with ``IF NOT EXISTS`` under an advisory lock.

One autocommit connection per process, keyed by PID: gunicorn workers, rq
work-horses and ``search-index rebuild-fast`` fork, and a connection must
never cross a fork.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from typing import Any, Callable, Iterable, TypeVar

import psycopg2
import psycopg2.extras

from . import fields
from .lucene import Sql

log = logging.getLogger(__name__)

SCHEMA = "laodata_search"
_DDL_LOCK_KEY = 7_310_244_415  # arbitrary, fixed: serialises DDL across processes

# Bump when the table changes: the index is derived data, so an older table
# is dropped and recreated, and `ckan search-index rebuild` refills it.
SCHEMA_VERSION = "6"

DDL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS {SCHEMA}.document (
    index_id          text PRIMARY KEY,
    site_id           text,
    id                text,
    name              text,
    state             text,
    dataset_type      text,
    entity_type       text,
    capacity          text,
    metadata_modified text,
    metadata_created  text,
    title_string      text,
    permission_labels text[] NOT NULL DEFAULT '{{}}',
    facet_terms       text[] NOT NULL DEFAULT '{{}}',
    fields            jsonb NOT NULL,
    ftext             jsonb NOT NULL,
    tsv               tsvector NOT NULL,
    stored            jsonb NOT NULL,
    indexed_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS document_id_idx ON {SCHEMA}.document (id);
CREATE INDEX IF NOT EXISTS document_name_idx ON {SCHEMA}.document (name);
-- CKAN's default order (newest first) and the title order, as the ORDER BY spells them
CREATE INDEX IF NOT EXISTS document_modified_idx
    ON {SCHEMA}.document (metadata_modified COLLATE "C" DESC NULLS LAST, index_id);
CREATE INDEX IF NOT EXISTS document_title_idx ON {SCHEMA}.document (title_string COLLATE "C", index_id);
CREATE INDEX IF NOT EXISTS document_labels_idx ON {SCHEMA}.document USING gin (permission_labels);
CREATE INDEX IF NOT EXISTS document_terms_idx ON {SCHEMA}.document USING gin (facet_terms);
CREATE INDEX IF NOT EXISTS document_fields_idx ON {SCHEMA}.document USING gin (fields jsonb_path_ops);
CREATE INDEX IF NOT EXISTS document_tsv_idx ON {SCHEMA}.document USING gin (tsv);
"""
COLUMNS = fields.COLUMN_FIELDS + fields.ARRAY_COLUMN_FIELDS

T = TypeVar("T")
_local: dict[tuple[int, str], Any] = {}
_lock = threading.Lock()


def _connect(dsn: str) -> Any:
    conn = psycopg2.connect(dsn, application_name="laodata-search", connect_timeout=10)
    conn.autocommit = True
    with conn.cursor() as cur:
        # JIT compilation costs tens of milliseconds and these queries are short.
        # The index is small and hot: random reads cost about what sequential
        # ones do, and with the default (4) the planner prefers to evaluate
        # tsvector matches row by row over the GIN index (seen: 37 ms vs 9 ms).
        cur.execute("SET jit = off; SET random_page_cost = 1.1")
        cur.execute("SELECT pg_advisory_lock(%s)", (_DDL_LOCK_KEY,))
        try:
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            cur.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL)")
            cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'schema_version'")
            found = cur.fetchone()
            if found is None or found[0] != SCHEMA_VERSION:
                cur.execute(f"DROP TABLE IF EXISTS {SCHEMA}.document")
                if found is not None:
                    log.warning("search index table upgraded: run `ckan search-index rebuild`")
            cur.execute(DDL)
            cur.execute(
                f"INSERT INTO {SCHEMA}.meta VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (SCHEMA_VERSION,),
            )
            cur.execute(f"INSERT INTO {SCHEMA}.meta VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING")
            try:
                # levenshtein() for fuzzy queries; a trusted extension, so the
                # database owner may create it without being a superuser
                cur.execute(f"CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA {SCHEMA}")
            except psycopg2.Error:
                log.warning("fuzzystrmatch is not available: fuzzy queries (word~) will fail")
        finally:
            cur.execute("SELECT pg_advisory_unlock(%s)", (_DDL_LOCK_KEY,))
    return conn


def _connection(dsn: str) -> Any:
    key = (os.getpid(), dsn)
    conn = _local.get(key)
    if conn is None or conn.closed:
        with _lock:
            conn = _local.get(key)
            if conn is None or conn.closed:
                conn = _local[key] = _connect(dsn)
    return conn


def run(dsn: str, work: Callable[[Any], T]) -> T:
    """Run ``work(cursor)``; reconnect once if the server dropped us."""
    for attempt in (1, 2):
        conn = _connection(dsn)
        try:
            with conn.cursor() as cur:
                return work(cur)
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            _local.pop((os.getpid(), dsn), None)
            if attempt == 2:
                raise
            log.warning("search index connection lost; reconnecting")
    raise AssertionError("unreachable")


def upsert(dsn: str, docs: Iterable[dict[str, Any]]) -> None:
    rows = [fields.index_row(doc) for doc in docs]
    if not rows:
        return
    names = ", ".join(COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)
    placeholders = ", ".join(["%s"] * len(fields.COLUMN_FIELDS) + ["%s::text[]"])

    def work(cur: Any) -> None:
        psycopg2.extras.execute_values(
            cur,
            f"""INSERT INTO {SCHEMA}.document (index_id, {names}, facet_terms, fields, ftext, tsv, stored)
                VALUES %s
                ON CONFLICT (index_id) DO UPDATE SET {updates}, facet_terms = EXCLUDED.facet_terms,
                    fields = EXCLUDED.fields, ftext = EXCLUDED.ftext, tsv = EXCLUDED.tsv,
                    stored = EXCLUDED.stored, indexed_at = now()""",
            [
                (r["index_id"], *(r["columns"][c] for c in COLUMNS), r["facet_terms"], json.dumps(r["fields"]),
                 json.dumps(r["ftext"]), r["tsv"], json.dumps(r["stored"], default=str))
                for r in rows
            ],
            template=f"(%s, {placeholders}, %s::text[], %s::jsonb, %s::jsonb, %s::tsvector, %s::jsonb)",
        )
        _bump_generation(cur)

    run(dsn, work)


def _bump_generation(cur: Any) -> None:
    """Every write moves the index generation on, which invalidates cached
    results in every process."""
    cur.execute(f"UPDATE {SCHEMA}.meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")


def generation(dsn: str) -> str:
    def work(cur: Any) -> str:
        cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'generation'")
        row = cur.fetchone()
        return row[0] if row else "0"

    return run(dsn, work)


def delete_where(dsn: str, where: Sql) -> int:
    def work(cur: Any) -> int:
        cur.execute(f"DELETE FROM {SCHEMA}.document d WHERE {where.text}", where.params)
        count = cur.rowcount
        _bump_generation(cur)
        return count

    return run(dsn, work)


def delete_ids(dsn: str, ids: list[str]) -> int:
    def work(cur: Any) -> int:
        cur.execute(
            f"DELETE FROM {SCHEMA}.document d WHERE d.index_id = ANY(%s) OR d.id = ANY(%s)",
            (ids, ids),
        )
        count = cur.rowcount
        _bump_generation(cur)
        return count

    return run(dsn, work)


def _rank(terms: tuple[str, ...]) -> Sql:
    if not terms:
        return Sql("1.0::float4", ())
    return Sql("ts_rank(d.tsv, %s::tsquery)", (" | ".join(f"({t})" for t in dict.fromkeys(terms)),))


def search(
    dsn: str,
    where: Sql,
    rank_terms: tuple[str, ...],
    order: list[tuple[str, str]],
    rows: int,
    start: int,
    want_score: bool,
    facets: list[tuple[str, int, int]],
) -> tuple[int, list[dict[str, Any]], dict[str, list[Any]]]:
    """Count, one page of stored documents, and facet counts.

    ``order`` is ``[(field, 'asc'|'desc')]`` with ``score`` allowed;
    ``facets`` is ``[(field, limit, mincount)]`` (limit < 0: no limit).
    """
    rank = _rank(rank_terms)

    def work(cur: Any) -> tuple[int, list[dict[str, Any]], dict[str, list[Any]]]:
        facet_fields: dict[str, list[Any]] = {f: [] for f, _, _ in facets}
        cur.execute(f"SELECT count(*) FROM {SCHEMA}.document d WHERE {where.text}", where.params)
        count = cur.fetchone()[0]
        if facets and count:
            names = [f for f, _, _ in facets]
            if all(fields.is_term_field(n) for n in names):
                cur.execute(
                    f"""SELECT t, count(*) FROM {SCHEMA}.document d, unnest(d.facet_terms) t
                        WHERE {where.text} AND split_part(t, chr(31), 1) = ANY(%s) GROUP BY t""",
                    where.params + (names,),
                )
                grouped: dict[str, list[tuple[str, int]]] = {n: [] for n in names}
                for term, num in cur.fetchall():
                    key, _, value = term.partition(fields.FACET_SEPARATOR)
                    grouped[key].append((value, num))
            else:
                cur.execute(
                    f"""SELECT k, v, count(*) FROM {SCHEMA}.document d, unnest(%s::text[]) k,
                               jsonb_array_elements_text({_facet_source(names)}->k) v
                        WHERE {where.text} GROUP BY k, v""",
                    (names,) + where.params,
                )
                grouped = {n: [] for n in names}
                for key, value, num in cur.fetchall():
                    grouped[key].append((value, num))
            for name, limit, mincount in facets:
                # Solr's order: count descending, then index (byte) order
                pairs = sorted((p for p in grouped[name] if p[1] >= max(mincount, 1)),
                               key=lambda p: (-p[1], p[0].encode("utf-8")))
                if limit >= 0:
                    pairs = pairs[:limit]
                facet_fields[name] = [x for pair in pairs for x in pair]
        docs: list[dict[str, Any]] = []
        if rows > 0 and count > start:
            # without words to rank by, the score is the same for every document
            order_sql, order_params = _order_by([o for o in order if o[0] != "score" or rank_terms])
            score_sql = rank.text if (want_score or any(f == "score" for f, _ in order)) else "1.0::float4"
            score_params = rank.params if score_sql == rank.text else ()
            cur.execute(
                f"""SELECT d.stored, {score_sql} AS score FROM {SCHEMA}.document d
                    WHERE {where.text} ORDER BY {order_sql} LIMIT %s OFFSET %s""",
                score_params + where.params + order_params + (rows, start),
            )
            for stored, score in cur.fetchall():
                if want_score:
                    stored["score"] = float(score)
                docs.append(stored)
        return count, docs, facet_fields

    return run(dsn, work)


def _facet_source(names: list[str]) -> str:
    """``d.fields``, plus the column fields a facet asks for, as JSONB arrays."""
    extra = [
        f"'{c}', " + (f"to_jsonb(d.{c})" if c in fields.ARRAY_COLUMN_FIELDS
                      else f"CASE WHEN d.{c} IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(d.{c}) END")
        for c in COLUMNS if c in names
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
            parts.append(f"d.{name} COLLATE \"C\" {sql_dir} NULLS LAST")
        elif fields.is_int(name):
            parts.append(
                "(CASE WHEN d.fields->%s->>0 ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (d.fields->%s->>0)::numeric END) "
                f"{sql_dir} NULLS LAST"
            )
            params.extend([name, name])
        else:
            parts.append(f"(d.fields->%s->>0) COLLATE \"C\" {sql_dir} NULLS LAST")
            params.append(name)
    parts.append("d.index_id")
    return ", ".join(parts), tuple(params)


def count_all(dsn: str) -> int:
    def work(cur: Any) -> int:
        cur.execute(f"SELECT count(*) FROM {SCHEMA}.document")
        return cur.fetchone()[0]

    return run(dsn, work)
