"""Labels in the UI language: vocabulary terms, statuses, entry fields and values.

Beside ``vocab.py``, at the bottom of the import order (vocabularies, classes
and statuses ← ``access/`` ← ``workflow/`` ← ``catalog/`` ← pages), so that any
module may label what it shows or refuses without importing a page module.
The ``laodata_*`` functions are template helpers (registered by ``helpers.py``).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import vocab

LANGS = ("en", "lo", "vi")

# Entry fields whose values are vocabulary keys.
_VOCAB_FIELDS = {
    "sector": "sector",
    "update_frequency": "update_frequency",
    "access_level": "access_level",
    "security_level": "security_level",
    "importance": "importance",
    "personal_data": "personal_data",
    "connection_status": "connection_status",
    "delay_reason": "delay_reason",
}


def laodata_lang() -> str:
    """The UI language as one of the vocabularies' languages (``en``, ``lo``, ``vi``)."""
    try:
        code = (tk.h.lang() or "en").split("_")[0].split("-")[0]
    except RuntimeError:  # outside a request
        code = "en"
    return code if code in LANGS else "en"


def laodata_label(vocab_name: str, key: Any) -> str:
    """The label of a vocabulary term in the UI language; empty for no value."""
    if key is None or key == "":
        return ""
    return vocab.label(vocab_name, str(key), laodata_lang())


def laodata_options(vocab_name: str) -> list[tuple[str, str]]:
    """``(key, label)`` of every term of a vocabulary, in the UI language."""
    return [(key, laodata_label(vocab_name, key)) for key in vocab.keys(vocab_name)]


def status_labels() -> dict[str, str]:
    """The label of every delivery and workflow status, in the UI language."""
    return {
        "not_started": tk._("Not started"),
        "draft": tk._("Draft"),
        "in_progress": tk._("In progress"),
        "submitted": tk._("Submitted"),
        "returned": tk._("Returned"),
        "approved": tk._("Approved"),
        "published": tk._("Published"),
        "delivered": tk._("Delivered"),
        "outstanding": tk._("Outstanding"),
    }


def laodata_status_label(status: str) -> str:
    return status_labels().get(status, status)


def _field_labels() -> dict[str, str]:
    return {
        "code": tk._("Code"),
        "title": tk._("Title"),
        "title_lo": tk._("Title (Lao)"),
        "title_vi": tk._("Title (Vietnamese)"),
        "title_en": tk._("Title (English)"),
        "unit": tk._("Unit"),
        "sector": tk._("Sector"),
        "update_frequency": tk._("Update frequency"),
        "access_level": tk._("Access level"),
        "security_level": tk._("Security level"),
        "importance": tk._("Importance"),
        "personal_data": tk._("Personal data"),
        "state_secret": tk._("State secret"),
        "source_system": tk._("Source system"),
        "connection_status": tk._("Connection status"),
        "connection_requested": tk._("Connection requested on"),
        "connection_legal_basis": tk._("Legal basis of the connection request"),
        "required_fields": tk._("Mandatory fields of the data"),
        "legal_basis": tk._("Legal basis"),
        "notes": tk._("Notes"),
        "due_date": tk._("Due date"),
        "delay_reason": tk._("Delay reason"),
        "delay_note": tk._("Delay note"),
        # a dataset's descriptive fields (the quality score's metadata part)
        "notes_lo": tk._("Description (Lao)"),
        "notes_vi": tk._("Description (Vietnamese)"),
        "notes_en": tk._("Description (English)"),
        "tags": tk._("Tags"),
        "license_id": tk._("Licence"),
        "spatial_coverage": tk._("Area covered"),
        "temporal_start": tk._("Period from"),
        "temporal_end": tk._("Period to"),
    }


def field_labels() -> dict[str, str]:
    """Every field's label in the UI language."""
    return _field_labels()


def quality_part_labels() -> dict[str, str]:
    """The parts of the quality score (``quality/score.py``), in the UI language."""
    return {
        "metadata": tk._("Metadata completeness"),
        "fill_rate": tk._("Mandatory cells filled"),
        "validation": tk._("Data check"),
        "freshness": tk._("Up to date"),
        "openness": tk._("Open format"),
    }


def laodata_quality_part_label(part: str) -> str:
    return quality_part_labels().get(part, part)


def laodata_field_label(field: str) -> str:
    return _field_labels().get(field, field)


def laodata_required_fields_text(value: Any) -> str:
    """``required_fields`` (a list of names or ``{name, type}``) as ``name (type), …``."""
    if not value:
        return ""
    if not isinstance(value, (list, tuple)):
        return str(value)
    parts = []
    for item in value:
        if isinstance(item, dict):
            name = str(item.get("name", ""))
            parts.append(f"{name} ({item['type']})" if item.get("type") else name)
        else:
            parts.append(str(item))
    return ", ".join(parts)


def laodata_value_text(field: str, value: Any) -> str:
    """A field's value as the pages show it: vocabulary labels in the UI
    language, yes/no, field lists; a dash for no value."""
    if value is None or value == "" or value == []:
        return "—"
    if field in _VOCAB_FIELDS:
        return laodata_label(_VOCAB_FIELDS[field], value)
    if isinstance(value, bool):
        return tk._("Yes") if value else tk._("No")
    if field == "required_fields":
        return laodata_required_fields_text(value)
    return str(value)


def laodata_change_action_label(action: str) -> str:
    return {
        "created": tk._("Created by import"),
        "updated": tk._("Changed by import"),
        "edited": tk._("Edited"),
    }.get(action, action)
