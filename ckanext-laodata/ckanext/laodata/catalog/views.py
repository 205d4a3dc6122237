"""Pages of the target catalog (``/catalog``).

Every page is for logged-in users: an anonymous visitor is sent to the login
form, which brings them back here (``came_from``). The pages only call the
catalog's actions, so what a page shows is what the API gives the same user;
what they show is worked out in ``helpers.py`` (figures, trend points, labels
through the template helpers), the export rows in ``export.py``.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, cast

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from .. import locales, vocab
from ..downloads import attachment
from ..validation import error_messages
from . import export, helpers, units
from .action import filtered_entries, hide_unreadable_links

catalog = Blueprint("laodata", __name__)

PAGE_SIZE = 50


# --------------------------------------------------------------------------
# Page plumbing


@catalog.before_request
def _login_required() -> Response | None:
    """Anonymous visitors go to the login form, which brings them back."""
    if not tk.current_user.is_anonymous:
        return None
    return cast(Response, locales.login_redirect())


def _list_filters() -> dict[str, str]:
    """The list filters of the query string that are valid; others are dropped."""
    args = request.args
    filters: dict[str, str] = {}
    for name in ("unit", "q"):
        value = (args.get(name) or "").strip()
        if value:
            filters[name] = value[:200]
    if args.get("sector") in vocab.keys("sector"):
        filters["sector"] = str(args["sector"])
    if args.get("status") in dict(helpers.laodata_status_options()):
        filters["status"] = str(args["status"])
    return filters


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def _pages(page: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager links to: the first, the last and a few around
    the current one; None marks a gap. Empty for a single page."""
    if count <= 1:
        return []
    shown = {1, count, *range(max(1, page - around), min(count, page + around) + 1)}
    out: list[int | None] = []
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
            reasons = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in error_messages(exc.error_dict).items()
            )
            return tk.abort(400, tk._("The request was refused: {}").format(reasons))

    return wrapper


# --------------------------------------------------------------------------
# The entry list and one entry


@catalog.route("/catalog")
@_refuse_bad_input
def index() -> str:
    filters = _list_filters()
    page = _page_number()
    result = tk.get_action("laodata_catalog_entry_list")(
        helpers.user_context(), dict(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    )
    pages = _pages(page, -(-result["count"] // PAGE_SIZE))
    titles = units.unit_titles()
    return tk.render(
        "laodata/index.html",
        {
            "entries": result["results"],
            "count": result["count"],
            "page": page,
            "pages": pages,
            "filters": filters,
            "unit_titles": titles,
            "unit_options": helpers.unit_options(units.units_with_entries(), titles),
        },
    )


@catalog.route("/catalog/<code>")
@_refuse_bad_input
def entry(code: str) -> str:
    try:
        item = tk.get_action("laodata_catalog_entry_show")(helpers.user_context(), {"code": code})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("There is no catalog entry with this code."))
    return tk.render("laodata/entry.html", {"entry": item, "organization": units.organization(item["unit"])})


# --------------------------------------------------------------------------
# Progress


def _progress_report() -> tuple[dict[str, Any], str | None]:
    """Today's report, or a snapshot day's (``?as_of=YYYY-MM-DD``); with a
    message when the asked day cannot be shown."""
    as_of = (request.args.get("as_of") or "").strip()
    action, context = tk.get_action("laodata_progress"), helpers.user_context()
    if as_of and as_of != datetime.date.today().isoformat():
        try:
            datetime.date.fromisoformat(as_of)
            return action(context, {"as_of": as_of}), None
        except (ValueError, tk.ValidationError):
            return action(context, {}), tk._("Give the date as YYYY-MM-DD.")
        except tk.ObjectNotFound:
            message = tk._("No progress was recorded on that day; today's figures are shown.")
            return action(context, {}), message
    return action(context, {}), None


@catalog.route("/catalog/progress")
@_refuse_bad_input
def progress() -> str:
    report, message = _progress_report()
    snapshot = report["as_of"] != datetime.date.today().isoformat()
    titles = units.unit_titles()
    sort = _sort()
    return tk.render(
        "laodata/progress.html",
        {
            "report": report,
            "message": message,
            "snapshot": snapshot,
            "units": helpers.sorted_units(report["units"], sort, titles),
            "sort": sort,
            "unit_titles": titles,
            "outstanding_groups": helpers.outstanding_by_reason(report),
            # titles in every language and the overdue/stale flags of today's outstanding entries
            "outstanding_entries": {}
            if snapshot
            else {e["code"]: e for e in _listed({"status": "outstanding"})},
            "trend": helpers.trend(_todays_report() if snapshot else report),
            "print_view": request.args.get("print") in ("1", "true", "yes"),
            "as_of": request.args.get("as_of", ""),
            "ranking": helpers.quality_ranking(report["units"], titles),
        },
    )


@catalog.route("/catalog/progress/quality")
@_refuse_bad_input
def quality_ranking() -> str:
    """The units ranked by quality score, on a page of its own to print for the working session."""
    report = _todays_report()
    return tk.render(
        "laodata/quality_ranking.html",
        {
            "report": report,
            "ranking": helpers.quality_ranking(report["units"], units.unit_titles()),
            "print_view": request.args.get("print") in ("1", "true", "yes"),
        },
    )


def _todays_report() -> dict[str, Any]:
    return tk.get_action("laodata_progress")(helpers.user_context(), {})


def _sort() -> str:
    sort = request.args.get("sort", "unit")
    return sort if sort in helpers.SORTS else "unit"


def _progress_rows() -> tuple[list[dict[str, Any]], str]:
    report, _message = _progress_report()
    titles = units.unit_titles()
    units_sorted = helpers.sorted_units(report["units"], _sort(), titles)
    return export.progress_rows(units_sorted, titles), report["as_of"]


@catalog.route("/catalog/progress.csv")
@_refuse_bad_input
def progress_csv() -> Response:
    rows, day = _progress_rows()
    return attachment(export.to_csv(rows, export.PROGRESS_COLUMNS), f"catalog-progress-{day}.csv", "text/csv")


@catalog.route("/catalog/progress.xlsx")
@_refuse_bad_input
def progress_xlsx() -> Response:
    rows, day = _progress_rows()
    body = export.to_xlsx(rows, export.PROGRESS_COLUMNS, sheet_title="Progress")
    return attachment(body, f"catalog-progress-{day}.xlsx", export.XLSX_TYPE)


# --------------------------------------------------------------------------
# Catalog export


def _listed(filters: dict[str, str]) -> list[dict[str, Any]]:
    """Every entry these filters select, read once (not page by page: each
    page would read the whole catalog again)."""
    context = helpers.user_context()
    return hide_unreadable_links(context, filtered_entries(context, dict(filters)))


@catalog.route("/catalog/export.csv")
@_refuse_bad_input
def export_csv() -> Response:
    rows = export.entry_rows(_listed(_list_filters()))
    day = datetime.date.today().isoformat()
    return attachment(export.to_csv(rows, export.ENTRY_COLUMNS), f"catalog-{day}.csv", "text/csv")


@catalog.route("/catalog/export.xlsx")
@_refuse_bad_input
def export_xlsx() -> Response:
    rows = export.entry_rows(_listed(_list_filters()))
    day = datetime.date.today().isoformat()
    return attachment(export.to_xlsx(rows, export.ENTRY_COLUMNS), f"catalog-{day}.xlsx", export.XLSX_TYPE)
