"""Issue 12's "Done when", walked in the browser in Lao, Vietnamese and English, at desktop and
phone width: a citizen opens a published CSV dataset and a published XLSX dataset, sorts and
filters the table preview (CKAN's DataTables view over the DataStore) and sees the chart
(laodata's chart view); a developer opens the API page and runs its datastore_search example,
getting filtered rows as JSON. Screenshots under tests/artifacts/ (not committed).

The files are loaded by the real loader: ckanext-xloader's job runs in CKAN's worker and
fetches them from the live portal (gunicorn) with a token, as in tests/tables/.
"""

from __future__ import annotations

import io
import re
import shlex
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.published import draft, move_to, site_context

from .walk import LANGS, LOCALES, VIEWPORTS, say, step

HEADER = ["name", "district", "beds", "opened"]
DISTRICTS = ["Chanthabuly", "Sisattanak", "Xaysetha"]
BEDS = [23, 45, 12, 67, 34, 89, 56, 78, 41, 15, 62, 30]
ROWS = [[f"Hospital {i + 1}", DISTRICTS[i % 3], beds, f"2019-0{i % 9 + 1}-15"] for i, beds in enumerate(BEDS)]


def _csv() -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(c) for c in row) for row in ROWS]
    return ("\n".join(lines) + "\n").encode()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def tables(
    live_server: str, with_plugins: Any, clean_db: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, str]]:
    """Two published datasets, one CSV and one XLSX, loaded into the DataStore by xloader."""
    from ckan.cli.cli import ckan

    site_user = helpers.call_action("get_site_user")["name"]
    token = helpers.call_action(
        "api_token_create", context={"user": site_user, "ignore_auth": True}, user=site_user, name="xloader"
    )["token"]
    monkeypatch.setitem(tk.config, "ckanext.xloader.site_url", live_server)
    monkeypatch.setitem(tk.config, "ckanext.xloader.api_token", token)
    helpers.call_action("job_clear")
    unit = factories.Organization(
        name="dept-health", title="Department of Health", title_lo="ພະແນກສາທາລະນະສຸກແຂວງ"
    )
    resources = {}
    for name, title, body, fmt in (
        ("district-hospitals", "District hospitals", _csv(), "CSV"),
        ("health-centres", "Health centres", _xlsx(), "XLSX"),
    ):
        pkg = draft("published", owner_org=unit["id"], name=name, title=title, sector="health")
        resource = helpers.call_action(
            "resource_create",
            context=site_context(),
            package_id=pkg["id"],
            name=f"{title} 2026",
            format=fmt,
            upload=FileStorage(io.BytesIO(body), filename=f"{name}.{fmt.lower()}"),
        )
        move_to(pkg["id"], "published")
        resources[name] = resource["id"]
    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    for resource_id in resources.values():
        shown = helpers.call_action("resource_show", context=site_context(), id=resource_id)
        assert shown["datastore_active"], shown
        views = helpers.call_action("resource_view_list", context=site_context(), id=resource_id)
        assert [v["view_type"] for v in views] == ["datatables_view", "laodata_chart_view"]
    yield resources


def _rows(frame: Any) -> list[list[str]]:
    return frame.locator("#dtprv tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.innerText.trim()))"
    )


def _wait_first_beds(frame: Any, value: int) -> None:
    frame.locator("#dtprv tbody tr").first.locator("td", has_text=re.compile(rf"^{value}$")).wait_for()


