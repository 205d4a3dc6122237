"""The catalog's template helpers and what its pages show, worked out from the actions' results.

The ``laodata_*`` functions are template helpers (exported by the package's
``helpers.py``), also used by CKAN's organization pages (a unit's progress
block) and, when ``ckanext.laodata.catalog.public_headline`` is on, by the
home page. The others prepare the catalog pages' figures (``views.py``):
plain numbers, dates and dicts, never markup.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import config, language
from ..labels import laodata_lang, status_labels
from . import digest, status
from .fields import DATASET_FIELDS


def user_context() -> Context:
    """The context for an action called for the page's user."""
    # Only the name: CKAN looks the user up. (An anonymous visitor's
    # ``current_user`` object is truthy, so it is not passed as auth_user_obj.)
    return cast(Context, {"user": tk.current_user.name})


# --------------------------------------------------------------------------
# Template helpers


def laodata_entry_title(entry: dict[str, Any]) -> str:
    """An entry's title in the UI language, by the content fallback rule (``language.py``), or its code."""
    return language.translated(entry, "title", laodata_lang()) or str(entry.get("code") or "")


def laodata_status_options() -> list[tuple[str, str]]:
    """The choices of the list's status filter: delivered/outstanding, then each status."""
    labels = status_labels()
    return [(key, labels[key]) for key in ("delivered", "outstanding") + status.STATUSES]


def laodata_delay_reason_label(reason: str | None) -> str:
    """The label, in the UI language, of a delay reason or of an outstanding
    entry's ``reason`` (its delay reason, or the state of its dataset)."""
    return status.reason_label(reason, laodata_lang()) or tk._("No reason given")


def laodata_headline(report: dict[str, Any]) -> str:
    """The progress report in one sentence in the UI language (``status.headline``)."""
    return status.headline(report, tk._, laodata_lang())


def laodata_unit_progress(unit: str) -> dict[str, Any] | None:
    """One unit's delivery figures for its organization page, or None when the
    user may not see the catalog or the unit has no catalog entries."""
    try:
        report = tk.get_action("laodata_progress")(user_context(), {"unit": unit})
    except (tk.NotAuthorized, tk.ValidationError):
        return None
    units = report.get("units") or []
    if not units:
        return None
    figures = dict(units[0])
    figures["outstanding_count"] = len(figures.get("outstanding") or [])
    return figures


def laodata_public_headline() -> dict[str, Any] | None:
    """The catalog's overall figures for the home page, when the site shows them
    publicly (``ckanext.laodata.catalog.public_headline``, default off). Only
    counts are shown, never an entry."""
    if not config.public_headline():
        return None
    report = tk.get_action("laodata_progress")(cast(Context, {"ignore_auth": True}), {})
    if not report["target"]:
        return None
    return {
        k: report[k]
        for k in (
            "as_of",
            "target",
            "delivered",
            "approved",
            "published",
            "outstanding",
            "percent_delivered",
            "units_total",
            "units_complete",
            "delay_reasons",
        )
    }


def laodata_late_for_me() -> dict[str, Any]:
    """What is late for the dashboard's user (``digest.late_for``): their units'
    stale datasets and overdue entries; the province's counts for the coordinating office."""
    return digest.late_for(tk.current_user.name if not tk.current_user.is_anonymous else None)


def laodata_start_dataset_url(entry: dict[str, Any], organization_id: str) -> str:
    """``/dataset/new`` prefilled from the entry: CKAN's new-dataset form reads
    its initial values from the query string, one parameter per field."""
    params: dict[str, Any] = {
        "title": entry.get("title") or "",
        "owner_org": organization_id,
        "catalog_code": entry["code"],
    }
    for name in DATASET_FIELDS:
        value = entry.get(name)
        if value in (None, ""):
            continue
        params[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return tk.h.url_for("dataset.new", **params)


# --------------------------------------------------------------------------
# The pages' figures


def unit_options(units: list[str], titles: dict[str, str]) -> list[tuple[str, str]]:
    """``(name, title)`` of these units, by title."""
    return sorted(((name, titles.get(name, name)) for name in units), key=lambda pair: pair[1].casefold())


SORTS = ("unit", "percent", "-percent")


def sorted_units(units: list[dict[str, Any]], sort: str, titles: dict[str, str]) -> list[dict[str, Any]]:
    """A report's units by title, or by completion (``percent``: least
    complete first; ``-percent``: most complete first)."""

    def by_title(unit: dict[str, Any]) -> str:
        return titles.get(unit["unit"], unit["unit"]).casefold()

    # least complete first (most left to deliver on a tie): what a working session discusses
    if sort == "percent":
        return sorted(units, key=lambda u: (u["percent"], u["delivered"] - u["target"], by_title(u)))
    if sort == "-percent":
        return sorted(units, key=lambda u: (-u["percent"], by_title(u)))
    return sorted(units, key=by_title)


def outstanding_by_reason(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Outstanding entries grouped by why they are outstanding (their delay
    reason, or the state of their dataset), in the headline's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for unit in report["units"]:
        for item in unit.get("outstanding") or []:
            reason = item.get("reason") or status.UNSPECIFIED
            groups.setdefault(reason, []).append(dict(item, unit=unit["unit"]))
    order = list(report.get("delay_reasons") or {})  # the headline's order: most frequent first
    return [
        {"reason": reason, "entries": sorted(items, key=lambda i: (i["unit"], i["code"]))}
        for reason, items in sorted(
            groups.items(),
            key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), -len(kv[1]), kv[0]),
        )
    ]


def trend(live: dict[str, Any], days: int = 366) -> list[dict[str, Any]] | None:
    """The share of the catalog delivered on each snapshot day of the last
    year, oldest first, for the trend chart (``macros/chart.html`` draws it):
    ``{day, offset (days after the first point), target, delivered, percent}``.

    Earlier days come from their snapshots; today's point is ``live``, today's
    report (the headline's figures), never today's snapshot: entries and
    datasets change after a snapshot is taken. None before the first snapshot."""
    today = datetime.date.today()
    snapshots = status.snapshot_totals(today - datetime.timedelta(days=days))
    if not snapshots:
        return None
    points = [
        (day, target, delivered, status.percent(delivered, target))
        for day, target, delivered in snapshots
        if day < today
    ]
    points.append((today, live["target"], live["delivered"], live["percent_delivered"]))
    first = points[0][0]
    return [
        {
            "day": day.isoformat(),
            "offset": (day - first).days,
            "target": target,
            "delivered": delivered,
            "percent": percent,
        }
        for day, target, delivered, percent in points
    ]


def quality_ranking(units: list[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
    """The units by quality score, best first (units without a score last, by
    title), each with its ``rank`` (equal scores share a rank; None without a score)."""
    scored = sorted(
        units,
        key=lambda u: (
            u.get("quality_score") is None,
            -(u.get("quality_score") or 0),
            titles.get(u["unit"], u["unit"]).casefold(),
        ),
    )
    out: list[dict[str, Any]] = []
    for position, unit in enumerate(scored, start=1):
        rank = None
        if unit.get("quality_score") is not None:
            same = out and out[-1]["quality_score"] == unit["quality_score"]
            rank = out[-1]["rank"] if same else position
        out.append(dict(unit, rank=rank, title=titles.get(unit["unit"], unit["unit"])))
    return out
