"""The reviewers' queue: which datasets wait for a reviewer, how it is filtered,
sorted and paged.

The queue holds the datasets that are ``submitted`` (waiting for review) and
``approved`` (waiting for publication), less those of units the reviewer edits
in (``notify.units_not_reviewed_by``: nobody reviews their own unit). It is a
dataset search run as the reviewer, so the permission labels decide what it
may list and count, like every other read path; the filters (unit, sector,
status) only narrow that search, and their counts are facet counts of the same
search, so a filter never names or counts a dataset the reviewer could not
open.

Waiting time is the time since the dataset's latest workflow event (the move
into its current status). It is indexed with the dataset (``SINCE_FIELD``, a
date field both search engines sort on) so the queue sorts and pages in the
search, oldest first by default.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, cast

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import config, vocab
from . import notify
from .events import workflow_event

STATUSES = ("submitted", "approved")
SINCE_FIELD = "workflow_since_date"
SORTS = {
    "oldest": f"{SINCE_FIELD} asc, metadata_modified asc",
    "newest": f"{SINCE_FIELD} desc, metadata_modified desc",
}
DEFAULT_SORT = "oldest"
# query parameter -> the index field it filters on
FILTER_FIELDS = {"unit": "organization", "sector": "sector", "status": "workflow_status"}
_UNIT_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")  # CKAN's rule for organization names
MAX_PAGE = 10_000


@dataclass(frozen=True)
class QueueQuery:
    unit: str = ""
    sector: str = ""
    status: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1

    def filters(self) -> dict[str, str]:
        """The filters set, by query parameter (for links that keep them)."""
        return {name: value for name in FILTER_FIELDS if (value := getattr(self, name))}

    def params(self, **changes: Any) -> dict[str, Any]:
        """The query string of this query with ``changes`` (defaults left out)."""
        query = replace(self, **changes)
        out: dict[str, Any] = dict(query.filters())
        if query.sort != DEFAULT_SORT:
            out["sort"] = query.sort
        if query.page != 1:
            out["page"] = query.page
        return out


def parse(args: Mapping[str, Any]) -> QueueQuery:
    """The queue's query from a query string; a value it cannot mean is a
    ``tk.ValidationError`` naming the parameter."""
    errors: dict[str, Any] = {}

    def one(name: str) -> str:
        return str(args.get(name) or "").strip()

    unit, sector, status, sort = one("unit"), one("sector"), one("status"), one("sort") or DEFAULT_SORT
    if unit and not _UNIT_NAME.match(unit):
        errors["unit"] = [tk._("Not a unit name")]
    if sector and sector not in vocab.keys("sector"):
        errors["sector"] = [tk._("Unknown sector")]
    if status and status not in STATUSES:
        errors["status"] = [tk._("The queue holds submitted and approved datasets only")]
    if sort not in SORTS:
        errors["sort"] = [tk._("Sort by oldest or newest")]
    page = 1
    if one("page"):
        try:
            page = int(one("page"))
        except ValueError:
            page = 0
        if not 1 <= page <= MAX_PAGE:
            errors["page"] = [tk._("Must be a whole number from 1 to {max}").format(max=MAX_PAGE)]
    if errors:
        raise tk.ValidationError(errors)
    return QueueQuery(unit=unit, sector=sector, status=status, sort=sort, page=page)


def _fq(query: QueueQuery, user_name: str | None, leave_out: str = "") -> str:
    """The search filter of ``query`` for ``user_name``, without the filter ``leave_out``."""
    statuses = [query.status] if query.status and leave_out != "status" else list(STATUSES)
    parts = [f"+workflow_status:({' OR '.join(statuses)})"]
    for name, field in FILTER_FIELDS.items():
        value = getattr(query, name)
        if value and name not in (leave_out, "status"):
            parts.append(f'+{field}:"{value}"')
    parts += [f'-owner_org:"{unit}"' for unit in notify.units_not_reviewed_by(user_name)]
    return " ".join(parts)


def _search(context: Context, data: dict[str, Any]) -> dict[str, Any]:
    return tk.get_action("package_search")(
        cast(Context, dict(context)), {"include_private": True, "include_drafts": False, **data}
    )


def _counts(context: Context, query: QueueQuery, user_name: str | None) -> dict[str, list[dict[str, Any]]]:
    """Each filter's values with their counts and labels, counted with the
    other filters applied (so choosing a unit still shows every status's count)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, field in FILTER_FIELDS.items():
        result = _search(
            context,
            {
                "fq": _fq(query, user_name, leave_out=name),
                "rows": 0,
                "facet.field": [field],
                "facet.limit": -1,
                "facet.mincount": 1,
            },
        )
        items = (result.get("search_facets") or {}).get(field, {}).get("items", [])
        options = [
            {"value": i["name"], "label": i.get("display_name") or i["name"], "count": i["count"]}
            for i in items
        ]
        if name == "status":
            options.sort(key=lambda o: STATUSES.index(o["value"]) if o["value"] in STATUSES else 99)
        else:
            options.sort(key=lambda o: str(o["label"]).lower())
        out[name] = options
    return out


def search(context: Context, query: QueueQuery) -> dict[str, Any]:
    """One page of the queue for the user of ``context``: ``{results, count,
    page, pages, page_size, options, since}``; ``since`` maps each listed
    dataset's id to when it entered its status."""
    user_name = context.get("user") or None
    size = config.review_queue_page_size()
    result = _search(
        context,
        {
            "fq": _fq(query, user_name),
            "sort": SORTS[query.sort],
            "rows": size,
            "start": (query.page - 1) * size,
        },
    )
    results = result["results"]
    return {
        "results": results,
        "count": result["count"],
        "page": query.page,
        "pages": max(1, -(-result["count"] // size)),
        "page_size": size,
        "options": _counts(context, query, user_name),
        "since": since(r["id"] for r in results),
    }


def since(package_ids: Iterable[str]) -> dict[str, datetime.datetime]:
    """When each dataset entered its current status: its latest workflow event."""
    ids = list(package_ids)
    if not ids:
        return {}
    latest = sa.func.max(workflow_event.c.created)
    rows = model.Session.execute(
        sa.select(workflow_event.c.package_id, latest)
        .where(workflow_event.c.package_id.in_(ids))
        .group_by(workflow_event.c.package_id)
    )
    return {package_id: when for package_id, when in rows}


def index_since(index_doc: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the time the dataset entered its status, as a
    search date (the queue sorts on it). Moves write their event before the
    dataset is written and indexed, in the same transaction, so it is current."""
    package_id = index_doc.get("id")
    when = since([package_id]).get(package_id) if package_id else None
    if when is not None:
        index_doc[SINCE_FIELD] = when.isoformat(timespec="milliseconds") + "Z"
    return index_doc