def _table_and_chart(page: Any, live_server: str, prefix: str, dataset: str, shot: str, lang: str) -> None:
    """The dataset's page, its file's page with the table preview (sorted, filtered), and the chart."""
    page.goto(f"{live_server}{prefix}/dataset/{dataset}")
    page.locator(".resource-item a.heading").first.click()
    page.wait_for_url(re.compile(rf".*{prefix}/dataset/{dataset}/resource/[0-9a-f-]+$"))
    assert page.locator("html").get_attribute("lang") == lang
    frame = page.frame_locator("iframe[data-module=data-viewer]")
    frame.locator("#dtprv tbody tr td").first.wait_for()
    assert len(_rows(frame)) == len(BEDS)  # one page (the rows come from the DataStore a page at a time)
    step(page, f"{shot}-1-table")

    # sort by beds: ascending, then descending (the DataStore sorts)
    # (DataTables shows a copy of the header above the scrolling rows)
    beds = frame.locator("th.sorting", has_text="beds").locator("visible=true").first
    beds.click()
    _wait_first_beds(frame, min(BEDS))
    beds.click()
    _wait_first_beds(frame, max(BEDS))
    assert [int(r[3]) for r in _rows(frame)] == sorted(BEDS, reverse=True)

    # filter: the table's search box (the DataStore's full-text search), on Enter
    search = frame.locator("#dtprv_filter input")
    search.fill("Sisattanak")
    search.press("Enter")
    page.wait_for_function(
        """() => {
          const doc = document.querySelector('iframe[data-module=data-viewer]').contentDocument;
          const rows = [...doc.querySelectorAll('#dtprv tbody tr')];
          return rows.length === 4 && rows.every(r => r.innerText.includes('Sisattanak'));
        }"""
    )
    assert [int(r[3]) for r in _rows(frame)] == sorted(
        (b for i, b in enumerate(BEDS) if DISTRICTS[i % 3] == "Sisattanak"), reverse=True
    )
    step(page, f"{shot}-2-sorted-filtered")

    # the chart: the view's tab, drawn in the page itself
    page.locator(
        "a[href*='view_id=']", has_text=re.compile(r"Chart|" + re.escape(say(lang, "Chart")))
    ).click()
    page.wait_for_url(re.compile(r".*view_id=.*"))
    svg = page.locator("svg.laodata-tablechart-svg")
    svg.wait_for()
    titles = page.locator("g.laodata-tablechart-bar > title").all_text_contents()
    assert titles == [f"Hospital {i + 1}: {beds}" for i, beds in enumerate(BEDS)]
    assert page.locator(f"#{svg.get_attribute('aria-labelledby').split()[0]}").text_content() == say(
        lang, "{value} by {label}"
    ).format(value="beds", label="name")
    assert say(lang, "Bar chart") in (page.locator("svg.laodata-tablechart-svg desc").text_content() or "")
    svg.scroll_into_view_if_needed()
    step(page, f"{shot}-3-chart")


def _api_example(page: Any, live_server: str, prefix: str, resource_id: str, shot: str) -> None:
    """The API page's datastore_search example, run as it is written (RESOURCE_ID filled in)."""
    page.goto(f"{live_server}{prefix}/api-docs")
    example = page.locator("pre[data-example=datastore_search]")
    example.scroll_into_view_if_needed()
    step(page, f"{shot}-4-api-page")
    words = shlex.split(example.inner_text().replace("\\\n", " "))
    assert words[:2] == ["curl", "-G"]
    url = words[2]
    assert url == f"{live_server}/api/3/action/datastore_search"
    params = {}
    for flag, pair in zip(words[3::2], words[4::2], strict=True):
        assert flag == "--data-urlencode"
        key, _, value = pair.partition("=")
        params[key] = value.replace("RESOURCE_ID", resource_id)
    response = page.request.get(url, params=params)
    assert response.ok and response.headers["content-type"].startswith("application/json")
    result = response.json()["result"]
    chanthabuly = sorted((b for i, b in enumerate(BEDS) if DISTRICTS[i % 3] == "Chanthabuly"), reverse=True)
    assert [r["district"] for r in result["records"]] == ["Chanthabuly"] * 4
    assert [int(r["beds"]) for r in result["records"]] == chanthabuly
    assert result["total"] == 4


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", LANGS)
def test_citizen_previews_and_charts_developer_queries(
    live_server: str, browser: Any, tables: dict[str, str], lang: str, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale=LOCALES[lang])
    page = context.new_page()
    page.set_default_timeout(20000)
    prefix = "" if lang == "en" else f"/{lang}"
    shot = f"tables-{lang}-{viewport}"
    try:
        _table_and_chart(page, live_server, prefix, "district-hospitals", f"{shot}-csv", lang)
        _table_and_chart(page, live_server, prefix, "health-centres", f"{shot}-xlsx", lang)
        _api_example(page, live_server, prefix, tables["district-hospitals"], shot)
    finally:
        context.close()
