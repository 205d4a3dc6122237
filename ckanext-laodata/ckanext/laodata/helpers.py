"""Template helpers index (``h.laodata_*``)."""

from __future__ import annotations

from typing import Any

from . import vocab
from .access.dashboard import badge as laodata_activity_badge
from .catalog.helpers import (
    laodata_delay_reason_label,
    laodata_entry_title,
    laodata_headline,
    laodata_late_for_me,
    laodata_public_headline,
    laodata_start_dataset_url,
    laodata_status_options,
    laodata_unit_progress,
)
from .labels import (
    laodata_activity_type_label,
    laodata_change_action_label,
    laodata_field_label,
    laodata_label,
    laodata_options,
    laodata_resource_items,
    laodata_status_label,
    laodata_value_text,
)
from .portal.helpers import (
    laodata_dataset_contact,
    laodata_error_page,
    laodata_freshness,
    laodata_home,
    laodata_host,
    laodata_is_dataset_staff,
    laodata_languages,
    laodata_lean_scripts,
    laodata_login_url,
    laodata_picture,
    laodata_site_about,
    laodata_site_intro,
    laodata_site_logo,
    laodata_site_title,
    laodata_text,
    laodata_unit_title,
    render_markdown,
    user_image,
)
from .quality.pull.report import laodata_pull_source, laodata_resource_held
from .quality.report import laodata_personal_data_flag, laodata_quality, laodata_validation_report
from .security.labels import laodata_audit_event_label
from .tables.report import laodata_loader_report
from .workflow.views import (
    laodata_may,
    laodata_notices,
    laodata_publication_failures,
    laodata_return_reason,
    laodata_workflow_history,
    laodata_workflow_status,
)


def laodata_vocabulary_choices(field: dict[str, Any]) -> list[dict[str, Any]]:
    """Scheming's ``choices_helper`` for fields naming a vocabulary in ``laodata_vocabulary``."""
    return vocab.choices(field["laodata_vocabulary"])


__all__ = [
    "laodata_pull_source",
    "laodata_resource_held",
    "laodata_error_page",
    "laodata_lean_scripts",
    "laodata_audit_event_label",
    "laodata_dataset_contact",
    "laodata_is_dataset_staff",
    "laodata_unit_title",
    "laodata_picture",
    "laodata_host",
    "render_markdown",  # CKAN's, chained: no outside pictures (same_site.py)
    "user_image",  # CKAN's, chained: no outside pictures (same_site.py)
    "laodata_text",
    "laodata_site_title",
    "laodata_site_logo",
    "laodata_site_intro",
    "laodata_site_about",
    "laodata_login_url",
    "laodata_languages",
    "laodata_home",
    "laodata_freshness",
    "laodata_change_action_label",
    "laodata_delay_reason_label",
    "laodata_entry_title",
    "laodata_activity_type_label",
    "laodata_activity_badge",
    "laodata_field_label",
    "laodata_resource_items",
    "laodata_headline",
    "laodata_late_for_me",
    "laodata_label",
    "laodata_may",
    "laodata_publication_failures",
    "laodata_notices",
    "laodata_options",
    "laodata_personal_data_flag",
    "laodata_public_headline",
    "laodata_quality",
    "laodata_return_reason",
    "laodata_start_dataset_url",
    "laodata_status_label",
    "laodata_status_options",
    "laodata_unit_progress",
    "laodata_validation_report",
    "laodata_loader_report",
    "laodata_value_text",
    "laodata_vocabulary_choices",
    "laodata_workflow_history",
    "laodata_workflow_status",
]
