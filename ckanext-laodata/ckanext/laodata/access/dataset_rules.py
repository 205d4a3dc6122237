"""Metadata-only datasets (DESIGN §4) on every dataset and resource write.

A dataset at security level 4–5 or holding a state secret is catalogued by
metadata only: no file upload and no data link are accepted, on the dataset or
through the resource actions. (The rules between the classes themselves are
schema validators: ``access/validators.py``.)
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from .classes import metadata_only


def field_value(data_dict: DataDict, name: str) -> Any | None:
    value = data_dict.get(name)
    return None if value in (None, "") else value


def _has_data(resource: dict[str, Any]) -> bool:
    return bool(resource.get("upload") or resource.get("url") or resource.get("url_type") == "upload")


def metadata_only_message(values: DataDict) -> str:
    level = field_value(values, "security_level")
    reason = (
        tk._("a state secret") if str(level) not in ("4", "5") else tk._("security level {}").format(level)
    )
    return tk._(
        "This dataset is {} and is catalogued by metadata only: no file upload or data link is accepted"
    ).format(reason)


def check_dataset(data_dict: DataDict) -> None:
    """Refuse data on a metadata-only dataset."""
    if metadata_only(
        field_value(data_dict, "security_level"), field_value(data_dict, "state_secret") or False
    ):
        resources = data_dict.get("resources")
        resources = resources if isinstance(resources, list) else []  # other shapes: CKAN's schema says why
        if any(_has_data(r) for r in resources if isinstance(r, dict)):
            raise tk.ValidationError({"resources": [metadata_only_message(data_dict)]})


def check_resource(context: Context, package_id: str | None, resource: DataDict) -> None:
    if not package_id or not _has_data(resource):
        return
    package = tk.get_action("package_show")({**context, "ignore_auth": True}, {"id": package_id})
    if metadata_only(field_value(package, "security_level"), field_value(package, "state_secret") or False):
        raise tk.ValidationError({"url": [metadata_only_message(package)]})
