"""A unit editor starts a dataset from its catalog entry, delivers it, and the progress moves."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from .pages import log_in

CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,District hospitals,dept-health,health,annual,open,1\n"
    "HEA-002,Vaccination coverage,dept-health,health,monthly,shared,3\n"
)


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_editor_delivers_from_an_entry_and_progress_moves(live_server: str, page: Any) -> None:
    editor = factories.User(name="health-editor", password="correct-horse-42")
    factories.Organization(
        name="dept-health",
        title="Department of Health",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    helpers.call_action(
        "laodata_catalog_import", upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv")
    )
    assert helpers.call_action("laodata_progress")["delivered"] == 0

    log_in(page, live_server, "health-editor", "correct-horse-42")

    # the entry page starts the dataset with the catalog fields filled in
    page.goto(f"{live_server}/catalog/HEA-001")
    page.click("a.laodata-start")
    page.wait_for_url(re.compile(r".*/dataset/new.*"))
    assert page.input_value("#field-title") == "District hospitals"
    assert page.input_value("#field-catalog_code") == "HEA-001"
    # the classes come from the entry, as labelled choices in the page's language
    assert page.input_value("#field-access_level") == "open"
    assert page.input_value("#field-sector") == "health"
    assert page.locator("#field-security_level option:checked").inner_text() == "Level 1"
    page.click(".slug-preview button")
    page.fill("#field-name", "district-hospitals")
    page.click("button[name=save]")

    page.wait_for_url(re.compile(r".*/dataset/district-hospitals/resource/new"))
    page.set_input_files(
        "#field-resource-upload",
        files=[{"name": "hospitals.csv", "mimeType": "text/csv", "buffer": b"district,beds\nNorth,60\n"}],
    )
    page.fill("#field-name", "Hospitals")
    page.click("button[name=save][value=go-metadata]")
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))

    # not delivered until submitted
    assert helpers.call_action("laodata_progress")["delivered"] == 0
    page.click("button.laodata-submit")
    page.wait_for_load_state()
    assert "Submitted for review" in page.inner_text("body")
    assert page.locator("button.laodata-submit").count() == 0

    report = helpers.call_action("laodata_progress")
    assert (report["delivered"], report["outstanding"]) == (1, 1)
    page.goto(f"{live_server}/catalog/progress")
    assert "1 of 2 datasets delivered (50.0%)" in page.inner_text("body")
