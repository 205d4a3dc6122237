"""Tags only of datasets the caller may read (DESIGN §6).

CKAN's ``tag_list``, ``tag_search``, ``tag_autocomplete`` and ``tag_show``
read the tag tables directly and so list (or confirm) the tags of private
datasets to anyone. These
chained actions keep only tags that the search index, filtered by the
caller's permission labels, shows on at least one dataset.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict


def readable_tags(context: Context) -> set[str]:
    result = tk.get_action("package_search")(
        {"user": context.get("user") or "", "ignore_auth": False},
        {"rows": 0, "include_private": True, "facet.field": ["tags"], "facet.limit": -1, "facet.mincount": 1},
    )
    return {item["name"] for item in result["search_facets"].get("tags", {}).get("items", [])}


def _name(tag: Any) -> str:
    return tag["name"] if isinstance(tag, dict) else str(tag)


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tags = up_func(context, data_dict)
    if data_dict.get("vocabulary_id"):
        return tags  # vocabulary tags are a controlled list, not data
    allowed = readable_tags(context)
    return [t for t in tags if _name(t) in allowed]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    if data_dict.get("vocabulary_id"):
        return up_func(context, data_dict)
    # filter all matches first, then page, so that count and offset stay right
    everything = up_func(context, {**data_dict, "limit": None, "offset": 0})
    allowed = readable_tags(context)
    kept = [t for t in everything["results"] if _name(t) in allowed]
    offset, limit = _paging(data_dict)
    return {"count": len(kept), "results": kept[offset : offset + limit if limit is not None else None]}


def _paging(data_dict: DataDict) -> tuple[int, Any]:
    try:
        offset = max(int(data_dict.get("offset") or 0), 0)
        limit: Any = data_dict.get("limit")
        return offset, (max(int(limit), 0) if limit not in (None, "") else None)
    except (TypeError, ValueError):
        raise tk.ValidationError({"limit": [tk._("limit and offset must be whole numbers")]}) from None


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    names = up_func(context, data_dict)
    if data_dict.get("vocabulary_id"):
        return names
    allowed = readable_tags(context)
    return [n for n in names if n in allowed]


@tk.chained_action
@tk.side_effect_free
def tag_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tag = up_func(context, data_dict)
    if tag.get("vocabulary_id") or tag.get("name") in readable_tags(context):
        return tag
    raise tk.ObjectNotFound(tk._("Tag not found"))
