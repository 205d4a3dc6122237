"""Load the reference province (DESIGN §8) through CKAN's actions, idempotently.

As the site user: the 18 units, the target catalog (one CSV import of 329
entries), the connection and delay fields of the entries, then one dataset per
entry that has one, with real uploaded CSV/XLSX files or links to a ministry
system's API, created as a draft and taken to its planned status by the
review workflow's actions (submit, approve or return, publish), so that every
status has its workflow events. Existing datasets are kept as they are (found by name), so a
second run changes nothing. A few datasets are made stale by moving their
``metadata_modified`` back and reindexing them.
"""

from __future__ import annotations

import datetime
import io
import time
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import statuses as state
from ..catalog.model import CatalogEntry
from ..quality import jobs as quality_jobs
from ..search import seam
from . import province

CONTENT_TYPES = {
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# The schema fields of a unit that a later demo load brings up to the plan
# (the contact e-mail last: patched along, never compared).
UNIT_PATCHED = ("unit_code", "unit_type", "parent_body", "title_lo", "title_vi", "title_en", "contact_email")


def _site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def _ensure_units(user: str) -> int:
    """Create the units and groups that are missing, and bring the schema
    fields of existing units up to the plan; return how many units were created."""
    existing = {
        (name, is_org): extras
        for name, is_org, extras in model.Session.query(
            model.Group.name, model.Group.is_organization, model.group_table.c.extras
        ).filter(model.Group.state == "active")
    }
    context: Context = {"user": user, "ignore_auth": True}
    created = 0
    for unit in province.UNITS:
        fields = unit.organization_fields()
        stored = existing.get((unit.name, True))
        if stored is None:
            tk.get_action("organization_create")(context.copy(), fields)
            created += 1
        elif any((stored or {}).get(k) != fields[k] for k in UNIT_PATCHED[:-1]):
            tk.get_action("organization_patch")(
                context.copy(),
                {"id": unit.name, "title": fields["title"], **{k: fields[k] for k in UNIT_PATCHED}},
            )
    for group in province.GROUPS:
        if (group["name"], False) not in existing:
            tk.get_action("group_create")(context.copy(), dict(group))
    return created


def _import_catalog(user: str) -> dict[str, Any]:
    upload = FileStorage(
        io.BytesIO(province.catalog_csv()), filename="province-catalog.csv", content_type="text/csv"
    )
    return tk.get_action("laodata_catalog_import")({"user": user}, {"upload": upload})


def _wanted_entry_fields(entry: province.Entry) -> dict[str, Any]:
    wanted: dict[str, Any] = {"delay_reason": entry.delay_reason, "delay_note": entry.delay_note}
    if entry.source_system != "local":
        wanted.update(
            connection_status=entry.connection_status,
            connection_requested=datetime.date.fromisoformat(entry.connection_requested),
            connection_legal_basis=entry.connection_legal_basis,
        )
    return wanted


def _update_entries(user: str) -> int:
    """Set connection and delay fields where they differ from the plan; return how many entries changed."""
    plan = province.entries()
    stored = {
        e.code: e
        for e in model.Session.query(CatalogEntry).filter(CatalogEntry.code.in_([e.code for e in plan]))
    }
    changed = 0
    for entry in plan:
        current = stored[entry.code]
        diff = {k: v for k, v in _wanted_entry_fields(entry).items() if getattr(current, k) != v}
        if not diff:
            continue
        data: dict[str, Any] = {"code": entry.code}
        for key, value in diff.items():
            data[key] = (
                value.isoformat() if isinstance(value, datetime.date) else ("" if value is None else value)
            )
        tk.get_action("laodata_catalog_entry_update")({"user": user}, data)
        changed += 1
    return changed


def _existing_datasets(names: list[str]) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str]]]:
    """``{name: (id, state)}`` of the demo datasets already there, and their
    active resources as ``(package_id, resource name)``."""
    packages = {
        name: (pid, state)
        for pid, name, state in model.Session.query(
            model.Package.id, model.Package.name, model.Package.state
        ).filter(model.Package.name.in_(names))
    }
    ids = [pid for pid, _ in packages.values()]
    resources = (
        {
            (pid, name)
            for pid, name in model.Session.query(model.Resource.package_id, model.Resource.name).filter(
                model.Resource.package_id.in_(ids), model.Resource.state == "active"
            )
        }
        if ids
        else set()
    )
    return packages, resources


