"""A unit editor's and a reviewer's day on a phone (390×844), in Lao,
Vietnamese and English (issue 11, "Done when").

The editor logs in, opens the catalog and their entry, starts the dataset
from it, fills the form, uploads the data file and submits it for review. The
reviewer logs in, opens the review queue, filters it to the editor's unit,
opens the dataset, approves and publishes it, then returns another one with a
comment. Every page: a screenshot (tests/artifacts/staff-<lang>-…), axe-core's
check and nothing wider than the screen."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE, draft, move_to, site_context

from .walk import LANGS, LOCALES, VIEWPORTS, say, step, tab_to

PASSWORD = "correct-horse-42"
CATALOG = (
    "code,title,title_lo,title_vi,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,District hospitals,ໂຮງໝໍເມືອງ,Bệnh viện huyện,dept-health,health,annual,open,1\n"
    "HEA-002,Vaccination coverage,ການສັກຢາກັນພະຍາດ,Tiêm chủng,dept-health,health,monthly,open,1\n"
)
REASON = "The beds column is empty for North district"
UNIT = {"lo": "ພະແນກສາທາລະນະສຸກແຂວງ", "vi": "Sở Y tế", "en": "Department of Health"}


@pytest.fixture
def office(clean_db: Any) -> None:
    editor = factories.User(name="health-editor", password=PASSWORD)
    factories.Sysadmin(name="data-reviewer", password=PASSWORD)  # the live server's reviewers: sysadmins
    health = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກແຂວງ",
        title_vi="Sở Y tế",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    roads = factories.Organization(
        name="dept-transport",
        title="Department of Transport",
        title_lo="ພະແນກໂຍທາທິການ ແລະ ຂົນສົ່ງ",
        title_vi="Sở Giao thông",
    )
    helpers.call_action(
        "laodata_catalog_import", upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv")
    )
    # already waiting in the queue: one of the health unit's (to return), one of another unit's
    for unit, name, title, sector in (
        (health, "vaccination-coverage", "Vaccination coverage", "health"),
        (roads, "road-accidents", "Road accidents", "transport"),
    ):
        pkg = draft(owner_org=unit["id"], name=name, title=title, sector=sector, **PUBLISHABLE)
        helpers.call_action(
            "resource_create",
            context=site_context(),
            package_id=pkg["id"],
            name=f"{title} 2026",
            format="CSV",
            upload=FileStorage(io.BytesIO(b"district,count\nNorth,3\n"), filename=f"{name}.csv"),
        )
        move_to(pkg["id"], "submitted")
    helpers.call_action("laodata_progress_snapshot", context=site_context())  # the trend chart's first point


def _phone(browser: Any, lang: str) -> Any:
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale=LOCALES[lang])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _log_in(page: Any, base: str, name: str, shot: str = "") -> None:
    page.goto(f"{base}/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", PASSWORD)
    if shot:
        step(page, shot)
    page.press("#field-password", "Enter")  # the form is keyboard-operable
    page.wait_for_url(re.compile(r".*/dashboard.*|.*/user/.*"))


def _editor_day(page: Any, base: str, lang: str) -> None:
    shot = f"staff-{lang}-editor"
    _log_in(page, base, "health-editor", f"{shot}-0-login")
    assert page.locator("html").get_attribute("lang") == lang  # the language kept through log-in
    step(page, f"{shot}-1-dashboard")

    # the catalog, then the entry to deliver
    page.goto(f"{base}/catalog?unit=dept-health")
    step(page, f"{shot}-2-catalog")
    page.locator(".laodata-entries a", has_text="HEA-001").first.click()
    page.wait_for_url(re.compile(r".*/catalog/HEA-001$"))
    assert UNIT[lang] in page.inner_text(".laodata-fields")  # the unit in the reader's language
    step(page, f"{shot}-3-entry")

    # the dataset form, started from the entry
    page.click("a.laodata-start")
    page.wait_for_url(re.compile(r".*/dataset/new.*"))
    assert page.input_value("#field-catalog_code") == "HEA-001"
    page.click(".slug-preview button")
    page.fill("#field-name", "district-hospitals")
    page.fill("#field-notes", "Beds and staff of the district hospitals, 2026.")
    step(page, f"{shot}-4-form")
    tab_to(page, "button[name=save]")  # from the description, on through the form, by keyboard
    page.keyboard.press("Enter")

    # the data file
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals/resource/new"))
    page.set_input_files(
        "#field-resource-upload",
        files=[{"name": "hospitals.csv", "mimeType": "text/csv", "buffer": b"district,beds\nNorth,60\n"}],
    )
    page.fill("#field-name", "Hospitals 2026")
    step(page, f"{shot}-5-upload")
    page.click("button[name=save][value=go-metadata]")
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    step(page, f"{shot}-6-dataset")

    # submitted for review
    page.click("button.laodata-submit")
    page.wait_for_load_state()
    assert say(lang, "Submitted for review") in page.inner_text("body")
    assert page.inner_text(".laodata-workflow-status").strip() == say(lang, "Submitted")
    step(page, f"{shot}-7-submitted")


def _reviewer_day(page: Any, base: str, lang: str) -> None:
    shot = f"staff-{lang}-reviewer"
    _log_in(page, base, "data-reviewer")
    page.goto(f"{base}/dashboard/datasets")  # the notices: what waits for review
    assert page.locator(".laodata-notices-waiting li").count() == 3
    step(page, f"{shot}-0-dashboard")

    # the queue: three datasets wait, the oldest first
    page.goto(f"{base}/catalog/review")
    items = page.locator(".laodata-queue-item")
    assert items.count() == 3
    assert "vaccination-coverage" in (items.first.locator("a").first.get_attribute("href") or "")
    assert page.inner_text(".laodata-count").startswith(say(lang, "{count} datasets wait").format(count=3))
    step(page, f"{shot}-1-queue")

    # filtered to the health unit (a form any keyboard can use)
    page.select_option("#laodata-queue-unit", value="dept-health")
    tab_to(page, ".laodata-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*unit=dept-health.*"))
    assert items.count() == 2
    unit_label = page.locator("#laodata-queue-unit option:checked").inner_text()
    unit_name = UNIT[lang]
    assert unit_label == f"{unit_name} (2)"
    step(page, f"{shot}-2-filtered")

    # the editor's dataset: approve, then publish
    page.locator(".laodata-queue-item a[href$='/dataset/district-hospitals']").click()
    page.wait_for_url(re.compile(r".*/dataset/district-hospitals$"))
    step(page, f"{shot}-3-dataset")
    page.click("button.laodata-approve")
    page.wait_for_load_state()
    assert page.inner_text(".laodata-workflow-status").strip() == say(lang, "Approved")
    step(page, f"{shot}-4-approved")
    page.click("button.laodata-publish")
    page.wait_for_load_state()
    assert say(lang, "Published on the open portal") in page.inner_text("body")
    step(page, f"{shot}-5-published")

    # the other one goes back to the unit with a reason (refused without one)
    page.goto(f"{base}/catalog/review?unit=dept-health")
    assert items.count() == 1
    page.locator(".laodata-queue-item a[href$='/dataset/vaccination-coverage']").click()
    page.wait_for_url(re.compile(r".*/dataset/vaccination-coverage$"))
    page.click("button.laodata-return")
    page.wait_for_load_state()
    assert say(lang, "Say why the dataset is returned: the unit sees this reason") in page.inner_text("body")
    page.fill("#laodata-review-comment", REASON)
    step(page, f"{shot}-6-return")
    page.click("button.laodata-return")
    page.wait_for_load_state()
    assert say(lang, "Returned to the unit") in page.inner_text("body")
    assert page.inner_text(".laodata-workflow-status").strip() == say(lang, "Returned")
    step(page, f"{shot}-7-returned")

    # the delivery progress: one card per unit, its bar and the trend chart still labelled
    page.goto(f"{base}/catalog/progress")
    chart = page.locator(".laodata-chart svg[role=img]")
    assert "%" in (chart.get_attribute("aria-label") or "")
    health = page.locator(".laodata-unit-table tbody tr", has_text=unit_name)
    bar = health.locator("[role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == "50.0"
    assert unit_name in (bar.get_attribute("aria-label") or "")
    box = health.bounding_box()
    assert box and box["width"] <= 390 and box["height"] > 150  # a card, not a squeezed table row
    step(page, f"{shot}-8-progress")


@pytest.mark.usefixtures("with_plugins", "office")
@pytest.mark.parametrize("lang", LANGS)
def test_an_editors_and_a_reviewers_day_on_a_phone(live_server: str, browser: Any, lang: str) -> None:
    base = f"{live_server}/{lang}" if lang != "en" else live_server
    editor, reviewer = _phone(browser, lang), _phone(browser, lang)
    try:
        _editor_day(editor, base, lang)
        _reviewer_day(reviewer, base, lang)
        status = helpers.call_action("package_show", id="district-hospitals")
        assert (status["workflow_status"], status["private"]) == ("published", False)
    finally:
        editor.context.close()
        reviewer.context.close()
