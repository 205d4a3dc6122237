"""The quality score of a dataset and of a unit (issue 13 item 7; DESIGN §6 "Quality").

A dataset's score (0-100) is the mean of the parts that apply to it, each
0-100 and each with what to fix:

- ``metadata``: the share of the schema's descriptive fields that are filled
  (``METADATA_FIELDS``: titles and descriptions in each language, tags,
  licence, sector, frequency, coverage, period, legal basis);
- ``fill_rate``: the share of the mandatory cells of its checked files that
  hold a value (from each ``validation_report``: empty mandatory cells and
  missing mandatory columns); not applicable without a checked table;
- ``validation``: the share of its checked files that passed the upload
  check; not applicable while none has a result;
- ``freshness``: 100 while it is up to date for its update frequency, 0 once
  it is out of date (``catalog/freshness.py``, the one rule); not applicable
  to frequencies without a schedule;
- ``openness``: how open its best data format is (``FORMAT_STARS``: 3 stars,
  an open machine-readable format such as CSV or JSON, 100; 2 stars, a
  machine-readable but proprietary one such as XLSX, 67; 1 star, a document
  such as PDF, 33; none or unknown, 0); not applicable to metadata-only
  datasets.

A unit's score is the mean of its delivered datasets' scores. Fixes are
codes with their parameters (``code``, ``part`` and the fields, columns or
resource concerned) plus a ``message`` in the caller's language.

Everything here reads plain dicts (``facts``), so one dataset read through
``package_show`` and every dataset of the catalog read in bulk
(``facts_for``: three queries) are scored by the same function.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

import ckan.model as model

from ..access.classes import metadata_only
from ..catalog import freshness

PARTS = ("metadata", "fill_rate", "validation", "freshness", "openness")
METADATA_FIELDS = (
    "title",
    "notes",
    "title_lo",
    "title_vi",
    "title_en",
    "notes_lo",
    "notes_vi",
    "notes_en",
    "tags",
    "license_id",
    "sector",
    "update_frequency",
    "spatial_coverage",
    "temporal_start",
    "temporal_end",
    "legal_basis",
)
# Openness of a data format, in stars (Tim Berners-Lee's scale, up to 3 for a file).
FORMAT_STARS = {
    "csv": 3,
    "tsv": 3,
    "json": 3,
    "geojson": 3,
    "xml": 3,
    "rdf": 3,
    "ttl": 3,
    "jsonld": 3,
    "ods": 3,
    "api": 3,
    "xlsx": 2,
    "xls": 2,
    "shp": 2,
    "zip": 1,
    "pdf": 1,
    "doc": 1,
    "docx": 1,
    "txt": 1,
}
STAR_SCORE = {0: 0, 1: 33, 2: 67, 3: 100}
OPEN_FORMATS = ("CSV", "JSON")
CHECKED = ("passed", "failed", "error")


def _gettext(message: str) -> str:
    return message


def _filled(value: Any) -> bool:
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    if isinstance(value, int) and not isinstance(value, bool):  # a count (tags read in bulk)
        return value > 0
    return value is not None and str(value).strip() != ""


def _report(resource: dict[str, Any]) -> dict[str, Any]:
    report = resource.get("validation_report")
    if isinstance(report, str):
        try:
            report = json.loads(report)
        except ValueError:
            report = None
    return report if isinstance(report, dict) else {}


def _int(value: Any) -> int:
    """A count of a stored report (0 when it is not one: reports are data, not trusted)."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError):
        return 0


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _resource_name(resource: dict[str, Any]) -> str:
    return str(resource.get("name") or resource.get("id") or "")


def _fix(part: str, code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"part": part, "code": code, "message": message, **details}


def _part(score: int | None, **details: Any) -> dict[str, Any]:
    return {"score": score, "applies": score is not None, **details}


def _metadata(facts: dict[str, Any], _: Callable[[str], str], labels: dict[str, str]) -> tuple[dict, list]:
    missing = [name for name in METADATA_FIELDS if not _filled(facts.get(name))]
    filled = len(METADATA_FIELDS) - len(missing)
    score = round(100 * filled / len(METADATA_FIELDS))
    fixes = []
    if missing:
        names = ", ".join(labels.get(name, name) for name in missing)
        fixes.append(
            _fix("metadata", "fill_metadata", _("Fill in: {fields}").format(fields=names), fields=missing)
        )
    return _part(score, filled=filled, fields=len(METADATA_FIELDS), missing=missing), fixes


