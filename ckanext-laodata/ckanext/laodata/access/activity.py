"""Activity streams: who may read them, and what they show.

CKAN's activity plugin stamps each activity with the dataset's permission
labels when it is written and filters streams by them. A dataset that was
public and is withdrawn (unpublished, or sent back for review) would keep its
old ``public`` activities, full dataset snapshots included. After every
dataset update its activities are re-stamped with its current labels.

An activity also names the staff member who made the change. Staff names are
for staff (DESIGN §5), so the streams are a staff tool: a dataset's stream and
its activities for its unit and the reviewers; a unit's stream for its members
and the reviewers; a user's stream for that user and the reviewers; the
site-wide and group streams for the reviewers. A dashboard (the streams one
follows) keeps only the activities its owner may read by these rules. Everyone
else learns when a dataset was published or withdrawn from its review history
(``laodata_workflow_history``), which names no one.
"""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Action, AuthFunction, AuthResult, Context, DataDict

from .labels import LABELS
from .roles import is_reviewer, is_staff_for, is_unit_staff


def restamp(package_id: str) -> None:
    if not p.plugin_loaded("activity"):
        return
    package = model.Package.get(package_id)
    if package is None:
        return
    model.Session.execute(
        sa.text(
            "UPDATE activity SET permission_labels = :labels "
            "WHERE object_id = :id AND permission_labels IS DISTINCT FROM :labels"
        ),
        {"labels": LABELS.get_dataset_labels(package), "id": package.id},
    )


def _staff_only() -> AuthResult:
    return {"success": False, "msg": tk._("Activity streams are for the unit's staff and the reviewers")}


def _user_id(name: str | None) -> str | None:
    user = model.User.get(name) if name else None
    return user.id if user is not None else None


def _may_read_dataset_activity(user: str | None, package_id: str) -> bool:
    package = model.Package.get(package_id)
    return package is not None and is_staff_for(user, package)


def _may_read_unit_activity(user: str | None, id_or_name: str) -> bool:
    unit = model.Group.get(id_or_name)
    return unit is not None and is_unit_staff(user, unit.id)


def _may_read_user_activity(user: str | None, id_or_name: str) -> bool:
    subject = model.User.get(id_or_name)
    own = subject is not None and subject.id == _user_id(user)
    return own or is_reviewer(user)


def _activity_object(activity_id: str) -> tuple[str, str] | None:
    row = model.Session.execute(
        sa.text("SELECT object_id, activity_type FROM activity WHERE id = :id"), {"id": activity_id}
    ).first()
    return (row.object_id, row.activity_type or "") if row is not None else None


def may_read_activity(user: str | None, object_id: str, activity_type: str) -> bool:
    """Whether ``user`` may read one activity (of a dataset, a unit or group, or a user)."""
    if "package" in activity_type:
        return _may_read_dataset_activity(user, object_id)
    if "organization" in activity_type:
        return _may_read_unit_activity(user, object_id)
    if "user" in activity_type:
        return _may_read_user_activity(user, object_id)
    return is_reviewer(user)


def _guarded(
    allowed: bool, next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    return next_auth(context, data_dict or {}) if allowed else _staff_only()


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_activity_list(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    package = model.Package.get(str((data_dict or {}).get("id") or ""))
    if package is None:  # CKAN's own answer: not found
        return next_auth(context, data_dict or {})
    return _guarded(is_staff_for(context.get("user"), package), next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def organization_activity_list(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    unit = str((data_dict or {}).get("id") or "")
    return _guarded(_may_read_unit_activity(context.get("user"), unit), next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def user_activity_list(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    subject = str((data_dict or {}).get("id") or "")
    return _guarded(_may_read_user_activity(context.get("user"), subject), next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def group_activity_list(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _guarded(is_reviewer(context.get("user")), next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def recently_changed_packages_activity_list(
    next_auth: AuthFunction, context: Context, data_dict: DataDict | None
) -> AuthResult:
    return _guarded(is_reviewer(context.get("user")), next_auth, context, data_dict)


def _one_activity(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    found = _activity_object(str((data_dict or {}).get("id") or ""))
    if found is None:
        return next_auth(context, data_dict or {})
    return _guarded(may_read_activity(context.get("user"), *found), next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_show(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _one_activity(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_data_show(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _one_activity(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_diff(next_auth: AuthFunction, context: Context, data_dict: DataDict | None) -> AuthResult:
    return _one_activity(next_auth, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dashboard_activity_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """The streams the user follows, less the activities the user may not read."""
    user = context.get("user")
    # a dashboard lists many activities of few objects: decide once per object
    may_read = functools.lru_cache(maxsize=None)(functools.partial(may_read_activity, user))
    return [
        a
        for a in up_func(context, data_dict)
        if may_read(a.get("object_id") or "", a.get("activity_type") or "")
    ]
