"""The rows of a CSV import file (UTF-8, ``,`` or ``;`` separated)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..fields import COLUMNS
from .errors import SAVE_AS, Refused
from .formats import Row, decode

# Python's csv default: a longer cell is not a catalog entry's. Checked here, not
# left to csv.field_size_limit, which is process-wide and which other libraries raise.
FIELD_LIMIT = 131_072


def read_rows(data: bytes) -> Iterator[Row]:
    """Rows of a CSV file as (row number, {column: value}, {})."""
    text = decode(data)
    if not text.strip():
        raise Refused("The file is empty.")
    start = text.lstrip()[:200].lower()
    if start.startswith("<"):
        raise Refused(
            "The file is an HTML or XML document (some systems export those under an Excel "
            f"name), not a CSV or XLSX spreadsheet. {SAVE_AS}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    row = 0
    try:
        for cells in reader:
            row += 1
            if any(len(cell) > FIELD_LIMIT for cell in cells):
                raise Refused(
                    f"Row {row} could not be read as CSV (a cell is longer than {FIELD_LIMIT:,} characters).",
                    row=row,
                )
            yield row, {index: cell for index, cell in enumerate(cells, 1) if cell and not cell.isspace()}, {}
    except csv.Error as exc:
        raise Refused(f"Row {row + 1} could not be read as CSV ({exc}).", row=row + 1) from None


def _delimiter(text: str) -> str:
    """``;`` when the header row clearly uses it, else ``,``."""
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            break
    else:
        return ","

    def known(separator: str) -> int:
        return sum(1 for cell in line.split(separator) if cell.strip().strip('"').strip().lower() in COLUMNS)

    return ";" if ";" in line and known(";") > known(",") else ","
