"""The catalog's search facets: which, in what order, labelled in the reader's language.

Everyone: sector, unit, update frequency, format, tags, licence, theme (CKAN's
groups). Staff (a
sysadmin or a member of any unit) also get access level and review status.
The counts are the search backend's, taken with the caller's permission
labels, so they only ever count datasets the caller may see; being staff
only adds the two facets, never a dataset.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ..labels import laodata_label, laodata_status_label
from . import content

PUBLIC = ("sector", "organization", "update_frequency", "res_format", "tags", "license_id", "groups")
STAFF = ("access_level", "workflow_status")
# Facets whose values are keys of a vocabulary (schemas/vocabularies.yaml).
VOCABULARY = {"sector": "sector", "update_frequency": "update_frequency", "access_level": "access_level"}


def titles() -> dict[str, str]:
    """Each facet's title in the UI language."""
    return {
        "sector": tk._("Sector"),
        "organization": tk._("Unit"),
        "update_frequency": tk._("Update frequency"),
        "res_format": tk._("Format"),
        "tags": tk._("Tags"),
        "license_id": tk._("Licence"),
        "groups": tk._("Themes"),
        "access_level": tk._("Access level"),
        "workflow_status": tk._("Review status"),
    }


def is_staff(user_name: str | None) -> bool:
    """A logged-in sysadmin or member (any capacity) of at least one unit."""
    if not user_name:
        return False
    if authz.is_sysadmin(user_name):
        return True
    return bool(
        tk.get_action("organization_list_for_user")(
            {"user": user_name, "ignore_auth": True}, {"id": user_name, "permission": "read"}
        )
    )


def _current_user() -> str | None:
    try:
        return tk.current_user.name if tk.current_user.is_authenticated else None
    except (RuntimeError, AttributeError):  # outside a request
        return None


def dataset_facets(with_units: bool = True) -> OrderedDict[str, str]:
    """``IFacets``: the facets of a dataset search (``with_units`` false on a unit's own page)."""
    names = PUBLIC + (STAFF if is_staff(_current_user()) else ())
    labels = titles()
    return OrderedDict((name, labels[name]) for name in names if with_units or name != "organization")


def value_label(field: str, value: str) -> str | None:
    """The label of one facet value in the UI language, or None to keep CKAN's."""
    if field in VOCABULARY:
        return laodata_label(VOCABULARY[field], value)
    if field == "workflow_status":
        return laodata_status_label(value)
    if field == "organization":
        return content.unit_title(value)
    return None


def label_values(search_results: dict[str, Any]) -> dict[str, Any]:
    """``after_dataset_search``: each facet value's ``display_name`` in the UI language."""
    for field, facet in (search_results.get("search_facets") or {}).items():
        for item in facet.get("items", []):
            label = value_label(field, str(item.get("name", "")))
            if label:
                item["display_name"] = label
    return search_results
