"""Action index: every action laodata registers or chains (the API reference)."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ..access.activity import dashboard_activity_list
from ..access.dashboard import dashboard_new_activities_count
from ..access.datastore import datastore_info, datastore_search, resource_view_list, resource_view_show
from ..access.read import (
    member_list,
    package_activity_list,
    package_delete,
    package_patch,
    package_show,
    resource_patch,
    resource_show,
)
from ..access.tags import tag_autocomplete, tag_list, tag_search, tag_show
from ..catalog.action import (
    laodata_catalog_entry_list,
    laodata_catalog_entry_show,
    laodata_catalog_entry_update,
    laodata_catalog_import,
    laodata_freshness_check,
    laodata_progress,
    laodata_progress_snapshot,
)
from ..dataset_writes import (
    bulk_update_private,
    bulk_update_public,
    package_create,
    package_owner_org_update,
    package_revise,
    package_update,
    resource_create,
    resource_delete,
    resource_update,
)
from ..dcat.catalog import dcat_catalog_show
from ..dcat.harvest import harvest_source_show
from ..ops.action import laodata_file_problems
from ..quality.action import laodata_personal_data_clear, laodata_quality_show
from ..quality.pull.action import (
    laodata_pull_run,
    laodata_pull_source_delete,
    laodata_pull_source_set,
    laodata_pull_source_show,
)
from ..security.action import (
    api_token_create,
    api_token_revoke,
    laodata_audit_list,
    member_create,
    member_delete,
    user_create,
    user_update,
)
from ..workflow.action import (
    laodata_dataset_publish,
    laodata_dataset_review,
    laodata_dataset_submit,
    laodata_dataset_unpublish,
    laodata_workflow_history,
)

__all__ = [
    "laodata_pull_run",
    "laodata_pull_source_delete",
    "laodata_pull_source_set",
    "laodata_pull_source_show",
    "api_token_create",
    "api_token_revoke",
    "laodata_audit_list",
    "member_create",
    "member_delete",
    "user_create",
    "user_update",
    "bulk_update_private",
    "bulk_update_public",
    "dashboard_activity_list",
    "dashboard_new_activities_count",
    "datastore_info",
    "datastore_search",
    "harvest_source_show",
    "dcat_catalog_show",
    "laodata_catalog_entry_list",
    "laodata_catalog_entry_show",
    "laodata_catalog_entry_update",
    "laodata_catalog_import",
    "laodata_dataset_publish",
    "laodata_dataset_review",
    "laodata_dataset_submit",
    "laodata_dataset_unpublish",
    "laodata_file_problems",
    "laodata_freshness_check",
    "laodata_personal_data_clear",
    "laodata_progress",
    "laodata_quality_show",
    "laodata_progress_snapshot",
    "laodata_workflow_history",
    "member_list",
    "package_activity_list",
    "package_create",
    "package_delete",
    "package_owner_org_update",
    "package_patch",
    "package_revise",
    "package_show",
    "package_update",
    "resource_create",
    "resource_delete",
    "resource_patch",
    "resource_show",
    "resource_view_list",
    "resource_view_show",
    "resource_update",
    "tag_autocomplete",
    "tag_list",
    "tag_search",
    "tag_show",
]

# The DataStore's reads chained by access/datastore.py: a chained action needs the
# action it chains, so these are registered only where the datastore plugin is on
# (a deployment may run without the DataStore: docker/ without its database).
DATASTORE_CHAINS = ("datastore_info", "datastore_search")
HARVEST_CHAINS = ("harvest_source_show",)


def registered() -> dict[str, Any]:
    """The actions the plugin registers (``tk.blanket.actions``): ``__all__``,
    the DataStore's chains only with the datastore plugin, harvest's only with harvest."""
    left_out = set()
    if not p.plugin_loaded("datastore"):
        left_out |= set(DATASTORE_CHAINS)
    if not p.plugin_loaded("harvest"):
        left_out |= set(HARVEST_CHAINS)
    return {name: globals()[name] for name in __all__ if name not in left_out}
