"""Data templates of a catalog entry: /catalog/<code>/template.xlsx and .csv (issue 13 item 1)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.quality.fixtures import CATALOG, HEADER, catalog_bytes, province

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    return province()


def _get(app: Any, url: str, user: dict[str, Any] | None, status: int = 200) -> Any:
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=status, follow_redirects=False)


@pytest.mark.usefixtures("with_plugins", "units")
class TestTemplates:
    def test_csv_is_the_header_row_in_utf8(self, app: Any, units: dict[str, Any]) -> None:
        response = _get(app, "/catalog/HEA-001/template.csv", units["editor"])
        assert response.headers["Content-Type"].startswith("text/csv")
        assert 'filename="template-HEA-001.csv"' in response.headers["Content-Disposition"]
        assert response.data.decode("utf-8-sig") == ",".join(HEADER) + "\r\n"

    def test_xlsx_has_header_field_sheet_and_dropdowns(self, app: Any, units: dict[str, Any]) -> None:
        response = _get(app, "/catalog/HEA-001/template.xlsx", units["member"])
        assert response.headers["Content-Type"] == XLSX
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        assert book.sheetnames == ["data", "fields", "lists"]
        data = book["data"]
        assert [c.value for c in data[1]] == HEADER
        assert data.freeze_panes == "A2"
        # typed and dated columns
        assert data["A2"].number_format == "0"
        assert data["D2"].number_format == "yyyy-mm-dd"
        assert data["B2"].number_format == "@"
        checks = {str(dv.sqref): dv for dv in data.data_validations.dataValidation}
        assert checks["A2:A10001"].type == "whole"
        assert checks["D2:D10001"].type == "date"
        assert checks["E2:E10001"].type == "decimal"
        assert checks["F2:F10001"].type == "list"  # boolean: true/false
        assert checks["G2:G10001"].type == "list"  # 'sector' is a vocabulary
        assert checks["G2:G10001"].formula1 == "'lists'!$G$1:$G$16" or checks[
            "G2:G10001"
        ].formula1.startswith("'lists'!$G$1")
        assert "B2:B10001" not in checks  # free text: no check
        lists = book["lists"]
        assert lists.sheet_state == "hidden"
        assert [lists.cell(row=r, column=6).value for r in (1, 2)] == ["true", "false"]
        assert "health" in [row[0] for row in lists.iter_rows(min_col=7, max_col=7, values_only=True)]
        fields = book["fields"]
        header = [c.value for c in fields[1]]
        assert header[0] == "column" and "Description (en)" in header and "ຄຳອະທິບາຍ (lo)" in header
        rows = {row[0]: row for row in fields.iter_rows(min_row=2, values_only=True)}
        assert set(rows) == set(HEADER)
        opened = dict(zip(header, rows["opened"], strict=True))
        assert opened["type"] == "date"
        assert (
            opened["Type (en)"] == "Date" and opened["Kiểu (vi)"] == "Ngày" and opened["ປະເພດ (lo)"] == "ວັນທີ"
        )
        assert "YYYY-MM-DD" in opened["Description (en)"]
        sector = dict(zip(header, rows["sector"], strict=True))
        assert "health = Y tế" in sector["Mô tả (vi)"]

    def test_a_formula_like_name_stays_text(self, app: Any, units: dict[str, Any]) -> None:
        rows = [CATALOG[0], CATALOG[1][:-1] + ['=HYPERLINK("x")']]
        helpers.call_action(
            "laodata_catalog_import",
            context={"ignore_auth": True},
            upload=FileStorage(io.BytesIO(catalog_bytes(rows)), filename="c.csv"),
        )
        body = _get(app, "/catalog/HEA-001/template.xlsx", units["editor"]).data
        cell = openpyxl.load_workbook(io.BytesIO(body))["data"]["A1"]
        assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'

    def test_anonymous_visitors_are_sent_to_log_in(self, app: Any) -> None:
        for ext in ("csv", "xlsx"):
            response = _get(app, f"/catalog/HEA-001/template.{ext}", None, status=302)
            assert "/user/login" in response.headers["Location"]

    def test_unknown_code_is_404(self, app: Any, units: dict[str, Any]) -> None:
        for ext in ("csv", "xlsx"):
            _get(app, f"/catalog/NOPE/template.{ext}", units["editor"], status=404)

    def test_entry_page_and_resource_form_link_the_templates(self, app: Any, units: dict[str, Any]) -> None:
        page = _get(app, "/catalog/HEA-001", units["editor"]).get_data(as_text=True)
        assert "/catalog/HEA-001/template.xlsx" in page and "/catalog/HEA-001/template.csv" in page
        assert "template.xlsx" not in _get(app, "/catalog/HEA-002", units["editor"]).get_data(as_text=True)
        dataset = factories.Dataset(owner_org=units["org"]["id"], catalog_code="HEA-001")
        form = _get(app, f"/dataset/{dataset['name']}/resource/new", units["editor"]).get_data(as_text=True)
        assert "/catalog/HEA-001/template.xlsx" in form
