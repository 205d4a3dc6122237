"""A chart of one numeric column of a DataStore table, drawn on the server (issue 12 item 2).

The chart view (``chart_view.py``) asks ``datastore_search`` for the first
rows of the table (``ckanext.laodata.chart.max_rows``) with the viewer's own
context, so the DataStore's read policy (``access/datastore.py``) decides
what is drawn, and turns them into the shapes of an inline SVG: horizontal
bars (a label above each bar, its value after it: readable on a phone) or a
line with its value axis. No script and no outside service draw it; the page
carries the numbers as a table too.

Which columns are numbers: ckanext-xloader copies a CSV's cells as text
unless a data dictionary types them, so a column counts as numeric when the
DataStore types it as a number, or when at least half of its non-empty cells
in the rows drawn read as numbers (``1234``, ``-5.5``, ``1,234.5``). The other
cells of the chosen column are skipped, and the chart says how many.
"""

from __future__ import annotations

import dataclasses
import decimal
import math
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import config

CHART_TYPES = ("bar", "line")
NUMERIC_TYPES = frozenset(
    {"int", "int2", "int4", "int8", "integer", "smallint", "bigint", "numeric", "float4", "float8", "real"}
)
# a column whose name says it identifies rows is drawn only if it is the only numeric one
_IDENTIFIER = re.compile(r"(^|[\W_])(id|code)$", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")

# the drawing's coordinates (its viewBox is WIDTH wide; CSS scales it to the page)
WIDTH = 320
BAR_ROW = 32
BAR_TOP = 24
BAR_VALUE_ROOM = 76
LINE_HEIGHT = 220
LINE_MARGIN = {"left": 56, "right": 14, "top": 24, "bottom": 42}
LABEL_CHARS = 40


def number(value: Any) -> float | None:
    """The number a cell holds, or None (empty, text, not finite)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        result = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if _GROUPED.fullmatch(text):
            text = text.replace(",", "")
        if not _PLAIN.fullmatch(text):
            return None
        result = float(text)
    else:
        return None
    return result if math.isfinite(result) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def numeric_columns(fields: list[dict[str, Any]], records: list[dict[str, Any]]) -> list[str]:
    """The columns of the table that hold numbers (module docstring)."""
    found = []
    for field in fields:
        name = field["id"]
        if name == "_id":
            continue
        if field.get("type") in NUMERIC_TYPES:
            found.append(name)
            continue
        cells = [r.get(name) for r in records if not _blank(r.get(name))]
        read = sum(1 for cell in cells if number(cell) is not None)
        if cells and read * 2 >= len(cells):
            found.append(name)
    return found


def columns(fields: list[dict[str, Any]]) -> list[str]:
    return [f["id"] for f in fields if f["id"] != "_id"]


def default_columns(names: list[str], numeric: list[str]) -> tuple[str | None, str | None]:
    """The label and value columns when the view does not choose: the first text column
    and the first numeric column (one whose name says it is an identifier last)."""
    text = [name for name in names if name not in numeric]
    label = text[0] if text else (numeric[0] if len(numeric) > 1 else None)
    values = [name for name in numeric if name != label]
    values.sort(key=lambda name: bool(_IDENTIFIER.search(name)))
    return label, (values[0] if values else None)


def view_context() -> Context:
    """The viewer's context: the DataStore's read policy applies to the chart's reads."""
    return {"user": tk.current_user.name if tk.current_user else ""}


def fetch(context: Context, resource_id: str, limit: int) -> dict[str, Any]:
    """The first ``limit`` rows of the table, with its fields and row count (``datastore_search``)."""
    return tk.get_action("datastore_search")(
        context, {"resource_id": resource_id, "limit": limit, "include_total": True}
    )


def max_rows() -> int:
    return max(1, min(1000, config.chart_max_rows()))


# -- validators of the view's settings (``chart_view.py``'s schema) ------------------------------


def _table(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Context) -> dict[str, Any] | None:
    resource_id = str(data.get(("resource_id",)) or "")
    try:
        return fetch({"user": context.get("user") or ""}, resource_id, max_rows())
    except (tk.ObjectNotFound, tk.NotAuthorized):
        errors[key].append(tk._("This resource has no table in the DataStore yet."))
    except tk.ValidationError:
        errors[key].append(tk._("The table of this resource could not be read."))
    return None


def laodata_chart_column(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Context) -> None:
    """A label column must be a column of the table (empty: chosen automatically)."""
    value = data.get(key)
    if _blank(value):
        data[key] = ""
        return
    table = _table(key, data, errors, context)
    if table is not None and value not in columns(table["fields"]):
        errors[key].append(tk._("The table has no column named {name}.").format(name=value))


def laodata_chart_numeric_column(
    key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Context
) -> None:
    """A value column must be a column of the table that holds numbers (empty: automatic)."""
    value = data.get(key)
    if _blank(value):
        data[key] = ""
        return
    table = _table(key, data, errors, context)
    if table is None:
        return
    if value not in columns(table["fields"]):
        errors[key].append(tk._("The table has no column named {name}.").format(name=value))
    elif value not in numeric_columns(table["fields"], table["records"]):
        errors[key].append(
            tk._("The column {name} does not hold numbers: choose a numeric column.").format(name=value)
        )


# -- the chart ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Point:
    label: str
    value: float
    text: str  # the value, formatted in the reader's language


@dataclasses.dataclass
class Chart:
    status: str  # "ok", "no_table", "empty", "no_numeric"
    message: str = ""
    chart_type: str = "bar"
    label_field: str | None = None
    value_field: str | None = None
    columns: list[str] = dataclasses.field(default_factory=list)
    numeric: list[str] = dataclasses.field(default_factory=list)
    points: list[Point] = dataclasses.field(default_factory=list)
    skipped: int = 0
    total: int = 0
    notes: list[str] = dataclasses.field(default_factory=list)
    drawing: dict[str, Any] = dataclasses.field(default_factory=dict)


def _format(value: float) -> str:
    value = float(value)
    shown: float = int(value) if value.is_integer() and abs(value) < 1e15 else value
    return str(tk.h.localised_number(shown))


def _label(value: Any, row: int) -> str:
    if _blank(value):
        return tk._("Row {n}").format(n=row)
    return str(value)


def _short(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _choose(setting: Any, names: list[str], fallback: str | None) -> tuple[str | None, str | None]:
    """The column the view chose if the table still has it, else the automatic one (and why)."""
    if _blank(setting) or not isinstance(setting, str):
        return fallback, None
    if setting in names:
        return setting, None
    return fallback, tk._("The table has no column named {name} any more.").format(name=setting)


def build(resource: dict[str, Any], settings: dict[str, Any] | None) -> Chart:
    """The chart of ``resource``'s table with the view's ``settings`` (label_field, value_field,
    chart_type), read with the viewer's rights."""
    settings = settings or {}
    chart_type = settings.get("chart_type") if settings.get("chart_type") in CHART_TYPES else "bar"
    try:
        table = fetch(view_context(), str(resource.get("id") or ""), max_rows())
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return Chart("no_table", tk._("This table cannot be shown as a chart: it is not in the DataStore."))
    names = columns(table["fields"])
    records = table["records"]
    numeric = numeric_columns(table["fields"], records)
    chart = Chart(
        "ok", chart_type=str(chart_type), columns=names, numeric=numeric, total=int(table.get("total") or 0)
    )
    if not records:
        chart.status, chart.message = "empty", tk._("The table has no rows: there is nothing to draw.")
        return chart
    auto_label, auto_value = default_columns(names, numeric)
    chart.value_field, why = _choose(settings.get("value_field"), numeric, auto_value)
    chart.notes += [why] if why else []
    chart.label_field, why = _choose(settings.get("label_field"), names, auto_label)
    chart.notes += [why] if why else []
    if chart.value_field is None:
        chart.status, chart.message = "no_numeric", tk._("The table has no column of numbers to draw.")
        return chart
    for row, record in enumerate(records, start=1):
        value = number(record.get(chart.value_field))
        if value is None:
            chart.skipped += 1
            continue
        label = _label(record.get(chart.label_field), row) if chart.label_field else _label(None, row)
        chart.points.append(Point(label, value, _format(value)))
    if not chart.points:
        chart.status, chart.message = (
            "no_numeric",
            tk._("The column {name} holds no numbers in these rows.").format(name=chart.value_field),
        )
        return chart
    chart.drawing = _bars(chart.points) if chart.chart_type == "bar" else _line(chart.points)
    return chart


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values spanning [low, high] (at least two), for the value axis."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count - 1)
    step = 10 ** math.floor(math.log10(raw))
    step = next(m * step for m in (1, 2, 2.5, 5, 10) if raw <= m * step)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    steps = round((end - start) / step)
    return [float(round(start + k * step, 10)) for k in range(steps + 1)]


def _bars(points: list[Point]) -> dict[str, Any]:
    values = [p.value for p in points]
    axis = ticks(min(0.0, *values), max(0.0, *values))
    low, high = axis[0], axis[-1]
    plot = WIDTH - BAR_VALUE_ROOM

    def x(value: float) -> float:
        return round((value - low) / (high - low) * plot, 2)

    zero = x(0.0)
    bars = []
    for i, point in enumerate(points):
        top = BAR_TOP + i * BAR_ROW
        end = x(point.value)
        bars.append(
            {
                "point": point,
                "label": _short(point.label),
                "label_y": top + 12,
                "x": min(zero, end),
                "y": top + 16,
                "width": max(abs(end - zero), 0.5),
                "height": 12,
                "value_x": max(zero, end) + 4,
                "value_y": top + 26,
            }
        )
    bottom = BAR_TOP + len(points) * BAR_ROW + 4
    return {
        "kind": "bar",
        "width": WIDTH,
        "height": bottom + 18,
        "bars": bars,
        "zero": zero,
        "plot_width": plot,
        "bottom": bottom,
        "ticks": [{"x": x(t), "text": _format(t)} for t in axis],
    }


def _line(points: list[Point]) -> dict[str, Any]:
    m = LINE_MARGIN
    values = [p.value for p in points]
    axis = ticks(min(values), max(values))
    low, high = axis[0], axis[-1]
    plot_w = WIDTH - m["left"] - m["right"]
    plot_h = LINE_HEIGHT - m["top"] - m["bottom"]

    def y(value: float) -> float:
        return round(m["top"] + (high - value) / (high - low) * plot_h, 2)

    def x(i: int) -> float:
        share = i / (len(points) - 1) if len(points) > 1 else 0.5
        return round(m["left"] + share * plot_w, 2)

    dots = [{"point": p, "x": x(i), "y": y(p.value)} for i, p in enumerate(points)]
    # the first and last labels under the axis, and the middle one when it falls near the middle
    # (with few points it would run into the last one)
    marks = sorted({0, len(points) - 1} | ({len(points) // 2} if len(points) >= 7 else set()))
    anchors = {0: "start", len(points) - 1: "end"}
    return {
        "kind": "line",
        "width": WIDTH,
        "height": LINE_HEIGHT,
        "left": m["left"],
        "right": WIDTH - m["right"],
        "top": m["top"],
        "bottom": LINE_HEIGHT - m["bottom"],
        "dots": dots,
        "path": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "ticks": [{"y": y(t), "text": _format(t)} for t in axis],
        "labels": [
            {
                "x": x(i),
                "text": _short(points[i].label, 16),
                "anchor": anchors.get(i, "middle") if len(points) > 1 else "middle",
            }
            for i in marks
        ],
    }
