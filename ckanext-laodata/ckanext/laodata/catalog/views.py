"""Pages of the target catalog (``/catalog``) and the template helpers they share
(the labels are in ``labels.py``).

Every page is for logged-in users: an anonymous visitor is sent to the login
form, which brings them back here (``came_from``). The pages only call the
catalog's actions, so what a page shows is what the API gives the same user.

The helpers (``laodata_*``, exported by ``helpers.py``) are also used by
CKAN's organization pages (a unit's progress block) and, when
``ckanext.laodata.catalog.public_headline`` is on, by the home page.
"""
from __future__ import annotations

import datetime
import functools
from typing import Any, Callable, Iterable, Optional, cast

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context
from flask import Blueprint, Response

from .. import config, vocab
from ..labels import laodata_lang, status_labels
from . import export
from .action import filtered_entries, hide_unreadable_links
from .model import ENTRY_FIELDS, CatalogEntry
from . import status
from .status import STATUSES, UNSPECIFIED, reason_label

catalog = Blueprint("laodata", __name__)

PAGE_SIZE = 50

EXPORT_COLUMNS = ENTRY_FIELDS + ("status", "delivered", "overdue", "stale", "dataset_name")
PROGRESS_COLUMNS = (
    "unit", "unit_title", "target", "delivered", "approved", "published", "outstanding", "percent", "complete",
)
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------
# Template helpers


def laodata_entry_title(entry: dict[str, Any]) -> str:
    """An entry's title in the UI language, or its main title."""
    return str(entry.get(f"title_{laodata_lang()}") or entry.get("title") or entry.get("code") or "")


def laodata_status_options() -> list[tuple[str, str]]:
    """The choices of the list's status filter: delivered/outstanding, then each status."""
    labels = status_labels()
    return [(key, labels[key]) for key in ("delivered", "outstanding") + STATUSES]


def laodata_delay_reason_label(reason: Optional[str]) -> str:
    """The label, in the UI language, of a delay reason or of an outstanding
    entry's ``reason`` (its delay reason, or the state of its dataset)."""
    return reason_label(reason, laodata_lang()) or tk._("No reason given")


def laodata_headline(report: dict[str, Any]) -> str:
    """The progress report in one sentence in the UI language (``status.headline``)."""
    return status.headline(report, tk._, laodata_lang())


def laodata_unit_progress(unit: str) -> Optional[dict[str, Any]]:
    """One unit's delivery figures for its organization page, or None when the
    user may not see the catalog or the unit has no catalog entries."""
    try:
        report = tk.get_action("laodata_progress")(_context(), {"unit": unit})
    except (tk.NotAuthorized, tk.ValidationError):
        return None
    units = report.get("units") or []
    if not units:
        return None
    figures = dict(units[0])
    figures["outstanding_count"] = len(figures.get("outstanding") or [])
    return figures


def laodata_public_headline() -> Optional[dict[str, Any]]:
    """The catalog's overall figures for the home page, when the site shows them
    publicly (``ckanext.laodata.catalog.public_headline``, default off). Only
    counts are shown, never an entry."""
    if not config.public_headline():
        return None
    report = tk.get_action("laodata_progress")(cast(Context, {"ignore_auth": True}), {})
    if not report["target"]:
        return None
    return {k: report[k] for k in (
        "as_of", "target", "delivered", "approved", "published", "outstanding", "percent_delivered",
        "units_total", "units_complete", "delay_reasons")}


# --------------------------------------------------------------------------
# Page plumbing


def _context() -> Context:
    # Only the name: CKAN looks the user up. (An anonymous visitor's
    # ``current_user`` object is truthy, so it is not passed as auth_user_obj.)
    return cast(Context, {"user": tk.current_user.name})


@catalog.before_request
def _login_required() -> Optional[Response]:
    """Anonymous visitors go to the login form, which brings them back."""
    if not tk.current_user.is_anonymous:
        return None
    query = tk.request.query_string.decode("utf-8", "replace")
    came_from = tk.request.path + (f"?{query}" if query else "")
    return cast(Response, tk.redirect_to(tk.h.url_for("user.login", came_from=came_from)))


