"""Dataset counts on organization and group lists that only count what the
caller may see.

CKAN's ``organization_list``/``group_list`` (``all_fields``) take their
``package_count`` from one unfiltered search (``get_group_dataset_counts``),
so anonymous visitors learn how many private datasets a unit holds. These
chained actions recount with the caller's own ``package_search``, which
applies their permission labels.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict


def _visible_counts(context: Context, facet: str) -> dict[str, int]:
    result = tk.get_action("package_search")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"rows": 0, "include_private": True, "facet.field": [facet], "facet.limit": -1},
    )
    return result["facets"].get(facet, {})


def _recount(context: Context, groups: list[Any], facet: str, key: str) -> list[Any]:
    if not groups or not isinstance(groups[0], dict) or "package_count" not in groups[0]:
        return groups
    counts = _visible_counts(context, facet)
    for group in groups:
        group["package_count"] = counts.get(group[key], 0)
    return groups


@tk.chained_action
@tk.side_effect_free
def organization_list(up_func: Action, context: Context, data_dict: DataDict) -> list[Any]:
    return _recount(context, up_func(context, data_dict), "owner_org", "id")


@tk.chained_action
@tk.side_effect_free
def group_list(up_func: Action, context: Context, data_dict: DataDict) -> list[Any]:
    return _recount(context, up_func(context, data_dict), "groups", "name")
