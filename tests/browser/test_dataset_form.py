"""A unit editor creates a dataset through the web form; once published, search finds it."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from ckan.tests import factories, helpers

from tests.published import published_dataset

from .pages import log_in


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_dataset_from_the_web_form_is_found_with_facet_counts(live_server: str, page: Any) -> None:
    user = factories.User(name="unit-editor", password="correct-horse-42")
    org = factories.Organization(
        name="department-of-health",
        title="Department of Health",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    published_dataset(owner_org=org["id"], title="Existing clinics list", tags=[{"name": "health"}])

    log_in(page, live_server, "unit-editor", "correct-horse-42")

    page.goto(f"{live_server}/dataset/new")
    page.fill("#field-title", "Bệnh viện huyện — district hospitals")
    page.click(".slug-preview button")  # the URL field hides behind CKAN's slug preview
    page.fill("#field-name", "district-hospitals")
    page.fill("#field-notes", "Beds and staff of district hospitals")
    # the tag box is a select2 widget over the real input
    page.eval_on_selector("#field-tag_string", "el => { el.value = 'health,hospitals'; }")
    page.select_option("#field-organizations", label="Department of Health")
    # the classes, as selects labelled in the page's language
    page.select_option("#field-access_level", label="Open")
    page.select_option("#field-security_level", label="Level 1")
    page.click("button[name=save]")
    # second stage: upload the data file
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals/resource/new"))
    page.set_input_files(
        "#field-resource-upload",
        files=[{"name": "hospitals.csv", "mimeType": "text/csv", "buffer": b"district,beds\nNorth,60\n"}],
    )
    page.fill("#field-name", "Hospitals CSV")
    page.click("button[name=save][value=go-metadata]")
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))

    # Not public until submitted, approved and published.
    assert requests.get(f"{live_server}/dataset/district-hospitals", timeout=10).status_code == 404
    page.click("button.laodata-submit")
    page.wait_for_load_state()
    reviewer = factories.Sysadmin()
    for action, data in (
        ("laodata_dataset_review", {"decision": "approve"}),
        ("laodata_dataset_publish", {}),
    ):
        helpers.call_action(action, context={"user": reviewer["name"]}, id="district-hospitals", **data)

    # Accent-folded free text finds it; the facet counts add up.
    page.goto(f"{live_server}/dataset/?q=benh+vien")
    assert page.locator(".dataset-heading a", has_text="district hospitals").count() == 1
    page.goto(f"{live_server}/dataset/?tags=health")
    assert "2 datasets found" in page.inner_text("body")
    counts = page.locator("li:has-text('Department of Health') .item-count").all_inner_texts()
    assert "2" in counts
    page.goto(f"{live_server}/dataset/?res_format=CSV")
    assert "1 dataset found" in page.inner_text("body")

    # The API sees the same dataset and counts.
    api = requests.get(
        f"{live_server}/api/3/action/package_search",
        params={"q": "hospitals", "facet.field": '["organization","res_format","tags"]'},
        timeout=10,
    ).json()["result"]
    assert [r["name"] for r in api["results"]] == ["district-hospitals"]
    assert api["facets"]["organization"] == {"department-of-health": 1}
    assert api["facets"]["res_format"] == {"CSV": 1}
