"""A citizen's path on the portal, in Lao, at desktop and at phone width
(issue 11): lands on the home page, picks a sector, filters by a facet, opens a
dataset and downloads its file, then visits its unit and the About page;
nothing wider than the screen. A
screenshot per step goes to tests/artifacts/ (not committed)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.published import draft, move_to, site_context

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def province(clean_db: Any) -> None:
    health = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກແຂວງ",
        title_vi="Sở Y tế",
        contact_email="data.hea@province.example",
    )
    schools = factories.Organization(
        name="dept-education", title="Department of Education", title_lo="ພະແນກສຶກສາທິການ ແລະ ກິລາແຂວງ"
    )
    plans = [
        (health, "district-hospitals", "District hospitals", "ໂຮງໝໍເມືອງ", "health", "monthly"),
        (health, "vaccination-coverage", "Vaccination coverage", "ການສັກຢາກັນພະຍາດ", "health", "annual"),
        (schools, "schools", "Schools", "ໂຮງຮຽນ", "education", "annual"),
    ]
    for unit, name, title, title_lo, sector, frequency in plans:
        pkg = draft(
            "published",
            owner_org=unit["id"],
            name=name,
            title=title,
            title_lo=title_lo,
            notes_lo=f"{title_lo} ທົ່ວແຂວງ.",
            sector=sector,
            update_frequency=frequency,
            license_id="cc-by",
        )
        helpers.call_action(
            "resource_create",
            context=site_context(),
            package_id=pkg["id"],
            name=f"{title} 2026",
            format="CSV",
            upload=FileStorage(io.BytesIO(b"district,count\nLuang Prabang,12\n"), filename=f"{name}.csv"),
        )
        move_to(pkg["id"], "published")
    draft(owner_org=health["id"], name="unpublished-draft", title="Unpublished draft", sector="health")


def _shot(page: Any, viewport: str, step: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"citizen-lo-{viewport}-{step}.png"), full_page=True)


# The elements reaching past the screen's right edge (to name them in a failure).
_WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10).map(el => `${el.tagName}.${String(el.className).slice(0, 50)}`)"""


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate(_WIDER_THAN_SCREEN)
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px screen: {wide}"


@pytest.mark.usefixtures("with_plugins", "province")
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_citizen_finds_and_downloads_data_in_lao(live_server: str, browser: Any, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="lo-LA")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        # 1. the home page, in Lao
        page.goto(f"{live_server}/lo/")
        assert page.locator("html").get_attribute("lang") == "lo"
        assert page.inner_text(".laodata-hero-title") == page.title() != "CKAN"  # the deployment's name
        assert page.inner_text(".laodata-intro").startswith("ຂໍ້ມູນເປີດຂອງພະແນກການ")  # built-in, in Lao
        assert page.locator(".laodata-language-current").first.inner_text() == "ລາວ"
        assert "Welcome to CKAN" not in page.content()
        sectors = page.locator(".laodata-sector-list")
        assert sectors.locator("[data-sector=health] .laodata-sector-count").inner_text() == "2"
        assert "Unpublished draft" not in page.inner_text("body")
        _shot(page, viewport, "1-home")
        _no_sideways_scroll(page)

        # 2. a sector
        sectors.locator("[data-sector=health]").click()
        page.wait_for_url(re.compile(r".*/lo/dataset/\?sector=health$"))
        assert page.locator(".dataset-item").count() == 2
        assert "ສາທາລະນະສຸກ" in page.inner_text(".filter-list")
        _shot(page, viewport, "2-sector")
        _no_sideways_scroll(page)

        # 3. a facet: monthly updates (on a phone CKAN folds the filters behind a button)
        show_filters = page.locator("a.show-filters")
        if show_filters.is_visible():
            show_filters.click()
        frequency = page.locator("#facet-update_frequency").locator("xpath=..")
        frequency.locator("a", has_text="ປະຈຳເດືອນ").click()
        page.wait_for_url(re.compile(r".*update_frequency=monthly.*"))
        page.wait_for_function("() => document.querySelectorAll('.dataset-item').length === 1")
        assert "ໂຮງໝໍເມືອງ" in page.inner_text(".dataset-item")
        hide_filters = page.locator("a.hide-filters")
        if hide_filters.is_visible():  # the phone's filter panel stays open over the results
            hide_filters.click()
        _shot(page, viewport, "3-filtered")
        _no_sideways_scroll(page)

        # 4. the dataset, in Lao, with its facts and the download button
        page.locator(".dataset-item a", has_text="ໂຮງໝໍເມືອງ").click()
        page.wait_for_url(re.compile(r".*/lo/dataset/district-hospitals$"))
        assert page.title().startswith("ໂຮງໝໍເມືອງ")
        summary = page.inner_text(".laodata-dataset-summary")
        assert "ພະແນກສາທາລະນະສຸກແຂວງ" in summary and "ປະຈຳເດືອນ" in summary and "ເປັນປັດຈຸບັນ" in summary
        download = page.locator("a.laodata-download").first
        download.scroll_into_view_if_needed()
        assert download.is_visible() and download.inner_text().strip() == "ດາວໂຫຼດ"
        _shot(page, viewport, "4-dataset")
        _no_sideways_scroll(page)

        # 5. the file downloads
        href = download.get_attribute("href")
        assert href and href.endswith("district-hospitals.csv")
        # the fixture made the file in-process, where the site URL is test.ini's: fetch its path from the live server
        response = requests.get(f"{live_server}{urlsplit(href).path}", timeout=10)
        assert response.status_code == 200 and response.content.startswith(b"district,count")

        # 6. the unit that publishes it, and the About page
        page.locator(".laodata-dataset-unit").click()
        page.wait_for_url(re.compile(r".*/lo/organization/dept-health$"))
        assert page.title().startswith("ພະແນກສາທາລະນະສຸກແຂວງ")
        _shot(page, viewport, "5-unit")
        _no_sideways_scroll(page)
        page.goto(f"{live_server}/lo/about")
        assert "ກ່ຽວກັບປະຕູຂໍ້ມູນນີ້" in page.inner_text(".laodata-about")
        _shot(page, viewport, "6-about")
        _no_sideways_scroll(page)
    finally:
        context.close()
