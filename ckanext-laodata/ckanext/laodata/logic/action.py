"""Action index: every action laodata registers or chains (the API reference)."""
from __future__ import annotations

from ..access.action import group_list, organization_list
from ..access.dataset_rules import resource_create, resource_update
from ..catalog.action import (
    laodata_catalog_entry_list,
    laodata_catalog_entry_show,
    laodata_catalog_entry_update,
    laodata_catalog_import,
    laodata_progress,
    laodata_progress_snapshot,
)
from ..catalog.link import package_create, package_update
from ..workflow.action import laodata_dataset_submit

__all__ = [
    "group_list",
    "laodata_catalog_entry_list",
    "laodata_catalog_entry_show",
    "laodata_catalog_entry_update",
    "laodata_catalog_import",
    "laodata_dataset_submit",
    "laodata_progress",
    "laodata_progress_snapshot",
    "organization_list",
    "package_create",
    "package_update",
    "resource_create",
    "resource_update",
]
