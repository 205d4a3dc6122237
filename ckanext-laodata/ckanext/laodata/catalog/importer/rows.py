"""The row checks: each field's rule, applied to one entry of the file.

The rules come from the field table (``catalog/fields.py``): kind, mandatory,
vocabulary, longest value and default. Text is trimmed and put in Unicode NFC
form, so that Vietnamese typed on different systems compares equal; nothing
else in a text is changed: a title such as ``=HYPERLINK(...)`` or
``<script>`` is kept as it is written (neutralising it is the job of
whatever outputs it, see ``catalog/export.py``). Vocabulary values are
compared without case and stored as the lower-case key.

Within a row, the errors come in this order: mandatory values, then the
fields kind by kind (``_KINDS``), each kind in column order, then the rules
between the classes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from ... import vocab
from ...access.classes import CLASS_FIELDS, class_errors
from ...access.validators import laodata_boolean_text
from .. import fields as f
from .errors import ErrorList, show, show_chars, suggest
from .formats import cell_text, row_text

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_LEVEL_RE = re.compile(r"([1-5])(?:\.0*)?")
_ITEM_SEPARATOR = re.compile(r"[;\n]")


def _imported(kind: str) -> tuple[f.Field, ...]:
    return tuple(field for field in f.IMPORTED if field.kind == kind)


class _Row:
    """One row being checked: its cells, the entry made of them, and the
    fields found bad."""

    __slots__ = ("number", "raw", "text", "entry", "bad", "errors")

    def __init__(self, number: int, raw: dict[str, Any], skipped: set[str], errors: ErrorList) -> None:
        self.number = number
        self.raw = raw
        self.text = row_text(raw, f.COLUMNS, skipped)
        self.entry: dict[str, Any] = {}
        self.bad: set[str] = set()
        self.errors = errors

    def fail(self, column: str, message: str) -> None:
        self.errors.add(self.number, column, message)
        self.bad.add(column)


class RowChecks:
    """Checks and normalises each entry; keeps the entries of rows without
    an error, and the codes seen so far."""

    def __init__(self, errors: ErrorList, known_units: Iterable[str] | None) -> None:
        self.errors = errors
        self.units: dict[str, str] | None = None
        if known_units is not None:
            self.units = {}
            for unit in known_units:
                self.units.setdefault(str(unit).lower(), str(unit))
                self.units[str(unit)] = str(unit)
        self.vocab = {field.name: vocab.keys(field.vocabulary) for field in f.IMPORTED if field.vocabulary}
        self.vocab_sets = {name: set(keys) for name, keys in self.vocab.items()}
        self.entries: list[dict[str, Any]] = []
        self.codes: dict[str, int] = {}
        self._kinds: tuple[tuple[Callable[[_Row, tuple[f.Field, ...]], None], tuple[f.Field, ...]], ...] = (
            (self._code, _imported(f.CODE)),
            (_text, _imported(f.TEXT)),
            (self._unit, _imported(f.UNIT)),
            (self._vocabulary, _imported(f.VOCABULARY)),
            (self._level, _imported(f.LEVEL)),
            (_boolean, _imported(f.BOOLEAN)),
            (_field_list, _imported(f.FIELD_LIST)),
            (_date, _imported(f.DATE)),
        )

    def check(self, number: int, raw: dict[str, Any], skipped: set[str], present: set[str]) -> None:
        """Check row ``number`` (``raw``: its cells by field; ``skipped``:
        fields not to check; ``present``: the columns the file has)."""
        errors_before = self.errors.total
        row = _Row(number, raw, skipped, self.errors)
        text = row.text
        for name in f.MANDATORY:
            if name in present and name in text and not text[name]:
                row.fail(name, f"{name} is required")
        for check, fields in self._kinds:
            check(row, fields)
        _classes(row, skipped)
        if self.errors.total == errors_before and not skipped:
            entry = row.entry
            out = {name: entry[name] for name in f.COLUMNS}
            out["row"] = number
            self.entries.append(out)

    def _code(self, row: _Row, fields: tuple[f.Field, ...]) -> None:
        for field in fields:
            code = row.entry[field.name] = row.text.get(field.name, "")
            if not code:
                continue
            if len(code) > f.CODE_MAX_LENGTH:  # every path's limit (fields.py)
                row.fail(
                    field.name, f"code has {len(code)} characters; at most {f.CODE_MAX_LENGTH} are allowed"
                )
            elif not f.CODE_PATTERN.fullmatch(code):
                odd = "".join(sorted({ch for ch in code if not f.CODE_PATTERN.fullmatch(ch)}))
                row.fail(
                    field.name,
                    f"code '{show(code)}' holds {show_chars(odd)}; a code may only hold the letters A-Z "
                    "and a-z, digits, '.', '_' and '-'",
                )
            elif code in self.codes:
                row.fail(field.name, f"code '{code}' is already used in row {self.codes[code]}")
            else:
                self.codes[code] = row.number

    def _unit(self, row: _Row, fields: tuple[f.Field, ...]) -> None:
        for field in fields:
            unit = row.text.get(field.name, "")
            if unit and self.units is not None:
                known = self.units.get(unit) or self.units.get(unit.lower())
                if known is None:
                    row.fail(
                        field.name,
                        f"unknown unit '{show(unit)}': no organization has this name"
                        f"{suggest(unit, self.units)}",
                    )
                else:
                    unit = known
            row.entry[field.name] = unit

    def _vocabulary(self, row: _Row, fields: tuple[f.Field, ...]) -> None:
        for field in fields:
            name = field.name
            written = row.text.get(name, "")
            value = written.lower()
            if not value:
                row.entry[name] = field.default
                continue
            row.entry[name] = value
            if value not in self.vocab_sets[name]:
                row.fail(
                    name,
                    f"unknown {name} '{show(written)}'{suggest(value, self.vocab[name])}; "
                    f"allowed: {', '.join(self.vocab[name])}",
                )

    def _level(self, row: _Row, fields: tuple[f.Field, ...]) -> None:
        """A number of a vocabulary: ``3``, ``"3"`` and ``3.0`` are ``"3"``."""
        for field in fields:
            name = field.name
            row.entry[name] = ""
            written = row.text.get(name)
            if not written:
                continue
            value = row.raw.get(name)
            match = None if isinstance(value, bool) else _LEVEL_RE.fullmatch(written)
            if match and match.group(1) in self.vocab_sets[name]:
                row.entry[name] = match.group(1)
            else:
                row.fail(name, f"{name} must be one of {', '.join(self.vocab[name])}; got '{show(written)}'")


def _text(row: _Row, fields: tuple[f.Field, ...]) -> None:
    """Text as written; a field with a default takes it when empty (or when
    it is the default written in other case)."""
    for field in fields:
        name = field.name
        value = row.text.get(name, "")
        if field.default and (not value or value.lower() == field.default):
            value = field.default
        elif field.max_length is not None and len(value) > field.max_length:
            row.fail(name, f"{name} has {len(value)} characters; at most {field.max_length} are allowed")
        row.entry[name] = value


def _boolean(row: _Row, fields: tuple[f.Field, ...]) -> None:
    """true/false, yes/no, 1/0 (as the dataset form reads them), or a
    workbook's boolean cell."""
    for field in fields:
        name = field.name
        row.entry[name] = field.default
        written = row.text.get(name)
        if not written:
            continue
        value = row.raw.get(name)
        word = "true" if value is True else "false" if value is False else laodata_boolean_text(written)
        if word not in ("true", "false"):
            row.fail(name, f"{name} must be true or false (or yes/no, 1/0); got '{show(written)}'")
        else:
            row.entry[name] = word == "true"


