"""Check an uploaded data file against its catalog entry's columns (issue 13 item 2).

``check_file`` reads a CSV or XLSX file once, streaming, and returns the
report stored on the resource (``validation_report``) with its status
(``passed``, ``failed`` or ``error``):

- the file is recognised by its content, not its name: an XLSX named ``.csv``
  (or the reverse), an old ``.xls``, a PDF or binary data is an ``error``
  that says what the file is;
- limits (``Limits``: bytes, rows, seconds, from the configuration) are
  checked as the file is read; a workbook's expanded size is checked before
  it is opened (ZIP bombs); a file over a limit is an ``error`` naming it;
- a CSV must be UTF-8 (a BOM is fine): the first invalid byte is an
  ``error`` naming its line;
- the header against the entry's mandatory columns (``fields.table_schema``):
  missing columns (failed) and extra ones (listed);
- each row with frictionless against the Table Schema: wrong types, empty
  mandatory cells, values outside a vocabulary, missing or extra cells;
  duplicate rows (by a hash of the row, so memory grows with the row limit,
  not the file); in a workbook, formula and error cells;
- the personal-data scanner (``personal_data.py``) sees every row's cells.

The report holds no cell values (a value may be personal data): errors
are ``{row, column, code}`` with the expected type; the first
``MAX_ERRORS`` are kept, every error is counted. Messages are codes, so that
each page shows them in its language (``report.py``). The same file gives the
same report: nothing in it depends on the time it was checked.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import fields, personal_data

MAX_ERRORS = 100
# A workbook may expand to this many times the byte limit, no more (real
# sheets compress 5-20 times; a ZIP bomb thousands of times).
MAX_EXPANSION = 20
_CHUNK = 1 << 20
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF-", "pdf"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
)
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_seconds: float


class Stop(Exception):
    """The file cannot be checked (further): the report's status is ``error``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _sniff(path: str) -> str:
    """``csv`` or ``xlsx`` by content; ``Stop`` for anything else."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise Stop("empty")
    if head.startswith(_OLE2):
        raise Stop("xls")
    if head.startswith(_ZIP):
        return "xlsx"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise Stop("not_a_table", found=what)
    if b"\x00" in head:
        raise Stop("binary")
    return "csv"


def _check_utf8(path: str, limits: Limits, started: float) -> None:
    """The whole file decodes as UTF-8 (a streaming decoder: one chunk in memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                controls = sum(1 for b in chunk[:4096] if b < 0x09 or 0x0E <= b < 0x20)
                if controls > 0.02 * min(len(chunk), 4096) or b"\x00" in chunk:
                    raise Stop("binary") from None
                raise Stop("not_utf8", line=line + chunk.count(b"\n", 0, max(exc.start, 0))) from None
            if b"\x00" in chunk:
                raise Stop("binary")
            if not chunk:
                return
            line += chunk.count(b"\n")
            _check_time(limits, started)


def _check_time(limits: Limits, started: float) -> None:
    if time.monotonic() - started > limits.max_seconds:
        raise Stop("too_slow", limit=int(limits.max_seconds))


def _check_archive(path: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Stop("unreadable") from None
    if "xl/workbook.xml" not in names:
        raise Stop("not_a_table", found="zip")
    limit = MAX_EXPANSION * limits.max_bytes
    if expanded > limit:
        raise Stop("zip_bomb", size=expanded, limit=limit)


class _Findings:
    """Errors by row and column: the first ``MAX_ERRORS`` kept, all counted by code."""

    def __init__(self) -> None:
        self.first: list[dict[str, Any]] = []
        self.counts: dict[str, int] = {}

    def add(self, code: str, row: int | None = None, column: str | None = None, **params: Any) -> None:
        self.counts[code] = self.counts.get(code, 0) + 1
        if len(self.first) < MAX_ERRORS:
            self.first.append({"row": row, "column": column, "code": code, **params})


def _xlsx_to_csv(path: str, out: Any, findings: _Findings, limits: Limits, started: float) -> None:
    """The first sheet's values as CSV rows into ``out`` (streamed: openpyxl's
    read-only mode); formula and error cells are findings by cell."""
    import warnings

    import openpyxl
    from openpyxl.utils import get_column_letter

    handle = open(path, "rb")  # noqa: SIM115 - closed below; a file object: storage paths have no extension
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - any damage to the workbook is the same answer
        handle.close()
        raise Stop("unreadable") from None
    try:
        if not book.worksheets:
            raise Stop("empty")
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        writer = csv.writer(out, lineterminator="\n")
        header: list[str] = []
        for number, cells in enumerate(sheet.iter_rows(), 1):
            if number > limits.max_rows + 1:
                raise Stop("too_many_rows", limit=limits.max_rows)
            if number % 1000 == 0:
                _check_time(limits, started)
            values: list[str] = []
            for index, cell in enumerate(cells):
                value = cell.value
                if cell.data_type in ("f", "e"):
                    column = header[index] if index < len(header) else get_column_letter(index + 1)
                    findings.add("formula" if cell.data_type == "f" else "error_value", number, column)
                    value = ""
                values.append(_xlsx_text(value))
            while values and values[-1] == "":
                values.pop()
            if number == 1:
                header = values
            writer.writerow(values)
    except Stop:
        raise
    except Exception:  # noqa: BLE001
        raise Stop("unreadable") from None
    finally:
        book.close()
        handle.close()


def _xlsx_text(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _resource(path: str, schema: dict[str, Any] | None = None) -> Any:
    """A frictionless resource of the CSV file: the header is the first row, always
    (frictionless would guess it from a sample, which blank rows mislead)."""
    from frictionless import Dialect, Resource, Schema

    options: dict[str, Any] = {"schema": Schema.from_descriptor(schema)} if schema is not None else {}
    return Resource(
        path=path, format="csv", encoding="utf-8-sig", dialect=Dialect(header_rows=[1]), **options
    )


def _frictionless_rows(path: str, schema: dict[str, Any]) -> Iterator[Any]:
    with _resource(path, schema) as resource:
        yield from resource.row_stream


def _header(path: str) -> list[str]:
    with _resource(path) as resource:
        return [str(label).strip() for label in resource.header.labels]


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (a repeated name is reported; frictionless needs unique ones)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


_ROW_CODES = {"type-error": "type", "missing-cell": "missing_cell", "extra-cell": "extra_cell"}


def _row_errors(row: Any, types: dict[str, str], findings: _Findings) -> None:
    for error in row.errors:
        kind = error.type
        column = getattr(error, "field_name", None)
        if kind == "blank-row":
            continue
        if kind == "constraint-error":
            note = str(getattr(error, "note", ""))
            code = "required" if '"required"' in note else "not_allowed"
            findings.add(code, row.row_number, column)
        elif kind in _ROW_CODES:
            extra = {"type": types.get(column or "", "")} if kind == "type-error" else {}
            findings.add(_ROW_CODES[kind], row.row_number, column, **extra)
        else:
            findings.add("invalid", row.row_number, column)


def _check_table(
    csv_path: str, required_fields: Any, findings: _Findings, limits: Limits, started: float
) -> dict[str, Any]:
    """Header and rows of a UTF-8 CSV file; the summary of what was read."""
    try:
        header = _header(csv_path)
    except Exception:  # noqa: BLE001 - frictionless could not read the table
        raise Stop("unreadable") from None
    if not any(header):
        raise Stop("empty")
    wanted = [c["name"] for c in fields.columns(required_fields)]
    missing = [name for name in wanted if name not in header]
    extra = [name for name in header if name not in wanted]
    for name in missing:
        findings.add("missing_column", 1, name)
    for name in sorted({n for n in header if header.count(n) > 1}):
        findings.add("repeated_column", 1, name)
    unique = _unique(header)
    schema = fields.table_schema(required_fields, unique)
    for field, label in zip(schema["fields"], header, strict=True):
        if label not in wanted or header.count(label) > 1 and field["name"] != label:
            field.pop("constraints", None)
            field["type"] = "any"
    types = {f["name"]: f["type"] for f in schema["fields"] if f["type"] != "any"}
    scanner = personal_data.Scanner(header)
    seen: dict[bytes, int] = {}
    rows = read = 0  # rows with something in them; rows read (blank ones too)
    try:
        for row in _frictionless_rows(csv_path, schema):
            read += 1
            if read > limits.max_rows:
                raise Stop("too_many_rows", limit=limits.max_rows)
            if read % 1000 == 0:
                _check_time(limits, started)
            cells = ["" if c is None else str(c) for c in row.cells]
            if not any(cells):
                continue
            rows += 1
            _row_errors(row, types, findings)
            digest = hashlib.blake2b("\x1f".join(cells).encode("utf-8"), digest_size=12).digest()
            first = seen.get(digest)
            if first is None:
                seen[digest] = row.row_number
            else:
                findings.add("duplicate_row", row.row_number, None, first_row=first)
            scanner.feed(cells)
    except Stop:
        raise
    except Exception:  # noqa: BLE001 - the reader gave up part-way (a broken quote…)
        raise Stop("unreadable_row", row=read + 2) from None
    return {
        "rows": rows,
        "columns": header,
        "missing_columns": missing,
        "extra_columns": extra,
        "personal_data": scanner.findings(),
    }


def check_file(path: str, declared: str, required_fields: Any, limits: Limits) -> dict[str, Any]:
    """The validation report of the file at ``path``, declared as ``declared``
    (``csv``/``xlsx``: the resource's format or file name); see the module's doc."""
    started = time.monotonic()
    findings = _Findings()
    report: dict[str, Any] = {"format": declared, "bytes": 0}
    try:
        size = os.path.getsize(path)
        report["bytes"] = size
        if size > limits.max_bytes:
            raise Stop("too_large", size=size, limit=limits.max_bytes)
        found = _sniff(path)
        if found != declared:
            raise Stop("wrong_format", found=found, declared=declared)
        report["sha256"] = _sha256(path)
        if found == "csv":
            _check_utf8(path, limits, started)
            summary = _check_table(path, required_fields, findings, limits, started)
        else:
            _check_archive(path, limits)
            with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", newline="") as out:
                _xlsx_to_csv(path, out, findings, limits, started)
                out.flush()
                summary = _check_table(out.name, required_fields, findings, limits, started)
    except Stop as stop:
        return {**report, "status": "error", "message": {"code": stop.code, **stop.params}}
    status = "failed" if findings.counts else "passed"
    return {
        **report,
        "status": status,
        **summary,
        "error_count": sum(findings.counts.values()),
        "error_counts": dict(sorted(findings.counts.items())),
        "errors": findings.first,
    }


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
