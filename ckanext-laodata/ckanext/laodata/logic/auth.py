"""Auth index: laodata's auth functions, named as their actions."""
from __future__ import annotations

from ..catalog.auth import (
    laodata_catalog_entry_list,
    laodata_catalog_entry_show,
    laodata_catalog_entry_update,
    laodata_catalog_import,
    laodata_progress,
    laodata_progress_snapshot,
)
from ..workflow.auth import laodata_dataset_submit

__all__ = [
    "laodata_catalog_entry_list",
    "laodata_catalog_entry_show",
    "laodata_catalog_entry_update",
    "laodata_catalog_import",
    "laodata_dataset_submit",
    "laodata_progress",
    "laodata_progress_snapshot",
]
