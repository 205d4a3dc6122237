"""One check per service the portal cannot serve without: PostgreSQL, Redis and
the search engine. Each returns True when the service answers; a failure is logged
here and never shown to the caller."""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from ckan import model
from ckan.lib.redis import connect_to_redis

from ..search import seam

log = logging.getLogger(__name__)


def database() -> bool:
    try:
        model.Session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        log.exception("health: PostgreSQL does not answer")
        model.Session.rollback()
        return False
    finally:
        model.Session.remove()


def redis() -> bool:
    try:
        return connect_to_redis().ping() is True
    except Exception:  # any redis-py or socket error means the same: not reachable
        log.exception("health: Redis does not answer")
        return False


def search() -> bool:
    return seam.available()


CHECKS: dict[str, Callable[[], bool]] = {"database": database, "redis": redis, "search": search}


def run() -> dict[str, bool]:
    """Every check, each run even when another failed."""
    return {name: check() for name, check in CHECKS.items()}
