"""The catalog import file parser (DESIGN §6, "Catalog import file" and
"Contract details"). Pure tests: every input file is built here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl
import pytest

from ckanext.laodata import vocab
from ckanext.laodata.catalog.importer import (
    COLUMNS,
    MANDATORY,
    ParsedCatalog,
    csv_rows,
    formats,
    parse_catalog,
    xlsx_rows,
)

HEADER = list(MANDATORY) + ["importance", "personal_data", "state_secret", "required_fields", "due_date"]


def entry(**values: Any) -> dict[str, Any]:
    """A valid row as a dict; keywords override."""
    row: dict[str, Any] = {
        "code": "POL-001",
        "title": "Population register",
        "unit": "provincial-police",
        "sector": "public_security",
        "update_frequency": "monthly",
        "access_level": "shared",
        "security_level": "3",
        "importance": "important",
        "personal_data": "none",
        "state_secret": "false",
        "required_fields": "",
        "due_date": "2025-06-30",
    }
    row.update(values)
    return row


def cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258, which writes most tone marks as combining
    characters after a precomposed base letter."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            head = unicodedata.normalize("NFC", base + "".join(marks[:-1]))
            out.append((head + marks[-1]).encode("cp1258"))
    return b"".join(out)


def rows_of(count: int, **values: Any) -> list[dict[str, Any]]:
    return [entry(code=f"E-{number:05d}", **values) for number in range(count)]


def csv_bytes(rows: list[dict[str, Any]], header: list[str] | None = None, delimiter: str = ",") -> bytes:
    header = HEADER if header is None else header
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row.get(name) for name in header])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    rows: list[list[Any]] | list[dict[str, Any]],
    header: list[str] | None = None,
    setup: Callable[[Any], None] | None = None,
    title: str = "Catalog",
    more_sheets: tuple[str, ...] = (),
) -> bytes:
    header = HEADER if header is None else header
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header] if isinstance(row, dict) else row)
    if setup:
        setup(sheet)
    for name in more_sheets:
        other = book.create_sheet(name)
        other.append(["code", "title"])
        other.append(["OTHER-1", "not read"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def only_error(result: ParsedCatalog) -> dict[str, Any]:
    assert result.entries == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def where(result: ParsedCatalog) -> list[tuple[Any, Any]]:
    return [(error["row"], error["field"]) for error in result.errors]


@pytest.fixture(params=["expat", "openpyxl"])
def xlsx_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs an XLSX test with the fast reader and with openpyxl's own cells."""
    if request.param == "openpyxl":
        monkeypatch.setattr(xlsx_rows, "_openpyxl_internals", lambda book, sheet: None)
    yield request.param


# --- the whole file is refused -------------------------------------------


def test_empty_file() -> None:
    error = only_error(parse_catalog(b"", "catalog.csv"))
    assert error["row"] is None and error["field"] is None
    assert "empty" in error["message"]


def test_blank_text_file() -> None:
    assert "empty" in only_error(parse_catalog(b"\r\n  \n\n", "catalog.csv"))["message"]


def test_bom_only_file() -> None:
    assert "empty" in only_error(parse_catalog(b"\xef\xbb\xbf\n", "catalog.csv"))["message"]


def test_header_only_csv() -> None:
    error = only_error(parse_catalog(csv_bytes([]), "catalog.csv"))
    assert (error["row"], error["field"]) == (None, None)
    assert "no entries" in error["message"]


def test_header_and_blank_rows_only() -> None:
    data = csv_bytes([]) + b",,,,,,,,,,,,\r\n\r\n   ,  \r\n"
    assert "no entries" in only_error(parse_catalog(data, "catalog.csv"))["message"]


def test_header_only_xlsx() -> None:
    result = parse_catalog(xlsx_bytes([]), "catalog.xlsx")
    assert "no entries" in only_error(result)["message"]
    assert result.format == "xlsx" and result.sheet == "Catalog"


def test_empty_first_sheet_names_the_other_sheets() -> None:
    data = xlsx_bytes([], header=[], title="Blank", more_sheets=("Data",))
    error = only_error(parse_catalog(data, "catalog.xlsx"))
    assert "'Blank' is empty" in error["message"] and "'Data'" in error["message"]


def test_file_over_the_limit() -> None:
    data = csv_bytes([entry()]) + b"x" * (50 * 1024 * 1024)
    result = parse_catalog(data, "catalog.csv")
    error = only_error(result)
    assert (error["row"], error["field"]) == (None, None)
    assert "50.0 MB" in error["message"] and "10.0 MB" in error["message"]
    assert f"{len(data):,} bytes" in error["message"]


