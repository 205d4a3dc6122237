"""Delivery status of catalog entries and the progress report (DESIGN §5, §6).

One SQL query reads every entry with its linked dataset (the first active or
draft dataset whose ``catalog_code`` extra names the entry) and that
dataset's resource counts; the rules below are pure functions over its rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

import ckan.model as model

from .. import vocab
from . import freshness
from .model import ProgressSnapshot

STATUSES = ("not_started", "in_progress", "submitted", "returned", "approved", "published")
DELIVERED_STATUSES = ("submitted", "approved", "published")
UNSPECIFIED = "unspecified"
# Why an outstanding entry without a delay reason is not delivered: the state
# of its dataset (vocabulary ``outstanding_reason``, labelled lo/vi/en).
STATE_REASONS = ("no_dataset", "draft", "returned", "not_connected", "no_data_file")

# The delivery rules of DESIGN §5, in one place: SQL derives each entry's
# `status`, whether it is `delivered` and, when it is not, the `reason`: the
# entry's delay reason if one is set, otherwise the state of its dataset
# (one of STATE_REASONS). A delivered entry is `with_issues` ("delivered with
# issues", issue 13) while a resource of its dataset has failed the upload
# check (`validation_status` failed or error, set by quality/jobs.py).
_ROWS_SQL = """
WITH linked AS (
    SELECT DISTINCT ON (p.extras->>'catalog_code')
           p.extras->>'catalog_code' AS code, p.id, p.name, p.state,
           coalesce(p.extras->>'workflow_status', 'draft') AS workflow_status,
           p.metadata_modified
    FROM package p
    WHERE p.extras->>'catalog_code' IN (  -- only the entries asked for (one unit, one code…)
              SELECT f.code FROM laodata_catalog_entry f
              WHERE (CAST(:unit AS text) IS NULL OR f.unit = :unit)
                AND (CAST(:sector AS text) IS NULL OR f.sector = :sector)
                AND (CAST(:code AS text) IS NULL OR f.code = :code))
      AND p.state IN ('active', 'draft') AND p.type = 'dataset'
    ORDER BY p.extras->>'catalog_code', p.metadata_created
), res AS (
    SELECT r.package_id,
           count(*) FILTER (WHERE r.url_type = 'upload') AS uploads,
           count(*) FILTER (WHERE coalesce(r.url, '') <> '') AS links,
           count(*) FILTER (WHERE r.extras IS NOT NULL AND r.extras LIKE '%validation_status%'
                              AND r.extras::jsonb->>'validation_status' IN ('failed', 'error')) AS issues
    FROM resource r JOIN linked l ON l.id = r.package_id
    WHERE r.state = 'active'
    GROUP BY r.package_id
), rows AS (
    SELECT e.*, l.id AS dataset_id, l.name AS dataset_name, l.state AS dataset_state,
           l.metadata_modified, coalesce(r.links, 0) AS links, coalesce(r.issues, 0) > 0 AS issues,
           CASE WHEN l.id IS NULL THEN 'not_started'
                WHEN l.state = 'draft' THEN 'in_progress'
                WHEN l.workflow_status IN ('submitted', 'returned', 'approved', 'published') THEN l.workflow_status
                ELSE 'in_progress' END AS status,
           (   e.security_level IN ('4', '5') OR e.state_secret            -- metadata only
            OR coalesce(r.uploads, 0) > 0                                  -- an uploaded file
            OR (e.source_system <> 'local' AND e.connection_status = 'connected'
                AND coalesce(r.links, 0) > 0)                              -- a connected ministry system
           ) AS has_data
    FROM laodata_catalog_entry e
    LEFT JOIN linked l ON l.code = e.code
    LEFT JOIN res r ON r.package_id = l.id
    WHERE (CAST(:unit AS text) IS NULL OR e.unit = :unit)
      AND (CAST(:sector AS text) IS NULL OR e.sector = :sector)
      AND (CAST(:code AS text) IS NULL OR e.code = :code)
)
SELECT {columns}, status, delivered, delivered AND issues AS with_issues,
       CASE WHEN delivered THEN NULL
            WHEN coalesce(delay_reason, '') <> '' THEN delay_reason  -- the unit's explanation
            WHEN status = 'not_started' THEN 'no_dataset'
            WHEN status = 'in_progress' THEN 'draft'
            WHEN status = 'returned' THEN 'returned'
            WHEN source_system <> 'local' AND connection_status <> 'connected' AND links > 0
                 THEN 'not_connected'                                -- links to a system not yet connected
            ELSE 'no_data_file' END AS reason                        -- submitted, approved or published
