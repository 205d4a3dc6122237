"""Solr date math (``NOW-1DAY/DAY``, ``2024-02-29T00:00:00Z+1YEAR``) evaluated
to the fixed-width UTC form the index stores dates in (``fields.py``).

Range queries on date fields (``lucene.py``) use it for their bounds.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from . import fields
from .sql import QueryError

_DATE_UNITS = {
    "YEAR": "years",
    "MONTH": "months",
    "DAY": "days",
    "DATE": "days",
    "HOUR": "hours",
    "MINUTE": "minutes",
    "SECOND": "seconds",
    "MILLI": "millis",
    "MILLISECOND": "millis",
}
_DATE_MATH = re.compile(r"([+-]\d+|/)([A-Z]+?)S?(?=[+/-]|$)")


def _add_months(value: datetime.datetime, months: int) -> datetime.datetime:
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise QueryError("Date out of range")
    day = min(
        value.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month],
    )
    return value.replace(year=year, month=month + 1, day=day)


def _start(expr: str, now: datetime.datetime | None) -> tuple[datetime.datetime, str]:
    """The date the expression starts from, and the date math after it."""
    if expr.startswith("NOW"):
        return now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None), expr[3:]
    match = re.match(r"^(\d{4}-\d{2}-\d{2}(?:T[0-9:.]+)?Z?)(.*)$", expr)
    if not match:
        raise QueryError(f"Invalid date '{expr}'")
    norm = fields.normalize_date(match.group(1))
    if norm is None:
        raise QueryError(f"Invalid date '{expr}'")
    return datetime.datetime.fromisoformat(norm.replace("Z", "")), match.group(2)


def _step(base: datetime.datetime, op: str, unit: str) -> datetime.datetime:
    """One ``/UNIT`` (round down) or ``+N``/``-N`` UNIT step."""
    if op == "/":
        return _round_date(base, unit)
    if unit == "years":
        return _add_months(base, 12 * int(op))
    if unit == "months":
        return _add_months(base, int(op))
    if unit == "millis":
        return base + datetime.timedelta(milliseconds=int(op))
    return base + datetime.timedelta(**{unit: int(op)})


def solr_date_math(expr: str, now: datetime.datetime | None = None) -> str:
    """Evaluate ``NOW-1DAY/DAY``-style Solr date math to a normalised date."""
    expr = expr.strip().upper()
    base, rest = _start(expr, now)
    pos = 0
    try:
        for op in _DATE_MATH.finditer(rest):
            if op.start() != pos:
                break
            pos = op.end()
            unit = _DATE_UNITS.get(op.group(2))
            if unit is None:
                raise QueryError(f"Invalid date unit '{op.group(2)}'")
            base = _step(base, op.group(1), unit)
    except OverflowError as exc:
        raise QueryError("Date out of range") from exc
    if pos != len(rest):
        raise QueryError(f"Invalid date math '{expr}'")
    return fields.comparable_date(base)


def _round_date(value: datetime.datetime, unit: str) -> datetime.datetime:
    order = ["years", "months", "days", "hours", "minutes", "seconds", "millis"]
    keep = order.index(unit)
    parts: dict[str, Any] = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "microsecond": 0}
    names = ["month", "day", "hour", "minute", "second", "microsecond"]
    return value.replace(**{n: parts[n] for n in names[keep:]})