def test_limit_is_configurable() -> None:
    data = csv_bytes([entry()])
    assert parse_catalog(data, "catalog.csv", max_bytes=len(data)).entries
    assert (
        "largest file accepted"
        in only_error(parse_catalog(data, "catalog.csv", max_bytes=len(data) - 1))["message"]
    )


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "catalog.png", "PNG image"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "catalog.csv", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "catalog.pdf", "PDF document"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "photo.xlsx", "JPEG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "catalog.xls", "Excel 97-2003"),
        (b"\x1f\x8b\x08\x00" + bytes(50), "catalog.csv.gz", "gzip"),
        (bytes(range(256)) * 8, "catalog.csv", "binary data"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 50 + b"\xff\xfe\x80", "catalog.bin", "binary data"),
    ],
)
def test_not_a_spreadsheet(data: bytes, filename: str, words: str) -> None:
    error = only_error(parse_catalog(data, filename))
    assert (error["row"], error["field"]) == (None, None)
    assert words in error["message"]
    assert "CSV UTF-8" in error["message"]


def test_zip_that_is_not_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
        archive.writestr("data/catalog.csv", "code,title\n")
    result = parse_catalog(buffer.getvalue(), "catalog.xlsx")
    error = only_error(result)
    assert "ZIP archive but not an XLSX workbook" in error["message"]
    assert result.format == "xlsx"


def test_opendocument_spreadsheet() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert ".ods" in only_error(parse_catalog(buffer.getvalue(), "catalog.ods"))["message"]


