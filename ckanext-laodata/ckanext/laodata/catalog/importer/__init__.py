"""Reading and checking a catalog import file (DESIGN §6, "Catalog import file").

``parse_catalog`` turns the bytes of an uploaded CSV or XLSX file into
normalised catalog entries, or into the complete list of reasons why the
file is refused. It is pure: no CKAN calls and no database, so the import
action, the CLI and the tests share it. It never raises: anything that goes
wrong becomes an error entry ``{"row", "field", "message"}`` with the
spreadsheet row number (the header is row 1) and the column name where
there is one.

The import is all or nothing, so ``entries`` is empty as soon as there is a
single error. Errors are collected for the whole file, up to ``errors.MAX_ERRORS``;
when there are more, the first ``MAX_ERRORS - 1`` are returned followed by
one entry saying how many there are in all.

The package, by job:

- ``formats``: the format by content, the text encoding, the size limits;
- ``csv_rows`` and ``xlsx_rows``: the rows of each format;
- ``table``: the header first, then each row (blank rows, merged cells);
- ``header``: the columns (unknown, repeated, missing);
- ``rows``: each field's rule, from the field table (``catalog/fields.py``);
- ``errors``: the ``{row, field, message}`` entries and their cap.

Choices the contract leaves open, made here:

- The format is decided by the content. A ZIP archive holding
  ``xl/workbook.xml`` is an XLSX workbook; known binary formats (old
  ``.xls``, images, PDF, other archives) are refused with one error; anything
  else must be UTF-8 text and is read as CSV. The file name only decides the
  ``format`` reported for a file refused before its content was recognised.
- UTF-16 is refused even with a byte order mark: Excel's "Unicode Text" is
  tab separated, and one encoding for everyone keeps the rules simple.
- The header is the first row that is not blank (normally row 1); row
  numbers stay those of the spreadsheet.
- Header names are compared without case and surrounding spaces; vocabulary
  values are compared without case and stored as the lower-case key.
- Text is trimmed and put in Unicode NFC form; nothing else in it is changed
  (see ``rows``).
- In a workbook, every cell of a merged range is reported once (as the
  range), and the cells it covers are not checked further.
- A file may hold at most ``formats.MAX_ENTRIES`` entries.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..fields import COLUMNS, MANDATORY
from . import csv_rows, formats, xlsx_rows
from .errors import SAVE_AS, ErrorList, Refused
from .formats import DEFAULT_MAX_BYTES
from .table import Table

__all__ = ["COLUMNS", "MANDATORY", "ParsedCatalog", "parse_catalog"]

log = logging.getLogger(__name__)


@dataclass
class ParsedCatalog:
    """The outcome of reading an import file."""

    entries: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    format: str
    sheet: str | None = None


def parse_catalog(
    data: bytes,
    filename: str,
    known_units: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedCatalog:
    """Read a catalog import file (CSV or XLSX) into normalised entries.

    :param data: the file's bytes
    :param filename: the name it was uploaded under (used only when the
        content does not tell the format)
    :param known_units: organization names a ``unit`` must be one of, or
        ``None`` not to check units
    :param max_bytes: the largest file accepted
    :returns: a ``ParsedCatalog``; its ``entries`` are empty when ``errors``
        is not
    """
    errors = ErrorList()
    name = filename if isinstance(filename, str) else ""
    result = ParsedCatalog(entries=[], errors=[], format=formats.format_from_name(name), sheet=None)
    table: Table | None = None
    try:
        data = formats.checked_bytes(data, max_bytes)
        table = Table(errors, known_units)
        result.format = formats.detect(data)
        if result.format == "xlsx":
            xlsx_rows.read_workbook(data, max_bytes, table)
        else:
            table.run(csv_rows.read_rows(data))
        table.finish()
        if not errors.total:
            result.entries = table.entries
    except Refused as refusal:
        errors.add(refusal.row, None, refusal.message)
    except Exception as exc:  # never raise on any input: the contract
        log.exception("laodata: catalog file %r could not be read", name)
        errors.add(None, None, f"The file could not be read ({type(exc).__name__}). {SAVE_AS}")
    if table is not None:
        result.sheet = table.sheet
    result.errors = errors.result()
    if result.errors:
        result.entries = []
    return result
