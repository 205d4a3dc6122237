"""Every rule on a dataset write, as CKAN chained actions, in the order they run.

1. Metadata-only datasets take no data (``access/dataset_rules.py``).
2. The catalog link (``catalog/link.py``).
3. The publication gate, and sending an edited approved/published dataset
   back for review (``workflow/gate.py``).

An upload's type and size are checked first (``quality/limits.py``). After
the write, each resource that got new data (the gate's rule,
``gate.resource_data_changed``) has its file's SHA-256 recorded
(``ops/files.py``) and is queued for the upload check (``quality/jobs.py``);
a queue that is down never fails the write.

All run before anything is written and fail with a ValidationError naming
the field; the schema's own validators (``schemas/dataset.yaml``) run after
them inside CKAN's action. ``package_patch`` and ``package_revise`` go through
``package_update``; the resource actions call ``package_update`` with the same
context, flagged so that the gate knows the data changed.

``package_owner_org_update`` called on its own (CKAN lets sysadmins move a
dataset to another unit with it; it writes ``owner_org`` directly, without
reindexing) is carried out as a ``package_patch`` of ``owner_org``, so that the
move goes through the same rules, reindexing and activity as any edit. CKAN's
own calls from inside ``package_create``/``package_update`` (``defer_commit``)
pass through unchanged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from .access.classes import CLASS_FIELDS, class_value
from .access.dataset_rules import check_dataset, check_resource
from .access.read import by_id, by_package_id, by_resource
from .catalog.link import check_link
from .ops import files
from .quality import jobs as quality_jobs
from .quality.limits import check_upload
from .security import audit
from .workflow import gate, grant, notify, refresh

log = logging.getLogger(__name__)


def _check_data(resource_ids: Any) -> None:
    """Record the SHA-256 of the new upload (``ops/files.py``) and queue the upload
    check of resources that got new data (after the write's commit)."""
    for resource_id in resource_ids:
        try:
            files.record(resource_id)
        except Exception:  # noqa: BLE001 - the write stands; the next verification records the file
            log.exception("Could not record the SHA-256 of the file of resource %s", resource_id)
        try:
            quality_jobs.queue(resource_id)
        except Exception:  # noqa: BLE001 - the write stands; the resource shows no result
            log.exception("Could not queue the data check of resource %s", resource_id)


def _new_data(package: model.Package | None, data_dict: DataDict) -> set[str] | None:
    """Ids of the stored resources this update gives new data through its ``resources`` list
    (None: the list is not given)."""
    given = data_dict.get("resources")
    if package is None or not isinstance(given, list):
        return None
    stored = {r.id: r for r in package.resources}
    return {
        r["id"]
        for r in given
        if isinstance(r, dict) and r.get("id") in stored and gate.resource_data_changed(r, stored[r["id"]])
    }


@tk.chained_action
def package_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("package_create", context, data_dict)  # say nothing about rules to the unauthorised
    check_dataset(data_dict)
    check_link(context, data_dict, None)
    gate.before_create(context, data_dict)
    result = up_func(context, data_dict)
    if isinstance(result, dict):
        _check_data(r["id"] for r in result.get("resources") or [])
    return result


def _stored_package_in_context(context: Context, id_or_name: Any) -> None:
    """Put the stored dataset in the context before an auth check, as CKAN's own
    package_update does: then CKAN's group check (``_check_group_auth``) asks only
    about groups the write adds, not those the dataset is already in, and a
    unit's editors keep editing their datasets whatever groups they are in."""
    package = model.Package.get(id_or_name) if isinstance(id_or_name, str) and id_or_name else None
    if package is not None:
        context["package"] = package
    else:
        context.pop("package", None)  # not one from an earlier write with this context


def _classes_of(package: model.Package | None) -> dict[str, str] | None:
    return {f: class_value(package.extras or {}, f) for f in CLASS_FIELDS} if package is not None else None


def _audit_class_changes(before: dict[str, str] | None, result: Any) -> None:
    """One audit line per update that changed a dataset's classes, with the old and new values."""
    if before is None or not isinstance(result, dict):
        return
    changed = {
        f: (before[f], class_value(result, f)) for f in CLASS_FIELDS if before[f] != class_value(result, f)
    }
    if changed:
        audit.record(
            audit.CLASS_CHANGED,
            dataset=result.get("name"),
            changes=[f"{f}: {old} -> {new}" for f, (old, new) in changed.items()],
        )


@tk.chained_action
@by_id
def package_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    _stored_package_in_context(context, data_dict.get("id") or data_dict.get("name"))
    tk.check_access("package_update", context, data_dict)
    check_dataset(data_dict)
    check_link(context, data_dict, data_dict.get("id") or data_dict.get("name"))
    package = context.get("package")
    # the resource actions queue their own resource's check (they know of a new upload)
    changed = (
        None
        if context.get(gate.DATA_CHANGED) or context.get(gate.REFRESHING)
        else _new_data(package, data_dict)
    )
    before = {r.id for r in package.resources} if package is not None else set()
    classes = _classes_of(package)
    event = gate.before_update(context, data_dict)
    try:
        event_id = gate.record_edit_event(context, event)  # committed with the update, or rolled back with it
        result = up_func(context, data_dict)
        _audit_class_changes(classes, result)
        if event_id is not None:
            notify.queue_mail(event_id)
        if changed is not None and isinstance(result, dict):
            _check_data(changed | {r["id"] for r in result.get("resources") or [] if r["id"] not in before})
        return result
    except Exception:
        if event is not None:
            model.Session.rollback()
        raise
    finally:
        if event is not None:  # the gate's own grant: not for later writes with this context
            grant.revoke(context)


@tk.chained_action
def package_revise(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN checks the revised dataset (with its groups) for ``package_update``
    without the stored dataset in the context; so put it there."""
    match = data_dict.get("match") if isinstance(data_dict, dict) else None
    if isinstance(match, str):
        try:
            match = json.loads(match)
        except ValueError:
            match = None  # CKAN's schema says why
    if isinstance(match, dict):
        _stored_package_in_context(context, match.get("id") or match.get("name"))
    elif isinstance(data_dict, dict):
        _stored_package_in_context(context, data_dict.get("match__id") or data_dict.get("match__name"))
    return up_func(context, data_dict)


@tk.chained_action
@by_package_id
def resource_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("resource_create", context, data_dict)
    check_resource(context, data_dict.get("package_id"), data_dict)
    check_upload(data_dict)
    context[gate.DATA_CHANGED] = True  # type: ignore[literal-required]
    result = up_func(context, data_dict)
    if isinstance(result, dict) and result.get("id"):
        _check_data([result["id"]])
    return result


@tk.chained_action
@by_resource
def resource_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("resource_update", context, data_dict)
    resource = tk.get_action("resource_show")({**context, "ignore_auth": True}, {"id": data_dict.get("id")})
    check_resource(context, resource.get("package_id"), data_dict)
    check_upload(data_dict)
    stored = model.Resource.get(resource["id"])
    new_data = gate.resource_data_changed(data_dict, stored)
    # a published dataset's file refreshed under the refresh policy: held, not reviewed (yet)
    refreshing = new_data and refresh.begin(context, stored, data_dict, _will_be_checked(data_dict, stored))
    if refreshing:
        context[gate.REFRESHING] = resource["id"]  # type: ignore[literal-required]
    elif gate.resource_link_changed(data_dict, stored):  # else the gate compares the resources itself
        context[gate.DATA_CHANGED] = True  # type: ignore[literal-required]
    try:
        result = up_func(context, data_dict)
    except Exception:
        model.Session.rollback()  # a hold taken or released goes with the write
        raise
    finally:
        context.pop(gate.REFRESHING, None)  # type: ignore[misc]
    if new_data:
        _check_data([resource["id"]])
    return result


def _will_be_checked(data_dict: DataDict, stored: model.Resource | None) -> bool:
    """Whether the upload check reads the file this resource write brings (CSV/XLSX by its format or name)."""
    upload = data_dict.get("upload")
    name = getattr(upload, "filename", None) or data_dict.get("url") or (stored.url if stored else "")
    fmt = data_dict["format"] if "format" in data_dict else (stored.format if stored else "")
    return quality_jobs.declared_format({"format": fmt, "url": name}) is not None


@tk.chained_action
@by_resource
def resource_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("resource_delete", context, data_dict)
    stored = model.Resource.get(str(data_dict.get("id") or ""))
    package_id = stored.package_id if stored is not None else None
    context[gate.DATA_CHANGED] = True  # type: ignore[literal-required]
    result = up_func(context, data_dict)
    if package_id:
        try:
            quality_jobs.after_delete(package_id)
        except Exception:  # noqa: BLE001 - the delete stands
            log.exception("Could not update the personal-data flag of dataset %s", package_id)
    return result


@tk.chained_action
def bulk_update_public(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("bulk_update_public", context, data_dict)
    gate.check_bulk_public(data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def bulk_update_private(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("bulk_update_private", context, data_dict)
    gate.check_bulk_private(data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def package_owner_org_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    if context.get("defer_commit"):  # CKAN's own call within package_create/update: already checked
        return up_func(context, data_dict)
    tk.check_access("package_owner_org_update", context, data_dict)
    organization = data_dict.get("organization_id")
    if not organization or not isinstance(organization, str):
        raise tk.ValidationError(
            {"organization_id": [tk._("A dataset belongs to a unit: give the unit's id or name")]}
        )
    group = model.Group.get(organization)
    if group is None or not group.is_organization or group.state != "active":
        raise tk.ObjectNotFound(tk._("Organization was not found."))
    tk.get_action("package_patch")(context, {"id": data_dict.get("id"), "owner_org": group.id})
