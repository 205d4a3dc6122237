"""The coordinating office logs in and reads the progress report, in English and Vietnamese."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from ckan.tests import factories

from tests.catalog.test_views import province  # noqa: F401 - the fixture: two units, six entries

from .axe import assert_accessible

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _log_in(page: Any, live_server: str, name: str, password: str, came_from: str) -> None:
    page.goto(f"{live_server}{came_from}")
    # anonymous: the catalog sends the visitor to the login form, which brings them back
    page.wait_for_url(re.compile(r".*/user/login\?came_from=.*"))
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.click("button[type=submit]:has-text('Login')")
    page.wait_for_url(re.compile(rf".*{re.escape(came_from)}$"))


@pytest.mark.usefixtures("with_plugins", "clean_db", "province")
def test_progress_page_after_login_in_english_and_vietnamese(live_server: str, page: Any) -> None:
    factories.Sysadmin(name="coordinator", password="correct-horse-42")
    _log_in(page, live_server, "coordinator", "correct-horse-42", "/catalog/progress")

    headline = page.inner_text(".laodata-headline-text")
    assert headline.startswith("3 of 6 datasets delivered (50.0%) · 1 of 2 units complete · 3 outstanding")
    bars = page.locator(".laodata-unit-table .progress-bar")
    assert bars.count() == 2
    health = page.locator(".laodata-unit-table tr", has_text="Department of Health")
    assert health.locator(".progress[role=progressbar]").get_attribute("aria-valuenow") == "100.0"
    # the bar is drawn: full width for a complete unit, none for a unit with nothing delivered
    full = health.locator(".progress-bar").bounding_box()
    track = health.locator(".progress").bounding_box()
    assert full and track and abs(full["width"] - track["width"]) < 2
    justice = page.locator(".laodata-unit-table tr", has_text="Department of Justice")
    assert (justice.locator(".progress-bar").bounding_box() or {"width": 0})["width"] < 1
    # the title with a script tag is text, and nothing ran
    assert page.locator(".laodata-outstanding-table", has_text="<script>alert(1)</script>").count() == 1
    if os.environ.get("LAODATA_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "catalog-progress-en.png"), full_page=True)

    # sorting by completion puts the unit with most left to do first
    page.click(".laodata-unit-table th a:has-text('Completion')")
    page.wait_for_url(re.compile(r".*sort=percent.*"))
    assert page.locator(".laodata-unit-table tbody tr").first.inner_text().startswith("Department of Justice")

    page.goto(f"{live_server}/vi/catalog/progress")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".laodata-unit-table .progress-bar").count() == 2
    body = page.inner_text(".laodata")
    assert "Dung lượng lớn" in body  # the delay reason "large volume", in Vietnamese
    assert "(50.0%)" in page.inner_text(".laodata-headline-text")
    # links stay in Vietnamese
    href = page.locator(".laodata-unit-table tbody tr th a").first.get_attribute("href")
    assert href.startswith("/vi/catalog?unit=")
    assert_accessible(page, "the progress page at desktop width, in Vietnamese")
    if os.environ.get("LAODATA_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "catalog-progress-vi.png"), full_page=True)

    # the list and an entry, from the progress page's links
    page.click(".laodata-unit-table tbody tr th a:has-text('Department of Justice')")
    page.wait_for_url(re.compile(r".*/vi/catalog\?unit=dept-justice$"))
    assert page.locator(".laodata-entries tbody tr").count() == 3
    page.click(".laodata-entries a:has-text('JUS-001')")
    page.wait_for_url(re.compile(r".*/vi/catalog/JUS-001$"))
    assert "Tư pháp" in page.inner_text(".laodata-fields")
    assert_accessible(page, "a catalog entry at desktop width, in Vietnamese")
