"""Actions of the target catalog (DESIGN §6)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ..access.classes import class_errors
from ..access.read import readable_package_ids
from ..quality import score
from . import digest, importer, schema, status, units
from .fields import DATE_FIELDS, ENTRY_FIELDS
from .importer.formats import DEFAULT_MAX_BYTES as MAX_UPLOAD_BYTES
from .model import CatalogChange, CatalogEntry, ProgressSnapshot

# What a unit's admins may change on their own unit's entries.
UNIT_ADMIN_FIELDS = frozenset(
    {"delay_reason", "delay_note", "connection_status", "connection_requested", "connection_legal_basis"}
)


def _read_upload(upload: Any) -> tuple[bytes, str]:
    """Bytes and file name of an uploaded file (werkzeug FileStorage or a path-less
    object with ``read``), reading at most one byte past the limit."""
    stream = getattr(upload, "stream", upload)
    if not hasattr(stream, "read"):
        raise tk.ValidationError(
            {"upload": ["Send the catalog as a file upload (multipart form field 'upload')"]}
        )
    data = stream.read(MAX_UPLOAD_BYTES + 1)
    return data, str(getattr(upload, "filename", "") or "catalog")


def _known_units() -> set[str]:
    rows = model.Session.query(model.Group.name).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    return {name for (name,) in rows}


def _entry_values(entry: CatalogEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def _comparable(name: str, value: Any) -> Any:
    """The value as the entry stores it (dates as dates, whatever came in)."""
    if name in DATE_FIELDS:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str) and value:
            return datetime.date.fromisoformat(value[:10])
    return value


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


def _apply(entry: CatalogEntry, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` on ``entry``; return ``{field: [old, new]}`` for what changed."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        value = _comparable(name, value)
        old = getattr(entry, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(entry, name, value)
    return changes


@tk.validate_action_data(schema.catalog_import)
def laodata_catalog_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import the target catalog from a CSV (UTF-8) or XLSX file, all or nothing.

    :param upload: the file (multipart field ``upload``)
    :param dry_run: check and count only, write nothing (default false)
    :returns: ``{created, updated, unchanged, format, sheet, dry_run, errors: []}``;
        a rejected file raises a ValidationError (HTTP 409) whose ``errors``
        list every problem as ``{row, field, message}`` (header is row 1).
    """
    tk.check_access("laodata_catalog_import", context, data_dict)
    data, filename = _read_upload(data_dict["upload"])
    parsed = importer.parse_catalog(data, filename, known_units=_known_units(), max_bytes=MAX_UPLOAD_BYTES)
    if parsed.errors:
        errors: list[str | dict[str, Any]] = [*parsed.errors]  # {row, field, message} each (DESIGN §6)
        raise tk.ValidationError(
            {
                "upload": [
                    f"The catalog file was refused: {len(parsed.errors)} problem(s); nothing was imported"
                ],
                "errors": errors,
            }
        )
    batch = str(uuid.uuid4())
    actor = context.get("user")
    existing = {
        e.code: e
        for e in model.Session.query(CatalogEntry).filter(
            CatalogEntry.code.in_([row["code"] for row in parsed.entries])
        )
    }
    created = updated = unchanged = 0
    for row in parsed.entries:
        values = {k: row[k] for k in importer.COLUMNS}
        entry = existing.get(row["code"])
        if entry is None:
            created += 1
            if not data_dict.get("dry_run"):
                entry = CatalogEntry(code=row["code"], connection_status="not_requested")
                model.Session.add(entry)
                changes = _apply(entry, values)
                model.Session.add(
                    CatalogChange(
                        code=row["code"], batch=batch, action="created", actor=actor, changes=changes
                    )
                )
            continue
        if data_dict.get("dry_run"):
            differs = any(_comparable(k, v) != getattr(entry, k) for k, v in values.items())
            updated, unchanged = (updated + 1, unchanged) if differs else (updated, unchanged + 1)
            continue
        changes = _apply(entry, values)
        if changes:
            updated += 1
            entry.modified = datetime.datetime.utcnow()
            model.Session.add(
                CatalogChange(code=row["code"], batch=batch, action="updated", actor=actor, changes=changes)
            )
        else:
            unchanged += 1
    if data_dict.get("dry_run"):
        model.Session.rollback()
    else:
        model.Session.commit()
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "format": parsed.format,
        "sheet": parsed.sheet,
        "dry_run": bool(data_dict.get("dry_run")),
        "errors": [],
    }


def _with_status(row: dict[str, Any], today: datetime.date, now: datetime.datetime) -> dict[str, Any]:
    out = {k: _jsonable(v) for k, v in row.items() if k != "metadata_modified"}
    out["overdue"] = status.is_overdue(row, today)
    out["stale"] = status.is_stale(row, now)
    return out


