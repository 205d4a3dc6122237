"""Template helpers index (``h.laodata_*``)."""
from __future__ import annotations

from .catalog.views import (
    laodata_change_action_label,
    laodata_delay_reason_label,
    laodata_entry_title,
    laodata_field_label,
    laodata_headline,
    laodata_label,
    laodata_lang,
    laodata_options,
    laodata_public_headline,
    laodata_required_fields_text,
    laodata_start_dataset_url,
    laodata_status_label,
    laodata_status_options,
    laodata_unit_progress,
    laodata_value_text,
    laodata_workflow_status,
)

__all__ = [
    "laodata_change_action_label",
    "laodata_delay_reason_label",
    "laodata_entry_title",
    "laodata_field_label",
    "laodata_headline",
    "laodata_label",
    "laodata_lang",
    "laodata_options",
    "laodata_public_headline",
    "laodata_required_fields_text",
    "laodata_start_dataset_url",
    "laodata_status_label",
    "laodata_status_options",
    "laodata_unit_progress",
    "laodata_value_text",
    "laodata_workflow_status",
]