FROM (SELECT rows.*, has_data AND status IN ('submitted', 'approved', 'published') AS delivered FROM rows) d
{order}
"""
_LIST_COLUMNS = (
    "code, title, title_lo, title_vi, title_en, unit, sector, update_frequency, access_level, security_level, "
    "state_secret, source_system, connection_status, due_date, delay_reason, dataset_id, dataset_name, "
    "dataset_state, metadata_modified"
)
_PROGRESS_COLUMNS = "code, title, unit, delay_reason"


def _fetch(sql: str, unit: str | None, sector: str | None, code: str | None = None) -> list[dict[str, Any]]:
    # For this transaction only: no JIT (its compile time, ~0.4 s, dwarfed the
    # query itself at 30,000 entries) and room to sort the rows in memory.
    model.Session.execute(sa.text("SET LOCAL jit = off; SET LOCAL work_mem = '32MB'"))
    result = model.Session.execute(sa.text(sql), {"unit": unit, "sector": sector, "code": code})
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def entry_rows(
    unit: str | None = None, sector: str | None = None, code: str | None = None
) -> list[dict[str, Any]]:
    """Every entry (of a unit / sector, or one code) with its dataset, status and delivery."""
    return _fetch(_ROWS_SQL.format(columns=_LIST_COLUMNS, order="ORDER BY unit, code"), unit, sector, code)


# Per-unit counts (rows with a NULL code) and the entries not delivered, in
# one pass: the report never moves every entry out of the database.
_PROGRESS_SQL = """
WITH judged AS MATERIALIZED ({inner})
SELECT unit, NULL AS code, NULL AS title, NULL AS status, NULL AS delay_reason, NULL AS reason,
       count(*) AS target,
       count(*) FILTER (WHERE delivered) AS delivered,
       count(*) FILTER (WHERE delivered AND status IN ('approved', 'published')) AS approved,
       count(*) FILTER (WHERE delivered AND status = 'published') AS published
