"""Reading and checking a catalog import file (DESIGN §6, "Catalog import file").

``parse_catalog`` turns the bytes of an uploaded CSV or XLSX file into
normalised catalog entries, or into the complete list of reasons why the
file is refused. It is pure: no CKAN calls and no database, so the import
action, the CLI and the tests share it. It never raises: anything that goes
wrong becomes an error entry ``{"row", "field", "message"}`` with the
spreadsheet row number (the header is row 1) and the column name where
there is one.

The import is all or nothing, so ``entries`` is empty as soon as there is a
single error. Errors are collected for the whole file, up to
``MAX_ERRORS``.

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
- Text is trimmed and put in Unicode NFC form, so that Vietnamese typed on
  different systems compares equal. Nothing else in a text is changed: a
  title such as ``=HYPERLINK(...)`` or ``<script>`` is kept as it is written;
  neutralising it is the job of whatever outputs it (see ``export``).
- In a workbook, every cell of a merged range is reported once (as the
  range), and the cells it covers are not checked further, so a merged unit
  column does not also give one "unit is required" per row.
- A file may hold at most ``MAX_ENTRIES`` entries (a guard against files
  that expand to far more than a catalog, not a limit anyone should meet).
- When there are more than ``MAX_ERRORS`` errors, the first
  ``MAX_ERRORS - 1`` are returned followed by one entry saying how many
  there are in all.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ckanext.laodata import vocab
from ckanext.laodata.access.classes import class_errors
from ckanext.laodata.catalog.fields import CODE_MAX_LENGTH

log = logging.getLogger(__name__)

COLUMNS = (
    "code", "title", "title_lo", "title_vi", "title_en", "unit", "sector",
    "update_frequency", "access_level", "security_level", "importance",
    "personal_data", "state_secret", "source_system", "required_fields",
    "due_date", "legal_basis", "notes",
)
MANDATORY = ("code", "title", "unit", "sector", "update_frequency", "access_level", "security_level")

# Frictionless Table Schema field types.
FIELD_TYPES = (
    "string", "number", "integer", "boolean", "date", "datetime", "time", "year",
    "yearmonth", "duration", "geopoint", "geojson", "object", "array", "any",
)

MAX_ERRORS = 1000
MAX_TITLE = 500
MAX_ENTRIES = 100_000
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

VOCABULARY_COLUMNS = ("sector", "update_frequency", "access_level", "importance", "personal_data")
TITLE_COLUMNS = ("title", "title_lo", "title_vi", "title_en")
TEXT_COLUMNS = ("code", "title_lo", "title_vi", "title_en", "legal_basis", "notes")

_CODE_RE = re.compile(r"[A-Za-z0-9._-]+")
_LEVEL_RE = re.compile(r"([1-5])(?:\.0*)?")
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_STATE_SECRET = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_SAVE_AS = (
    'In Excel choose File > Save As and pick "Excel Workbook (*.xlsx)" or '
    '"CSV UTF-8 (Comma delimited) (*.csv)", then import the new file.'
)

# Leading bytes of formats that are certainly not a catalog spreadsheet.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf", "a rich text (RTF) document"),
)
# A workbook may expand to this many times the upload limit, no more
# (a guard against ZIP bombs; real sheets compress 5-20 times).
_MAX_EXPANSION = 50
# mergeCell elements of a worksheet part, with or without a namespace prefix.
_MERGE_RE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]{0,1000}?\bref\s*=\s*["\']([^"\']{1,100})["\']')
_MERGE_OVERLAP = 2048


@dataclass
class ParsedCatalog:
    """The outcome of reading an import file."""

    entries: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    format: str
    sheet: str | None = None


class _Refused(Exception):
    """The whole file is refused for one reason (reported without a row)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