def test_damaged_xlsx() -> None:
    data = xlsx_bytes([entry()])
    error = only_error(parse_catalog(data[: len(data) // 2], "catalog.xlsx"))
    assert "damaged ZIP archive" in error["message"]


def test_xlsx_with_broken_workbook_part() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "this is not xml <<<")
    error = only_error(parse_catalog(buffer.getvalue(), "catalog.xlsx"))
    assert "could not be read as an XLSX workbook" in error["message"]


def test_xlsx_with_broken_sheet_part() -> None:
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([entry()])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(name, content)
    error = only_error(parse_catalog(buffer.getvalue(), "catalog.xlsx"))
    assert "could not be read" in error["message"] or "not well-formed" in error["message"]


def test_utf16_with_bom_is_refused() -> None:
    data = csv_bytes([entry(title="Dân cư")]).decode("utf-8").encode("utf-16")
    error = only_error(parse_catalog(data, "catalog.csv"))
    assert (error["row"], error["field"]) == (None, None)
    assert "UTF-16" in error["message"] and "CSV UTF-8" in error["message"]


def test_utf16_without_bom_is_refused() -> None:
    data = csv_bytes([entry(title="Dân cư")]).decode("utf-8").encode("utf-16-le")
    error = only_error(parse_catalog(data, "catalog.csv"))
    assert "UTF-16" in error["message"] and "CSV UTF-8" in error["message"]


def test_windows_1258_is_refused() -> None:
    text = csv_bytes(
        [entry(title="Dân cư đô thành"), entry(code="B", title="Đất đai, hồ sơ địa chính")]
    ).decode()
    data = cp1258(text)
    error = only_error(parse_catalog(data, "catalog.csv"))
    assert (error["row"], error["field"]) == (None, None)
    assert "not UTF-8" in error["message"]
    assert "Windows-1258" in error["message"] and "CSV UTF-8" in error["message"]
    assert "line 2" in error["message"]


def test_html_saved_as_xls_is_refused() -> None:
    data = b"<html><body><table><tr><td>code</td></tr></table></body></html>"
    assert "HTML or XML" in only_error(parse_catalog(data, "catalog.xls"))["message"]


@pytest.mark.parametrize("data", [None, "code,title", 42])
def test_not_bytes(data: Any) -> None:
    assert "No file" in only_error(parse_catalog(data, "catalog.csv"))["message"]


def test_bytearray_is_read() -> None:
    assert len(parse_catalog(bytearray(csv_bytes([entry()])), "catalog.csv").entries) == 1


# --- the header row ------------------------------------------------------


def test_missing_mandatory_column() -> None:
    header = [name for name in HEADER if name != "sector"]
    result = parse_catalog(csv_bytes([entry()], header=header), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(1, "sector")]
    assert "sector" in result.errors[0]["message"] and "missing" in result.errors[0]["message"]


def test_several_missing_columns_each_named() -> None:
    header = [name for name in HEADER if name not in ("unit", "security_level")]
    result = parse_catalog(csv_bytes([entry()], header=header), "catalog.csv")
    assert where(result) == [(1, "unit"), (1, "security_level")]


def test_unknown_column() -> None:
    result = parse_catalog(csv_bytes([entry(colour="red")], header=HEADER + ["colour"]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(1, "colour")]
    assert "unknown column 'colour'" in result.errors[0]["message"]


def test_misspelt_column_gets_a_suggestion() -> None:
    header = [("sectr" if name == "sector" else name) for name in HEADER]
    result = parse_catalog(csv_bytes([entry(sectr="health")], header=header), "catalog.csv")
    assert where(result) == [(1, "sectr"), (1, "sector")]
    assert "did you mean 'sector'" in result.errors[0]["message"]


def test_duplicate_column() -> None:
    header = HEADER + ["title"]
    result = parse_catalog(csv_bytes([entry()], header=header), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(1, "title")]
    assert (
        "more than once" in result.errors[0]["message"] and "columns B and M" in result.errors[0]["message"]
    )


def test_header_without_any_known_column() -> None:
    data = "Danh mục dữ liệu của tỉnh,,\nMã,Tên,Đơn vị\nA,B,C\n".encode()
    error = only_error(parse_catalog(data, "catalog.csv"))
    assert (error["row"], error["field"]) == (1, None)
    assert "header row" in error["message"] and "Danh mục" in error["message"]


def test_header_names_ignore_case_and_spaces() -> None:
    header = [f" {name.upper()} " for name in HEADER]
    data = csv_bytes([], header=header) + csv_bytes([entry()]).split(b"\r\n", 1)[1]
    result = parse_catalog(data, "catalog.csv")
    assert result.errors == [] and len(result.entries) == 1


def test_value_in_a_column_without_a_name() -> None:
    data = csv_bytes([entry()]) + b"B-1,T,u,health,monthly,open,1,,,,,,,stray\r\n"
    result = parse_catalog(data, "catalog.csv")
    assert result.entries == []
    assert where(result) == [(3, None)]
    assert "column N" in result.errors[0]["message"]


def test_trailing_empty_cells_are_fine() -> None:
    data = csv_bytes([entry()]).replace(b"\r\n", b",,,\r\n")
    result = parse_catalog(data, "catalog.csv")
    assert result.errors == [] and len(result.entries) == 1


# --- one row -------------------------------------------------------------


@pytest.mark.parametrize("column", MANDATORY)
def test_mandatory_value_missing(column: str) -> None:
    second = entry(code="POL-002")
    second[column] = "  "
    result = parse_catalog(csv_bytes([entry(), second]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(3, column)]
    assert result.errors[0]["message"] == f"{column} is required"


def test_unknown_sector_names_the_allowed_keys() -> None:
    result = parse_catalog(csv_bytes([entry(sector="policing")]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "sector")]
    message = result.errors[0]["message"]
    assert "unknown sector 'policing'" in message
    for key in vocab.keys("sector"):
        assert key in message


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("update_frequency", "fortnightly"),
        ("access_level", "public"),
        ("importance", "critical"),
        ("personal_data", "some"),
    ],
)
def test_unknown_vocabulary_value(column: str, value: str) -> None:
    result = parse_catalog(csv_bytes([entry(**{column: value})]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, column)]
    assert f"'{value}'" in result.errors[0]["message"]
    assert ", ".join(vocab.keys(column)) in result.errors[0]["message"]


def test_unknown_value_gets_a_suggestion() -> None:
    result = parse_catalog(csv_bytes([entry(sector="heath")]), "catalog.csv")
    assert "did you mean 'health'" in result.errors[0]["message"]


@pytest.mark.parametrize("value", ["0", "6", "high", "3.5", "level 3"])
def test_bad_security_level(value: str) -> None:
    result = parse_catalog(csv_bytes([entry(security_level=value)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "security_level")]


def test_unknown_unit() -> None:
    units = {"provincial-police", "health-department"}
    result = parse_catalog(
        csv_bytes([entry(), entry(code="B", unit="health-departmnt")]), "catalog.csv", known_units=units
    )
    assert result.entries == []
    assert where(result) == [(3, "unit")]
    assert "health-departmnt" in result.errors[0]["message"]
    assert "did you mean 'health-department'" in result.errors[0]["message"]


def test_units_are_not_checked_without_a_list() -> None:
    assert parse_catalog(csv_bytes([entry(unit="anything")]), "catalog.csv").entries[0]["unit"] == "anything"


def test_unit_case_follows_the_organization() -> None:
    result = parse_catalog(
        csv_bytes([entry(unit="Provincial-Police")]), "x.csv", known_units={"provincial-police"}
    )
    assert result.entries[0]["unit"] == "provincial-police"


@pytest.mark.parametrize("column", ["title", "title_lo", "title_vi", "title_en"])
def test_title_over_500_characters(column: str) -> None:
    header = HEADER + ([column] if column not in HEADER else [])
    ok = parse_catalog(csv_bytes([entry(**{column: "ທ" * 500})], header=header), "catalog.csv")
    assert ok.errors == []
    result = parse_catalog(csv_bytes([entry(**{column: "ທ" * 501})], header=header), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, column)]
    assert "501 characters" in result.errors[0]["message"]


@pytest.mark.parametrize("length", [65, 100, 101])
def test_code_too_long(length: int) -> None:
    # the limit a dataset's catalog_code and the link check apply (catalog/fields.py)
    assert parse_catalog(csv_bytes([entry(code="C" * 64)]), "catalog.csv").errors == []
    result = parse_catalog(csv_bytes([entry(code="C" * length)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "code")]
    assert f"{length} characters; at most 64" in result.errors[0]["message"]


@pytest.mark.parametrize(("code", "shown"), [("POL 001", "a space"), ("POL/001", "'/'"), ("mã-1", "'ã'")])
def test_code_with_bad_characters(code: str, shown: str) -> None:
    result = parse_catalog(csv_bytes([entry(code=code)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "code")]
    assert shown in result.errors[0]["message"]


def test_code_characters_allowed() -> None:
    assert parse_catalog(csv_bytes([entry(code="a.B_c-9")]), "catalog.csv").entries[0]["code"] == "a.B_c-9"


def test_duplicate_code_names_both_rows() -> None:
    rows = [entry(code="A"), entry(code="B"), entry(code="A"), entry(code="A")]
    result = parse_catalog(csv_bytes(rows), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(4, "code"), (5, "code")]
    assert "row 2" in result.errors[0]["message"] and "'A'" in result.errors[0]["message"]


@pytest.mark.parametrize("value", ["maybe", "2", "oui", "t"])
def test_bad_state_secret(value: str) -> None:
    result = parse_catalog(csv_bytes([entry(state_secret=value, access_level="private")]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "state_secret")]


@pytest.mark.parametrize(
    "value", ["30/06/2025", "2025-02-30", "2025-13-01", "June 2025", "2025-6-30", "0999-01-01"]
)
def test_bad_due_date(value: str) -> None:
    result = parse_catalog(csv_bytes([entry(due_date=value)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "due_date")]
    assert "due_date" in result.errors[0]["message"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("id:int", "unknown type 'int'"),
        ("id:integer;:date", "no field name"),
        ("id;name;id:integer", "more than once"),
        ("born:datum", "unknown type 'datum'"),
    ],
)
def test_bad_required_fields(value: str, words: str) -> None:
    result = parse_catalog(csv_bytes([entry(required_fields=value)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "required_fields")]
    assert words in result.errors[0]["message"]


def test_each_bad_required_field_is_reported() -> None:
    result = parse_catalog(csv_bytes([entry(required_fields="a:int;b:float;c:string")]), "catalog.csv")
    assert where(result) == [(2, "required_fields"), (2, "required_fields")]


@pytest.mark.parametrize(
    "classes",
    [
        {"security_level": "3", "access_level": "open"},
        {"security_level": "4", "access_level": "shared"},
        {"security_level": "1", "access_level": "open", "importance": "core"},
        {"security_level": "1", "access_level": "open", "personal_data": "basic"},
        {"security_level": "2", "access_level": "shared", "personal_data": "sensitive"},
        {"security_level": "1", "access_level": "shared", "state_secret": "yes"},
    ],
)
def test_contradictory_classes(classes: dict[str, str]) -> None:
    result = parse_catalog(csv_bytes([entry(**classes)]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(2, "access_level")]
    assert "is not allowed" in result.errors[0]["message"]


def test_consistent_classes_are_accepted() -> None:
    rows = [
        entry(code="A", security_level="1", access_level="open", importance="other"),
        entry(code="B", security_level="3", access_level="shared", personal_data="basic"),
        entry(code="C", security_level="5", access_level="private", state_secret="true", importance="core"),
    ]
    assert len(parse_catalog(csv_bytes(rows), "catalog.csv").entries) == 3


def test_all_errors_are_collected() -> None:
    rows = [
        entry(code="A"),
        entry(code="B", sector="space"),
        entry(code="C", unit=""),
        entry(code="A", due_date="soon"),
        entry(code="D"),
        entry(code="E", security_level="9", state_secret="perhaps"),
    ]
    result = parse_catalog(csv_bytes(rows, header=HEADER + ["colour"]), "catalog.csv")
    assert result.entries == []
    assert where(result) == [
        (1, "colour"),
        (3, "sector"),
        (4, "unit"),
        (5, "code"),
        (5, "due_date"),
        (7, "security_level"),
        (7, "state_secret"),
    ]


def test_errors_are_capped_at_1000() -> None:
    result = parse_catalog(csv_bytes(rows_of(1500, sector="space")), "catalog.csv")
    assert result.entries == []
    assert len(result.errors) == 1000
    assert where(result)[:999] == [(row, "sector") for row in range(2, 1001)]
    last = result.errors[-1]
    assert (last["row"], last["field"]) == (None, None)
    assert "1500 errors" in last["message"]


def test_exactly_1000_errors_are_all_listed() -> None:
    result = parse_catalog(csv_bytes(rows_of(1000, sector="space")), "catalog.csv")
    assert len(result.errors) == 1000
    assert result.errors[-1]["row"] == 1001


def test_blank_rows_are_skipped_and_rows_keep_their_numbers() -> None:
    data = (
        csv_bytes([entry(code="A")])
        + b",,,,,,,,,,,,\r\n\r\n"
        + csv_bytes([entry(code="B")]).split(b"\r\n", 1)[1]
    )
    result = parse_catalog(data, "catalog.csv")
    assert [(item["code"], item["row"]) for item in result.entries] == [("A", 2), ("B", 5)]


def test_quoted_line_breaks_count_as_one_row() -> None:
    rows = [entry(code="A", notes="line one\nline two"), entry(code="B", sector="space")]
    result = parse_catalog(csv_bytes(rows, header=HEADER + ["notes"]), "catalog.csv")
    assert where(result) == [(3, "sector")]


def test_csv_field_over_the_csv_limit() -> None:
    data = csv_bytes([entry(code="A", notes="n" * 200_000)], header=HEADER + ["notes"])
    error = only_error(parse_catalog(data, "catalog.csv"))
    assert error["row"] == 2 and "could not be read as CSV" in error["message"]


def test_csv_field_limit_does_not_depend_on_the_process_wide_csv_limit() -> None:
    """frictionless raises csv.field_size_limit for the whole process when it is imported
    (the upload check); the import's own limit holds whatever another library set."""
    import csv

    old = csv.field_size_limit(10**8)
    try:
        test_csv_field_over_the_csv_limit()
    finally:
        csv.field_size_limit(old)


# --- what is accepted, and how it is normalised --------------------------


def test_valid_csv() -> None:
    result = parse_catalog(csv_bytes([entry(code="A"), entry(code="B")]), "catalog.csv")
    assert result.errors == []
    assert result.format == "csv" and result.sheet is None
    assert [item["code"] for item in result.entries] == ["A", "B"]


def test_utf8_bom_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes([entry(title="ຂໍ້ມູນປະຊາກອນ")])
    result = parse_catalog(data, "catalog.csv")
    assert result.errors == []
    assert result.entries[0]["code"] == "POL-001"
    assert result.entries[0]["title"] == "ຂໍ້ມູນປະຊາກອນ"


def test_semicolon_delimiter() -> None:
    rows = [entry(required_fields="id:integer")]
    result = parse_catalog(csv_bytes(rows, delimiter=";"), "catalog.csv")
    assert result.errors == []
    assert result.entries[0]["required_fields"] == [{"name": "id", "type": "integer"}]


def test_comma_stays_the_delimiter_when_titles_hold_semicolons() -> None:
    result = parse_catalog(csv_bytes([entry(title="Births; deaths; marriages")]), "catalog.csv")
    assert result.entries[0]["title"] == "Births; deaths; marriages"


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert('x')</script>",
        '=HYPERLINK("http://evil.example","click")',
        "+1",
        "-2+3",
        "@SUM(A1:A2)",
        "=1+1",
    ],
)
def test_script_and_formula_like_titles_are_kept_verbatim(title: str) -> None:
    result = parse_catalog(
        csv_bytes([entry(title=title, notes=title)], header=HEADER + ["notes"]), "catalog.csv"
    )
    assert result.errors == []
    assert result.entries[0]["title"] == title
    assert result.entries[0]["notes"] == title


def test_normalised_entry() -> None:
    header = list(COLUMNS)
    row = {
        "code": "  POL-001 ",
        "title": " Population register ",
        "title_lo": "ທະບຽນ",
        "title_vi": "Sổ hộ khẩu",
        "title_en": "Register",
        "unit": "provincial-police",
        "sector": "Public_Security",
        "update_frequency": "MONTHLY",
        "access_level": "Private",
        "security_level": " 4 ",
        "importance": "",
        "personal_data": "",
        "state_secret": "",
        "source_system": "",
        "required_fields": " id:Integer ; full name ;born:date;; ",
        "due_date": "2025-06-30",
        "legal_basis": "Decree 47/2024",
        "notes": "",
    }
    result = parse_catalog(csv_bytes([row], header=header), "catalog.csv")
    assert result.errors == []
    assert result.entries == [
        {
            "code": "POL-001",
            "title": "Population register",
            "title_lo": "ທະບຽນ",
            "title_vi": "Sổ hộ khẩu",
            "title_en": "Register",
            "unit": "provincial-police",
            "sector": "public_security",
            "update_frequency": "monthly",
            "access_level": "private",
            "security_level": "4",
            "importance": "other",
            "personal_data": "none",
            "state_secret": False,
            "source_system": "local",
            "required_fields": [
                {"name": "id", "type": "integer"},
                {"name": "full name", "type": "string"},
                {"name": "born", "type": "date"},
            ],
            "due_date": "2025-06-30",
            "legal_basis": "Decree 47/2024",
            "notes": "",
            "row": 2,
        }
    ]


def test_defaults_when_optional_columns_are_absent() -> None:
    result = parse_catalog(csv_bytes([entry()], header=list(MANDATORY)), "catalog.csv")
    item = result.entries[0]
    assert set(item) == set(COLUMNS) | {"row"}
    assert item["importance"] == "other" and item["personal_data"] == "none"
    assert item["state_secret"] is False and item["source_system"] == "local"
    assert item["required_fields"] == [] and item["due_date"] is None
    assert (
        item["title_lo"] == item["title_vi"] == item["title_en"] == item["legal_basis"] == item["notes"] == ""
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("1", True),
        ("false", False),
        ("No", False),
        ("0", False),
        ("", False),
    ],
)
def test_state_secret_values(value: str, expected: bool) -> None:
    result = parse_catalog(csv_bytes([entry(state_secret=value, access_level="private")]), "catalog.csv")
    assert result.errors == []
    assert result.entries[0]["state_secret"] is expected


def test_source_system_is_kept() -> None:
    header = HEADER + ["source_system"]
    result = parse_catalog(
        csv_bytes([entry(source_system="Ministry of Public Security: VNeID")], header=header), "x.csv"
    )
    assert result.entries[0]["source_system"] == "Ministry of Public Security: VNeID"


@pytest.mark.parametrize("value", ["2025-06-30", "2025-06-30 00:00:00", "2025-06-30T00:00"])
def test_due_date_text(value: str) -> None:
    assert (
        parse_catalog(csv_bytes([entry(due_date=value)]), "catalog.csv").entries[0]["due_date"]
        == "2025-06-30"
    )


def test_text_is_put_in_nfc_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Dữ liệu dân cư")
    result = parse_catalog(csv_bytes([entry(title=decomposed)]), "catalog.csv")
    assert result.entries[0]["title"] == "Dữ liệu dân cư"


def test_header_may_follow_blank_rows() -> None:
    data = b"\r\n,,\r\n" + csv_bytes([entry()])
    result = parse_catalog(data, "catalog.csv")
    assert result.errors == [] and result.entries[0]["row"] == 4


def test_content_decides_the_format() -> None:
    assert parse_catalog(csv_bytes([entry()]), "catalog.xlsx").format == "csv"
    result = parse_catalog(xlsx_bytes([entry()]), "catalog.csv")
    assert result.format == "xlsx" and len(result.entries) == 1


# --- XLSX ----------------------------------------------------------------


def test_valid_xlsx(xlsx_reader: str) -> None:
    result = parse_catalog(xlsx_bytes([entry(code="A"), entry(code="B")]), "catalog.xlsx")
    assert result.errors == []
    assert result.format == "xlsx" and result.sheet == "Catalog"
    assert [(item["code"], item["row"]) for item in result.entries] == [("A", 2), ("B", 3)]


def test_only_the_first_sheet_is_read(xlsx_reader: str) -> None:
    result = parse_catalog(
        xlsx_bytes([entry()], title="Danh mục", more_sheets=("Hướng dẫn", "Other")), "c.xlsx"
    )
    assert result.errors == []
    assert result.sheet == "Danh mục"
    assert [item["code"] for item in result.entries] == ["POL-001"]


def test_xlsx_cell_types(xlsx_reader: str) -> None:
    rows = [
        entry(code=1001, security_level=1, due_date=dt.date(2025, 6, 30), state_secret=False),
        entry(
            code="B",
            security_level=2.0,
            due_date=dt.datetime(2025, 7, 1, 0, 0),
            state_secret=0,
            access_level="shared",
        ),
        entry(code="C", security_level="3", due_date="2025-07-02", state_secret="no"),
        entry(code="D", security_level=5, due_date=None, state_secret=True, access_level="private"),
    ]
    result = parse_catalog(xlsx_bytes(rows), "catalog.xlsx")
    assert result.errors == []
    got = [
        (item["code"], item["security_level"], item["due_date"], item["state_secret"])
        for item in result.entries
    ]
    assert got == [
        ("1001", "1", "2025-06-30", False),
        ("B", "2", "2025-07-01", False),
        ("C", "3", "2025-07-02", False),
        ("D", "5", None, True),
    ]


def test_xlsx_dates_in_a_1904_workbook(xlsx_reader: str) -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([entry(due_date=dt.date(2025, 6, 30)).get(name) for name in HEADER])
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_catalog(buffer.getvalue(), "catalog.xlsx")
    assert result.errors == []
    assert result.entries[0]["due_date"] == "2025-06-30"


def test_xlsx_number_in_due_date(xlsx_reader: str) -> None:
    result = parse_catalog(xlsx_bytes([entry(due_date=45838)]), "catalog.xlsx")
    assert where(result) == [(2, "due_date")]
    assert "format the cell as a date" in result.errors[0]["message"]


def test_xlsx_bad_security_level_number(xlsx_reader: str) -> None:
    result = parse_catalog(
        xlsx_bytes([entry(security_level=1.5), entry(code="B", security_level=True)]), "c.xlsx"
    )
    assert where(result) == [(2, "security_level"), (3, "security_level")]


def test_formula_cell(xlsx_reader: str) -> None:
    def formula(sheet: Any) -> None:
        sheet["C2"] = "=1+1"

    result = parse_catalog(xlsx_bytes([entry()], setup=formula), "catalog.xlsx")
    assert result.entries == []
    assert where(result) == [(2, HEADER[2])]
    assert result.errors[0]["message"] == "cell C2 holds a formula; enter the value itself"


def test_formula_cells_everywhere_are_reported(xlsx_reader: str) -> None:
    def formulas(sheet: Any) -> None:
        sheet["A3"] = '=CONCATENATE("E-",1)'
        sheet["Z5"] = "=SUM(A1:A2)"

    result = parse_catalog(
        xlsx_bytes([entry(code="A"), entry(code="B"), entry(code="C")], setup=formulas), "c.xlsx"
    )
    assert where(result) == [(3, "code"), (5, None)]
    assert "cell Z5 holds a formula" in result.errors[1]["message"]


def test_error_value_cell(xlsx_reader: str) -> None:
    def error_value(sheet: Any) -> None:
        sheet["B2"] = "#N/A"

    result = parse_catalog(xlsx_bytes([entry()], setup=error_value), "catalog.xlsx")
    assert where(result) == [(2, "title")]
    assert "cell B2 holds the error value #N/A" in result.errors[0]["message"]


def test_formula_like_text_cell_is_accepted(xlsx_reader: str) -> None:
    def text_cells(sheet: Any) -> None:
        sheet["B2"] = '=HYPERLINK("http://evil.example","x")'
        sheet["B2"].data_type = "s"

    result = parse_catalog(xlsx_bytes([entry()], setup=text_cells), "catalog.xlsx")
    assert result.errors == []
    assert result.entries[0]["title"] == '=HYPERLINK("http://evil.example","x")'


def test_merged_cells(xlsx_reader: str) -> None:
    def merge(sheet: Any) -> None:
        sheet.merge_cells("D3:E4")

    rows = [entry(code="A"), entry(code="B"), entry(code="C")]
    result = parse_catalog(xlsx_bytes(rows, setup=merge), "catalog.xlsx")
    assert result.entries == []
    assert where(result) == [(3, HEADER[3])]
    assert "D3:E4" in result.errors[0]["message"] and "merged" in result.errors[0]["message"]


def test_merged_unit_column_is_one_error(xlsx_reader: str) -> None:
    def merge(sheet: Any) -> None:
        sheet.merge_cells("C2:C4")

    rows = [
        entry(code="A"),
        entry(code="B", unit=None),
        entry(code="C", unit=None),
        entry(code="D", unit=None),
    ]
    result = parse_catalog(xlsx_bytes(rows, setup=merge), "catalog.xlsx")
    assert where(result) == [(2, "unit"), (5, "unit")]
    assert "C2:C4" in result.errors[0]["message"]
    assert result.errors[1]["message"] == "unit is required"


def test_merged_section_banner(xlsx_reader: str) -> None:
    def banner(sheet: Any) -> None:
        sheet.insert_rows(2)
        sheet["A2"] = "I. Public security"
        sheet.merge_cells("A2:L2")

    result = parse_catalog(xlsx_bytes([entry()], setup=banner), "catalog.xlsx")
    assert where(result) == [(2, "code")]
    assert "A2:L2" in result.errors[0]["message"]


def test_xlsx_blank_rows_and_header_position(xlsx_reader: str) -> None:
    def gaps(sheet: Any) -> None:
        sheet.insert_rows(1, 2)
        sheet.insert_rows(5, 3)

    result = parse_catalog(xlsx_bytes([entry(code="A"), entry(code="B")], setup=gaps), "catalog.xlsx")
    assert result.errors == []
    assert [item["row"] for item in result.entries] == [4, 8]


def test_xlsx_errors_name_rows(xlsx_reader: str) -> None:
    rows = [entry(code="A"), entry(code="B", sector="space"), entry(code="A")]
    result = parse_catalog(xlsx_bytes(rows), "catalog.xlsx")
    assert where(result) == [(3, "sector"), (4, "code")]


def test_xlsx_inline_and_shared_strings_and_booleans(xlsx_reader: str) -> None:
    """A part written by hand as Excel writes it: shared strings, a rich
    text string, a boolean, and cells without coordinates."""
    data = xlsx_bytes([entry()])
    source = zipfile.ZipFile(io.BytesIO(data))
    strings = list(entry().keys())[:12]
    values = ["E-1", "Population", "provincial-police", "public_security", "monthly", "shared"]
    shared = strings + values
    sst = "".join(f"<si><t>{text}</t></si>" for text in shared)
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(shared) + 1}" uniqueCount="{len(shared) + 1}">{sst}'
        "<si><r><t>Impor</t></r><r><rPr><b/></rPr><t>tant</t></r><rPh sb='0' eb='1'><t>ignored</t></rPh></si></sst>"
    )
    header = "".join(f'<c r="{chr(65 + index)}1" t="s"><v>{index}</v></c>' for index in range(12))
    cells = "".join(f'<c t="s"><v>{12 + index}</v></c>' for index in range(6))
    row2 = (
        cells
        + '<c><v>3</v></c><c t="s"><v>18</v></c><c t="inlineStr"><is><t>none</t></is></c><c t="b"><v>0</v></c>'
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{header}</row><row r="2">{row2}</row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = sheet.encode()
            elif name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(name, content)
        archive.writestr("xl/sharedStrings.xml", sst)
    result = parse_catalog(buffer.getvalue(), "catalog.xlsx")
    assert result.errors == []
    item = result.entries[0]
    assert (item["code"], item["title"], item["unit"], item["access_level"]) == (
        "E-1",
        "Population",
        "provincial-police",
        "shared",
    )
    assert (item["security_level"], item["importance"], item["personal_data"]) == ("3", "important", "none")
    assert item["state_secret"] is False


def test_large_xlsx_is_read(xlsx_reader: str) -> None:
    result = parse_catalog(xlsx_bytes(rows_of(2000)), "catalog.xlsx")
    assert result.errors == [] and len(result.entries) == 2000


def _rewrite_sheet(data: bytes, change: Callable[[str], str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = change(content.decode("utf-8")).encode("utf-8")
            archive.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_with_namespace_prefixes(xlsx_reader: str) -> None:
    """Some producers write ``<x:row>``, ``<x:c>``, ``<x:mergeCell>``."""
    import re

    def merge(sheet: Any) -> None:
        sheet.merge_cells("B3:C3")

    def prefix(xml: str) -> str:
        xml = re.sub(r"<(/?)([A-Za-z]+)([ >/])", r"<\1x:\2\3", xml)
        return xml.replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="', 1)

    data = _rewrite_sheet(xlsx_bytes([entry(code="A"), entry(code="B", sector="space")], setup=merge), prefix)
    result = parse_catalog(data, "catalog.xlsx")
    assert where(result) == [(3, "title"), (3, "sector")]
    assert "B3:C3" in result.errors[0]["message"]


def test_xlsx_document_type_declaration_is_refused() -> None:
    def doctype(xml: str) -> str:
        start = xml.index("<worksheet")
        return xml[:start] + '<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>' + xml[start:]

    error = only_error(parse_catalog(_rewrite_sheet(xlsx_bytes([entry()]), doctype), "catalog.xlsx"))
    assert "document type declaration" in error["message"] or "could not be read" in error["message"]


def test_workbook_that_expands_too_much(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_EXPANSION", 2)
    data = xlsx_bytes(rows_of(50))
    error = only_error(parse_catalog(data, "catalog.xlsx", max_bytes=len(data)))
    assert "expands to" in error["message"]


def test_too_many_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_ENTRIES", 3)
    assert len(parse_catalog(csv_bytes(rows_of(3)), "catalog.csv").entries) == 3
    result = parse_catalog(csv_bytes(rows_of(5)), "catalog.csv")
    assert result.entries == []
    assert where(result) == [(5, None)]
    assert "more than 3 entries" in result.errors[0]["message"]


# --- never raises --------------------------------------------------------


def test_random_bytes_never_raise() -> None:
    generator = random.Random(20250630)
    for _ in range(200):
        data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
        result = parse_catalog(data, "x.csv")
        assert isinstance(result, ParsedCatalog)
        assert result.entries == [] or result.errors == []


def test_damaged_workbooks_never_raise() -> None:
    original = xlsx_bytes(rows_of(5))
    generator = random.Random(7)
    for _ in range(60):
        data = bytearray(original)
        for _ in range(generator.randrange(1, 20)):
            data[generator.randrange(len(data))] = generator.randrange(256)
        result = parse_catalog(bytes(data), "x.xlsx")
        assert isinstance(result, ParsedCatalog)
        assert all(set(error) == {"row", "field", "message"} for error in result.errors)


def test_unexpected_failure_becomes_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(csv_rows, "read_rows", broken)
    error = only_error(parse_catalog(csv_bytes([entry()]), "catalog.csv"))
    assert "could not be read (RuntimeError)" in error["message"]
