"""The upload check's report as the pages show it, in the UI language (template helpers).

The stored report holds codes (``validation.py``); here each becomes a
sentence. The masked samples of personal data are shown only to the
dataset's staff (its unit and the reviewers: ``access.roles.is_staff_for``);
everyone who may read the dataset sees the columns and kinds found.
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import vocab
from ..access.roles import is_staff_for
from . import store

SHOWN_ERRORS = 20


def _size(count: Any) -> str:
    try:
        return f"{int(count) / 1048576:,.1f} MB"
    except (TypeError, ValueError):
        return "?"


def message_text(message: dict[str, Any]) -> str:
    """Why a file could not be checked (a report with status ``error``)."""
    code = message.get("code")
    texts = {
        "too_large": tk._("The file is {size}; the largest file checked is {limit}.").format(
            size=_size(message.get("size")), limit=_size(message.get("limit"))
        ),
        "too_many_rows": tk._("The file has more than {limit} rows, the most that are checked.").format(
            limit=message.get("limit")
        ),
        "too_slow": tk._("The check stopped after {limit} seconds, the longest it may take.").format(
            limit=message.get("limit")
        ),
        "zip_bomb": tk._("The workbook expands to {size}, more than can be read (at most {limit}).").format(
            size=_size(message.get("size")), limit=_size(message.get("limit"))
        ),
        "not_utf8": tk._(
            'The file is not UTF-8 text (line {line}). Save it as "CSV UTF-8" and upload it again.'
        ).format(line=message.get("line")),
        "binary": tk._("The file is binary data, not a CSV or XLSX table."),
        "wrong_format": tk._("The file is {found} but is given as {declared}.").format(
            found=str(message.get("found", "")).upper(), declared=str(message.get("declared", "")).upper()
        ),
        "not_a_table": tk._("The file is not a CSV or XLSX table ({found}).").format(
            found=message.get("found")
        ),
        "xls": tk._("The file is an Excel 97-2003 workbook (.xls); save it as .xlsx and upload it again."),
        "empty": tk._("The file is empty."),
        "unreadable": tk._("The file could not be read as a table; save it again and upload it."),
        "unreadable_row": tk._("Row {row} could not be read (for example an unclosed quote).").format(
            row=message.get("row")
        ),
        "no_file": tk._("The uploaded file was not found in the storage."),
    }
    return texts.get(str(code), str(code))


def error_text(error: dict[str, Any]) -> str:
    """One error found at a row and column."""
    code = error.get("code")
    texts = {
        "missing_column": tk._("The mandatory column is missing"),
        "repeated_column": tk._("The column appears more than once"),
        "type": tk._("Not a valid value of type '{type}'").format(
            type=vocab.label("field_type", str(error.get("type") or ""), _lang())
        ),
        "required": tk._("A mandatory cell is empty"),
        "not_allowed": tk._("The value is not one of the allowed values"),
        "missing_cell": tk._("The row has fewer cells than the header"),
        "extra_cell": tk._("The row has more cells than the header"),
        "duplicate_row": tk._("The row repeats row {row}").format(row=error.get("first_row")),
        "formula": tk._("The cell holds a formula; enter the value itself"),
        "error_value": tk._("The cell holds an error value"),
    }
    return texts.get(str(code), tk._("Not a valid value"))


def _lang() -> str:
    try:
        return str(tk.h.lang() or "en")
    except Exception:  # noqa: BLE001 - outside a request
        return "en"


def laodata_validation_report(package: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any] | None:
    """What the resource page shows of the check (None: the resource is not checked)."""
    status = resource.get("validation_status")
    if not status:
        return None
    stored = resource.get("validation_report")
    report: dict[str, Any] = stored if isinstance(stored, dict) else {}
    lang = _lang()
    stored = model.Package.get(package.get("id") or "")
    staff = stored is not None and is_staff_for(tk.current_user.name if tk.current_user else None, stored)
    samples = store.samples(stored.id) if staff and stored is not None else {}
    return {
        "status": status,
        "status_label": vocab.label("validation_status", status, lang),
        "message": message_text(report["message"]) if isinstance(report.get("message"), dict) else "",
        "rows": report.get("rows"),
        "error_count": report.get("error_count", 0),
        "missing_columns": report.get("missing_columns") or [],
        "extra_columns": report.get("extra_columns") or [],
        "errors": [
            {"row": e.get("row"), "column": e.get("column"), "text": error_text(e)}
            for e in (report.get("errors") or [])[:SHOWN_ERRORS]
        ],
        "personal_data": [
            {
                "column": f.get("column"),
                "kind": vocab.label("personal_data_kind", str(f.get("kind")), lang),
                "matched": f.get("matched"),
                "checked": f.get("checked"),
                "sample": samples.get((str(resource.get("id")), str(f.get("column")), str(f.get("kind")))),
            }
            for f in report.get("personal_data") or []
        ],
    }


def laodata_personal_data_flag(package: dict[str, Any]) -> tuple[str, str]:
    """The dataset's flag and its label in the UI language."""
    flag = str(package.get(store.FLAG) or "none")
    return flag, vocab.label("personal_data_flag", flag, _lang())


def laodata_quality(package: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset's quality score for its page (``laodata_quality_show`` as the
    page's user: fixes for its staff only), with each part's label; None when
    it cannot be read."""
    from ..labels import quality_part_labels

    try:
        result = tk.get_action("laodata_quality_show")(
            {"user": tk.current_user.name if tk.current_user else ""}, {"id": package.get("id") or ""}
        )
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None
    labels = quality_part_labels()
    result["part_list"] = [
        dict(part, name=name, label=labels[name]) for name, part in result["parts"].items()
    ]
    return result