class _Errors:
    """Collects errors, keeping at most ``MAX_ERRORS`` but counting all."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append({"row": row, "field": column, "message": message})

    def result(self) -> list[dict[str, Any]]:
        items = sorted(self.items, key=lambda item: item["row"] if item["row"] is not None else 1 << 62)
        if self.total > MAX_ERRORS:
            items = items[: MAX_ERRORS - 1]
            items.append({
                "row": None,
                "field": None,
                "message": f"The file has {self.total} errors; only the first {MAX_ERRORS - 1} are listed. "
                "Correct them and import again to see the rest.",
            })
        return items


def parse_catalog(
    data: bytes,
    filename: str,
    known_units: set[str] | None = None,
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
    errors = _Errors()
    name = filename if isinstance(filename, str) else ""
    result = ParsedCatalog(entries=[], errors=[], format=_format_from_name(name), sheet=None)
    try:
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise _Refused("No file was given.")
        if len(data) > max_bytes:
            raise _Refused(
                f"The file is {_size(len(data))} ({len(data):,} bytes); "
                f"the largest file accepted is {_size(max_bytes)} ({max_bytes:,} bytes)."
            )
        if not data.strip():
            raise _Refused("The file is empty.")
        checker = _Checker(errors, known_units)
        if _detect(data) == "xlsx":
            result.format = "xlsx"
            _read_xlsx(data, max_bytes, checker, result)
        else:
            result.format = "csv"
            checker.run(_csv_rows(data))
        checker.finish()
        if not errors.total:
            result.entries = checker.entries
    except _Refused as refusal:
        errors.add(refusal.row, None, refusal.message)
    except Exception as exc:  # never raise on any input: the contract
        log.exception("laodata: catalog file %r could not be read", name)
        errors.add(None, None, f"The file could not be read ({type(exc).__name__}). {_SAVE_AS}")
    result.errors = errors.result()
    if result.errors:
        result.entries = []
    return result


# ---------------------------------------------------------------------------
# Format and encoding


def _format_from_name(name: str) -> str:
    return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv"


def _detect(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` by content; refuses what is neither."""
    if data.startswith(_OLE2):
        raise _Refused(
            "The file is an Excel 97-2003 workbook (.xls) or a password-protected "
            f"Office file, which cannot be read. {_SAVE_AS}"
        )
    if data.startswith(_ZIP):
        return "xlsx"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _Refused(f"The file is {what}, not a CSV or XLSX spreadsheet. {_SAVE_AS}")
    return "csv"