def hide_unreadable_links(context: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blank the linked dataset's id and name where the caller may not read
    that dataset: the catalog is for every unit, a private dataset is not
    (the read policy of ``access/read.py``, the same rule as search)."""
    linked = {r["dataset_id"] for r in rows if r.get("dataset_id")}
    if not linked:
        return rows
    readable = readable_package_ids(context, sorted(linked))
    for row in rows:
        if row.get("dataset_id") and row["dataset_id"] not in readable:
            row["dataset_id"] = row["dataset_name"] = None
    return rows


def filtered_entries(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """Every entry the list filters select, with status flags (no paging and
    no link hiding: callers page first, then hide)."""
    tk.check_access("laodata_catalog_entry_list", context, data_dict)
    data_dict, errors = tk.navl_validate(dict(data_dict), schema.entry_list(), context)
    if errors:
        raise tk.ValidationError(errors)
    today = datetime.date.today()
    now = datetime.datetime.utcnow()
    rows = [
        _with_status(r, today, now) for r in status.entry_rows(data_dict.get("unit"), data_dict.get("sector"))
    ]
    wanted = data_dict.get("status")
    if wanted == "delivered":
        rows = [r for r in rows if r["delivered"]]
    elif wanted == "outstanding":
        rows = [r for r in rows if not r["delivered"]]
    elif wanted:
        rows = [r for r in rows if r["status"] == wanted]
    if data_dict.get("q"):
        needle = data_dict["q"].casefold()
        rows = [
            r
            for r in rows
            if any(
                needle in str(r.get(k) or "").casefold()
                for k in ("code", "title", "title_lo", "title_vi", "title_en")
            )
        ]
    return rows


@tk.side_effect_free
@tk.validate_action_data(schema.entry_list)
def laodata_catalog_entry_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Catalog entries with their delivery status.

    :param unit: organization name; :param sector: sector key
    :param status: a delivery status, or ``delivered`` / ``outstanding``
    :param q: text in the code or any title
    :param limit: default 50; :param offset: default 0
    :returns: ``{count, results}``; ``dataset_id``/``dataset_name`` are empty
        where the caller may not read the linked dataset; ``reason`` says why an
        entry is not delivered (see ``laodata_progress``)
    """
    rows = filtered_entries(context, data_dict)
    start = data_dict["offset"]
    return {
        "count": len(rows),
        "results": hide_unreadable_links(context, rows[start : start + data_dict["limit"]]),
    }


@tk.side_effect_free
@tk.validate_action_data(schema.entry_show)
def laodata_catalog_entry_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One catalog entry with its status, linked dataset and change history.

    :param code: the entry's code
    :returns: the entry's fields, ``status``, ``delivered``, ``reason`` (why it
        is not delivered, as in ``laodata_progress``; null once delivered),
        ``overdue``, ``stale``, ``dataset_id``, ``dataset_name``, ``history``
    """
    tk.check_access("laodata_catalog_entry_show", context, data_dict)
    entry = model.Session.get(CatalogEntry, data_dict["code"])
    if entry is None:
        raise tk.ObjectNotFound(f"No catalog entry with code {data_dict['code']}")
    (row,) = hide_unreadable_links(context, status.entry_rows(code=entry.code))
    out = entry.as_dict()
    out.update(
        {
            k: v
            for k, v in _with_status(row, datetime.date.today(), datetime.datetime.utcnow()).items()
            if k
            in (
                "status",
                "delivered",
                "with_issues",
                "reason",
                "overdue",
                "stale",
                "dataset_id",
                "dataset_name",
            )
        }
    )
    history = (
        model.Session.query(CatalogChange)
        .filter(CatalogChange.code == entry.code)
        .order_by(CatalogChange.created.desc(), CatalogChange.id.desc())
    )
    out["history"] = [c.as_dict() for c in history]
    return out


@tk.validate_action_data(schema.entry_update)
def laodata_catalog_entry_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Change fields of a catalog entry (reviewers and sysadmins: any field; a
    unit's admins: delay reason and note, and the connection fields, of their
    own unit's entries).

    :param code: the entry; other parameters: the fields to change
    """
    tk.check_access("laodata_catalog_entry_update", context, data_dict)
    entry = model.Session.get(CatalogEntry, data_dict["code"])
    if entry is None:
        raise tk.ObjectNotFound(f"No catalog entry with code {data_dict['code']}")
    values = {k: v for k, v in data_dict.items() if k in ENTRY_FIELDS and k != "code"}
    if "unit" in values and values["unit"] not in _known_units():
        raise tk.ValidationError({"unit": [f"Unknown unit '{values['unit']}'"]})
    merged = dict(_entry_values(entry), **values)
    errors = class_errors(merged, tk._)
    if errors:
        raise tk.ValidationError({field: messages for field, messages in errors.items()})
    changes = _apply(entry, values)
    if changes:
        entry.modified = datetime.datetime.utcnow()
        model.Session.add(
            CatalogChange(
                code=entry.code,
                batch=str(uuid.uuid4()),
                action="edited",
                actor=context.get("user"),
                changes=changes,
            )
        )
        model.Session.commit()
    return tk.get_action("laodata_catalog_entry_show")(context, {"code": entry.code})


