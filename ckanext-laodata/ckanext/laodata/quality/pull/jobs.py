"""Scheduled pulls as background jobs (issue 13 item 5).

``queue_due`` (the CLI ``ckan laodata pull run`` and the action
``laodata_pull_run``) queues ``pull_resource`` for every source whose
``next_run`` has come, moving its ``next_run`` on by its schedule at once (a
cron that runs again before the worker does queues nothing twice).

``pull_resource`` fetches the source (``fetch.py``: public addresses only,
redirects checked, size and time limits) into a temporary file and, when
its content differs from the last file delivered, replaces the resource's
file with it through ``resource_patch``, as the user who set up the source
(with their rights, checked again). So the new file goes the way of any
upload: its type and size limits, the data check, and the refresh policy
(``workflow/refresh.py``: a published dataset stays published while the
file is held and checked, or goes back to review). The outcome (``ok``,
``unchanged``, ``failed`` with a code) is recorded on the source, with the
count of failures in a row, for the unit (``laodata_pull_source_show``, the
resource page). Idempotent: the same content twice is ``unchanged``.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import tempfile
from typing import Any

from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk

from ... import config
from .fetch import PullError, fetch
from .model import SCHEDULES, PullSource

log = logging.getLogger(__name__)


def _now() -> datetime.datetime:
    return datetime.datetime.utcnow()


def due(now: datetime.datetime | None = None) -> list[str]:
    """The resource ids of the sources whose next pull has come."""
    now = now or _now()
    rows = (
        model.Session.query(PullSource.resource_id)
        .filter(PullSource.next_run <= now)
        .order_by(PullSource.next_run)
        .all()
    )
    return [r.resource_id for r in rows]


def queue_due(resource_ids: list[str] | None = None) -> list[str]:
    """Queue the pulls that are due (or those of ``resource_ids``, now); their ids."""
    ids = due() if resource_ids is None else resource_ids
    queued = []
    for resource_id in ids:
        source = model.Session.get(PullSource, resource_id)
        if source is None:
            continue
        source.next_run = _now() + SCHEDULES.get(source.schedule, SCHEDULES["daily"])
        model.Session.commit()
        tk.enqueue_job(
            pull_resource,
            [resource_id],
            title=f"laodata: pull resource {resource_id}",
            rq_kwargs={"timeout": config.pull_max_seconds() + 120},
        )
        queued.append(resource_id)
    return queued


def _record(
    resource_id: str, status: str, error: dict[str, Any] | None = None, sha: str | None = None
) -> str:
    model.Session.rollback()
    source = model.Session.get(PullSource, resource_id)
    if source is None:
        return status
    now = _now()
    source.last_run = now
    source.last_status = status
    source.last_error = error
    source.failures = (source.failures or 0) + 1 if status == "failed" else 0
    if sha:
        source.sha256 = sha
    if source.next_run <= now:
        source.next_run = now + SCHEDULES.get(source.schedule, SCHEDULES["daily"])
    model.Session.commit()
    if error:
        log.warning("laodata: pull of resource %s failed: %s", resource_id, error)
    return status


def _file_name(resource: model.Resource, url: str) -> str:
    """The name the new file is stored under: the resource's own file name (so its format
    and the check's reading stay), else the source's last path segment."""
    for candidate in (resource.url if resource.url_type == "upload" else "", url.split("?", 1)[0]):
        name = os.path.basename(str(candidate or "").rstrip("/"))
        if name:
            return name
    return "data"


def _sha256(handle: Any) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(65536), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _errors(exc: tk.ValidationError) -> str:
    error = exc.error_dict if isinstance(exc.error_dict, dict) else {}
    return "; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in error.items())[
        :500
    ]


def pull_resource(resource_id: str) -> str | None:
    """The job: fetch one source and refresh its resource; the outcome (None: no such source)."""
    source = model.Session.get(PullSource, resource_id)
    if source is None:
        return None
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        return _record(resource_id, "failed", {"code": "no_resource"})
    user = model.User.get(source.user_id)
    if user is None or user.state != "active":
        return _record(resource_id, "failed", {"code": "no_user"})
    url, last_sha, user_name = source.url, source.sha256, user.name
    name = _file_name(resource, url)
    with tempfile.TemporaryFile() as handle:
        try:
            fetch(url, handle, config.max_resource_bytes(), float(config.pull_max_seconds()))
        except PullError as exc:
            return _record(resource_id, "failed", exc.as_dict())
        sha = _sha256(handle)
        if sha == last_sha:
            return _record(resource_id, "unchanged", sha=sha)
        try:
            tk.get_action("resource_patch")(
                {"user": user_name, "ignore_auth": False},
                {"id": resource_id, "upload": FileStorage(handle, filename=name)},
            )
        except (tk.NotAuthorized, tk.ObjectNotFound):
            return _record(resource_id, "failed", {"code": "not_authorized", "user": user_name})
        except tk.ValidationError as exc:
            return _record(resource_id, "failed", {"code": "refused", "errors": _errors(exc)})
    return _record(resource_id, "ok", sha=sha)
