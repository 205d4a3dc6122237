"""A citizen's path on the portal, in Lao, Vietnamese and English, at desktop
and at phone width (issue 11): lands on the home page, picks a sector, filters
by a facet, opens a dataset and downloads its file, then visits its unit and
the About page. On every page: nothing wider than the screen, no critical or
serious axe-core finding, and a screenshot under tests/artifacts/ (not
committed)."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from ckanext.laodata import vocab
from tests.published import draft, move_to, site_context

from .walk import LANGS, LOCALES, VIEWPORTS, say, step


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
            **({"title_vi": "Bệnh viện huyện"} if name == "district-hospitals" else {}),
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


UNIT = {"lo": "ພະແນກສາທາລະນະສຸກແຂວງ", "vi": "Sở Y tế", "en": "Department of Health"}
HOSPITALS = {"lo": "ໂຮງໝໍເມືອງ", "vi": "Bệnh viện huyện", "en": "District hospitals"}
CURRENT_LANGUAGE = {"lo": "ລາວ", "vi": "Tiếng Việt", "en": "English"}


@pytest.mark.usefixtures("with_plugins", "province")
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGS)
def test_citizen_finds_and_downloads_data(live_server: str, browser: Any, lang: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[lang])
    page = context.new_page()
    page.set_default_timeout(15000)
    prefix = "" if lang == "en" else f"/{lang}"
    shot = f"citizen-{lang}-{viewport}"
    try:
        # 1. the home page, in the reader's language
        page.goto(f"{live_server}{prefix}/")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.inner_text(".laodata-hero-title") == page.title() != "CKAN"  # the deployment's name
        if lang == "lo":
            assert page.inner_text(".laodata-intro").startswith("ຂໍ້ມູນເປີດຂອງພະແນກການ")  # built-in, in Lao
        assert page.locator(".laodata-language-current").first.inner_text() == CURRENT_LANGUAGE[lang]
        assert "Welcome to CKAN" not in page.content()
        sectors = page.locator(".laodata-sector-list")
        assert sectors.locator("[data-sector=health] .laodata-sector-count").inner_text() == "2"
        assert "Unpublished draft" not in page.inner_text("body")
        step(page, f"{shot}-1-home")

        # 2. a sector
        sectors.locator("[data-sector=health]").click()
        page.wait_for_url(re.compile(rf".*{prefix}/dataset/\?sector=health$"))
        assert page.locator(".dataset-item").count() == 2
        assert vocab.label("sector", "health", lang) in page.inner_text(".filter-list")
        step(page, f"{shot}-2-sector")

        # 3. a facet: monthly updates (on a phone CKAN folds the filters behind a button)
        show_filters = page.locator("a.show-filters")
        if show_filters.is_visible():
            show_filters.click()
        frequency = page.locator("#facet-update_frequency").locator("xpath=..")
        frequency.locator("a", has_text=vocab.label("update_frequency", "monthly", lang)).click()
        page.wait_for_url(re.compile(r".*update_frequency=monthly.*"))
        page.wait_for_function("() => document.querySelectorAll('.dataset-item').length === 1")
        assert HOSPITALS[lang] in page.inner_text(".dataset-item")
        hide_filters = page.locator("a.hide-filters")
        if hide_filters.is_visible():  # the phone's filter panel stays open over the results
            hide_filters.click()
        step(page, f"{shot}-3-filtered")

        # 4. the dataset, in the reader's language, with its facts and the download button
        page.locator(".dataset-item a", has_text=HOSPITALS[lang]).click()
        page.wait_for_url(re.compile(rf".*{prefix}/dataset/district-hospitals$"))
        assert page.title().startswith(HOSPITALS[lang])
        summary = page.inner_text(".laodata-dataset-summary")
        assert UNIT[lang] in summary and vocab.label("update_frequency", "monthly", lang) in summary
        assert say(lang, "Up to date") in summary
        download = page.locator("a.laodata-download").first
        download.scroll_into_view_if_needed()
        assert download.is_visible() and download.inner_text().strip() == say(lang, "Download")
        step(page, f"{shot}-4-dataset")

        # 5. the file downloads
        href = download.get_attribute("href")
        assert href and href.endswith("district-hospitals.csv")
        # the fixture made the file in-process, where the site URL is test.ini's: fetch its path from the live server
        response = requests.get(f"{live_server}{urlsplit(href).path}", timeout=10)
        assert response.status_code == 200 and response.content.startswith(b"district,count")
        # the file's own page (laodata's resource page)
        page.goto(live_server + prefix + urlsplit(href).path.split("/download/")[0])
        assert page.locator("html").get_attribute("lang") == lang
        assert "District hospitals 2026" in page.inner_text("body")
        step(page, f"{shot}-4b-file")
        page.go_back()

        # 6. the unit that publishes it, and the About page
        page.locator(".laodata-dataset-unit").click()
        page.wait_for_url(re.compile(rf".*{prefix}/organization/dept-health$"))
        assert page.title().startswith(UNIT[lang])
        step(page, f"{shot}-5-unit")
        page.goto(f"{live_server}{prefix}/organization/")
        assert UNIT[lang] in page.inner_text("body")
        step(page, f"{shot}-5b-units")
        page.goto(f"{live_server}{prefix}/about")
        assert say(lang, "About this portal") in page.inner_text(".laodata-about")
        step(page, f"{shot}-6-about")
    finally:
        context.close()