def _package_data(entry: province.Entry) -> dict[str, Any]:
    """The dataset with its links (files are uploaded afterwards with ``resource_create``)."""
    plan = entry.dataset
    assert plan is not None
    return {
        "name": plan.name,
        "title": plan.title,
        "notes": plan.notes,
        "notes_en": plan.notes,
        "notes_lo": plan.notes_lo,
        "notes_vi": plan.notes_vi,
        "owner_org": entry.unit,
        "private": True,
        "license_id": plan.license_id,  # a draft; published by the workflow
        "tags": [{"name": t} for t in plan.tags],
        "groups": [{"name": g} for g in plan.groups],
        **entry.dataset_fields(),
        **_described(entry),
        "resources": [
            {"name": r.name, "format": r.format, "description": r.description, "url": r.url}
            for r in plan.resources
            if not r.upload
        ],
    }


def _described(entry: province.Entry) -> dict[str, str]:
    """Coverage, legal basis and (for every other entry) the period: the
    descriptive fields the quality score counts, filled unevenly as units do."""
    fields = {"spatial_coverage": "Luang Prabang province", "legal_basis": entry.legal_basis}
    if int(entry.code[-3:]) % 2 == 0:
        fields.update(temporal_start="2025-01-01", temporal_end="2025-12-31")
    return fields


def _resource_data(entry: province.Entry, resource: province.ResourcePlan, package_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "package_id": package_id,
        "name": resource.name,
        "format": resource.format,
        "description": resource.description,
    }
    if resource.upload:
        data["upload"] = FileStorage(
            io.BytesIO(province.file_bytes(entry, resource)),
            filename=province.filename(entry, resource),
            content_type=CONTENT_TYPES[resource.format],
        )
    else:
        data["url"] = resource.url
    return data


# The workflow moves that take a new dataset (a draft) to each planned status.
PATHS = {
    "draft": (),
    "submitted": ("submit",),
    "returned": ("submit", "return"),
    "approved": ("submit", "approve"),
    "published": ("submit", "approve", "publish"),
}
RETURN_REASON = (
    "Mandatory fields are missing (see the catalog entry's required fields): complete and resubmit."
)
# The reviewer's reason for clearing what the personal-data check finds in a
# dataset planned to be published (the police posts' office phone numbers).
CLEAR_REASON = "Office phone numbers of public services, published as contact details: not personal data."


def _move_to(user: str, package_id: str, planned: str) -> int:
    """Take a dataset along its planned path with the workflow actions (each
    writes its event), from wherever it is on that path; returns the moves made.
    A dataset that someone moved off its path is left as it is."""
    path = PATHS[planned]
    current = state.status_of(tk.get_action("package_show")({"user": user}, {"id": package_id}))
    reached = [state.MOVES[m].target for m in path]
    if current == "draft":
        todo = path
    elif current in reached:
        todo = path[reached.index(current) + 1 :]
    else:
        return 0
    for move in todo:
        context: Context = {"user": user}
        if move == "submit":
            tk.get_action("laodata_dataset_submit")(context, {"id": package_id})
        elif move in ("approve", "return"):
            tk.get_action("laodata_dataset_review")(
                context,
                {"id": package_id, "decision": move, "comment": RETURN_REASON if move == "return" else ""},
            )
        else:
            _clear_personal_data(context, package_id)
            tk.get_action("laodata_dataset_publish")(context, {"id": package_id})
    return len(todo)


def _clear_personal_data(context: Context, package_id: str) -> None:
    """Before publishing: the reviewer clears what the data check found (an audit event)."""
    model.Session.expire_all()
    package = model.Package.get(package_id)
    if package is not None and (package.extras or {}).get("personal_data_flag") == "found":
        tk.get_action("laodata_personal_data_clear")(context, {"id": package_id, "comment": CLEAR_REASON})


