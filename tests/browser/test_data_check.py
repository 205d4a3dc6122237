"""A unit editor downloads an entry's template, fills it, uploads it and sees the
data check's report; a file with phone numbers blocks publication until a reviewer
clears it (issue 13, "Done when"). Screenshots in tests/artifacts/."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import requests
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.published import site_context

from .pages import log_in

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level,required_fields\n"
    "HEA-001,District hospitals,dept-health,health,annual,open,1,district;beds:integer;opened:date;phone\n"
)


def _run_worker(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_template_upload_report_and_personal_data(live_server: str, page: Any, cli: Any) -> None:
    helpers.call_action("job_clear")
    editor = factories.User(name="health-editor", password="correct-horse-42")
    org = factories.Organization(name="dept-health", users=[{"name": editor["name"], "capacity": "editor"}])
    helpers.call_action(
        "laodata_catalog_import", upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv")
    )
    factories.Dataset(
        name="district-hospitals",
        owner_org=org["id"],
        catalog_code="HEA-001",
        access_level="open",
        security_level="1",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, live_server, "health-editor", "correct-horse-42")

    # the template, from the entry page
    page.goto(f"{live_server}/catalog/HEA-001")
    with page.expect_download() as download:
        page.click("a.laodata-template-xlsx")
    assert download.value.suggested_filename == "template-HEA-001.xlsx"
    with open(download.value.path(), "rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    assert [c.value for c in book["data"][1]] == ["district", "beds", "opened", "phone"]
    # filled in: a mandatory cell left empty, a wrong number, and phone numbers
    data = book["data"]
    rows = (
        ["North", 60, "2020-01-01", "020 5551 2345"],
        ["South", "many", "2021-02-01", "020 5551 9876"],
        [None, 12, "2022-03-01", "020 5551 1111"],
    )
    for number, row in enumerate(rows, 2):  # typed in below the header, as a person does
        for column, value in enumerate(row, 1):
            data.cell(row=number, column=column, value=value)
    filled = io.BytesIO()
    book.save(filled)

    page.goto(f"{live_server}/dataset/district-hospitals/resource/new")
    assert page.locator("a.laodata-template-csv").count() == 1
    page.set_input_files(
        "#field-resource-upload",
        files=[
            {
                "name": "hospitals.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": filled.getvalue(),
            }
        ],
    )
    page.fill("#field-name", "Hospitals")
    page.click("button[name=save]")
    page.wait_for_load_state()
    _run_worker(cli)

    page.goto(f"{live_server}/dataset/district-hospitals")
    page.click("a.heading:has-text('Hospitals'), a:has-text('Hospitals')")
    page.wait_for_url(re.compile(r".*/resource/.*"))
    report = page.locator("section.laodata-validation")
    text = report.inner_text()
    assert "Has problems" in text and "3 rows checked" in text
    rows = [r.inner_text() for r in page.locator("table.laodata-validation-errors tbody tr").all()]
    assert any(r.startswith("3\tbeds\tNot a valid value of type 'Whole number'") for r in rows), rows
    assert any(r.startswith("4\tdistrict\tA mandatory cell is empty") for r in rows), rows
    assert "Personal data found" in text and "phone: Phone numbers (3/3)" in text
    assert "02*********45" in text and "020 5551 2345" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "data-check-report.png"), full_page=True)

    # the dataset page says why it cannot be published; the unit cannot clear it
    page.goto(f"{live_server}/dataset/district-hospitals")
    assert "Personal data found" in page.inner_text(".laodata-personal-data-flag")
    assert page.locator("form.laodata-clear-form").count() == 0
    page.click("button.laodata-submit")
    page.wait_for_load_state()
    helpers.call_action(
        "laodata_dataset_review", context=site_context(), id="district-hospitals", decision="approve"
    )
    with pytest.raises(Exception, match="personal data"):
        helpers.call_action("laodata_dataset_publish", context=site_context(), id="district-hospitals")
    assert requests.get(f"{live_server}/dataset/district-hospitals", timeout=10).status_code == 404

    # a reviewer clears it on the dataset page, and it can be published
    reviewer = factories.Sysadmin(name="data-office-reviewer", password="correct-horse-42")
    page.context.clear_cookies()
    log_in(page, live_server, reviewer["name"], "correct-horse-42")
    page.goto(f"{live_server}/dataset/district-hospitals")
    page.screenshot(path=str(ARTIFACTS / "data-check-flag.png"), full_page=True)
    page.fill("#laodata-clear-comment", "Hospital switchboard numbers, published on the hospitals' websites")
    page.click("button.laodata-clear")
    page.wait_for_load_state()
    assert "The personal-data flag is cleared" in page.inner_text("body")
    helpers.call_action("laodata_dataset_publish", context=site_context(), id="district-hospitals")
    assert requests.get(f"{live_server}/dataset/district-hospitals", timeout=10).status_code == 200