def _cells(report: dict[str, Any]) -> tuple[int, int, list[str], list[str]]:
    """``(mandatory cells, empty ones, columns with empty cells, missing columns)`` of a checked table."""
    rows = _int(report.get("rows"))
    header = _names(report.get("columns"))
    extra = set(_names(report.get("extra_columns")))
    missing = _names(report.get("missing_columns"))
    wanted = len([c for c in header if c not in extra]) + len(missing)
    counts = report.get("error_counts")
    empty = _int(counts.get("required") if isinstance(counts, dict) else 0) + rows * len(missing)
    errors = (
        [e for e in report.get("errors") or [] if isinstance(e, dict)]
        if isinstance(report.get("errors"), list)
        else []
    )
    columns = sorted(
        {str(e.get("column")) for e in errors if e.get("code") == "required" and e.get("column")}
    )
    return rows * wanted, min(empty, rows * wanted), columns, missing


def _fill_rate(resources: list[dict[str, Any]], _: Callable[[str], str]) -> tuple[dict, list]:
    total = empty = 0
    fixes = []
    for resource in resources:
        report = _report(resource)
        if resource.get("validation_status") not in ("passed", "failed") or not report:
            continue
        cells, blank, columns, missing = _cells(report)
        total, empty = total + cells, empty + blank
        name = _resource_name(resource)
        if missing:
            text = _('Add the missing mandatory columns to "{resource}": {columns}')
            message = text.format(resource=name, columns=", ".join(missing))
            fixes.append(_fix("fill_rate", "add_columns", message, resource=name, columns=missing))
        cells_left = blank - _int(report.get("rows")) * len(missing)  # empty cells of present columns
        if cells_left > 0:
            text = _('Fill the {count} empty mandatory cells of "{resource}" (columns: {columns})')
            message = text.format(count=cells_left, resource=name, columns=", ".join(columns) or "-")
            fixes.append(
                _fix("fill_rate", "fill_cells", message, resource=name, columns=columns, count=cells_left)
            )
    if not total:
        return _part(None), []
    return _part(round(100 * (total - empty) / total), cells=total, empty=empty), fixes


def _validation(resources: list[dict[str, Any]], _: Callable[[str], str]) -> tuple[dict, list]:
    checked = [r for r in resources if r.get("validation_status") in CHECKED]
    pending = sum(1 for r in resources if r.get("validation_status") == "pending")
    if not checked:
        return _part(None, checked=0, passed=0, pending=pending), []
    passed = sum(1 for r in checked if r.get("validation_status") == "passed")
    fixes = []
    for resource in checked:
        status, name = resource.get("validation_status"), _resource_name(resource)
        if status == "failed":
            count = _int(_report(resource).get("error_count"))
            text = _('Correct the {count} errors the data check found in "{resource}" and upload it again')
            message = text.format(count=count, resource=name)
            fixes.append(_fix("validation", "correct_errors", message, resource=name, count=count))
        elif status == "error":
            text = _('"{resource}" could not be checked: upload it again as a CSV or XLSX table')
            fixes.append(_fix("validation", "unreadable_file", text.format(resource=name), resource=name))
    score = round(100 * passed / len(checked))
    return _part(score, checked=len(checked), passed=passed, pending=pending), fixes


def _freshness(facts: dict[str, Any], now: datetime.datetime, _: Callable[[str], str]) -> tuple[dict, list]:
    state = freshness.freshness(facts.get("update_frequency"), facts.get("metadata_modified"), now)
    due = state.next_due.date().isoformat() if state.next_due else None
    if state.state == freshness.NO_SCHEDULE:
        return _part(None, state=state.state), []
    if state.state == freshness.UP_TO_DATE:
        return _part(100, state=state.state, next_due=due), []
    fix = _fix(
        "freshness", "update_data", _("Update the data: it was due by {date}").format(date=due), due=due
    )
    return _part(0, state=state.state, next_due=due), [fix]


def _format(resource: dict[str, Any]) -> str:
    fmt = str(resource.get("format") or "").strip().lower().lstrip(".")
    if fmt:
        return fmt
    url = str(resource.get("url") or "").lower().rsplit("?", 1)[0]
    return url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else ""


def _openness(
    facts: dict[str, Any], resources: list[dict[str, Any]], _: Callable[[str], str]
) -> tuple[dict, list]:
    if facts.get("metadata_only"):
        return _part(None), []
    if not resources:
        fix = _fix("openness", "add_data", _("Add the data: upload a CSV file"))
        return _part(0, stars=0, best_format=None), [fix]
    best = max(resources, key=lambda r: FORMAT_STARS.get(_format(r), 0))
    stars = FORMAT_STARS.get(_format(best), 0)
    fixes = []
    if stars < 3:
        found = _format(best).upper() or "?"
        text = _("Offer the data in an open, machine-readable format ({formats}) as well as {format}")
        message = text.format(formats=", ".join(OPEN_FORMATS), format=found)
        fixes.append(_fix("openness", "open_format", message, format=found))
    return _part(STAR_SCORE[stars], stars=stars, best_format=_format(best).upper() or None), fixes


