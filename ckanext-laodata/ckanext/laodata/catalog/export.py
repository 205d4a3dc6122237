"""Catalog export as CSV and XLSX (DESIGN §6, "Catalog export").

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula, and a tab or carriage return in front of one hides it.
An exported catalog holds text typed by many people (titles, notes, legal
bases), so every text cell that starts with one of those characters is
*neutralised*: it gets a leading apostrophe ``'``.

Why an apostrophe, rather than removing the character or quoting the cell:
it is what the OWASP guidance on CSV injection recommends, Excel and
LibreOffice then show the text instead of evaluating it, and nothing the
author wrote is lost (a reader sees ``'=HYPERLINK(...)`` and knows the
apostrophe was added). The price is that a text such as ``-5`` or
``+856 20 ...`` also shows the apostrophe; numbers stored as numbers are not
text and are never changed. The same rule applies to XLSX, where the risk is
smaller (a text cell is never evaluated by Excel) but openpyxl would store a
string starting with ``=`` as a formula, and a sheet is often re-saved as CSV.

The rows of the two exports are built here too: the catalog's entries
(``entry_rows``, columns ``ENTRY_COLUMNS``) and the progress report's units
(``progress_rows``, columns ``PROGRESS_COLUMNS``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import ckan.model as model

from .model import ENTRY_FIELDS, CatalogEntry

# The catalog export: every field of an entry, then its delivery status.
ENTRY_COLUMNS = ENTRY_FIELDS + ("status", "delivered", "overdue", "stale", "dataset_name")
PROGRESS_COLUMNS = (
    "unit",
    "unit_title",
    "target",
    "delivered",
    "approved",
    "published",
    "outstanding",
    "percent",
    "complete",
    "with_issues",
    "stale",
    "overdue",
    "quality_score",
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAX_TEXT = 32767  # Excel's limit for the text of one cell
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text that a spreadsheet could
    take for a formula; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def entry_rows(listed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The export rows of these entries (as the entry list gives them: status
    flags, and links the caller may not read blanked): every field from the
    catalog table, with the list's status columns over them."""
    full = (
        {
            e.code: e.as_dict()
            for e in model.Session.query(CatalogEntry).filter(
                CatalogEntry.code.in_([row["code"] for row in listed])
            )
        }
        if listed
        else {}
    )
    return [
        dict(full.get(row["code"], {}), **{k: row.get(k) for k in ENTRY_COLUMNS if k in row})
        for row in listed
    ]


def progress_rows(units: Iterable[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
    """The export rows of a progress report's units (in the order given), with
    each unit's title and how many of its entries are outstanding."""
    return [
        dict(u, unit_title=titles.get(u["unit"], u["unit"]), outstanding=u["target"] - u["delivered"])
        for u in units
    ]


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """The rows as a UTF-8 CSV with a byte order mark (so that Excel reads
    the encoding right), one header row of ``columns``, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(column)) for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], sheet_title: str = "Catalog") -> bytes:
    """The rows as an XLSX workbook of one sheet, with a bold header row.

    Numbers, booleans and dates keep their type; text is neutralised,
    stripped of the control characters XLSX cannot hold and cut to Excel's
    32,767 characters; lists and dicts are written as text.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(sheet_title))
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(str(column)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(row.get(column)) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    # A number is written as a number (-5 stays -5): only text is neutralised.
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    return neutralise(_as_text(value))


def _as_text(value: Any) -> str:
    """A value as CSV text, in the form the catalog import reads back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, Mapping) and "name" in item for item in value):
            return ";".join(
                f"{item['name']}:{item['type']}" if item.get("type") else str(item["name"]) for item in value
            )
        return ";".join(_as_text(item) for item in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, Decimal)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # Excel has no time zones: store UTC
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters go first, so that what is left is what gets checked.
    text = ILLEGAL_CHARACTERS_RE.sub("", _as_text(value))
    return neutralise(text)[:_XLSX_MAX_TEXT]


def _sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE_BAD.sub(" ", str(title or "")).strip().strip("'")
    return cleaned[:31] or "Catalog"