@tk.side_effect_free
@tk.validate_action_data(schema.progress)
def laodata_progress(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Delivery progress of the target catalog, overall and per unit.

    :param unit: only this unit; :param sector: only this sector
    :param as_of: a past date (YYYY-MM-DD): the counts of that day's snapshot
        (per-unit counts only; outstanding lists are today's only)
    :returns: ``{as_of, target, delivered, approved, published, outstanding,
        percent_delivered, units_total, units_complete, units: [...], delay_reasons,
        with_issues, stale, overdue, quality_score}``.
        Each unit also carries ``with_issues`` (entries delivered with issues: a
        file of their dataset failed the data check), ``stale`` (delivered, but
        older than their update frequency allows), ``overdue`` (past their due
        date, not delivered) and ``quality_score`` (0-100, the mean quality score
        of its delivered datasets, see ``laodata_quality_show``; null without
        one); on a past day (``as_of``) these are null.
        Each unit's ``outstanding`` lists the entries not delivered as
        ``{code, title, status, delay_reason, reason}``: ``reason`` says why,
        always: the entry's ``delay_reason`` when one is set, otherwise the state
        of its dataset: ``no_dataset`` (none yet), ``draft`` (not submitted),
        ``returned`` (sent back by a reviewer), ``not_connected`` (it links to
        the ministry's system, whose connection is not ``connected``) or
        ``no_data_file`` (submitted, approved or published without an uploaded
        file). ``delay_reasons`` counts the outstanding entries by ``reason``.
    """
    tk.check_access("laodata_progress", context, data_dict)
    as_of = data_dict.get("as_of")
    if as_of and as_of.date() < datetime.date.today():
        return _with_quality(_progress_from_snapshot(as_of.date(), data_dict.get("unit")), None)
    unit, sector = data_dict.get("unit"), data_dict.get("sector")
    report = status.progress(status.progress_rows(unit, sector), datetime.date.today())
    return _with_quality(report, status.entry_rows(unit, sector))


def _with_quality(report: dict[str, Any], rows: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Add to the report and each unit: ``with_issues``, ``stale``, ``overdue``
    (counts of entries) and ``quality_score`` (``quality/score.py``): today's
    only (``rows``: today's entry rows); a snapshot day's are null."""
    today, now = datetime.date.today(), datetime.datetime.utcnow()
    flags = status.flag_counts(rows, today, now) if rows is not None else {}
    scores = score.unit_scores(rows, now) if rows is not None else {}
    for unit in report["units"]:
        counts = flags.get(unit["unit"], dict.fromkeys(status.FLAG_COUNTS, 0) if rows is not None else {})
        for name in status.FLAG_COUNTS:
            unit[name] = counts.get(name)
        unit["quality_score"] = scores.get(unit["unit"])
    for name in status.FLAG_COUNTS:
        report[name] = sum(u[name] for u in report["units"]) if rows is not None else None
    report["quality_score"] = (
        score.mean(scores.get(u["unit"]) for u in report["units"]) if rows is not None else None
    )
    return report


def _progress_from_snapshot(day: datetime.date, unit: str | None) -> dict[str, Any]:
    rows = status.snapshot_rows(day, unit)
    if not rows:
        raise tk.ObjectNotFound(f"No progress snapshot for {day.isoformat()}")
    return status.progress(rows, day)


def laodata_progress_snapshot(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Record today's per-unit delivery counts (idempotent within a day).

    :returns: ``{day, units}``
    """
    tk.check_access("laodata_progress_snapshot", context, data_dict)
    today = datetime.date.today()
    report = status.progress(status.progress_rows(), today)
    model.Session.query(ProgressSnapshot).filter(ProgressSnapshot.day == today).delete()
    for unit in report["units"]:
        model.Session.add(
            ProgressSnapshot(
                day=today,
                unit=unit["unit"],
                target=unit["target"],
                delivered=unit["delivered"],
                approved=unit["approved"],
                published=unit["published"],
            )
        )
    model.Session.commit()
    return {"day": today.isoformat(), "units": len(report["units"])}


@tk.validate_action_data(schema.freshness_check)
def laodata_freshness_check(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Tell each unit and the coordinating office what has become late (stale
    datasets, overdue entries), and escalate to the office what is still late
    past ``ckanext.laodata.freshness.escalate_days`` (sysadmins; run by
    ``ckan laodata freshness check`` and the scheduled job). Each lateness is
    told once to each audience; digests are mailed when CKAN's mailer is
    configured (``smtp.mail_from``) and are on the dashboards in any case.

    :param dry_run: count what would be told, send and record nothing (default false)
    :returns: ``{late, stale, overdue, escalate_days, dry_run, units: [{unit,
        new, late, recipients, mailed, failed}], office: {new, escalations,
        recipients, mailed, failed}, failed: [...]}``
    """
    tk.check_access("laodata_freshness_check", context, data_dict)
    lang = str(tk.config.get("ckan.locale_default") or "en")  # digests are in the portal's default language
    return digest.run(bool(data_dict.get("dry_run")), units.unit_titles(lang))
