"""What an import file is: its format by content, its text encoding, the
size limits, and a cell's value as text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from .errors import SAVE_AS, Refused, size

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A file may hold at most this many entries (a guard against files that
# expand to far more than a catalog, not a limit anyone should meet).
MAX_ENTRIES = 100_000
# A workbook may expand to this many times the upload limit, no more
# (a guard against ZIP bombs; real sheets compress 5-20 times).
MAX_EXPANSION = 50

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
# A row as both readers give it: (row number, {column: value}, {column: problem}),
# columns numbered from 1 and only cells that hold something.
Row = tuple[int, dict[int, Any], dict[int, str]]

_UTF8_HINT = 'In Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)" and import the new file.'


def format_from_name(name: str) -> str:
    """The format a file name suggests (reported only for a file refused
    before its content was recognised)."""
    return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv"


def checked_bytes(data: Any, max_bytes: int) -> bytes:
    """The upload's bytes, refused when missing, too large or empty."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise Refused("No file was given.")
    if len(data) > max_bytes:
        raise Refused(
            f"The file is {size(len(data))} ({len(data):,} bytes); "
            f"the largest file accepted is {size(max_bytes)} ({max_bytes:,} bytes)."
        )
    if not data.strip():
        raise Refused("The file is empty.")
    return data


def detect(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` by content; refuses what is neither."""
    if data.startswith(_OLE2):
        raise Refused(
            "The file is an Excel 97-2003 workbook (.xls) or a password-protected "
            f"Office file, which cannot be read. {SAVE_AS}"
        )
    if data.startswith(_ZIP):
        return "xlsx"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise Refused(f"The file is {what}, not a CSV or XLSX spreadsheet. {SAVE_AS}")
    return "csv"


def decode(data: bytes) -> str:
    """The text of a CSV file, which must be UTF-8 (a BOM is allowed)."""
    _refuse_wide(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_binary(data[:4096]):
            raise Refused(f"The file is binary data, not a CSV or XLSX spreadsheet. {SAVE_AS}") from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise Refused(
            f"The file is not UTF-8 text: line {line} holds the byte 0x{data[exc.start]:02X}, "
            "which is not valid UTF-8. It was probably saved in another encoding, such as "
            "Windows-1258 (ANSI) or TCVN3, in which Vietnamese and Lao letters would be misread, "
            'so it is refused. Save it as "CSV UTF-8" (in Excel: File > Save As > '
            '"CSV UTF-8 (Comma delimited) (*.csv)") and import the new file.'
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _refuse_wide(data: bytes) -> None:
    """Refuses UTF-32 and UTF-16 (with or without a byte order mark) and
    other data holding NUL bytes."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise Refused(f"The file is encoded as UTF-32; only UTF-8 is accepted. {_UTF8_HINT}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(
            'The file is encoded as UTF-16 (Excel\'s "Unicode Text"); only UTF-8 is accepted. ' + _UTF8_HINT
        )
    if b"\x00" in data:
        if _looks_utf16(data[:4096]):
            raise Refused(
                "The file is encoded as UTF-16 (without a byte order mark); only UTF-8 is accepted. "
                + _UTF8_HINT
            )
        raise Refused(f"The file is binary data, not a CSV or XLSX spreadsheet. {SAVE_AS}")


def _looks_utf16(head: bytes) -> bool:
    pairs = len(head) // 2
    if not pairs:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.2 * pairs and min(even, odd) < 0.05 * pairs


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for byte in head if (byte < 0x20 and byte not in (0x09, 0x0A, 0x0D)) or byte == 0x7F)
    return controls > 0.02 * len(head)


def row_text(values: dict[str, Any], names: Iterable[str], skipped: set[str]) -> dict[str, str]:
    """``cell_text`` of each of ``names`` in ``values`` (missing: ``""``),
    leaving out ``skipped``; one call per row, text cells inline."""
    out: dict[str, str] = {}
    for name in names:
        if name in skipped:
            continue
        value = values.get(name)
        if type(value) is str:  # the common case
            text = value.strip()
            out[name] = text if text.isascii() else unicodedata.normalize("NFC", text)
        else:
            out[name] = cell_text(value)
    return out


def cell_text(value: Any) -> str:
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
