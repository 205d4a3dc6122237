"""The header row: which column holds which field, and the header's
unknown, repeated and missing columns.

The header is the first row that is not blank (normally row 1). Names are
compared without case and surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..fields import COLUMNS, MANDATORY
from .errors import ErrorList, letter, show, suggest
from .formats import cell_text


@dataclass
class Header:
    """What the header row says about the columns."""

    row: int
    # Column number → the catalog column it holds.
    columns: dict[int, str] = field(default_factory=dict)
    # The catalog columns the file has.
    present: set[str] = field(default_factory=set)
    # Columns whose name is unknown or repeated (already reported).
    ignored: set[int] = field(default_factory=set)
    # False when the row names none of the catalog's columns: the file has
    # no header, and its rows are not read.
    names_columns: bool = True


def read_header(number: int, values: dict[int, Any], problems: dict[int, str], errors: ErrorList) -> Header:
    """The header in row ``number``; its problems are added to ``errors``."""
    header = Header(row=number)
    for message in problems.values():
        errors.add(number, None, message)
    written = {col: cell_text(value) for col, value in values.items() if col not in problems}
    names = {col: text.lower() for col, text in written.items()}
    if not any(name in COLUMNS for name in names.values()):
        found = ", ".join(f"'{show(text, 40)}'" for text in list(written.values())[:5])
        errors.add(
            number,
            None,
            f"row {number} should be the header row naming the columns "
            f"({', '.join(MANDATORY)}, ...) but it holds none of them (found {found or 'nothing'})",
        )
        header.names_columns = False
        return header
    _name_columns(header, names, errors)
    header.present = set(header.columns.values())
    for name in MANDATORY:
        if name not in header.present:
            errors.add(number, name, f"mandatory column '{name}' is missing from the header row")
    return header


def _name_columns(header: Header, names: dict[int, str], errors: ErrorList) -> None:
    """Map each column to its field, reporting repeated and unknown names."""
    number = header.row
    first_col: dict[str, int] = {}
    for col in sorted(names):
        name = names[col]
        if name in first_col:
            errors.add(
                number,
                name,
                f"column '{name}' appears more than once "
                f"(columns {letter(first_col[name])} and {letter(col)})",
            )
            header.ignored.add(col)
        elif name in COLUMNS:
            first_col[name] = col
            header.columns[col] = name
        else:
            first_col[name] = col
            header.ignored.add(col)
            errors.add(
                number,
                name,
                f"unknown column '{show(name)}' (column {letter(col)}){suggest(name, COLUMNS)}; "
                f"the columns are: {', '.join(COLUMNS)}",
            )
