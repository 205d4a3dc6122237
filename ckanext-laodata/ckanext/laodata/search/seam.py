"""The one place that touches CKAN's search internals.

Why: CKAN has no plugin interface for its search engine. Its indexing and
query code obtain the engine from ``ckan.lib.search.common.make_connection``,
which is imported *by name* into ``ckan.lib.search.common`` (for
``is_available``), ``ckan.lib.search.index``, ``ckan.lib.search.query`` and
the ``ckan.lib.search`` package, so all four names are replaced. At start-up
``ckan.config.environment`` calls ``ckan.lib.search.check_solr_schema_version``,
which fetches Solr's schema over HTTP; with the embedded backend there is no
Solr, so that check is replaced by a check of the embedded index.

It also hands CKAN's own pieces to the rest of the package, so that no other
module imports ``ckan.lib.search``: the facade (``connection.py``) gets
CKAN's ``SearchQueryError`` and ``solr_datetime_decoder`` from
``make_connection`` below, and modules outside ``search/`` import
``SearchQueryError`` from here.

Index writes belong to the database transaction of the change they index:
CKAN's actions index the dataset they change just before committing, through
whatever connection ``make_connection`` gives; the connection given here
writes through the open transaction of CKAN's session, so the commit that
follows (or its rollback, or the process dying first) covers the change and
its index entry together. CKAN's whole-index maintenance (``rebuild``,
``clear``) is wrapped to write on the index's own connection, committed as it
goes. Only when the index lives in CKAN's database
(``ckanext.laodata.search.url`` unset or the same as ``sqlalchemy.url``):
another database cannot share the transaction.

``install`` runs when the plugin module is imported (inside CKAN's plugin
loading, before the schema check) and again from ``update_config``; both are
idempotent. With ``ckanext.laodata.search.backend = solr`` nothing is
replaced and CKAN's own Solr path runs untouched.
"""

from __future__ import annotations

import functools
import logging
import os
from contextvars import ContextVar
from typing import Any

import ckan.lib.search as ckan_search
import ckan.lib.search.common as ckan_search_common
import ckan.lib.search.index as ckan_search_index
import ckan.lib.search.query as ckan_search_query

# Why: CKAN's package_search and API answer its own SearchQueryError (and only
# that) with a 400 naming the problem, so a query the embedded index cannot
# read is raised as one; pages that search outside package_search catch it
# too (views/errors.py). CKAN's make_connection gives pysolr a decoder that
# turns Solr's date strings in the documents into datetimes unless asked not
# to (decode_dates=False); the embedded connection does the same with CKAN's
# own solr_datetime_decoder, so both engines return the same values.
from ckan.lib.search.common import SearchQueryError, solr_datetime_decoder
from ckan.model import meta

from ..config import FACET_FIELDS, SEARCH_BACKEND, SEARCH_URL
from . import fields
from .connection import PostgresSearchConnection

__all__ = [
    "SearchQueryError",
    "available",
    "backend",
    "reindex",
    "check_index",
    "install",
    "installed_backend",
    "make_connection",
]

log = logging.getLogger(__name__)

_ORIGINAL = {
    "make_connection": ckan_search_common.make_connection,
    "check_solr_schema_version": ckan_search.check_solr_schema_version,
}
_MODULES = (ckan_search_common, ckan_search_index, ckan_search_query, ckan_search)


def _dsn(config: Any) -> str:
    # Read with .get: this also runs at plugin import, before CKAN has applied
    # the config declarations and their defaults.
    url = (config.get(SEARCH_URL) if SEARCH_URL in config else None) or config.get("sqlalchemy.url") or ""
    # SQLAlchemy URLs may name a driver ("postgresql+psycopg2://"); libpq does not.
    scheme, sep, rest = str(url).partition("://")
    return f"{scheme.split('+')[0]}{sep}{rest}" if sep else str(url)


_installed: dict[str, str] = {}


def _same_database(config: Any) -> bool:
    return _dsn(config) == _dsn({"sqlalchemy.url": config.get("sqlalchemy.url")})


# --- index writes in the transaction of the change they index -----------------
# CKAN's actions index a dataset just before they commit (package_create,
# package_update, package_delete, dataset_purge...), through model.Session,
# and with ``defer_commit`` leave both the write and the index to their caller.
# An index write made while that session has a transaction open joins it.
# Whole-index maintenance (CKAN's ``rebuild``, ``clear`` and ``clear_index``,
# which CKAN's fixtures and the CLI call with a transaction open and which
# only ``rebuild`` commits) writes on its own connection, committed as it goes:
# one transaction over a whole rebuild would hold every document's row, and
# the generation's, until its end, blocking every edit meanwhile.
_maintenance: ContextVar[bool] = ContextVar("laodata_search_maintenance", default=False)


