"""The index in PostgreSQL: its table, a connection per process, the writes
(upsert, delete, the generation that invalidates cached results), and
``search``, which runs a query plan's statements (``execute.py``) on one
connection.

The index lives in its own schema (``sql.SCHEMA``, ``laodata_search``) so that
CKAN's ``reset_db`` (which drops every table of the default schema) leaves it
alone; the table is created lazily with ``IF NOT EXISTS`` under an advisory lock.

One autocommit connection per process, keyed by PID: gunicorn workers, rq
work-horses and ``search-index rebuild-fast`` fork, and a connection must
never cross a fork.

A write may instead be given ``within``: the DB-API connection of the database
transaction whose change it indexes (``seam.py`` hands over CKAN's while its
session commits). The rows and the generation then commit or roll back with
that change, so the index never holds what the database does not.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import psycopg2
import psycopg2.extras

from . import execute, fields
from .plan import QueryPlan
from .sql import SCHEMA, Sql

log = logging.getLogger(__name__)

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
COLUMNS = fields.COLUMNS

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
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL)"
            )
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


def write(dsn: str, work: Callable[[Any], T], within: Any = None) -> T:
    """Run a write: in the caller's transaction when ``within`` is its DB-API
    connection, else on the autocommit connection."""
    if within is None:
        return run(dsn, work)
    _connection(dsn)  # the table exists (created lazily, outside the caller's transaction)
    with within.cursor() as cur:
        return work(cur)


def upsert(dsn: str, docs: Iterable[dict[str, Any]], within: Any = None) -> None:
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
                (
                    r["index_id"],
                    *(r["columns"][c] for c in COLUMNS),
                    r["facet_terms"],
                    json.dumps(r["fields"]),
                    json.dumps(r["ftext"]),
                    r["tsv"],
                    json.dumps(r["stored"], default=str),
                )
                for r in rows
            ],
            template=f"(%s, {placeholders}, %s::text[], %s::jsonb, %s::jsonb, %s::tsvector, %s::jsonb)",
        )
        _bump_generation(cur)

    write(dsn, work, within)


def _bump_generation(cur: Any) -> None:
    """Every write moves the index generation on, which invalidates cached
    results in every process. In the caller's transaction the generation moves
    when its rows become visible (the row stays locked until it ends: writers
    of the index queue there for the moment between their index write and
    their commit)."""
    cur.execute(f"UPDATE {SCHEMA}.meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")


def generation(dsn: str) -> str:
    def work(cur: Any) -> str:
        cur.execute(f"SELECT value FROM {SCHEMA}.meta WHERE key = 'generation'")
        row = cur.fetchone()
        return row[0] if row else "0"

    return run(dsn, work)


def delete_where(dsn: str, where: Sql, within: Any = None) -> int:
    def work(cur: Any) -> int:
        cur.execute(f"DELETE FROM {SCHEMA}.document d WHERE {where.text}", where.params)
        count = cur.rowcount
        _bump_generation(cur)
        return count

    return write(dsn, work, within)


def delete_ids(dsn: str, ids: list[str], within: Any = None) -> int:
    def work(cur: Any) -> int:
        cur.execute(
            f"DELETE FROM {SCHEMA}.document d WHERE d.index_id = ANY(%s) OR d.id = ANY(%s)",
            (ids, ids),
        )
        count = cur.rowcount
        _bump_generation(cur)
        return count

    return write(dsn, work, within)


def search(dsn: str, plan: QueryPlan) -> tuple[int, list[dict[str, Any]], dict[str, list[Any]]]:
    """Run a query plan on one connection: its count, one page of stored
    documents, and its facet counts (``execute.py`` writes the statements)."""

    def work(cur: Any) -> tuple[int, list[dict[str, Any]], dict[str, list[Any]]]:
        total = execute.count(cur, plan)
        facet_fields = execute.facets(cur, plan, total)
        return total, execute.page(cur, plan, total), facet_fields

    return run(dsn, work)


def count_all(dsn: str) -> int:
    def work(cur: Any) -> int:
        cur.execute(f"SELECT count(*) FROM {SCHEMA}.document")
        return cur.fetchone()[0]

    return run(dsn, work)
