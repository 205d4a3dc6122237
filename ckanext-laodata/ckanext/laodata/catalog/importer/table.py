"""The table, common to both formats: the header first, then each row that
holds something to the row checks; blank rows are skipped and row numbers
stay those of the spreadsheet.

In a workbook, every merged range is reported once (as the range), and the
cells it covers are not checked further, so a merged unit column does not
also give one "unit is required" per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import formats
from .errors import ErrorList, Refused, letter
from .formats import Row
from .header import Header, read_header
from .rows import RowChecks

# A merged range: (ref, first row, first column, last row, last column).
Span = tuple[str, int, int, int, int]


class Table:
    """Reads the header, then checks and normalises each row."""

    def __init__(self, errors: ErrorList, known_units: Iterable[str] | None) -> None:
        self.errors = errors
        self.checks = RowChecks(errors, known_units)
        self.header: Header | None = None
        self.rows_seen = 0
        # Columns without a name in the header → the first row with a value there.
        self.unnamed: dict[int, int] = {}
        self.sheet: str | None = None
        self.other_sheets: list[str] = []

    @property
    def entries(self) -> list[dict[str, Any]]:
        return self.checks.entries

    def run(self, rows: Iterable[Row], merges: list[Span] | None = None) -> None:
        merged = _Merges(merges or [])
        for number, values, problems in rows:
            if not values and not problems:
                continue  # a blank row
            if self.header is None:
                self.header = read_header(number, values, problems, self.errors)
                if not self.header.names_columns:
                    return
                self._report_merges(merged.spans)
                continue
            self._row(self.header, number, values, problems, merged.fields_at(number, self.header.columns))

    def finish(self) -> None:
        """Reports what only the whole table shows: no header, values in
        columns without a name, a header without entries."""
        if self.header is None:
            raise Refused(self._empty())
        for col, number in sorted(self.unnamed.items(), key=lambda item: item[1]):
            if col in self.header.ignored:
                continue
            self.errors.add(
                number,
                None,
                f"column {letter(col)} has a value in row {number} but no column name in the header row "
                f"(row {self.header.row})",
            )
        if not self.rows_seen and self.header.present:
            self.errors.add(None, None, "The file has a header row but no entries.")

    def _empty(self) -> str:
        if self.sheet is None:
            return "The file is empty."
        others = ""
        if self.other_sheets:
            others = (
                " (the catalog must be on the first sheet; the workbook also has "
                + ", ".join(f"'{name}'" for name in self.other_sheets)
                + ")"
            )
        return f"The first sheet '{self.sheet}' is empty{others}."

    def _report_merges(self, spans: list[Span]) -> None:
        assert self.header is not None
        for ref, first_row, first_col, _last_row, _last_col in spans:
            self.errors.add(
                first_row or None,
                self.header.columns.get(first_col),
                f"cells {ref} are merged; unmerge them and enter the value in each cell",
            )

    def _row(
        self, header: Header, number: int, values: dict[int, Any], problems: dict[int, str], skipped: set[str]
    ) -> None:
        """One row after the header: its cells by field, to the row checks.
        ``skipped``: fields not to check (merged or unreadable cells)."""
        columns = header.columns
        for col, message in problems.items():
            name = columns.get(col)
            self.errors.add(number, name, message)
            if name:
                skipped.add(name)
        raw: dict[str, Any] = {}
        for col, value in values.items():
            name = columns.get(col)
            if name is not None:
                raw[name] = value
            elif col not in self.unnamed and col not in problems:
                self.unnamed[col] = number
        if raw or skipped:  # not only stray cells outside the catalog's columns
            self.rows_seen += 1
            if self.rows_seen > formats.MAX_ENTRIES:
                raise Refused(
                    f"The file has more than {formats.MAX_ENTRIES:,} entries, more than one import may hold "
                    f"(row {number}). Split it into several files.",
                    row=number,
                )
            self.checks.check(number, raw, skipped, header.present)


class _Merges:
    """The merged ranges of a sheet, walked down row by row."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda span: span[1])
        self._next = 0
        self._active: list[Span] = []

    def fields_at(self, number: int, columns: dict[int, str]) -> set[str]:
        """The fields whose cells in row ``number`` a merged range covers
        (rows must come in increasing order)."""
        if not self.spans:
            return set()
        while self._next < len(self.spans) and self.spans[self._next][1] <= number:
            self._active.append(self.spans[self._next])
            self._next += 1
        self._active = [span for span in self._active if span[3] >= number]
        return {
            name
            for _ref, _r1, first, _r2, last in self._active
            for col, name in columns.items()
            if first <= col <= last
        }