def _own_connection(func: Any) -> Any:
    """``func`` with its index writes committed as made."""
    if getattr(func, "_laodata_own_connection", False):
        return func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _maintenance.set(True)
        try:
            return func(*args, **kwargs)
        finally:
            _maintenance.reset(token)

    wrapper._laodata_own_connection = True  # type: ignore[attr-defined]
    return wrapper


_MAINTENANCE = {
    (ckan_search, "rebuild"): ckan_search.rebuild,
    (ckan_search, "clear"): ckan_search.clear,
    (ckan_search, "clear_all"): ckan_search.clear_all,
    (ckan_search_index, "clear_index"): ckan_search_index.clear_index,
}


def _transaction() -> Any:
    """The DB-API connection of the open transaction of CKAN's session, or None."""
    if _maintenance.get() or not _installed.get("same_database") or not meta.Session.registry.has():
        return None
    session = meta.Session.registry()
    if not session.in_transaction():
        return None
    return session.connection().connection


def make_connection(decode_dates: bool = True) -> PostgresSearchConnection:
    dsn = _installed.get("dsn")
    if not dsn:
        from ckan.common import config

        dsn = _installed["dsn"] = _dsn(config)
        _installed["same_database"] = "yes" if _same_database(config) else ""
    return PostgresSearchConnection(
        dsn,
        decode_doc=solr_datetime_decoder if decode_dates else None,
        query_error=SearchQueryError,
        transaction=_transaction,
    )


def check_index(schema_file: str | None = None) -> bool:
    """Stands in for CKAN's Solr schema check, with its contract: False (and a
    warning) when the index cannot be reached, True when it can."""
    try:
        make_connection().ping()
    except Exception:  # any failure to reach the index; CKAN only warns
        log.warning("The embedded search index is not reachable", exc_info=True)
        return False
    return True


def available() -> bool:
    """Whether the configured search engine answers a query (the health check).
    Why here: CKAN's ``is_available`` is one of its search internals; it asks the
    connection ``make_connection`` gives, so the embedded index or Solr, whichever
    is installed."""
    return ckan_search_common.is_available()


def _words(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value).split()


def backend(config: Any) -> str:
    return str(config.get(SEARCH_BACKEND) or "postgres").strip().lower()


def install(config: Any) -> None:
    """Point CKAN's search at the backend the configuration names."""
    chosen = backend(config)
    if chosen == "postgres":
        _installed["dsn"] = _dsn(config)
        _installed["same_database"] = "yes" if _same_database(config) else ""
        fields.set_facet_fields(_words(config.get("search.facets")) + _words(config.get(FACET_FIELDS)))
        replacements = {"make_connection": make_connection, "check_solr_schema_version": check_index}
    elif chosen == "solr":
        replacements = dict(_ORIGINAL)
    else:
        raise ValueError(f"ckanext.laodata.search.backend must be 'postgres' or 'solr', not {chosen!r}")
    for module in _MODULES:
        for name, func in replacements.items():
            if hasattr(module, name):
                setattr(module, name, func)
    for (module, name), original in _MAINTENANCE.items():
        setattr(module, name, _own_connection(original) if chosen == "postgres" else original)


# --- fork safety of CKAN's own database engine -------------------------------
# `ckan search-index rebuild-fast` (multiprocessing), rq work-horses and
# gunicorn --preload fork a process whose SQLAlchemy pool already holds open
# connections; two processes then talk over one socket and hang (seen here:
# rebuild-fast never finished). In the child, start a fresh pool without
# closing the parent's sockets, and set the inherited session aside unclosed:
# closing it would send a ROLLBACK over the parent's connection.
_inherited_sessions: list[Any] = []


def _fresh_database_pool_after_fork() -> None:
    if meta.Session.registry.has():
        _inherited_sessions.append(meta.Session.registry())
        meta.Session.registry.clear()
    if meta.engine is not None:
        meta.engine.dispose(close=False)


os.register_at_fork(after_in_child=_fresh_database_pool_after_fork)


def installed_backend() -> str:
    return "postgres" if ckan_search_common.make_connection is make_connection else "solr"


def reindex(package_id: str) -> None:
    """Index one dataset again from the database, as ``ckan search-index rebuild`` does
    (for writes made behind the actions' back: the demo moves some datasets' dates).
    Why here: CKAN's ``rebuild`` is one of its search internals."""
    ckan_search.rebuild(package_id)
