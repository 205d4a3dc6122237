"""Failed log-ins: the account's lock and the address's throttle.

Counters live in CKAN's Redis (``ckan.redis.url``), under keys of this site:

- per account: every failed log-in adds one and restarts its clock
  (``lockout_minutes``); at ``max_failed_logins`` the account is locked, so
  even the right password is refused (and its API tokens, see
  ``sessions.py``) until the clock runs out or a sysadmin unlocks it. A name
  that belongs to no account is counted the same way, so a lock says nothing
  of whether the account exists.
- per client address: every failed or refused log-in adds one, in a window of
  ``ip_window_minutes``; at ``ip_max_failed_logins`` the address is refused
  before any account is looked at. A flood from one address therefore locks
  at most ``ip_max_failed_logins / max_failed_logins`` accounts, not a unit.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from .. import config


def _prefix() -> str:
    return f"laodata:{tk.config.get('ckan.site_id') or 'default'}:login"


def account_key(user_id: str | None, login: str) -> str:
    """The counter's name for an account (by id), or for a name no account has."""
    return user_id or "name:" + login.strip().lower()[:200]


def _account(key: str) -> str:
    return f"{_prefix()}:account:{key}"


def _address(ip: str) -> str:
    return f"{_prefix()}:address:{ip}"


def _count(name: str) -> int:
    value = connect_to_redis().get(name)
    return int(value) if value else 0


def address_blocked(ip: str) -> bool:
    return _count(_address(ip)) >= config.ip_max_failed_logins()


def locked(key: str) -> bool:
    return _count(_account(key)) >= config.max_failed_logins()


def _count_address(pipe: Any, ip: str) -> None:
    # a fixed window: the key gets its lifetime when it is created
    pipe.set(_address(ip), 0, ex=config.ip_window_minutes() * 60, nx=True)
    pipe.incr(_address(ip))


def failure(key: str, ip: str) -> bool:
    """Count one failed log-in of ``key`` from ``ip``; whether the account
    became locked by it."""
    redis = connect_to_redis()
    pipe = redis.pipeline()
    pipe.incr(_account(key))
    pipe.expire(_account(key), config.lockout_minutes() * 60)
    _count_address(pipe, ip)
    count = int(pipe.execute()[0])
    return count == config.max_failed_logins()


def refused(ip: str) -> None:
    """Count a refused attempt (a locked account) against the address only."""
    redis = connect_to_redis()
    pipe = redis.pipeline()
    _count_address(pipe, ip)
    pipe.execute()


def success(key: str) -> None:
    connect_to_redis().delete(_account(key))


def unlock(key: str) -> bool:
    """Clear an account's failures; whether it was locked."""
    was = locked(key)
    connect_to_redis().delete(_account(key))
    return was
