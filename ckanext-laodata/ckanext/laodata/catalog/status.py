"""Delivery status of catalog entries and the progress report (DESIGN §5, §6).

One SQL query reads every entry with its linked dataset (the first active or
draft dataset whose ``catalog_code`` extra names the entry) and that
dataset's resource counts; the rules below are pure functions over its rows.
"""
from __future__ import annotations

import datetime
from typing import Any, Iterable, Optional

import ckan.model as model
import sqlalchemy as sa

from .. import vocab
from ..access.classes import metadata_only

STATUSES = ("not_started", "in_progress", "submitted", "returned", "approved", "published")
DELIVERED_STATUSES = ("submitted", "approved", "published")
UNSPECIFIED = "unspecified"

_ROWS_SQL = """
WITH linked AS (
    SELECT DISTINCT ON (p.extras->>'catalog_code')
           p.extras->>'catalog_code' AS code, p.id, p.name, p.title, p.state,
           coalesce(p.extras->>'workflow_status', 'draft') AS workflow_status,
           p.metadata_modified
    FROM package p
    WHERE p.extras->>'catalog_code' IS NOT NULL AND p.extras->>'catalog_code' <> ''
      AND p.state IN ('active', 'draft') AND p.type = 'dataset'
    ORDER BY p.extras->>'catalog_code', p.metadata_created
), res AS (
    SELECT r.package_id,
           count(*) FILTER (WHERE r.url_type = 'upload') AS uploads,
           count(*) FILTER (WHERE coalesce(r.url, '') <> '') AS links
    FROM resource r JOIN linked l ON l.id = r.package_id
    WHERE r.state = 'active'
    GROUP BY r.package_id
)
SELECT e.code, e.title, e.title_lo, e.title_vi, e.title_en, e.unit, e.sector, e.update_frequency,
       e.access_level, e.security_level, e.state_secret, e.source_system, e.connection_status,
       e.due_date, e.delay_reason,
       l.id AS dataset_id, l.name AS dataset_name, l.state AS dataset_state, l.workflow_status,
       l.metadata_modified, coalesce(r.uploads, 0) AS uploads, coalesce(r.links, 0) AS links
FROM laodata_catalog_entry e
LEFT JOIN linked l ON l.code = e.code
LEFT JOIN res r ON r.package_id = l.id
WHERE (CAST(:unit AS text) IS NULL OR e.unit = :unit)
  AND (CAST(:sector AS text) IS NULL OR e.sector = :sector)
ORDER BY e.unit, e.code
"""


def entry_rows(unit: Optional[str] = None, sector: Optional[str] = None) -> list[dict[str, Any]]:
    result = model.Session.execute(sa.text(_ROWS_SQL), {"unit": unit, "sector": sector})
    return [dict(row._mapping) for row in result]


def status_of(row: dict[str, Any]) -> str:
    if not row.get("dataset_id"):
        return "not_started"
    if row.get("dataset_state") == "draft":
        return "in_progress"
    workflow = row.get("workflow_status") or "draft"
    return workflow if workflow in STATUSES else "in_progress"  # "draft"


def has_data(row: dict[str, Any]) -> bool:
    """An uploaded file; or, for an entry held in a ministry's vertical system
    once connected, a link to the system; metadata-only entries need none."""
    if metadata_only(row.get("security_level"), row.get("state_secret")):
        return True
    if row.get("uploads", 0) > 0:
        return True
    return (
        (row.get("source_system") or "local") != "local"
        and row.get("connection_status") == "connected"
        and row.get("links", 0) > 0
    )


def is_delivered(row: dict[str, Any]) -> bool:
    return status_of(row) in DELIVERED_STATUSES and has_data(row)


def is_overdue(row: dict[str, Any], today: datetime.date) -> bool:
    due = row.get("due_date")
    return bool(due and due < today and not is_delivered(row))


def is_stale(row: dict[str, Any], now: datetime.datetime) -> bool:
    if not is_delivered(row) or not row.get("metadata_modified"):
        return False
    max_age = vocab.vocabularies()["update_frequency"].get(row.get("update_frequency") or "", {}).get("max_age_days")
    return bool(max_age) and now - row["metadata_modified"] > datetime.timedelta(days=max_age)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def progress(rows: Iterable[dict[str, Any]], as_of: datetime.date) -> dict[str, Any]:
    """The ``laodata_progress`` result (DESIGN §6) for these entry rows."""
    units: dict[str, dict[str, Any]] = {}
    delay_reasons: dict[str, int] = {}
    for row in rows:
        unit = units.setdefault(
            row["unit"],
            {"unit": row["unit"], "target": 0, "delivered": 0, "approved": 0, "published": 0, "outstanding": []},
        )
        status = status_of(row)
        unit["target"] += 1
        if is_delivered(row):
            unit["delivered"] += 1
            if status in ("approved", "published"):
                unit["approved"] += 1
            if status == "published":
                unit["published"] += 1
        else:
            reason = row.get("delay_reason") or UNSPECIFIED
            delay_reasons[reason] = delay_reasons.get(reason, 0) + 1
            unit["outstanding"].append(
                {"code": row["code"], "title": row["title"], "status": status, "delay_reason": row.get("delay_reason")}
            )
    unit_list = sorted(units.values(), key=lambda u: u["unit"])
    for unit in unit_list:
        unit["percent"] = _percent(unit["delivered"], unit["target"])
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
        "percent_delivered": _percent(delivered, target),
        "units_total": len(unit_list),
        "units_complete": sum(1 for u in unit_list if u["complete"]),
        "units": unit_list,
        "delay_reasons": dict(sorted(delay_reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def headline(report: dict[str, Any]) -> str:
    """"310 of 329 datasets delivered (94.2%) · 12 of 18 units complete · 19 outstanding: …" """
    def reason_text(reason: str) -> str:
        text = vocab.label("delay_reason", reason) if reason != UNSPECIFIED else "no reason given"
        return text[:1].lower() + text[1:]

    reasons = ", ".join(f"{count} {reason_text(reason)}" for reason, count in report["delay_reasons"].items())
    text = (
        f"{report['delivered']} of {report['target']} datasets delivered ({report['percent_delivered']}%) · "
        f"{report['units_complete']} of {report['units_total']} units complete · "
        f"{report['outstanding']} outstanding"
    )
    return f"{text}: {reasons}" if reasons else text