def _create_datasets(user: str) -> dict[str, int]:
    """Each planned dataset is created as a draft with its data, then taken
    through the review workflow to its planned status by the site user (a
    sysadmin, so a reviewer), every move writing its event."""
    planned = [e for e in province.entries() if e.dataset]
    packages, resources = _existing_datasets([e.dataset.name for e in planned if e.dataset])
    counts = {"created": 0, "updated": 0, "skipped": 0, "resources": 0, "moves": 0}
    for entry in planned:
        plan = entry.dataset
        assert plan is not None
        package_id, state_ = packages.get(plan.name, (None, None))
        if state_ == "deleted":  # someone deleted a demo dataset: bring it back as planned
            tk.get_action("dataset_purge")({"user": user, "ignore_auth": True}, {"id": package_id})
            package_id = None
        if package_id is None:
            context: Context = {"user": user, "ignore_auth": True}
            package_id = tk.get_action("package_create")(context, _package_data(entry))["id"]
            counts["created"] += 1
            counts["resources"] += sum(1 for r in plan.resources if not r.upload)
            missing = [r for r in plan.resources if r.upload]
        else:
            missing = [r for r in plan.resources if (package_id, r.name) not in resources]
            counts["updated" if missing else "skipped"] += 1
        for resource in missing:  # data added to a reviewed dataset sends it back for review, as for anyone
            created = tk.get_action("resource_create")(
                {"user": user, "ignore_auth": True}, _resource_data(entry, resource, package_id)
            )
            counts["resources"] += 1
            # the upload check, here and now (the worker repeats it later, with the same result),
            # so that the review below sees its result as a reviewer would
            quality_jobs.validate_resource(created["id"])
        counts["moves"] += _move_to(user, package_id, plan.workflow_status)
    return counts


def _age_stale_datasets() -> int:
    """Move ``metadata_modified`` of the planned stale datasets back (only those
    that are not stale yet) and reindex them; return how many were moved."""
    now = datetime.datetime.utcnow()
    stale = {e.dataset.name: e for e in province.entries() if e.dataset and e.dataset.stale_days}
    # Columns, not ORM objects: the session may hold packages loaded before an earlier UPDATE.
    current = model.Session.query(
        model.Package.id, model.Package.name, model.Package.metadata_modified
    ).filter(model.Package.name.in_(list(stale)))
    moved: list[str] = []
    for package_id, name, modified in current:
        entry = stale[name]
        assert entry.dataset is not None and entry.dataset.stale_days is not None
        max_age = datetime.timedelta(days=province.STALE_FREQUENCIES[entry.update_frequency])
        if modified < now - max_age:
            continue
        # A direct UPDATE: every action would set metadata_modified to now.
        model.Session.execute(
            sa.update(model.package_table)
            .where(model.package_table.c.id == package_id)
            .values(metadata_modified=now - datetime.timedelta(days=entry.dataset.stale_days))
        )
        moved.append(package_id)
    model.repo.commit()
    for package_id in moved:
        seam.reindex(package_id)
    return len(moved)


def load() -> dict[str, Any]:
    """Create (or complete) the reference province; safe to run again.

    :returns: ``{organizations, groups, created, updated, skipped, resources,
        catalog: {created, updated, unchanged}, entries_changed, stale, seconds}``
    """
    started = time.monotonic()
    problems = province.check()
    if problems:  # a broken plan is a programming error, not bad input
        raise RuntimeError("The demo province is inconsistent: " + "; ".join(problems[:10]))
    user = _site_user()
    units_created = _ensure_units(user)
    imported = _import_catalog(user)
    entries_changed = _update_entries(user)
    datasets = _create_datasets(user)
    stale = _age_stale_datasets()
    return {
        "organizations": len(province.UNITS),
        "organizations_created": units_created,
        "groups": len(province.GROUPS),
        **datasets,
        "catalog": {k: imported[k] for k in ("created", "updated", "unchanged")},
        "entries_changed": entries_changed,
        "stale": stale,
        "seconds": round(time.monotonic() - started, 1),
    }
