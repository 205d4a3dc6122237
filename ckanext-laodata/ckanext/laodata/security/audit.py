"""The security audit log: one JSON line per event, appended, never rewritten.

Events go to one file per day and host, ``<directory>/YYYY-MM-DD.<host>.jsonl``
(several web hosts may share the directory without writing to the same file).
A line is ``json.dumps`` of a flat object, so a newline or control character
in any value is escaped and a line is always one event. Files older than the
retention are removed whole (``prune``); nothing else touches a written line.

Callers name the event and the facts (who, what); the time, the acting user
and the client address are added here. Never pass a password, a token or a
secret: ``record`` drops any field whose name says it is one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import pathlib
import socket
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk

from .. import config

# The events, by name (labels: security/labels.py).
LOGIN_SUCCESS = "login_success"
LOGIN_FAILURE = "login_failure"
LOGIN_REFUSED = "login_refused"  # a locked account or a throttled address
ACCOUNT_LOCKED = "account_locked"
ACCOUNT_UNLOCKED = "account_unlocked"
ACCOUNT_DISABLED = "account_disabled"
ACCOUNT_ENABLED = "account_enabled"
LOGOUT = "logout"
SESSION_EXPIRED = "session_expired"
PASSWORD_CHANGED = "password_changed"
TOKEN_CREATED = "token_created"
TOKEN_REVOKED = "token_revoked"
TOKEN_REFUSED = "token_refused"
MEMBERSHIP_ADDED = "membership_added"
MEMBERSHIP_REMOVED = "membership_removed"
SYSADMIN_CHANGED = "sysadmin_changed"
WORKFLOW_DECISION = "workflow_decision"
CLASS_CHANGED = "class_changed"
DOWNLOAD_NON_PUBLIC = "download_non_public"
READ_DENIED = "read_denied"
AUDIT_EXPORTED = "audit_exported"
SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
SECOND_FACTOR_FAILED = "second_factor_failed"
SECOND_FACTOR_RESET = "second_factor_reset"
RECOVERY_CODE_USED = "recovery_code_used"

EVENTS = (
    LOGIN_SUCCESS,
    LOGIN_FAILURE,
    LOGIN_REFUSED,
    ACCOUNT_LOCKED,
    ACCOUNT_UNLOCKED,
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    LOGOUT,
    SESSION_EXPIRED,
    PASSWORD_CHANGED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    TOKEN_REFUSED,
    MEMBERSHIP_ADDED,
    MEMBERSHIP_REMOVED,
    SYSADMIN_CHANGED,
    WORKFLOW_DECISION,
    CLASS_CHANGED,
    DOWNLOAD_NON_PUBLIC,
    READ_DENIED,
    AUDIT_EXPORTED,
    SECOND_FACTOR_ENROLLED,
    SECOND_FACTOR_FAILED,
    SECOND_FACTOR_RESET,
    RECOVERY_CODE_USED,
)

# Field names never written, whatever a caller passes.
_SECRET_WORDS = ("password", "secret", "otp", "recovery")
_SECRET_NAMES = ("token", "key", "code", "api_key", "apitoken", "jwt")
_MAX_VALUE = 500  # characters kept of one value

log = logging.getLogger(__name__)


class AuditError(Exception):
    """The audit log cannot be written (no directory configured, not writable)."""


def directory() -> pathlib.Path:
    """Where the log lives: ``ckanext.laodata.audit.directory``, else
    ``<ckan.storage_path>/audit``."""
    configured = config.audit_directory() or (
        os.path.join(tk.config.get("ckan.storage_path") or "", "audit")
        if tk.config.get("ckan.storage_path")
        else ""
    )
    if not configured:
        raise AuditError("set ckanext.laodata.audit.directory or ckan.storage_path")
    return pathlib.Path(configured)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _clean(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value][:50]
    text = str(value)
    return text[:_MAX_VALUE]


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_NAMES or any(word in lowered for word in _SECRET_WORDS)


def _request_facts() -> dict[str, Any]:
    """The acting user and the client's address, when there is a request."""
    from flask import g, has_request_context

    if not has_request_context():
        return {}
    from .clients import client_address

    facts: dict[str, Any] = {"ip": client_address()}
    # the user flask-login identified for this request (CKAN does so first
    # thing); never loaded from here, which would fix it for the whole context
    user: Any = getattr(g, "_login_user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        facts["actor"] = user.name
    return facts


def record(event: str, **facts: Any) -> dict[str, Any]:
    """Append one event; returns the line as written (a dict).

    ``facts`` are flat values (strings, numbers, lists of them); an explicit
    ``actor`` or ``ip`` wins over the request's. A log that cannot be written
    is reported at level CRITICAL (for the operator's monitoring); the action
    that was audited goes on."""
    try:
        return _append(event, facts)
    except (AuditError, OSError):
        log.critical("security audit log not written: %s", event, exc_info=True)
        return {}


def _append(event: str, facts: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"time": _now().isoformat(timespec="milliseconds"), "event": event}
    entry.update(_request_facts())
    for name, value in facts.items():
        if value is not None and not _is_secret(name):
            entry[name] = _clean(value)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n"
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry['time'][:10]}.{socket.gethostname()}.jsonl"
    # O_APPEND and one write per line under an exclusive lock: concurrent
    # workers of one host never interleave their lines.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    return entry


def _day_of(path: pathlib.Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(path.name[:10])
    except ValueError:
        return None


def _files(since: dt.date | None, until: dt.date | None) -> list[pathlib.Path]:
    try:
        folder = directory()
    except AuditError:
        return []
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.jsonl"):
        day = _day_of(path)
        if day is None or (since and day < since) or (until and day > until):
            continue
        found.append(path)
    return sorted(found)


def lines(since: dt.date | None = None, until: dt.date | None = None) -> Iterator[str]:
    """The raw lines of the days ``since``..``until`` (inclusive), oldest day first."""
    for path in _files(since, until):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip("\n")


def read(
    since: dt.date | None = None,
    until: dt.date | None = None,
    event: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The events matching the filters, newest first (at most ``limit``)."""
    found = []
    for line in lines(since, until):
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a full disk: skipped, never fatal
        if event and entry.get("event") != event:
            continue
        if actor and actor not in (entry.get("actor"), entry.get("user")):
            continue
        found.append(entry)
    found.reverse()  # newest first, also among events of the same millisecond
    found.sort(key=lambda e: str(e.get("time")), reverse=True)
    return found[:limit] if limit else found


def prune(today: dt.date | None = None) -> list[str]:
    """Remove the days older than the retention; the names of the files removed."""
    keep_from = (today or _now().date()) - dt.timedelta(days=config.audit_retention_days())
    removed = []
    for path in _files(None, keep_from - dt.timedelta(days=1)):
        path.unlink()
        removed.append(path.name)
    return removed
