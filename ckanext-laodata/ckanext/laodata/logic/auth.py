"""Auth index: laodata's auth functions, named as their actions."""

from __future__ import annotations

from ..access.activity import (
    activity_data_show,
    activity_diff,
    activity_show,
    group_activity_list,
    organization_activity_list,
    package_activity_list,
    recently_changed_packages_activity_list,
    user_activity_list,
)
from ..access.collaborators import (
    package_collaborator_create,
    package_collaborator_delete,
    package_collaborator_list,
)
from ..catalog.auth import (
    laodata_catalog_entry_list,
    laodata_catalog_entry_show,
    laodata_catalog_entry_update,
    laodata_catalog_import,
    laodata_freshness_check,
    laodata_progress,
    laodata_progress_snapshot,
)
from ..ops.auth import laodata_file_problems
from ..quality.auth import laodata_personal_data_clear, laodata_quality_show
from ..quality.pull.auth import (
    laodata_pull_run,
    laodata_pull_source_delete,
    laodata_pull_source_set,
    laodata_pull_source_show,
)
from ..security.auth import laodata_audit_list
from ..workflow.auth import (
    laodata_dataset_publish,
    laodata_dataset_review,
    laodata_dataset_submit,
    laodata_dataset_unpublish,
    laodata_review_queue,
    laodata_workflow_history,
)

__all__ = [
    "laodata_pull_run",
    "laodata_pull_source_delete",
    "laodata_pull_source_set",
    "laodata_pull_source_show",
    "laodata_audit_list",
    "activity_data_show",
    "activity_diff",
    "activity_show",
    "group_activity_list",
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
    "laodata_review_queue",
    "laodata_workflow_history",
    "organization_activity_list",
    "package_activity_list",
    "package_collaborator_create",
    "package_collaborator_delete",
    "package_collaborator_list",
    "recently_changed_packages_activity_list",
    "user_activity_list",
]