FROM judged GROUP BY unit
UNION ALL
SELECT unit, code, title, status, delay_reason, reason, NULL, NULL, NULL, NULL FROM judged WHERE NOT delivered
"""


def progress_rows(unit: str | None = None, sector: str | None = None) -> list[dict[str, Any]]:
    """Per-unit count rows and outstanding-entry rows (see ``progress``)."""
    inner = _ROWS_SQL.format(columns=_PROGRESS_COLUMNS, order="")
    return _fetch(_PROGRESS_SQL.format(inner=inner), unit, sector)


def is_overdue(row: dict[str, Any], today: datetime.date) -> bool:
    due = row.get("due_date")
    return bool(due and due < today and not row["delivered"])


def is_stale(row: dict[str, Any], now: datetime.datetime) -> bool:
    """A delivered entry whose dataset is out of date (``freshness.py``, the one rule)."""
    if not row["delivered"] or not row.get("metadata_modified"):
        return False
    return freshness.is_out_of_date(row.get("update_frequency"), row["metadata_modified"], now)


FLAG_COUNTS = ("with_issues", "stale", "overdue")


def flag_counts(
    rows: Iterable[dict[str, Any]], today: datetime.date, now: datetime.datetime
) -> dict[str, dict[str, int]]:
    """``{unit: {with_issues, stale, overdue}}``: how many of each unit's entries
    are delivered with issues, stale or overdue (from ``entry_rows``)."""
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = out.setdefault(row["unit"], dict.fromkeys(FLAG_COUNTS, 0))
        counts["with_issues"] += bool(row.get("with_issues"))
        counts["stale"] += is_stale(row, now)
        counts["overdue"] += is_overdue(row, today)
    return out


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole``, to one decimal (0.0 of nothing):
    every percentage of the reports, the pages and the trend."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def progress(rows: Iterable[dict[str, Any]], as_of: datetime.date) -> dict[str, Any]:
    """The ``laodata_progress`` result (DESIGN §6) from ``progress_rows`` (or
    from a snapshot day's per-unit count rows, which list nothing outstanding)."""
    units: dict[str, dict[str, Any]] = {}
    delay_reasons: dict[str, int] = {}
    outstanding: list[dict[str, Any]] = []
    for row in rows:
        if row["code"] is None:
            units[row["unit"]] = {
                "unit": row["unit"],
                "target": row["target"],
                "delivered": row["delivered"],
                "approved": row["approved"],
                "published": row["published"],
                "outstanding": [],
            }
        else:
            outstanding.append(row)
    for row in sorted(outstanding, key=lambda r: r["code"]):
        reason = row.get("reason") or UNSPECIFIED
        delay_reasons[reason] = delay_reasons.get(reason, 0) + 1
        units[row["unit"]]["outstanding"].append(
            {
                "code": row["code"],
                "title": row["title"],
                "status": row["status"],
                "delay_reason": row["delay_reason"],
                "reason": reason,
            }
        )
    unit_list = sorted(units.values(), key=lambda u: u["unit"])
    for unit in unit_list:
        unit["percent"] = percent(unit["delivered"], unit["target"])
        unit["complete"] = unit["delivered"] == unit["target"]
    target = sum(u["target"] for u in unit_list)
    delivered = sum(u["delivered"] for u in unit_list)
    return {
        "as_of": as_of.isoformat(),
        "target": target,
        "delivered": delivered,
        "approved": sum(u["approved"] for u in unit_list),
        "published": sum(u["published"] for u in unit_list),
        "outstanding": target - delivered,
        "percent_delivered": percent(delivered, target),
        "units_total": len(unit_list),
        "units_complete": sum(1 for u in unit_list if u["complete"]),
        "units": unit_list,
        "delay_reasons": dict(sorted(delay_reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def reason_label(reason: str | None, lang: str = "en") -> str | None:
    """The label of an outstanding entry's ``reason`` (a delay reason or one of
    STATE_REASONS) in ``lang``; None for no reason."""
    if reason in STATE_REASONS:
        return vocab.label("outstanding_reason", reason, lang)
    if reason and reason != UNSPECIFIED:
        return vocab.label("delay_reason", reason, lang)
    return None


def snapshot_rows(day: datetime.date, unit: str | None = None) -> list[dict[str, Any]]:
    """A snapshot day's per-unit count rows, in ``progress_rows``' form (for ``progress``)."""
    query = model.Session.query(ProgressSnapshot).filter(ProgressSnapshot.day == day)
    if unit:
        query = query.filter(ProgressSnapshot.unit == unit)
    return [
        {
            "unit": s.unit,
            "code": None,
            "target": s.target,
            "delivered": s.delivered,
            "approved": s.approved,
            "published": s.published,
        }
        for s in query.order_by(ProgressSnapshot.unit)
    ]


def snapshot_totals(since: datetime.date) -> list[tuple[datetime.date, int, int]]:
    """``(day, target, delivered)`` of the whole catalog on each snapshot day
    since ``since``, oldest first."""
    rows = (
        model.Session.query(
            ProgressSnapshot.day,
            sa.func.sum(ProgressSnapshot.target),
            sa.func.sum(ProgressSnapshot.delivered),
        )
        .filter(ProgressSnapshot.day >= since)
        .group_by(ProgressSnapshot.day)
        .order_by(ProgressSnapshot.day)
    )
    return [(day, int(target or 0), int(delivered or 0)) for day, target, delivered in rows]


def _untranslated(message: str) -> str:
    return message


def headline(report: dict[str, Any], gettext: Callable[[str], str] = _untranslated, lang: str = "en") -> str:
    """The progress report in one sentence, e.g. "310 of 329 datasets delivered
    (94.2%) · 12 of 18 units complete · 19 outstanding: 14 held in …, 5 large
    volume": in English for the CLI, in the UI language on the pages (``gettext``
    translates the sentence, ``lang`` picks the reasons' labels)."""
    text = " · ".join(
        (
            gettext("{delivered} of {target} datasets delivered ({percent}%)").format(
                delivered=report["delivered"], target=report["target"], percent=report["percent_delivered"]
            ),
            gettext("{complete} of {total} units complete").format(
                complete=report["units_complete"], total=report["units_total"]
            ),
            gettext("{count} outstanding").format(count=report["outstanding"]),
        )
    )

    def reason_text(reason: str) -> str:  # inside a sentence: "14 held in a ministry's …"
        label = reason_label(reason, lang) or gettext("No reason given")
        return label[:1].lower() + label[1:]

    counts = report.get("delay_reasons", {})
    reasons = ", ".join(f"{count} {reason_text(reason)}" for reason, count in counts.items())
    return f"{text}: {reasons}" if reasons else text
