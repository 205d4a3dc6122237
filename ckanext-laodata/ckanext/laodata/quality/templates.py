"""Data templates of a catalog entry (issue 13 item 1): the file a unit fills.

From the entry's mandatory columns (``fields.columns``):

- ``to_csv``: one UTF-8 header row (with a byte order mark, so that Excel
  reads Lao and Vietnamese names correctly; the upload check accepts it);
- ``to_xlsx``: the sheet ``data`` with the header row (frozen), each column
  typed (number formats, and Excel's input checks for whole numbers, numbers
  and dates) and, where a column has a list of values (a vocabulary, yes/no),
  a drop-down; the sheet ``fields`` describing each column in Lao, Vietnamese
  and English; the drop-downs' values on the hidden sheet ``lists``.

Column names are written as text: a name that starts with ``=`` is never a
formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .. import vocab
from . import fields

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of the data sheet that carry the column types and drop-downs.
TEMPLATE_ROWS = 10_000
LANGS = ("lo", "vi", "en")
# Excel's number formats and input checks by Table Schema type.
_NUMBER_FORMATS = {
    "integer": "0",
    "year": "0",
    "number": "General",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "time": "hh:mm:ss",
}
_TEXT_FORMAT = "@"  # text columns stay text (leading zeros of codes and phone numbers)
_CHECKS = {"integer": "whole", "year": "whole", "number": "decimal", "date": "date"}

_FIELDS_HEADER = (
    "column",
    "type",
    "mandatory",
    "allowed values",
    "ປະເພດ (lo)",
    "ຄຳອະທິບາຍ (lo)",
    "Kiểu (vi)",
    "Mô tả (vi)",
    "Type (en)",
    "Description (en)",
)
_MANDATORY = {"lo": "ບັງຄັບ", "vi": "bắt buộc", "en": "mandatory"}


def filename(code: str, extension: str) -> str:
    return f"template-{code}.{extension}"


def to_csv(required_fields: Any) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(c["name"] for c in fields.columns(required_fields))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _type_text(kind: str, lang: str) -> tuple[str, str]:
    """A type's name and how to write a value of it, in ``lang``."""
    term = vocab.vocabularies()["field_type"].get(kind, {})
    return term.get(lang) or kind, term.get(f"hint_{lang}") or ""


def describe(column: dict[str, Any]) -> list[str]:
    """The row of the ``fields`` sheet for one column."""
    allowed = fields.choices(column)
    row = [column["name"], column["type"], "; ".join(_MANDATORY.values()), ", ".join(allowed)]
    for lang in LANGS:
        name, hint = _type_text(column["type"], lang)
        if column.get("vocabulary"):
            labels = ", ".join(f"{key} = {vocab.label(column['vocabulary'], key, lang)}" for key in allowed)
            hint = f"{hint}; {labels}" if hint else labels
        row.extend([name, hint])
    return row


def to_xlsx(required_fields: Any, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = fields.columns(required_fields)
    book = Workbook()
    data = book.active
    data.title = "data"
    described = book.create_sheet("fields")
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    last = TEMPLATE_ROWS + 1
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column["name"])
        cell.data_type = "s"  # a name is never a formula
        cell.font = bold
        data.column_dimensions[letter].width = max(12, min(40, len(column["name"]) + 4))
        number_format = _NUMBER_FORMATS.get(column["type"], _TEXT_FORMAT)
        for row in range(2, min(last, 201) + 1):  # the first rows carry the format (the column style too)
            data.cell(row=row, column=index).number_format = number_format
        data.column_dimensions[letter].number_format = number_format
        ref = f"{letter}2:{letter}{last}"
        allowed = fields.choices(column)
        if allowed:
            for row, value in enumerate(allowed, 1):
                lists.cell(row=row, column=index, value=value).data_type = "s"
            source = f"{quote_sheetname('lists')}!${letter}$1:${letter}${len(allowed)}"
            check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True)
        elif column["type"] in _CHECKS:
            kind = _CHECKS[column["type"]]
            low, high = ("1", "2958465") if kind == "date" else ("-1E+300", "1E+300")
            if column["type"] == "year":
                low, high = "1", "9999"
            check = DataValidation(
                type=kind, operator="between", formula1=low, formula2=high, allow_blank=True
            )
            check.showErrorMessage = True
        else:
            continue
        check.error = _type_text(column["type"], "en")[1] or column["type"]
        check.errorTitle = column["name"][:32]
        check.add(ref)
        data.add_data_validation(check)
    data.freeze_panes = "A2"
    described.append(list(_FIELDS_HEADER))
    for cell in described[1]:
        cell.font = bold
    for column in columns:
        described.append(describe(column))
        for cell in described[described.max_row]:
            cell.data_type = "s"
    for letter, width in zip("ABCDEFGHIJ", (24, 12, 30, 30, 18, 40, 18, 40, 18, 40), strict=True):
        described.column_dimensions[letter].width = width
    if title:
        book.properties.title = title[:250]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
