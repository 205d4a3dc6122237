"""Light pages in a real browser (issue 11 items 2 and 6), at phone width:
every request of a citizen's visit and of a logged-in page goes to the portal
itself (no outside avatar, font or script service); text answers arrive
compressed; fingerprinted static files are kept a year, so the second page of
a visit takes them from the browser's cache; Lao text is drawn with the
portal's own Lao font; and what the pages' small public script does (the
phone menu, the filters panel, the sort) works."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.browser.pages import log_in
from tests.published import draft, move_to, site_context

PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse-77"
TEXT_TYPES = ("text/html", "text/css", "javascript", "application/json", "image/svg+xml")


@pytest.fixture
def province(clean_db: Any) -> None:
    # no picture of their own: CKAN's default (a gravatar unless turned off) applies
    factories.User(name="health-editor", password=PASSWORD, email="editor@province.example", image_url="")
    unit = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກແຂວງ",
        image_url="",  # the factory's picture is a URL on another host
        users=[{"name": "health-editor", "capacity": "editor"}],
    )
    for name, title, title_lo in (
        ("district-hospitals", "District hospitals", "ໂຮງໝໍເມືອງ"),
        ("clinics", "Clinics", "ສຸກສາລາ"),
    ):
        pkg = draft(
            "published",
            owner_org=unit["id"],
            name=name,
            title=title,
            title_lo=title_lo,
            sector="health",
            update_frequency="monthly",
            license_id="cc-by",
        )
        helpers.call_action(
            "resource_create",
            context=site_context(),
            package_id=pkg["id"],
            name=f"{title} 2026",
            format="CSV",
            upload=FileStorage(io.BytesIO(b"district,count\nXay,3\n"), filename=f"{name}.csv"),
        )
        move_to(pkg["id"], "published")


class Traffic:
    """Every request the page makes, and every answer with its headers and
    whether Chromium took it from its cache (DevTools protocol)."""

    def __init__(self, context: Any, page: Any) -> None:
        self.requests: list[str] = []
        self.answers: dict[str, dict[str, Any]] = {}
        self._from_cache: set[str] = set()  # request ids Chromium answered from its memory cache
        page.on("request", lambda request: self.requests.append(request.url))
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestServedFromCache", lambda event: self._from_cache.add(event["requestId"]))
        cdp.on("Network.responseReceived", self._answer)

    def _answer(self, event: dict[str, Any]) -> None:
        response = event["response"]
        self.answers[response["url"]] = {
            "headers": {k.lower(): v for k, v in response["headers"].items()},
            "cached": bool(response.get("fromDiskCache")) or event["requestId"] in self._from_cache,
            "type": response.get("mimeType", ""),
            "status": response["status"],
        }

    def clear(self) -> None:
        self.requests.clear()
        self.answers.clear()
        self._from_cache.clear()


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).hostname or "" for u in urls if not u.startswith(("data:", "blob:", "about:"))}


@pytest.mark.usefixtures("with_plugins", "province")
def test_a_citizens_visit_on_a_phone_stays_on_the_portal_compressed_and_cached(
    live_server: str, browser: Any
) -> None:
    local = urlsplit(live_server).hostname
    context = browser.new_context(viewport=PHONE, locale="lo-LA")
    page = context.new_page()
    page.set_default_timeout(15000)
    traffic = Traffic(context, page)
    try:
        # first page of the visit: the home page in Lao
        page.goto(f"{live_server}/lo/", wait_until="load")
        page.evaluate("() => document.fonts.ready")
        assert _hosts(traffic.requests) == {local}, traffic.requests
        static = [u for u in traffic.answers if "/webassets/" in u]
        assert static, "no bundle loaded"
        for url, answer in traffic.answers.items():
            if answer["status"] == 200 and answer["type"].startswith(TEXT_TYPES):
                assert answer["headers"].get("content-encoding") in ("br", "gzip"), url
        for url in static:
            cache = traffic.answers[url]["headers"].get("cache-control", "")
            assert "max-age=31536000" in cache and "immutable" in cache, (url, cache)
        assert not [u for u in static if re.search(r"_(main|ckan|vendor|jquery|htmx|bootstrap)\.js$", u)]
        # the Lao text is drawn with the portal's own font
        fonts = [u for u in traffic.requests if "/laodata/fonts/noto-sans-lao-" in u]
        assert fonts and all(urlsplit(u).hostname == local for u in fonts)
        assert page.evaluate("() => document.fonts.check('16px \"Noto Sans Lao\"', 'ລາວ')")

        # the phone menu opens with the public script
        menu = page.locator("#main-navigation-toggle")
        assert not menu.is_visible()
        page.locator("button.navbar-toggler").click()
        assert menu.is_visible()

        # second page of the visit: the search; the bundles come from the cache
        traffic.clear()
        page.goto(f"{live_server}/lo/dataset/", wait_until="load")
        assert _hosts(traffic.requests) == {local}, traffic.requests
        again = [u for u in traffic.answers if "/webassets/" in u or "/laodata/fonts/" in u]
        fetched = [u for u in again if not traffic.answers[u]["cached"]]
        assert not fetched, f"fetched again on the second page: {fetched}"

        # the filters panel and the sort work without CKAN's scripts
        page.locator("a.show-filters").click()
        assert "filters-modal" in (page.get_attribute("body", "class") or "")
        page.locator("a.hide-filters").click()
        assert "filters-modal" not in (page.get_attribute("body", "class") or "")
        page.select_option("#field-order-by", "title_string asc")
        page.wait_for_url(re.compile(r".*sort=title_string\+asc.*"))
        titles = page.locator(".dataset-item .dataset-heading").all_inner_texts()
        assert [t.strip() for t in titles] == sorted(t.strip() for t in titles)

        # third page: a dataset
        traffic.clear()
        page.goto(f"{live_server}/lo/dataset/district-hospitals", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert _hosts(traffic.requests) == {local}, traffic.requests
        # the format is a text badge, not CKAN's sprite of icons; no brand icons of share buttons
        heavy = [u for u in traffic.requests if "sprite-resource-icons" in u or "fa-brands" in u]
        assert not heavy, heavy
        assert page.locator(".laodata-format", has_text="CSV").first.is_visible()
    finally:
        context.close()


@pytest.mark.usefixtures("with_plugins", "province")
def test_logged_in_pages_on_a_phone_call_no_outside_service(live_server: str, browser: Any) -> None:
    local = urlsplit(live_server).hostname
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    traffic = Traffic(context, page)
    try:
        log_in(page, live_server, "health-editor", PASSWORD)
        for path in (
            "/dashboard/datasets",
            "/user/health-editor",
            "/dataset/district-hospitals",
            "/dataset/",
        ):
            page.goto(f"{live_server}{path}", wait_until="load")
        assert _hosts(traffic.requests) == {local}, sorted(_hosts(traffic.requests))
        assert not [u for u in traffic.requests if "gravatar" in u]
        # logged in, CKAN's scripts are there (forms, follow buttons)
        assert [u for u in traffic.requests if re.search(r"_main\.js$", u)]
    finally:
        context.close()
