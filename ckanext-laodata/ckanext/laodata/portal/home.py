"""What the home page shows: published datasets by sector and by unit, the
latest published and the recently updated ones.

Everything comes from ``package_search`` run as the visitor without private
datasets, so the figures are the published datasets anyone may see (a
dataset is public only once published, DESIGN §5) and the counts are the
search backend's permission-aware facet counts.
"""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ..labels import laodata_label
from ..workflow import events
from . import content

LIST_LENGTH = 5


def _search(data_dict: dict[str, Any]) -> dict[str, Any]:
    context = cast(Context, {"user": tk.current_user.name, "for_view": True})
    return tk.get_action("package_search")(context, {"include_private": False, **data_dict})


def _facet(result: dict[str, Any], field: str) -> list[tuple[str, int]]:
    items = result.get("search_facets", {}).get(field, {}).get("items", [])
    return sorted(((i["name"], i["count"]) for i in items), key=lambda pair: (-pair[1], pair[0]))


def latest_published(limit: int = LIST_LENGTH) -> list[dict[str, Any]]:
    """The datasets most recently published that are still public, newest first."""
    recent = events.recently_published(limit * 4)
    if not recent:
        return []
    ids = " OR ".join(f'"{package_id}"' for package_id, _ in recent)
    found = _search({"fq": f"id:({ids})", "rows": len(recent)})["results"]
    by_id = {pkg["id"]: pkg for pkg in found}
    out = []
    for package_id, when in recent:
        if package_id in by_id:
            out.append(dict(by_id[package_id], laodata_published=when))
    return out[:limit]


def figures() -> dict[str, Any]:
    """``{count, sectors, units, updated, published}`` for the home page."""
    result = _search(
        {
            "rows": LIST_LENGTH,
            "sort": "metadata_modified desc",
            "facet.field": ["sector", "organization"],
            "facet.limit": -1,
        }
    )
    sectors = [
        {
            "key": key,
            "label": laodata_label("sector", key),
            "count": count,
            "url": tk.h.url_for("dataset.search", sector=key),
        }
        for key, count in _facet(result, "sector")
    ]
    units = [
        {
            "name": name,
            "title": content.unit_title(name),
            "count": count,
            "url": tk.h.url_for("organization.read", id=name),
        }
        for name, count in _facet(result, "organization")
    ]
    return {
        "count": result["count"],
        "sectors": sectors,
        "units": units,
        "updated": result["results"],
        "published": latest_published(),
    }