def _unit_titles() -> dict[str, str]:
    rows = model.Session.query(model.Group.name, model.Group.title).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active")
    return {name: title or name for name, title in rows}


def _catalog_units(titles: dict[str, str]) -> list[tuple[str, str]]:
    """``(name, title)`` of the units that have catalog entries, by title."""
    names = [name for (name,) in model.Session.query(CatalogEntry.unit).distinct()]
    return sorted(((name, titles.get(name, name)) for name in names), key=lambda pair: pair[1].casefold())


def _list_filters() -> dict[str, str]:
    """The list filters of the query string that are valid; others are dropped."""
    args = tk.request.args
    filters: dict[str, str] = {}
    for name in ("unit", "q"):
        value = (args.get(name) or "").strip()
        if value:
            filters[name] = value[:200]
    if args.get("sector") in vocab.keys("sector"):
        filters["sector"] = str(args["sector"])
    if args.get("status") in dict(laodata_status_options()):
        filters["status"] = str(args["status"])
    return filters


def _page_number() -> int:
    try:
        return max(1, int(tk.request.args.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def _pages(page: int, count: int, around: int = 2) -> list[Optional[int]]:
    """The page numbers a pager links to: the first, the last and a few around
    the current one; None marks a gap. Empty for a single page."""
    if count <= 1:
        return []
    shown = {1, count, *range(max(1, page - around), min(count, page + around) + 1)}
    out: list[Optional[int]] = []
    for number in sorted(shown):
        if out and out[-1] is not None and number - cast(int, out[-1]) > 1:
            out.append(None)
        out.append(number)
    return out


def _refuse_bad_input(view: Callable[..., Any]) -> Callable[..., Any]:
    """A parameter the actions refuse is the visitor's error: 400 with the
    reason, never a 500."""
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except tk.ValidationError as exc:
            reasons = "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in exc.error_dict.items())
            return tk.abort(400, tk._("The request was refused: {}").format(reasons))

    return wrapper


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    })


# --------------------------------------------------------------------------
# The entry list and one entry


