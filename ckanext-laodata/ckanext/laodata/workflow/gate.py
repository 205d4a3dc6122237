"""The publication gate on every dataset write path (DESIGN §5).

A dataset is public (``private = false``) if and only if its
``workflow_status`` is ``published`` and its classes pass the gate
(``access.classes.publication_failures``). The rule is checked before anything is written:

- ``package_create`` / ``package_update`` (``package_patch`` and
  ``package_revise`` go through ``package_update``; so do the resource actions
  and collaborators' edits): a write that would leave a dataset public
  without being published, or published with failing classes, or published
  but private, fails with a ValidationError naming the condition. A new
  dataset that does not say otherwise is private.
- ``bulk_update_public`` (the organization page's "make public") refuses
  unless every dataset named is published and passes the gate;
  ``bulk_update_private`` refuses published datasets (they are withdrawn
  with ``laodata_dataset_unpublish`` and a comment). CKAN patches the
  datasets one at a time, so these run first: all or nothing.

Editing an approved or published dataset's classes (``access.classes.CLASS_FIELDS``),
its data (any resource created, changed or deleted, by the resource actions
or in the ``resources`` list of an update) or its unit (``owner_org``,
by ``package_update`` or ``package_owner_org_update``) sends it back for
review: its status becomes ``submitted``, it becomes private, and a workflow
event records who changed what. Other fields (titles, descriptions, tags,
contacts…) are edited in place. One exception, decided by the refresh policy
(``refresh.py``, asked by ``resource_update`` before the gate): a published
dataset's file replaced by a routine refresh stays published while the new
file is held and checked; the check then keeps it or sends it back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .. import statuses
from ..access.classes import CLASS_FIELDS, PERSONAL_DATA_FLAG, class_value, publication_failures
from ..labels import laodata_status_label
from . import grant


def _as_boolean(value: Any, context: Context) -> bool:
    """CKAN's ``boolean_validator`` (the one its schema reads ``private`` with)."""
    validator = cast(Callable[[Any, Context], bool], tk.get_validator("boolean_validator"))
    return validator(value, context)


DATA_CHANGED = "laodata_data_changed"  # context flag set by the resource actions
# context key set by resource_update: the id of the resource whose new file is a refresh
# the refresh policy holds instead of sending the dataset back to review (refresh.py)
REFRESHING = "laodata_refreshing"


def _class_defaults() -> dict[str, str]:
    """The defaults the dataset schema (schemas/dataset.yaml) gives the classes."""
    schema = tk.h.scheming_get_dataset_schema("dataset")
    return {
        f["field_name"]: str(f["default"])
        for f in schema["dataset_fields"]
        if f["field_name"] in CLASS_FIELDS and "default" in f
    }


def _private(data_dict: DataDict, default: bool) -> bool:
    """The visibility this write will store, read exactly as CKAN's schema reads
    it (``boolean_validator``), and written back so that both agree."""
    if "private" not in data_dict or data_dict["private"] is None:
        private = default
    else:
        private = _as_boolean(data_dict["private"], {})
    data_dict["private"] = private
    return private


def _class_value(values: dict[str, Any], name: str) -> str:
    """A class as the write will store it: an empty one takes the schema's (protective) default."""
    if values.get(name) in (None, ""):
        return _class_defaults()[name]
    return class_value(values, name)


def check_visibility(status: str, private: bool, data_dict: DataDict) -> None:
    """Refuse a visibility the gate does not allow; name the failed condition."""
    if not private and status != "published":
        raise tk.ValidationError(
            {
                "private": [
                    tk._(
                        "A dataset becomes public only when a reviewer publishes it; this one is '{}'. "
                        "Keep it private and submit it for review"
                    ).format(laodata_status_label(status))
                ]
            }
        )
    if not private:
        values = {name: _class_value(data_dict, name) for name in CLASS_FIELDS}
        values[PERSONAL_DATA_FLAG] = str(data_dict.get(PERSONAL_DATA_FLAG) or "")
        failures = publication_failures(values, tk._)
        if failures:
            raise tk.ValidationError(
                {
                    field: [tk._("A published dataset must stay publishable: {}").format(msg)]
                    for field, msg in failures.items()
                }
            )
    if private and status == "published":
        raise tk.ValidationError(
            {
                "private": [
                    tk._(
                        "A published dataset is public; a reviewer withdraws it with 'unpublish' and a comment"
                    )
                ]
            }
        )


def before_create(context: Context, data_dict: DataDict) -> None:
    """A new dataset is a draft (only moves of an existing dataset change its
    status), so it is private: refuse one asked to be public."""
    private = _private(data_dict, default=True)
    check_visibility("draft", private, data_dict)


def _changed_classes(stored: dict[str, str], data_dict: DataDict) -> list[str]:
    return [name for name in CLASS_FIELDS if _class_value(stored, name) != _class_value(data_dict, name)]


def _url_as_stored(resource: dict[str, Any], stored: model.Resource) -> tuple[str, str | None]:
    """The ``(url, url_type)`` CKAN would store for ``resource``, a resource dict of an update.

    CKAN (``resource_dict_save``) keeps only the file name of an upload: the
    full download URL that ``package_show`` returns for it is stored as that
    name again. A ``url_type`` left out keeps the stored one; a ``url`` left
    out is emptied (CKAN clears it)."""
    url = str(resource.get("url") or "")
    url_type = resource["url_type"] if "url_type" in resource else stored.url_type
    if url and resource.get("url_type") == "upload":
        url = url.rsplit("/")[-1]
    return url, url_type or None