def _field_list(row: _Row, fields: tuple[f.Field, ...]) -> None:
    for field in fields:
        items: list[dict[str, str]] = []
        written = row.text.get(field.name)
        if written:
            items, problems = _required_fields(written)
            for problem in problems:
                row.fail(field.name, problem)
        row.entry[field.name] = items


def _date(row: _Row, fields: tuple[f.Field, ...]) -> None:
    for field in fields:
        day: str | None = None
        if field.name in row.text:
            day, problem = _due_date(row.raw.get(field.name))
            if problem:
                row.fail(field.name, problem)
        row.entry[field.name] = day


def _classes(row: _Row, skipped: set[str]) -> None:
    """The rules between the classes (``access/classes.py``), once each class
    has a good value."""
    entry = row.entry
    if entry["access_level"] and row.bad.isdisjoint(CLASS_FIELDS) and skipped.isdisjoint(CLASS_FIELDS):
        for column, messages in class_errors({name: entry[name] for name in CLASS_FIELDS}).items():
            for message in messages:
                row.fail(column, message)


def _required_fields(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """``name[:type]`` items separated by ``;`` (or line breaks)."""
    items: list[dict[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in _ITEM_SEPARATOR.split(text):
        item = item.strip()
        if not item:
            continue
        if ":" in item:
            name, _sep, kind = item.rpartition(":")
            name, kind = name.strip(), kind.strip().lower() or "string"
        else:
            name, kind = item, "string"
        if not name:
            problems.append(
                f"required_fields item '{show(item)}' has no field name (write name or name:type)"
            )
            continue
        if kind not in f.FIELD_LIST_TYPES:
            problems.append(
                f"required_fields: field '{show(name)}' has the unknown type '{show(kind)}'"
                f"{suggest(kind, f.FIELD_LIST_TYPES)}; the types are: {', '.join(f.FIELD_LIST_TYPES)}"
            )
            continue
        if name in seen:
            problems.append(f"required_fields: field '{show(name)}' is listed more than once")
            continue
        seen.add(name)
        items.append({"name": name, "type": kind})
    return items, problems


def _due_date(value: Any) -> tuple[str | None, str | None]:
    """The ISO date of a due_date cell, or the problem with it."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = cell_text(value)
        if not text:
            return None, None
        match = _DATE_RE.fullmatch(text)
        if not match:
            hint = " (a number: format the cell as a date)" if isinstance(value, (int, float)) else ""
            return None, (
                f"due_date must be a date written YYYY-MM-DD (e.g. 2025-12-31); got '{show(text)}'{hint}"
            )
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, f"due_date '{show(text)}' is not a real date"
    if not 1900 <= day.year <= 2200:
        return None, f"due_date {day.isoformat()} is not a plausible date"
    return day.isoformat(), None