@catalog.route("/catalog")
@_refuse_bad_input
def index() -> str:
    filters = _list_filters()
    page = _page_number()
    result = tk.get_action("laodata_catalog_entry_list")(
        _context(), dict(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    pages = _pages(page, -(-result["count"] // PAGE_SIZE))
    titles = _unit_titles()
    return tk.render("laodata/index.html", {
        "entries": result["results"],
        "count": result["count"],
        "page": page,
        "pages": pages,
        "filters": filters,
        "unit_titles": titles,
        "unit_options": _catalog_units(titles),
    })


@catalog.route("/catalog/<code>")
@_refuse_bad_input
def entry(code: str) -> str:
    try:
        item = tk.get_action("laodata_catalog_entry_show")(_context(), {"code": code})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no catalog entry with this code."))
    unit = model.Group.get(item["unit"])
    organization = (
        {"id": unit.id, "name": unit.name, "title": unit.title or unit.name}
        if unit is not None and unit.is_organization and unit.state == "active" else None
    )
    return tk.render("laodata/entry.html", {"entry": item, "organization": organization})


# --------------------------------------------------------------------------
# Progress


def _sorted_units(units: list[dict[str, Any]], sort: str, titles: dict[str, str]) -> list[dict[str, Any]]:
    def by_title(unit: dict[str, Any]) -> str:
        return titles.get(unit["unit"], unit["unit"]).casefold()

    if sort == "percent":  # least complete first (most left to deliver on a tie): what a working session discusses
        return sorted(units, key=lambda u: (u["percent"], u["delivered"] - u["target"], by_title(u)))
    if sort == "-percent":
        return sorted(units, key=lambda u: (-u["percent"], by_title(u)))
    return sorted(units, key=by_title)


def _outstanding_by_reason(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Outstanding entries grouped by why they are outstanding (their delay
    reason, or the state of their dataset), in the headline's order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for unit in report["units"]:
        for item in unit.get("outstanding") or []:
            groups.setdefault(item.get("reason") or UNSPECIFIED, []).append(dict(item, unit=unit["unit"]))
    order = list(report.get("delay_reasons") or {})  # the headline's order: most frequent first
    return [
        {"reason": reason, "entries": sorted(items, key=lambda i: (i["unit"], i["code"]))}
        for reason, items in sorted(groups.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), -len(kv[1]), kv[0]))
    ]


_CHART_WIDTH, _CHART_HEIGHT = 640, 220
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 44, 16, 12, 28


def _trend(live: dict[str, Any], days: int = 366) -> Optional[dict[str, Any]]:
    """The share of the catalog delivered on each snapshot day of the last year,
    as coordinates for an inline SVG chart (no script, nothing external).

    Earlier days come from their snapshots; today's point is ``live``, today's
    report (the headline's figures), never today's snapshot: entries and
    datasets change after a snapshot is taken. No chart before the first
    snapshot."""
    today = datetime.date.today()
    snapshots = status.snapshot_totals(today - datetime.timedelta(days=days))
    if not snapshots:
        return None
    rows = [(day, target, delivered, status.percent(delivered, target))
            for day, target, delivered in snapshots if day < today]
    rows.append((today, live["target"], live["delivered"], live["percent_delivered"]))
    inner_w = _CHART_WIDTH - _PAD_LEFT - _PAD_RIGHT
    inner_h = _CHART_HEIGHT - _PAD_TOP - _PAD_BOTTOM
    first, last = rows[0][0], rows[-1][0]
    span = (last - first).days or 1
    points = []
    for day, target, delivered, percent in rows:
        x = _PAD_LEFT + (inner_w * (day - first).days / span if len(rows) > 1 else inner_w / 2)
        y = _PAD_TOP + inner_h * (1 - percent / 100.0)
        points.append({"day": day.isoformat(), "target": target, "delivered": delivered, "percent": percent,
                       "x": round(x, 1), "y": round(y, 1)})
    line = " ".join(f"{p['x']},{p['y']}" for p in points)
    baseline = _PAD_TOP + inner_h
    area = f"{points[0]['x']},{baseline} {line} {points[-1]['x']},{baseline}"
    grid = [{"percent": pct, "y": round(_PAD_TOP + inner_h * (1 - pct / 100.0), 1)} for pct in (0, 25, 50, 75, 100)]
    return {
        "width": _CHART_WIDTH, "height": _CHART_HEIGHT, "left": _PAD_LEFT, "right": _CHART_WIDTH - _PAD_RIGHT,
        "baseline": baseline, "points": points, "line": line, "area": area, "grid": grid,
        "first": points[0], "last": points[-1],
    }


def _progress_report() -> tuple[dict[str, Any], Optional[str]]:
    """Today's report, or a snapshot day's (``?as_of=YYYY-MM-DD``); with a
    message when the asked day cannot be shown."""
    as_of = (tk.request.args.get("as_of") or "").strip()
    action = tk.get_action("laodata_progress")
    if as_of and as_of != datetime.date.today().isoformat():
        try:
            datetime.date.fromisoformat(as_of)
            return action(_context(), {"as_of": as_of}), None
        except (ValueError, tk.ValidationError):
            return action(_context(), {}), tk._("Give the date as YYYY-MM-DD.")
        except tk.ObjectNotFound:
            return action(_context(), {}), tk._("No progress was recorded on that day; today's figures are shown.")
    return action(_context(), {}), None


@catalog.route("/catalog/progress")
@_refuse_bad_input
def progress() -> str:
    report, message = _progress_report()
    snapshot = report["as_of"] != datetime.date.today().isoformat()
    titles = _unit_titles()
    sort = tk.request.args.get("sort", "unit")
    sort = sort if sort in ("unit", "percent", "-percent") else "unit"
    return tk.render("laodata/progress.html", {
        "report": report,
        "message": message,
        "snapshot": snapshot,
        "units": _sorted_units(report["units"], sort, titles),
        "sort": sort,
        "unit_titles": titles,
        "outstanding_groups": _outstanding_by_reason(report),
        # titles in every language and the overdue/stale flags of today's outstanding entries
        "outstanding_entries": {} if snapshot else {e["code"]: e for e in _listed({"status": "outstanding"})},
        "trend": _trend(tk.get_action("laodata_progress")(_context(), {}) if snapshot else report),
        "print_view": tk.request.args.get("print") in ("1", "true", "yes"),
        "as_of": tk.request.args.get("as_of", ""),
    })


def _progress_rows() -> tuple[list[dict[str, Any]], str]:
    report, _message = _progress_report()
    titles = _unit_titles()
    rows = [
        dict(u, unit_title=titles.get(u["unit"], u["unit"]), outstanding=u["target"] - u["delivered"])
        for u in _sorted_units(report["units"], tk.request.args.get("sort", "unit"), titles)
    ]
    return rows, report["as_of"]


@catalog.route("/catalog/progress.csv")
@_refuse_bad_input
def progress_csv() -> Response:
    rows, day = _progress_rows()
    return _download(export.to_csv(rows, PROGRESS_COLUMNS), f"catalog-progress-{day}.csv", "text/csv")


@catalog.route("/catalog/progress.xlsx")
@_refuse_bad_input
def progress_xlsx() -> Response:
    rows, day = _progress_rows()
    body = export.to_xlsx(rows, PROGRESS_COLUMNS, sheet_title="Progress")
    return _download(body, f"catalog-progress-{day}.xlsx", _XLSX_TYPE)


# --------------------------------------------------------------------------
# Catalog export


def _listed(filters: dict[str, str]) -> list[dict[str, Any]]:
    """Every entry these filters select, read once (not page by page: each
    page would read the whole catalog again)."""
    context = _context()
    return hide_unreadable_links(context, filtered_entries(context, dict(filters)))


def _export_rows(filters: dict[str, str]) -> Iterable[dict[str, Any]]:
    """Every entry that the filters select (all of them without filters): its
    fields from the catalog table and its delivery status."""
    listed = _listed(filters)
    full = {e.code: e.as_dict() for e in model.Session.query(CatalogEntry).filter(
        CatalogEntry.code.in_([row["code"] for row in listed]))} if listed else {}
    return [dict(full.get(row["code"], {}), **{k: row.get(k) for k in EXPORT_COLUMNS if k in row}) for row in listed]


@catalog.route("/catalog/export.csv")
@_refuse_bad_input
def export_csv() -> Response:
    rows = _export_rows(_list_filters())
    day = datetime.date.today().isoformat()
    return _download(export.to_csv(rows, EXPORT_COLUMNS), f"catalog-{day}.csv", "text/csv")


@catalog.route("/catalog/export.xlsx")
@_refuse_bad_input
def export_xlsx() -> Response:
    rows = _export_rows(_list_filters())
    day = datetime.date.today().isoformat()
    return _download(export.to_xlsx(rows, EXPORT_COLUMNS), f"catalog-{day}.xlsx", _XLSX_TYPE)


# The catalog fields a dataset started from an entry carries (fields of the
# dataset schema, schemas/dataset.yaml).
_PREFILL_FIELDS = (
    "title_lo", "title_vi", "title_en", "sector", "update_frequency", "access_level", "security_level",
    "importance", "personal_data", "state_secret", "source_system", "legal_basis",
)


def laodata_start_dataset_url(entry: dict[str, Any], organization_id: str) -> str:
    """``/dataset/new`` prefilled from the entry: CKAN's new-dataset form reads
    its initial values from the query string, one parameter per field."""
    params: dict[str, Any] = {"title": entry.get("title") or "", "owner_org": organization_id,
                              "catalog_code": entry["code"]}
    for name in _PREFILL_FIELDS:
        value = entry.get(name)
        if value in (None, ""):
            continue
        params[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return tk.h.url_for("dataset.new", **params)