def _resources_changed(package: model.Package, data_dict: DataDict, refreshing: Any = None) -> bool:
    """Whether this write changes the dataset's data through its ``resources``
    list (``package_update``/``patch``/``revise`` with resources): one added or
    removed, a new upload, or a URL that really changes (DESIGN §5, "What
    counts as a change of data"). Resource metadata edits are not data."""
    given = data_dict.get("resources")
    if given is None or not isinstance(given, list):
        return False
    stored = {r.id: r for r in package.resources}
    seen = set()
    for resource in given:
        if not isinstance(resource, dict):
            return True
        rid = resource.get("id")
        if rid and rid == refreshing:  # a refresh held by the refresh policy: its check decides
            seen.add(rid)
            continue
        if resource_data_changed(resource, stored.get(rid) if rid else None):
            return True
        seen.add(rid)
    return seen != set(stored)


def resource_data_changed(resource: dict[str, Any], stored: model.Resource | None) -> bool:
    """Whether one resource of a write is new data (DESIGN §5): a new resource,
    a new upload, or a URL that really changes. The gate asks it of each
    resource of an update; the upload check (``quality/jobs.py``) asks it to
    know which resources to check again."""
    if stored is None or resource.get("upload") not in (None, ""):
        return True
    url, url_type = _url_as_stored(resource, stored)
    if url_type == "upload" and stored.url_type == "upload":
        # still the uploaded file (served by resource id): only a new upload,
        # caught above, changes it; its url is the file's name for display
        # (package_show shows a munged name, which CKAN stores back)
        return False
    return (url, url_type) != (stored.url or "", stored.url_type or None)


def resource_link_changed(resource: dict[str, Any], stored: model.Resource | None) -> bool:
    """Whether a write of one resource (``resource_update``/``resource_patch``) names
    another file or link than the stored one: new data (``resource_data_changed``), or
    an upload given another URL, which CKAN stores and shows as the resource's link.
    Its name, description or format alone is no change of data (DESIGN §5)."""
    if resource_data_changed(resource, stored):
        return True
    assert stored is not None
    return _url_as_stored(resource, stored) != (stored.url or "", stored.url_type or None)


def _owner_changed(package: model.Package, data_dict: DataDict) -> bool:
    """Whether this write moves the dataset to another unit (by the unit's id or name)."""
    if "owner_org" not in data_dict:
        return False
    wanted = data_dict.get("owner_org")
    group = model.Group.get(str(wanted)) if wanted else None
    return (group.id if group else wanted or None) != package.owner_org


def before_update(context: Context, data_dict: DataDict) -> dict[str, Any] | None:
    """Check the gate; send an approved or published dataset back for review when
    its classes or data change. Returns the event to record, if any."""
    package = model.Package.get(str(data_dict.get("id") or data_dict.get("name") or ""))
    if package is None:
        return None  # CKAN answers 'not found'
    stored_status = statuses.status_of(package)
    granted = grant.granted_status(context, package.id)
    event = None
    if not granted and stored_status in statuses.REVIEWED:
        changed = _changed_classes(package.extras or {}, data_dict)
        if _owner_changed(package, data_dict):
            changed.append("owner_org")
        if context.get(DATA_CHANGED) or _resources_changed(package, data_dict, context.get(REFRESHING)):
            changed.append("resources")
        if changed:
            granted = "submitted"
            data_dict["workflow_status"] = "submitted"
            data_dict["private"] = True
            event = {
                "package_id": package.id,
                "from_status": stored_status,
                "to_status": "submitted",
                "action": "edit",
                "comment": "changed: " + ", ".join(changed),
            }
    status = granted or stored_status
    private = _private(data_dict, default=package.private)
    # the check's flag is the stored one whatever the write sends (quality/validators.py)
    data_dict.setdefault(PERSONAL_DATA_FLAG, (package.extras or {}).get(PERSONAL_DATA_FLAG))
    check_visibility(status, private, data_dict)
    return event


def record_edit_event(context: Context, event: dict[str, Any] | None) -> int | None:
    """Write the event of sending an edited dataset back for review, granting
    the write its new status; the event's id (None: no event)."""
    if event is None:
        return None
    return grant.record_move(context, **event)


def _organization_datasets(data_dict: DataDict) -> list[model.Package]:
    """The datasets a bulk update would touch: as CKAN does, only those of
    ``org_id`` (so nothing is said about other units' datasets)."""
    datasets = data_dict.get("datasets")
    if datasets is None:
        datasets = []
    if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
        raise tk.ValidationError({"datasets": [tk._("A list of dataset ids")]})
    if not datasets:
        return []
    return (
        model.Session.query(model.Package)
        .filter(
            model.Package.id.in_(datasets),
            model.Package.owner_org == str(data_dict.get("org_id") or ""),
            model.Package.state != "deleted",
        )
        .all()
    )


def check_bulk_public(data_dict: DataDict) -> None:
    """All or nothing: CKAN patches the datasets one by one, so refuse the whole
    request before the first is written."""
    problems: list[str] = []
    for package in _organization_datasets(data_dict):
        status = statuses.status_of(package)
        if status != "published":
            problems.append(
                tk._("{name}: only a reviewer publishes a dataset (it is '{status}')").format(
                    name=package.name, status=laodata_status_label(status)
                )
            )
            continue
        failures = publication_failures(package.extras or {}, tk._)
        if failures:
            problems.append(f"{package.name}: " + "; ".join(failures.values()))
    if problems:
        raise tk.ValidationError({"datasets": problems})


def check_bulk_private(data_dict: DataDict) -> None:
    published = [p.name for p in _organization_datasets(data_dict) if statuses.status_of(p) == "published"]
    if published:
        raise tk.ValidationError(
            {
                "datasets": [
                    tk._(
                        "Published datasets are withdrawn one by one with 'unpublish' and a comment: {}"
                    ).format(", ".join(published))
                ]
            }
        )
