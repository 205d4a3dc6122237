"""The import's errors: the ``{row, field, message}`` entries, the cap on
their number, the refusal of a whole file, and the helpers that word them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, TypedDict

MAX_ERRORS = 1000

SAVE_AS = (
    'In Excel choose File > Save As and pick "Excel Workbook (*.xlsx)" or '
    '"CSV UTF-8 (Comma delimited) (*.csv)", then import the new file.'
)


class RowError(TypedDict):
    """One problem: the spreadsheet row (the header is row 1; ``None`` for
    the whole file), the column name where there is one, and what is wrong."""

    row: int | None
    field: str | None
    message: str


class Refused(Exception):
    """The whole file is refused for one reason (reported without a column)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


class ErrorList:
    """Collects errors, keeping at most ``MAX_ERRORS`` but counting all."""

    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append({"row": row, "field": column, "message": message})

    def result(self) -> list[dict[str, Any]]:
        """The errors by row (file-wide ones last); past the cap, the first
        ``MAX_ERRORS - 1`` and one saying how many there are in all."""
        items: list[dict[str, Any]] = sorted(
            (dict(item) for item in self.items),
            key=lambda item: item["row"] if item["row"] is not None else 1 << 62,
        )
        if self.total > MAX_ERRORS:
            items = items[: MAX_ERRORS - 1]
            items.append(
                {
                    "row": None,
                    "field": None,
                    "message": f"The file has {self.total} errors; only the first {MAX_ERRORS - 1} are listed. "
                    "Correct them and import again to see the rest.",
                }
            )
        return items


# ---------------------------------------------------------------------------
# Wording


def show(value: str, limit: int = 60) -> str:
    """A value quoted in a message: on one line, and cut at ``limit``."""
    value = value.replace("\r", " ").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def show_chars(chars: str) -> str:
    named = {" ": "a space", "\t": "a tab"}
    shown = [named.get(ch, f"'{ch}'") for ch in chars[:10]]
    return ("the characters " if len(shown) > 1 else "the character ") + ", ".join(shown)


def suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def letter(col: int) -> str:
    """The spreadsheet letters of a column number (1 → A, 27 → AA)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "?"


def size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} bytes"


def describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {show(text, 120)}" if text else type(exc).__name__
