"""The refresh policy: whether a published dataset's new file keeps it published (DESIGN §5, issue 13 item 4).

A new file is a change of data, and a change of data sends an approved or
published dataset back to review (``gate.py``). A deployment may let routine
refreshes through instead (``config.refresh_policy``):

- ``strict``: every change of data is reviewed (the gate, unchanged).
- ``validated`` (the default): a unit replacing the uploaded file of a
  **published** dataset's resource with a new CSV/XLSX file (``begin``, asked
  by ``resource_update`` before the write) is a *refresh* when the file it
  replaces passed the data check, with its columns and no personal data. The
  dataset then stays published and the resource is held (``access/held.py``:
  no reader but its staff gets the new file) until the check has run. When
  the check's report is stored (``settle``, asked by ``quality/jobs.py``):

  - it passed, with the same columns (names and order) as the file it
    replaced and no personal data: the hold is released and an event
    ``refresh`` (published → published) records who refreshed what;
  - anything else (errors, an unreadable file, other columns, personal
    data): the move ``refresh_review`` (published → submitted, private)
    sends the dataset back to review, its reason the report's summary.

  Any other new data (a resource added or removed, a link changed, a file
  of another type, a file whose predecessor had not passed) goes through the
  gate as before. A refresh of a dataset that is no longer published when
  its check ends (withdrawn meanwhile) only loses its hold.

Both outcomes are workflow events (``events.py``); the status changes only
by ``grant.record_move``. ``settle`` is idempotent: the hold is taken under a
row lock, so a check run twice settles the file once.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .. import config, statuses
from ..access import held
from . import events, grant, notify

log = logging.getLogger(__name__)

REFRESH = "refresh"  # event: a new file checked clean, the dataset stays published
REFRESH_REVIEW = "refresh_review"  # move: the new file did not pass, back to review
ACTIONS = (REFRESH, REFRESH_REVIEW)


def _is_new_upload(data_dict: DataDict) -> bool:
    upload = data_dict.get("upload")
    return upload not in (None, "") and not isinstance(upload, str)


def _baseline(stored: model.Resource) -> list[str] | None:
    """The columns of the resource's last file that passed the check clean (None: no such file)."""
    extras = stored.extras or {}
    report = extras.get("validation_report")
    if extras.get("validation_status") != "passed" or not isinstance(report, dict):
        return None
    columns = report.get("columns")
    if report.get("personal_data") or not isinstance(columns, list) or not columns:
        return None
    return [str(c) for c in columns]


def begin(context: Context, stored: model.Resource | None, data_dict: DataDict, checked: bool) -> bool:
    """Before a ``resource_update`` that brings new data: whether it is a refresh (see the
    module's doc). If so the resource is held in the write's transaction and the write is no
    change of data for the gate; if not, a hold it had goes (the gate sends the dataset back
    to review). ``checked``: whether the new file is one the data check reads (CSV/XLSX)."""
    if stored is not None and not _refresh(stored, data_dict, checked):
        # other new data of a held resource: the dataset goes back to review (the gate), so
        # the reviewers see this file before anyone else; no hold is left to outlive it
        held.release(stored.id)
        return False
    if stored is None:
        return False
    hold = held.hold_of(stored.id)
    baseline = list(hold.columns) if hold is not None else _baseline(stored)
    assert baseline is not None  # _refresh said so
    held.hold(stored.id, str(stored.package_id), baseline, events.actor_id(context))
    return True


def _refresh(stored: model.Resource, data_dict: DataDict, checked: bool) -> bool:
    """Whether this new data of ``stored`` is a refresh (see the module's doc)."""
    if config.refresh_policy() != "validated" or not checked:
        return False
    if not _is_new_upload(data_dict) or stored.url_type != "upload" or stored.state != "active":
        return False
    package = model.Package.get(stored.package_id) if stored.package_id else None
    if package is None or statuses.status_of(package) != "published":
        return False
    return held.is_held(stored.id) or _baseline(stored) is not None


def _column_changes(columns: Any, baseline: list[str]) -> str | None:
    now = [str(c) for c in columns] if isinstance(columns, list) else []
    if now == baseline:
        return None
    removed = [c for c in baseline if c not in now]
    added = [c for c in now if c not in baseline]
    parts = []
    if removed:
        parts.append("missing " + ", ".join(removed))
    if added:
        parts.append("new " + ", ".join(added))
    if not parts:
        parts.append("in another order")
    return "the columns are not those of the file it replaces: " + "; ".join(parts)


def problems(report: dict[str, Any], baseline: list[str]) -> list[str]:
    """Why a refresh may not stay published, from the check's report (empty: it may).
    Plain text for the event's comment (the reason the unit and the reviewers read)."""
    status = report.get("status")
    if status == "error":
        code = (report.get("message") or {}).get("code", "unknown")
        return [f"the file could not be checked ({code})"]
    found: list[str] = []
    columns = _column_changes(report.get("columns"), baseline)
    if columns:
        found.append(columns)
    if report.get("missing_columns"):
        found.append("missing mandatory columns: " + ", ".join(map(str, report["missing_columns"])))
    if status != "passed":
        counts = report.get("error_counts") or {}
        detail = ", ".join(f"{code} {n}" for code, n in counts.items())
        found.append(f"the data check failed: {report.get('error_count', 0)} errors ({detail})")
    for finding in report.get("personal_data") or []:
        found.append(f"personal data: {finding.get('kind')} in column '{finding.get('column')}'")
    return found


def _locked_status(package_id: str) -> str | None:
    row = model.Session.execute(
        sa.select(model.package_table.c.extras, model.package_table.c.state)
        .where(model.package_table.c.id == package_id)
        .with_for_update()
    ).one_or_none()
    if row is None or row.state != "active":
        return None
    return statuses.status_of(row.extras or {})


def _uploader(actor_id: str | None) -> str:
    user = model.User.get(actor_id) if actor_id else None
    return user.name if user is not None else "?"


def settle(resource_id: str, resource_name: str, report: dict[str, Any]) -> str | None:
    """After the check of a held resource stored its report: keep the dataset published
    (``refresh``) or send it back to review (``refresh_review``); None when the
    resource was not held (or its dataset is no longer published). Commits."""
    hold = held.take(resource_id)
    if hold is None:
        model.Session.rollback()
        return None
    baseline = [str(c) for c in hold.columns]
    status = _locked_status(hold.package_id)
    if status != "published":
        model.Session.commit()  # nothing public to keep: only the hold goes
        return None
    found = problems(report, baseline)
    if not found:
        comment = f"refreshed '{resource_name}': {report.get('rows', 0)} rows, the check passed"
        events.record(hold.package_id, status, status, REFRESH, hold.actor, comment)
        model.Session.commit()
        log.info("laodata: dataset %s refreshed (resource %s)", hold.package_id, resource_id)
        return REFRESH
    # the check's decision, by the site user (so the uploader hears of it too: notify.py)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context: Context = {"user": site_user, "ignore_auth": True}
    reason = (
        f"The new file of '{resource_name}' (uploaded by {_uploader(hold.actor)}) did not pass "
        "the data check: " + "; ".join(found)
    )
    try:
        event_id = grant.record_move(context, hold.package_id, status, "submitted", REFRESH_REVIEW, reason)
        tk.get_action("package_patch")(
            context, {"id": hold.package_id, "workflow_status": "submitted", "private": True}
        )
    except Exception:
        model.Session.rollback()
        raise
    finally:
        grant.revoke(context)
    notify.queue_mail(event_id)
    log.info("laodata: dataset %s sent back to review by its refresh: %s", hold.package_id, reason)
    return REFRESH_REVIEW