def _decode(data: bytes) -> str:
    """The text of a CSV file, which must be UTF-8 (a BOM is allowed)."""
    utf16_hint = (
        'In Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)" '
        "and import the new file."
    )
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _Refused(f"The file is encoded as UTF-32; only UTF-8 is accepted. {utf16_hint}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refused(
            'The file is encoded as UTF-16 (Excel\'s "Unicode Text"); only UTF-8 is accepted. '
            + utf16_hint
        )
    head = data[:4096]
    if b"\x00" in data:
        if _looks_utf16(head):
            raise _Refused(
                "The file is encoded as UTF-16 (without a byte order mark); only UTF-8 is accepted. "
                + utf16_hint
            )
        raise _Refused(f"The file is binary data, not a CSV or XLSX spreadsheet. {_SAVE_AS}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_binary(head):
            raise _Refused(f"The file is binary data, not a CSV or XLSX spreadsheet. {_SAVE_AS}") from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise _Refused(
            f"The file is not UTF-8 text: line {line} holds the byte 0x{data[exc.start]:02X}, "
            "which is not valid UTF-8. It was probably saved in another encoding, such as "
            "Windows-1258 (ANSI) or TCVN3, in which Vietnamese and Lao letters would be misread, "
            'so it is refused. Save it as "CSV UTF-8" (in Excel: File > Save As > '
            '"CSV UTF-8 (Comma delimited) (*.csv)") and import the new file.'
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _looks_utf16(head: bytes) -> bool:
    pairs = len(head) // 2
    if not pairs:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.2 * pairs and min(even, odd) < 0.05 * pairs


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for byte in head if (byte < 0x20 and byte not in (0x09, 0x0A, 0x0D)) or byte == 0x7F)
    return controls > 0.02 * len(head)


# ---------------------------------------------------------------------------
# CSV

Row = tuple[int, dict[int, Any], dict[int, str]]


def _csv_rows(data: bytes) -> Iterator[Row]:
    """Rows of a CSV file as (row number, {column: value}, {})."""
    text = _decode(data)
    if not text.strip():
        raise _Refused("The file is empty.")
    start = text.lstrip()[:200].lower()
    if start.startswith("<"):
        raise _Refused(
            "The file is an HTML or XML document (some systems export those under an Excel "
            f"name), not a CSV or XLSX spreadsheet. {_SAVE_AS}"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    row = 0
    try:
        for cells in reader:
            row += 1
            yield row, {index: cell for index, cell in enumerate(cells, 1) if cell and not cell.isspace()}, {}
    except csv.Error as exc:
        raise _Refused(f"Row {row + 1} could not be read as CSV ({exc}).", row=row + 1) from None


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


# ---------------------------------------------------------------------------
# XLSX


def _read_xlsx(data: bytes, max_bytes: int, checker: _Checker, result: ParsedCatalog) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    except Exception as exc:
        raise _Refused(f"The file is a damaged ZIP archive ({_describe(exc)}). {_SAVE_AS}") from None
    if "xl/workbook.xml" not in names:
        raise _Refused(_not_xlsx(archive, names))
    if expanded > _MAX_EXPANSION * max_bytes:
        raise _Refused(
            f"The workbook expands to {_size(expanded)}, which is more than can be read "
            f"(at most {_size(_MAX_EXPANSION * max_bytes)}). {_SAVE_AS}"
        )

    import openpyxl  # here, so that CSV-only callers do not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise _Refused(
            f"The file could not be read as an XLSX workbook ({_describe(exc)}). "
            "Open it in Excel or LibreOffice, save it again as .xlsx and import the new file."
        ) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise _Refused("The workbook has no worksheet.")
        sheet = sheets[0]
        result.sheet = str(sheet.title)
        checker.sheet = result.sheet
        checker.other_sheets = [str(other.title) for other in sheets[1:]]
        try:
            rows, merges = _read_sheet(book, sheet, archive, names)
            checker.run(rows, _merge_spans(merges))
        except _Refused:
            raise
        except Exception as exc:
            raise _Refused(
                f"The sheet '{result.sheet}' could not be read ({_describe(exc)}). "
                "Open the file in Excel or LibreOffice, save it again as .xlsx and import the new file."
            ) from None
    finally:
        book.close()


def _read_sheet(
    book: Any, sheet: Any, archive: zipfile.ZipFile, names: set[str]
) -> tuple[Iterable[Row], list[str]]:
    """The rows and merged ranges of the read-only worksheet ``sheet``.

    The cells are streamed with expat (five times faster than openpyxl's
    cell objects) from what openpyxl found when it loaded the workbook; if
    that is not available, they come from openpyxl's ``iter_rows``.
    openpyxl's read-only mode does not load merged ranges, so those are
    found by a scan of the part's XML (they follow the cells there, and are
    needed before them).
    """
    part = str(getattr(sheet, "_worksheet_path", "") or "").lstrip("/")
    merges = _merged_ranges(archive, part) if part in names else []
    internals = _openpyxl_internals(book, sheet)
    if internals is not None and internals[0] in names:
        part, shared, dates, durations = internals
        return _SheetXML(shared, dates, durations, book.epoch).rows(archive, part), merges
    sheet.reset_dimensions()  # do not trust the stored size; read every row from A1
    return _xlsx_rows(sheet), merges


def _openpyxl_internals(book: Any, sheet: Any) -> tuple[str, Any, set[int], set[int]] | None:
    """The sheet's part name, the shared strings and the date and duration
    style ids, as openpyxl read them, or ``None``.

    They are private attributes of openpyxl's read-only objects, but they are
    exactly what openpyxl gives its own sheet parser, so reading them here
    gives the same values as openpyxl would. Checked with openpyxl 3.1.
    """
    part = getattr(sheet, "_worksheet_path", None)
    shared = getattr(sheet, "_shared_strings", None)
    dates = getattr(book, "_date_formats", None)
    durations = getattr(book, "_timedelta_formats", None)
    if not isinstance(part, str) or shared is None or dates is None or durations is None:
        return None
    return part.lstrip("/"), shared, set(dates), set(durations)


def _not_xlsx(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        what = "an Excel binary workbook (.xlsb), which cannot be read"
    elif "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
        what = "an OpenDocument spreadsheet (.ods), which cannot be read"
    elif "word/document.xml" in names:
        what = "a Word document, not a spreadsheet"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation, not a spreadsheet"
    else:
        what = "a ZIP archive but not an XLSX workbook (it holds no xl/workbook.xml)"
    return f"The file is {what}. {_SAVE_AS}"


def _xlsx_rows(sheet: Any) -> Iterator[Row]:
    """Rows of a read-only worksheet as (row number, {column: value}, {column: problem})."""
    number = 0
    for cells in sheet.iter_rows():
        number += 1
        values: dict[int, Any] = {}
        problems: dict[int, str] = {}
        for cell in cells:
            value = cell.value
            if value is None:
                continue
            number = cell.row
            kind = cell.data_type
            if kind == "f":
                problems[cell.column] = f"cell {cell.coordinate} holds a formula; enter the value itself"
            elif kind == "e":
                problems[cell.column] = (
                    f"cell {cell.coordinate} holds the error value {value}; enter the value itself"
                )
            elif isinstance(value, str) and (not value or value.isspace()):
                continue
            values[cell.column] = value
        yield number, values, problems


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[str]:
    """The merged ranges listed in a worksheet part, found by a scan of its XML."""
    refs: list[str] = []
    pending = b""
    with archive.open(part) as stream:
        while len(refs) <= MAX_ERRORS:
            chunk = stream.read(1 << 20)
            window = pending + chunk
            cut = max(0, len(window) - _MERGE_OVERLAP) if chunk else len(window)
            if b"mergeCell" in window:
                for match in _MERGE_RE.finditer(window):
                    if match.start() >= cut:
                        break
                    refs.append(match.group(1).decode("ascii", "replace"))
            if not chunk:
                break
            pending = window[cut:]
    return refs


def _merge_spans(refs: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Merged ranges as (ref, first row, first column, last row, last column)."""
    from openpyxl.utils.cell import range_boundaries

    spans: list[tuple[str, int, int, int, int]] = []
    for ref in refs[: MAX_ERRORS + 1]:
        ref = ref.strip().upper()
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except Exception:
            first_col = first_row = last_col = last_row = None
        if first_col is None or first_row is None or last_col is None or last_row is None:
            spans.append((ref, 0, 0, -1, -1))
        else:
            spans.append((ref, first_row, first_col, last_row, last_col))
    return spans


class _SheetXML:
    """The cells of a worksheet part, read with expat.

    Yields, per row that has something, ``{column: value}`` and
    ``{column: problem}`` for cells that hold a formula or an error. Values
    are typed as openpyxl types them: shared and inline strings, numbers,
    booleans, and dates for numbers in a date style.
    """

    _CELL_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")

    def __init__(self, shared: Any, dates: set[int], durations: set[int], epoch: Any) -> None:
        self.shared = shared
        self.dates = dates
        self.durations = durations
        self.epoch = epoch
        self._ready: list[Row] = []
        self._row = 0
        self._col = 0
        self._values: dict[int, Any] = {}
        self._problems: dict[int, str] = {}
        self._ref = ""
        self._type = "n"
        self._style = 0
        self._formula = False
        self._parts: list[str] = []
        self._capture = False
        self._inline = False
        self._phonetic = False
        self._names: dict[str, str] = {}
        self._columns: dict[str, int] = {}

    def rows(self, archive: zipfile.ZipFile, part: str) -> Iterator[Row]:
        """The rows of ``part``, parsed a piece at a time."""
        from xml.parsers import expat

        parser = expat.ParserCreate(namespace_separator="|")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        parser.StartDoctypeDeclHandler = self._doctype
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(1 << 16)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    raise _Refused(
                        f"The first sheet is not well-formed XML ({exc}). Open the file in Excel or "
                        "LibreOffice, save it again as .xlsx and import the new file."
                    ) from None
                if self._ready:
                    yield from self._ready
                    self._ready = []
                if not chunk:
                    break

    def _doctype(self, *_args: Any) -> None:
        raise _Refused("The first sheet holds a document type declaration, which is not accepted.")

    def _local(self, tag: str) -> str:
        """The local name of a tag (cached: expat hands out the same strings)."""
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = tag[tag.rfind("|") + 1:]
        return name

    def _column(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        col = self._columns.get(letters)
        if col is None:
            match = self._CELL_RE.fullmatch(ref)
            if not match:
                return 0
            col = 0
            for letter in match.group(1).upper():
                col = col * 26 + ord(letter) - 64
            self._columns[letters] = col
        return col

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        name = self._names.get(tag) or self._local(tag)
        if name == "c":
            ref = attrs.get("r")
            col = self._column(ref) if ref else 0
            if col:
                self._col = col
                self._ref = ref if ref and ref.isalnum() else (ref or "").replace("$", "").upper()
            else:
                self._col += 1
                self._ref = f"{_letter(self._col)}{self._row}"
            self._type = attrs.get("t", "n")
            style = attrs.get("s")
            self._style = int(style) if style and style.isdigit() else 0
            self._formula = False
            self._inline = False
            self._parts = []
        elif name == "v":
            self._capture = True
        elif name == "t":
            self._capture = self._inline and not self._phonetic
        elif name == "is":
            self._inline = True
        elif name == "f":
            self._formula = True
        elif name == "row":
            number = attrs.get("r")
            self._row = int(number) if number and number.isdigit() else self._row + 1
            self._col = 0
            self._values = {}
            self._problems = {}
        elif name == "rPh":
            self._phonetic = True

    def _text(self, data: str) -> None:
        if self._capture:
            self._parts.append(data)

    def _end(self, tag: str) -> None:
        name = self._names.get(tag) or self._local(tag)
        if name == "t" or name == "v":
            self._capture = False
        elif name == "rPh":
            self._phonetic = False
        elif name == "c":
            self._cell()
        elif name == "row":
            if self._values or self._problems:
                self._ready.append((self._row, self._values, self._problems))

    def _cell(self) -> None:
        col = self._col
        text = "".join(self._parts)
        kind = self._type
        if self._formula:
            self._problems[col] = f"cell {self._ref} holds a formula; enter the value itself"
            self._values[col] = text or "="
            return
        if kind == "e":
            self._problems[col] = f"cell {self._ref} holds the error value {text}; enter the value itself"
            self._values[col] = text or "#"
            return
        value: Any
        if kind in ("inlineStr", "str"):
            value = text
        elif not text:
            return
        elif kind == "s":
            try:
                value = self.shared[int(text)]
            except (ValueError, IndexError):
                self._problems[col] = f"cell {self._ref} refers to a text that is missing from the workbook"
                self._values[col] = text
                return
        elif kind == "b":
            value = text.strip() in ("1", "true")
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                value = from_ISO8601(text)
            except ValueError:
                self._problems[col] = f"cell {self._ref} holds a date that cannot be read ('{_show(text)}')"
                self._values[col] = text
                return
        else:
            try:
                number: int | float = int(text) if text.isdigit() else float(text)
            except ValueError:
                value = text
            else:
                value = number
                if self._style in self.dates:
                    from openpyxl.utils.datetime import from_excel

                    try:
                        value = from_excel(number, self.epoch, timedelta=self._style in self.durations)
                    except (OverflowError, ValueError):
                        value = number
        if value is None or (isinstance(value, str) and (not value or value.isspace())):
            return
        self._values[col] = value


# ---------------------------------------------------------------------------
# The checks, common to both formats


class _Checker:
    """Reads the header, then checks and normalises each row."""

    def __init__(self, errors: _Errors, known_units: Iterable[str] | None) -> None:
        self.errors = errors
        self.units: dict[str, str] | None = None
        if known_units is not None:
            self.units = {}
            for unit in known_units:
                self.units.setdefault(str(unit).lower(), str(unit))
                self.units[str(unit)] = str(unit)
        self.vocab = {column: vocab.keys(column) for column in (*VOCABULARY_COLUMNS, "security_level")}
        self.vocab_sets = {column: set(keys) for column, keys in self.vocab.items()}
        self.entries: list[dict[str, Any]] = []
        self.codes: dict[str, int] = {}
        self.columns: dict[int, str] = {}
        self.present: set[str] = set()
        self.header_row: int | None = None
        self.rows_seen = 0
        self.unnamed: dict[int, int] = {}
        self.sheet: str | None = None
        self.other_sheets: list[str] = []
        self._unknown_cols: set[int] = set()

    # -- the table --

    def run(self, rows: Iterable[Row], merges: list[tuple[str, int, int, int, int]] | None = None) -> None:
        spans = sorted(merges or [], key=lambda span: span[1])
        next_span = 0
        active: list[tuple[str, int, int, int, int]] = []
        for number, values, problems in rows:
            if self.header_row is None:
                if not values and not problems:
                    continue
                if not self._header(number, values, problems):
                    return
                self._report_merges(spans)
                continue
            if not values and not problems:
                continue  # a blank row
            skipped: set[str] = set()
            if spans:
                while next_span < len(spans) and spans[next_span][1] <= number:
                    active.append(spans[next_span])
                    next_span += 1
                active = [span for span in active if span[3] >= number]
                for _ref, _r1, first, _r2, last in active:
                    skipped.update(name for col, name in self.columns.items() if first <= col <= last)
            for col, message in problems.items():
                name = self.columns.get(col)
                self.errors.add(number, name, message)
                if name:
                    skipped.add(name)
            raw: dict[str, Any] = {}
            for col, value in values.items():
                name = self.columns.get(col)
                if name is not None:
                    raw[name] = value
                elif col not in self.unnamed and col not in problems:
                    self.unnamed[col] = number
            if raw or skipped:  # not only stray cells outside the catalog's columns
                self.rows_seen += 1
                if self.rows_seen > MAX_ENTRIES:
                    raise _Refused(
                        f"The file has more than {MAX_ENTRIES:,} entries, more than one import may hold "
                        f"(row {number}). Split it into several files.",
                        row=number,
                    )
                self._row(number, raw, skipped)

    def finish(self) -> None:
        if self.header_row is None:
            if self.sheet is not None:
                others = ""
                if self.other_sheets:
                    others = " (the catalog must be on the first sheet; the workbook also has " + ", ".join(
                        f"'{name}'" for name in self.other_sheets) + ")"
                raise _Refused(f"The first sheet '{self.sheet}' is empty{others}.")
            raise _Refused("The file is empty.")
        for col, number in sorted(self.unnamed.items(), key=lambda item: item[1]):
            if col in self._unknown_cols:
                continue
            self.errors.add(
                number, None,
                f"column {_letter(col)} has a value in row {number} but no column name in the header row "
                f"(row {self.header_row})",
            )
        if not self.rows_seen and self.present:
            self.errors.add(None, None, "The file has a header row but no entries.")

    def _header(self, number: int, values: dict[int, Any], problems: dict[int, str]) -> bool:
        self.header_row = number
        for message in problems.values():
            self.errors.add(number, None, message)
        written = {col: _text(value) for col, value in values.items() if col not in problems}
        names = {col: text.lower() for col, text in written.items()}
        if not any(name in COLUMNS for name in names.values()):
            found = ", ".join(f"'{_show(text, 40)}'" for text in list(written.values())[:5])
            self.errors.add(
                number, None,
                f"row {number} should be the header row naming the columns "
                f"({', '.join(MANDATORY)}, ...) but it holds none of them (found {found or 'nothing'})",
            )
            return False
        first_col: dict[str, int] = {}
        for col in sorted(names):
            name = names[col]
            if name in first_col:
                self.errors.add(
                    number, name,
                    f"column '{name}' appears more than once (columns {_letter(first_col[name])} and {_letter(col)})",
                )
                self._unknown_cols.add(col)
            elif name in COLUMNS:
                first_col[name] = col
                self.columns[col] = name
            else:
                first_col[name] = col
                self._unknown_cols.add(col)
                self.errors.add(
                    number, name,
                    f"unknown column '{_show(name)}' (column {_letter(col)}){_suggest(name, COLUMNS)}; "
                    f"the columns are: {', '.join(COLUMNS)}",
                )
        self.present = set(self.columns.values())
        for name in MANDATORY:
            if name not in self.present:
                self.errors.add(number, name, f"mandatory column '{name}' is missing from the header row")
        return True

    def _report_merges(self, spans: list[tuple[str, int, int, int, int]]) -> None:
        for ref, first_row, first_col, _last_row, _last_col in spans:
            self.errors.add(
                first_row or None, self.columns.get(first_col),
                f"cells {ref} are merged; unmerge them and enter the value in each cell",
            )

    # -- one entry --

    def _row(self, number: int, raw: dict[str, Any], skipped: set[str]) -> None:
        errors_before = self.errors.total

        def fail(column: str, message: str) -> None:
            self.errors.add(number, column, message)
            bad.add(column)

        bad: set[str] = set()
        entry: dict[str, Any] = {"row": number}
        text = {name: _text(raw.get(name)) for name in COLUMNS if name not in skipped}

        for name in MANDATORY:
            if name in self.present and name in text and not text[name]:
                fail(name, f"{name} is required")

        for name in TEXT_COLUMNS:
            entry[name] = text.get(name, "")
        entry["title"] = text.get("title", "")

        code = text.get("code", "")
        if code:
            if len(code) > CODE_MAX_LENGTH:  # every path's limit (fields.py)
                fail("code", f"code has {len(code)} characters; at most {CODE_MAX_LENGTH} are allowed")
            elif not _CODE_RE.fullmatch(code):
                odd = "".join(sorted({ch for ch in code if not _CODE_RE.fullmatch(ch)}))
                fail(
                    "code",
                    f"code '{_show(code)}' holds {_show_chars(odd)}; a code may only hold the letters A-Z "
                    "and a-z, digits, '.', '_' and '-'",
                )
            elif code in self.codes:
                fail("code", f"code '{code}' is already used in row {self.codes[code]}")
            else:
                self.codes[code] = number

        for name in TITLE_COLUMNS:
            value = text.get(name, "")
            if len(value) > MAX_TITLE:
                fail(name, f"{name} has {len(value)} characters; at most {MAX_TITLE} are allowed")

        unit = text.get("unit", "")
        if unit and self.units is not None:
            known = self.units.get(unit) or self.units.get(unit.lower())
            if known is None:
                fail("unit", f"unknown unit '{_show(unit)}': no organization has this name{_suggest(unit, self.units)}")
            else:
                unit = known
        entry["unit"] = unit

        defaults = {"importance": "other", "personal_data": "none"}
        for name in VOCABULARY_COLUMNS:
            value = text.get(name, "").lower()
            if not value:
                entry[name] = defaults.get(name, "")
            elif value in self.vocab_sets[name]:
                entry[name] = value
            else:
                entry[name] = value
                fail(
                    name,
                    f"unknown {name} '{_show(text.get(name, ''))}'{_suggest(value, self.vocab[name])}; "
                    f"allowed: {', '.join(self.vocab[name])}",
                )

        entry["security_level"] = ""
        if "security_level" in text and text["security_level"]:
            value = raw.get("security_level")
            match = None if isinstance(value, bool) else _LEVEL_RE.fullmatch(text["security_level"])
            if match and match.group(1) in self.vocab_sets["security_level"]:
                entry["security_level"] = match.group(1)
            else:
                fail(
                    "security_level",
                    f"security_level must be one of {', '.join(self.vocab['security_level'])}; "
                    f"got '{_show(text['security_level'])}'",
                )

        entry["state_secret"] = False
        if "state_secret" in text and text["state_secret"]:
            value = raw.get("state_secret")
            secret = value if isinstance(value, bool) else _STATE_SECRET.get(text["state_secret"].lower())
            if secret is None:
                fail(
                    "state_secret",
                    f"state_secret must be true or false (or yes/no, 1/0); got '{_show(text['state_secret'])}'",
                )
            else:
                entry["state_secret"] = secret

        source = text.get("source_system", "")
        entry["source_system"] = "local" if not source or source.lower() == "local" else source

        entry["required_fields"] = []
        if text.get("required_fields"):
            fields, problems = _required_fields(text["required_fields"])
            for problem in problems:
                fail("required_fields", problem)
            entry["required_fields"] = fields

        entry["due_date"] = None
        if "due_date" in text:
            due, problem = _due_date(raw.get("due_date"))
            if problem:
                fail("due_date", problem)
            entry["due_date"] = due

        classes = ("access_level", "security_level", "importance", "personal_data", "state_secret")
        if entry["access_level"] and not (bad | skipped).intersection(classes):
            for column, messages in class_errors({name: entry[name] for name in classes}).items():
                for message in messages:
                    fail(column, message)

        if self.errors.total == errors_before and not skipped:
            self.entries.append({**{name: entry[name] for name in COLUMNS}, "row": number})


# ---------------------------------------------------------------------------
# Values


def _text(value: Any) -> str:
    """A cell value as trimmed NFC text."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _required_fields(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """``name[:type]`` items separated by ``;`` (or line breaks)."""
    fields: list[dict[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in re.split(r"[;\n]", text):
        item = item.strip()
        if not item:
            continue
        if ":" in item:
            name, _sep, kind = item.rpartition(":")
            name, kind = name.strip(), kind.strip().lower() or "string"
        else:
            name, kind = item, "string"
        if not name:
            problems.append(f"required_fields item '{_show(item)}' has no field name (write name or name:type)")
            continue
        if kind not in FIELD_TYPES:
            problems.append(
                f"required_fields: field '{_show(name)}' has the unknown type '{_show(kind)}'"
                f"{_suggest(kind, FIELD_TYPES)}; the types are: {', '.join(FIELD_TYPES)}"
            )
            continue
        if name in seen:
            problems.append(f"required_fields: field '{_show(name)}' is listed more than once")
            continue
        seen.add(name)
        fields.append({"name": name, "type": kind})
    return fields, problems


def _due_date(value: Any) -> tuple[str | None, str | None]:
    """The ISO date of a due_date cell, or the problem with it."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        if not text:
            return None, None
        match = _DATE_RE.fullmatch(text)
        if not match:
            hint = " (a number: format the cell as a date)" if isinstance(value, (int, float)) else ""
            return None, f"due_date must be a date written YYYY-MM-DD (e.g. 2025-12-31); got '{_show(text)}'{hint}"
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, f"due_date '{_show(text)}' is not a real date"
    if not 1900 <= day.year <= 2200:
        return None, f"due_date {day.isoformat()} is not a plausible date"
    return day.isoformat(), None


# ---------------------------------------------------------------------------
# Message helpers


def _show(value: str, limit: int = 60) -> str:
    value = value.replace("\r", " ").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _show_chars(chars: str) -> str:
    named = {" ": "a space", "\t": "a tab"}
    shown = [named.get(ch, f"'{ch}'") for ch in chars[:10]]
    return ("the characters " if len(shown) > 1 else "the character ") + ", ".join(shown)


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "?"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} bytes"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {_show(text, 120)}" if text else type(exc).__name__
