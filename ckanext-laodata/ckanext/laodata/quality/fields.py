"""The columns a catalog entry asks of its data, as a Frictionless Table Schema.

An entry's ``required_fields`` (``catalog/fields.py``: ``name[:type]`` items,
stored as ``[{name, type}]``; older entries may hold plain names) are the
mandatory columns of the data. Templates (``templates.py``) and the upload
validation (``validation.py``) both read them from here, so the file a unit
downloads is the file the check accepts.
"""

from __future__ import annotations

from typing import Any

from .. import vocab
from ..catalog.fields import FIELD_LIST_TYPES


def columns(required_fields: Any) -> list[dict[str, Any]]:
    """``[{name, type, vocabulary}]`` of the entry's mandatory columns, in order;
    ``vocabulary`` names a vocabulary of ``schemas/vocabularies.yaml`` when the
    column's name is one (its keys are the allowed values), else None."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in required_fields or []:
        if isinstance(item, dict):
            name, kind = str(item.get("name") or "").strip(), str(item.get("type") or "string")
        else:
            name, kind = str(item).strip(), "string"
        if not name or name in seen:
            continue
        seen.add(name)
        out.append(
            {
                "name": name,
                "type": kind if kind in FIELD_LIST_TYPES else "string",
                "vocabulary": name if name in vocab.vocabularies() else None,
            }
        )
    return out


def choices(column: dict[str, Any]) -> list[str]:
    """The values a column allows, when it has a list of them (a vocabulary, or yes/no)."""
    if column.get("vocabulary"):
        return vocab.keys(column["vocabulary"])
    if column["type"] == "boolean":
        return ["true", "false"]
    return []


def table_schema(required_fields: Any, header: list[str] | None = None) -> dict[str, Any]:
    """The Frictionless Table Schema of a file with ``header``: the entry's
    columns with their types, mandatory (``required``) and, with a vocabulary,
    limited to its keys; any other column of the header as a plain string."""
    wanted = {column["name"]: column for column in columns(required_fields)}
    names = header if header is not None else list(wanted)
    fields: list[dict[str, Any]] = []
    for name in names:
        column = wanted.get(name)
        if column is None:
            fields.append({"name": name, "type": "any"})
            continue
        constraints: dict[str, Any] = {"required": True}
        if column.get("vocabulary"):
            constraints["enum"] = choices(column)
        fields.append({"name": name, "type": column["type"], "constraints": constraints})
    return {"fields": fields}