def score(
    facts: dict[str, Any],
    now: datetime.datetime,
    gettext: Callable[[str], str] = _gettext,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``{score, parts, fixes}`` of one dataset's ``facts``: its fields (the
    names of ``METADATA_FIELDS``; ``tags`` a list or count), ``update_frequency``,
    ``metadata_modified``, ``metadata_only`` and ``resources`` (each with
    ``name``, ``format``, ``url``, ``validation_status``, ``validation_report``)."""
    resources = [r for r in facts.get("resources") or [] if r.get("state", "active") == "active"]
    found = {
        "metadata": _metadata(facts, gettext, labels or {}),
        "fill_rate": _fill_rate(resources, gettext),
        "validation": _validation(resources, gettext),
        "freshness": _freshness(facts, now, gettext),
        "openness": _openness(facts, resources, gettext),
    }
    parts = {name: found[name][0] for name in PARTS}
    applying = [p["score"] for p in parts.values() if p["score"] is not None]
    return {
        "score": round(sum(applying) / len(applying)) if applying else None,
        "parts": parts,
        "fixes": [fix for name in PARTS for fix in found[name][1]],
    }


def mean(scores: Iterable[int | None]) -> int | None:
    """The rounded mean of the scores that exist (None: none)."""
    values = [s for s in scores if s is not None]
    return round(sum(values) / len(values)) if values else None


# ---- reading the facts of many datasets at once ------------------------------------------


def package_facts(package: dict[str, Any]) -> dict[str, Any]:
    """The facts of a dataset as ``package_show`` returns it."""
    facts = dict(package)
    facts["metadata_only"] = metadata_only(package.get("security_level"), package.get("state_secret"))
    return facts


def facts_for(package_ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{package id: facts}`` of these datasets, read from the database in three
    queries (their fields, their tag counts, their active resources)."""
    if not package_ids:
        return {}
    package = model.package_table
    out: dict[str, dict[str, Any]] = {}
    rows = model.Session.execute(
        sa.select(
            package.c.id,
            package.c.title,
            package.c.notes,
            package.c.license_id,
            package.c.extras,
            package.c.metadata_modified,
        ).where(package.c.id.in_(package_ids))
    )
    for pid, title, notes, license_id, extras, modified in rows:
        fields = dict(extras or {})
        fields.update(title=title, notes=notes, license_id=license_id, metadata_modified=modified)
        fields["metadata_only"] = metadata_only(fields.get("security_level"), fields.get("state_secret"))
        fields["tags"], fields["resources"] = 0, []
        out[pid] = fields
    tags = model.Session.execute(
        sa.select(model.package_tag_table.c.package_id, sa.func.count())
        .where(
            model.package_tag_table.c.package_id.in_(package_ids), model.package_tag_table.c.state == "active"
        )
        .group_by(model.package_tag_table.c.package_id)
    )
    for pid, count in tags:
        out[pid]["tags"] = int(count)
    resource = model.resource_table
    for pid, name, fmt, url, extras in model.Session.execute(
        sa.select(
            resource.c.package_id, resource.c.name, resource.c.format, resource.c.url, resource.c.extras
        )
        .where(resource.c.package_id.in_(package_ids), resource.c.state == "active")
        .order_by(resource.c.package_id, resource.c.position)
    ):
        more = extras if isinstance(extras, dict) else json.loads(extras) if extras else {}
        out[pid]["resources"].append(
            {
                "name": name,
                "format": fmt,
                "url": url,
                "validation_status": more.get("validation_status"),
                "validation_report": more.get("validation_report"),
            }
        )
    return out


def dataset_scores(package_ids: list[str], now: datetime.datetime) -> dict[str, int | None]:
    """``{package id: score}`` of these datasets."""
    return {pid: score(facts, now)["score"] for pid, facts in facts_for(package_ids).items()}


def unit_scores(rows: Iterable[dict[str, Any]], now: datetime.datetime) -> dict[str, int | None]:
    """``{unit: score}``: the mean score of each unit's delivered datasets, from
    the catalog's entry rows (``catalog.status.entry_rows``)."""
    delivered = [(r["unit"], r["dataset_id"]) for r in rows if r.get("delivered") and r.get("dataset_id")]
    scores = dataset_scores(sorted({pid for _, pid in delivered}), now)
    by_unit: dict[str, list[int | None]] = {}
    for unit, pid in delivered:
        by_unit.setdefault(unit, []).append(scores.get(pid))
    return {unit: mean(values) for unit, values in by_unit.items()}
