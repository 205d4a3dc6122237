"""The rows of an XLSX import file: the first worksheet's cells, with
formulas, error values and merged ranges reported by cell.

Cells are streamed with expat from what openpyxl found when it loaded the
workbook (``_SheetXML``), or, if that is not available, from openpyxl's own
read-only cells. openpyxl is imported here only, so that CSV-only callers do
not pay for it.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from . import formats
from .errors import MAX_ERRORS, SAVE_AS, Refused, describe, letter, show, size
from .formats import Row

if TYPE_CHECKING:
    from .table import Table

# mergeCell elements of a worksheet part, with or without a namespace prefix.
_MERGE_RE = re.compile(
    rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]{0,1000}?\bref\s*=\s*["\']([^"\']{1,100})["\']'
)
_MERGE_OVERLAP = 2048
_SAVE_AGAIN = "Open the file in Excel or LibreOffice, save it again as .xlsx and import the new file."


def read_workbook(data: bytes, max_bytes: int, table: Table) -> None:
    """Feed the first worksheet of the workbook ``data`` to ``table``."""
    archive, names = _open_archive(data, max_bytes)

    import openpyxl  # here, so that CSV-only callers do not pay for it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise Refused(
            f"The file could not be read as an XLSX workbook ({describe(exc)}). "
            "Open it in Excel or LibreOffice, save it again as .xlsx and import the new file."
        ) from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise Refused("The workbook has no worksheet.")
        sheet = sheets[0]
        table.sheet = str(sheet.title)
        table.other_sheets = [str(other.title) for other in sheets[1:]]
        try:
            rows, merges = _read_sheet(book, sheet, archive, names)
            table.run(rows, _merge_spans(merges))
        except Refused:
            raise
        except Exception as exc:
            raise Refused(
                f"The sheet '{table.sheet}' could not be read ({describe(exc)}). {_SAVE_AGAIN}"
            ) from None
    finally:
        book.close()


def _open_archive(data: bytes, max_bytes: int) -> tuple[zipfile.ZipFile, set[str]]:
    """The workbook's ZIP archive and its part names; refuses damaged
    archives, other ZIP-based formats and archives that expand too much."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        expanded = sum(info.file_size for info in archive.infolist())
    except Exception as exc:
        raise Refused(f"The file is a damaged ZIP archive ({describe(exc)}). {SAVE_AS}") from None
    if "xl/workbook.xml" not in names:
        raise Refused(_not_xlsx(archive, names))
    limit = formats.MAX_EXPANSION * max_bytes
    if expanded > limit:
        raise Refused(
            f"The workbook expands to {size(expanded)}, which is more than can be read "
            f"(at most {size(limit)}). {SAVE_AS}"
        )
    return archive, names


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
    return _openpyxl_rows(sheet), merges


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
    return f"The file is {what}. {SAVE_AS}"


def _openpyxl_rows(sheet: Any) -> Iterator[Row]:
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
                    raise Refused(
                        f"The first sheet is not well-formed XML ({exc}). Open the file in Excel or "
                        "LibreOffice, save it again as .xlsx and import the new file."
                    ) from None
                if self._ready:
                    yield from self._ready
                    self._ready = []
                if not chunk:
                    break

    def _doctype(self, *_args: Any) -> None:
        raise Refused("The first sheet holds a document type declaration, which is not accepted.")

    def _local(self, tag: str) -> str:
        """The local name of a tag (cached: expat hands out the same strings)."""
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = tag[tag.rfind("|") + 1 :]
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
                self._ref = f"{letter(self._col)}{self._row}"
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
        elif kind == "b":  # a boolean cell stores xsd:boolean, read as openpyxl reads it
            value = text.strip() in ("1", "true")
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                value = from_ISO8601(text)
            except ValueError:
                self._problems[col] = f"cell {self._ref} holds a date that cannot be read ('{show(text)}')"
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
