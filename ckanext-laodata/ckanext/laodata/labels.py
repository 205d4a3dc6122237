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


# A resource's fields CKAN keeps for its own use: its page does not list them
# (a reader would see English field names such as "Has views" or "State").
_RESOURCE_INTERNAL = {
    "id",
    "package_id",
    "state",
    "position",
    "has_views",
    "url_type",
    "resource_type",
    "mimetype",
    "mimetype_inner",
    "cache_url",
    "cache_last_updated",
    "datastore_active",
    "revision_id",
    "validation_status",
    "validation_report",
    # shown in their own rows
    "created",
    "metadata_modified",
    "last_modified",
    "format",
}


def laodata_resource_items(resource: dict[str, Any], shown: Any = ()) -> list[tuple[str, Any]]:
    """A resource's other fields for its page, ``(label, value)``: CKAN's own
    fields labelled in the UI language, fields a unit added as they were named;
    not those its schema already shows (``shown``: the schema's resource fields)."""
    labels = {"size": tk._("File Size")}
    skip = _RESOURCE_INTERNAL | {f.get("field_name") for f in shown or () if isinstance(f, dict)}
    rows = []
    for key, value in tk.h.format_resource_items(list(resource.items())):
        field = key.replace(" ", "_")
        if field not in skip:
            rows.append((labels.get(field, key.capitalize()), value))
    return rows


def _activity_type_labels() -> dict[str, str]:
    return {
        "new package": tk._("Dataset created"),
        "changed package": tk._("Dataset changed"),
        "deleted package": tk._("Dataset deleted"),
        "follow dataset": tk._("Dataset followed"),
        "new resource view": tk._("Resource view created"),
        "changed resource view": tk._("Resource view changed"),
        "deleted resource view": tk._("Resource view deleted"),
        "new user": tk._("User registered"),
        "changed user": tk._("User changed"),
        "follow user": tk._("User followed"),
        "new group": tk._("Group created"),
        "changed group": tk._("Group changed"),
        "deleted group": tk._("Group deleted"),
        "follow group": tk._("Group followed"),
        "new organization": tk._("Unit created"),
        "changed organization": tk._("Unit changed"),
        "deleted organization": tk._("Unit deleted"),
        "follow organization": tk._("Unit followed"),
    }


def laodata_activity_type_label(activity_type: str) -> str:
    """An activity type of the activity filter (``changed package``) in the UI
    language; CKAN shows its machine name ("Changed Package")."""
    return _activity_type_labels().get(activity_type, activity_type)
