"""The target catalog's pages: list, entry, progress, exports, a unit's block."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.catalog import export, status, views
from ckanext.laodata.catalog.model import ProgressSnapshot
from tests.factories import add_file
from tests.published import draft, move_to

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/x","Click")'
COLUMNS = (
    "code",
    "title",
    "title_vi",
    "unit",
    "sector",
    "update_frequency",
    "access_level",
    "security_level",
    "source_system",
    "due_date",
)
ROWS = (
    ("HEA-001", "Hospitals", "Bệnh viện", "dept-health", "health", "annual", "open", "1", "local", ""),
    ("HEA-002", "Vaccinations", "", "dept-health", "health", "monthly", "shared", "3", "local", ""),
    ("HEA-003", "Patient records", "", "dept-health", "health", "daily", "private", "4", "local", ""),
    (
        "JUS-001",
        "Court cases",
        "",
        "dept-justice",
        "justice",
        "daily",
        "shared",
        "2",
        "Ministry of Justice system",
        "",
    ),
    ("JUS-002", f"Prisons {SCRIPT}", "", "dept-justice", "justice", "annual", "open", "1", "local", ""),
    ("JUS-003", FORMULA, "", "dept-justice", "finance", "quarterly", "open", "1", "local", "2020-01-31"),
)


def _csv_bytes() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(ROWS)
    return out.getvalue().encode("utf-8")


def _dataset(org: dict[str, Any], code: str, workflow: str, upload: bool = True) -> dict[str, Any]:
    dataset = draft(workflow, owner_org=org["id"], name=f"ds-{code.lower()}", catalog_code=code)
    if upload:  # the data first: the workflow then takes the dataset to the status the test asks for
        add_file(dataset["id"])
    return move_to(dataset["id"], workflow)


@pytest.fixture
def province(clean_db: Any) -> dict[str, Any]:
    """Two units and six entries: health complete (3 of 3), justice none (0 of 3)."""
    health = factories.Organization(name="dept-health", title="Department of Health")
    justice = factories.Organization(name="dept-justice", title="Department of Justice")
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(_csv_bytes()), filename="catalog.csv"),
    )
    _dataset(health, "HEA-001", "published")
    _dataset(health, "HEA-002", "submitted")
    _dataset(health, "HEA-003", "approved", upload=False)  # metadata only: delivered without data
    helpers.call_action(
        "laodata_catalog_entry_update",
        code="JUS-001",
        delay_reason="vertical_system",
        delay_note="Asked the ministry in March",
        connection_status="requested",
        connection_requested="2026-03-01",
    )
    helpers.call_action("laodata_catalog_entry_update", code="JUS-002", delay_reason="large_volume")
    return {"health": health, "justice": justice}


@pytest.fixture
def user() -> dict[str, Any]:
    return factories.UserWithToken()


def _get(app: Any, url: str, token: dict[str, Any] | None = None, status: int = 200, **kw: Any) -> Any:
    headers = {"Authorization": token["token"]} if token else {}
    return app.get(url, headers=headers, status=status, **kw)


def _rows_of(body: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="[^"]*{table_class}[^"]*">(.*?)</table>', body, re.S)
    assert table, f"no table {table_class}"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    ]


@pytest.mark.usefixtures("with_plugins", "clean_db", "province")
class TestLogin:
    @pytest.mark.parametrize(
        "url",
        [
            "/catalog",
            "/catalog?unit=dept-health",
            "/catalog/HEA-001",
            "/catalog/progress",
            "/catalog/progress.csv",
            "/catalog/export.csv",
            "/catalog/export.xlsx",
            "/catalog/NOPE",
        ],
    )
    def test_anonymous_visitors_are_sent_to_log_in(self, app: Any, url: str) -> None:
        response = app.get(url, follow_redirects=False)
        assert response.status_code == 302
        location = urlsplit(response.headers["Location"])
        assert location.path == "/user/login"
        assert parse_qs(location.query)["came_from"] == [url]

    def test_after_login_the_visitor_comes_back(self, app: Any) -> None:
        factories.User(name="clerk", password="correct-horse-42")
        response = app.post(
            "/user/login?came_from=/catalog/progress",
            data={"login": "clerk", "password": "correct-horse-42"},
            follow_redirects=False,
        )
        assert response.headers["Location"].endswith("/catalog/progress")


@pytest.mark.usefixtures("with_plugins", "clean_db", "province")
class TestList:
    def test_entries_with_their_statuses(self, app: Any, user: dict[str, Any]) -> None:
        body = _get(app, "/catalog", user).body
        assert "6 entries" in body
        rows = {row.split(" ")[0]: row for row in _rows_of(body, "laodata-entries")[1:]}
        assert set(rows) == {"HEA-001", "HEA-002", "HEA-003", "JUS-001", "JUS-002", "JUS-003"}
        assert "Published" in rows["HEA-001"] and "Delivered" in rows["HEA-001"]
        assert "Submitted" in rows["HEA-002"] and "Delivered" in rows["HEA-002"]
        assert "Approved" in rows["HEA-003"]
        assert "Not started" in rows["JUS-001"] and "Delivered" not in rows["JUS-001"]
        assert "Overdue" in rows["JUS-003"] and "Overdue" not in rows["JUS-001"]
        assert "Department of Health" in rows["HEA-001"] and "Annual" in rows["HEA-001"]
        assert 'href="/catalog/HEA-001"' in body
        assert 'href="/dataset/ds-hea-001"' in body
        assert 'href="/catalog/export.csv"' in body and 'href="/catalog/export.xlsx"' in body

    @pytest.mark.parametrize(
        ("query", "codes"),
        [
            ("unit=dept-justice", {"JUS-001", "JUS-002", "JUS-003"}),
            ("sector=finance", {"JUS-003"}),
            ("status=delivered", {"HEA-001", "HEA-002", "HEA-003"}),
            ("status=outstanding", {"JUS-001", "JUS-002", "JUS-003"}),
            ("status=published", {"HEA-001"}),
            ("q=vaccin", {"HEA-002"}),
            ("q=b%E1%BB%87nh+vi%E1%BB%87n", {"HEA-001"}),  # the Vietnamese title
            ("unit=dept-health&status=outstanding", set()),
            ("status=bogus&sector=bogus", {"HEA-001", "HEA-002", "HEA-003", "JUS-001", "JUS-002", "JUS-003"}),
        ],
    )
    def test_filters(self, app: Any, user: dict[str, Any], query: str, codes: set[str]) -> None:
        body = _get(app, f"/catalog?{query}", user).body
        found = set(re.findall(r'<td class="laodata-code"><a href="/catalog/([A-Z]+-\d+)"', body))
        assert found == codes
        if not codes:
            assert "No catalog entries match these filters." in body

    def test_filters_are_kept_in_the_export_links_and_selects(self, app: Any, user: dict[str, Any]) -> None:
        body = _get(app, "/catalog?unit=dept-justice&status=outstanding", user).body
        assert re.search(
            r'href="/catalog/export\.csv\?(unit=dept-justice&amp;status=outstanding|'
            r'status=outstanding&amp;unit=dept-justice)"',
            body,
        )
        assert '<option value="dept-justice" selected>' in body
        assert '<option value="outstanding" selected>' in body

    def test_paging(self, app: Any, user: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(views, "PAGE_SIZE", 4)
        first = _get(app, "/catalog", user).body
        second = _get(app, "/catalog?page=2", user).body
        codes = lambda body: re.findall(r'<td class="laodata-code"><a href="/catalog/([A-Z]+-\d+)"', body)  # noqa: E731
        assert codes(first) == ["HEA-001", "HEA-002", "HEA-003", "JUS-001"]
        assert codes(second) == ["JUS-002", "JUS-003"]
        assert 'href="/catalog?page=2"' in first
        assert codes(_get(app, "/catalog?page=x", user).body) == codes(first)

    def test_vocabulary_labels_follow_the_ui_language(self, app: Any, user: dict[str, Any]) -> None:
        body = _get(app, "/vi/catalog", user).body
        assert "Y tế" in body and "Hằng năm" in body  # sector health, annual
        assert "Bệnh viện" in body  # the entry's Vietnamese title


def test_pager_numbers() -> None:
    assert views._pages(1, 1) == []
    assert views._pages(1, 3) == [1, 2, 3]
    assert views._pages(1, 10) == [1, 2, 3, None, 10]
    assert views._pages(6, 10) == [1, None, 4, 5, 6, 7, 8, None, 10]
    assert views._pages(10, 10) == [1, None, 8, 9, 10]


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestEntry:
    def test_fields_status_dataset_and_history(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        body = _get(app, "/catalog/HEA-001", user).body
        assert "Hospitals" in body and "Department of Health" in body
        assert "laodata-status-published" in body
        assert 'href="/dataset/ds-hea-001"' in body
        assert "Level 1" in body and "Open" in body and "Annual" in body
        assert "Created by import" in body
        assert "Start this dataset" not in body  # there is a dataset already

    def test_delay_connection_and_edits(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        body = _get(app, "/catalog/JUS-001", user).body
        assert "Why it is late" in body
        assert "Held in a ministry&#39;s vertical system" in body
        assert "Asked the ministry in March" in body
        assert "Ministry of Justice system" in body
        assert "Connection status" in body and "Requested" in body and "2026-03-01" in body
        assert "Edited" in body  # the delay update is in the history
        # a local entry has no connection rows
        assert "laodata-connection" not in _get(app, "/catalog/JUS-002", user).body

    def test_overdue_flag(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        assert "laodata-flag-overdue" in _get(app, "/catalog/JUS-003", user).body
        assert "laodata-flag-overdue" not in _get(app, "/catalog/JUS-001", user).body

    def test_labels_in_vietnamese(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        body = _get(app, "/vi/catalog/JUS-001", user).body
        assert "Tư pháp" in body  # sector justice
        assert "Đã đề nghị" in body  # connection requested
        assert "Nằm trong hệ thống ngành dọc" in body

    def test_start_link_for_those_who_may_create_in_the_unit(
        self, app: Any, province: dict[str, Any]
    ) -> None:
        editor = factories.UserWithToken()
        helpers.call_action(
            "member_create",
            id=province["justice"]["id"],
            object=editor["name"],
            object_type="user",
            capacity="editor",
        )
        outsider = factories.UserWithToken()
        body = _get(app, "/catalog/JUS-001", editor).body
        org_id = province["justice"]["id"]
        start = re.search(r'class="btn btn-primary laodata-start" href="([^"]+)"', body).group(1)
        assert start.startswith("/dataset/new?")
        for part in (f"owner_org={org_id}", "catalog_code=JUS-001", "title=Court+cases", "sector=justice"):
            assert part in start.replace("&amp;", "&")
        # CKAN's form takes its initial values from those parameters
        form = app.get(start.replace("&amp;", "&"), headers={"Authorization": editor["token"]}).body
        assert re.search(r'id="field-catalog_code"[^>]*value="JUS-001"', form)
        assert re.search(r'<option value="justice"\s+selected', form)
        assert "Start this dataset" not in _get(app, "/catalog/JUS-001", outsider).body
        sysadmin = factories.SysadminWithToken()
        assert "Start this dataset" in _get(app, "/catalog/JUS-001", sysadmin).body

    def test_unknown_code_is_404(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        _get(app, "/catalog/NOPE-999", user, status=404)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestProgress:
    def test_headline_units_and_outstanding(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        body = _get(app, "/catalog/progress", user).body
        assert "3 of 6 datasets delivered (50.0%) · 1 of 2 units complete · 3 outstanding" in body
        assert "1 large volume, 1 no dataset yet, 1 held in a ministry" in body  # JUS-003: no dataset
        # in English, the page says what the CLI says
        shown = re.search(r'<p class="laodata-headline-text">(.*?)</p>', body, re.S)
        assert shown and html.unescape(shown.group(1)) == status.headline(
            helpers.call_action("laodata_progress")
        )
        rows = _rows_of(body, "laodata-unit-table")
        scores = {u["unit"]: u["quality_score"] for u in helpers.call_action("laodata_progress")["units"]}
        assert scores["dept-justice"] is None and 0 < scores["dept-health"] < 100
        # target, delivered, approved, published, outstanding, with issues, stale, quality score, completion
        assert rows[1].startswith(
            f"Department of Health 3 3 2 1 0 0 0 {scores['dept-health']} 100.0% Complete"
        )
        assert rows[2].startswith("Department of Justice 3 0 0 0 3 0 0 — 0.0%")
        assert 'style="width: 100.0%"' in body and 'aria-valuenow="50.0"' in body
        assert 'href="/catalog?unit=dept-justice&amp;status=outstanding"' in body
        groups = re.findall(r"<h3>(.*?) <span", body)
        assert groups == [
            "Large volume",
            "No dataset yet",
            "Held in a ministry&#39;s vertical system (connection proposed)",
        ]
        outstanding = _rows_of(body, "laodata-outstanding-table")
        assert any(r.startswith("JUS-002") and "Not started" in r for r in outstanding)

    def test_sorting_by_completion(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        first_unit = lambda url: _rows_of(_get(app, url, user).body, "laodata-unit-table")[1].split(" 3 ")[0]  # noqa: E731
        assert first_unit("/catalog/progress") == "Department of Health"
        assert first_unit("/catalog/progress?sort=percent") == "Department of Justice"
        assert first_unit("/catalog/progress?sort=-percent") == "Department of Health"
        assert first_unit("/catalog/progress?sort=unit") == "Department of Health"
        assert first_unit("/catalog/progress?sort=nonsense") == "Department of Health"

    def test_trend_from_snapshots_and_a_past_day(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        assert "No progress has been recorded yet" in _get(app, "/catalog/progress", user).body
        helpers.call_action("laodata_progress_snapshot")
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        model.Session.query(ProgressSnapshot).update({"delivered": 1, "day": yesterday})
        model.Session.commit()
        helpers.call_action("laodata_progress_snapshot")
        body = _get(app, "/catalog/progress", user).body
        points = re.search(r'<polyline class="laodata-chart-line" points="([^"]+)"', body)
        assert points and len(points.group(1).split()) == 2
        assert f"{yesterday.isoformat()}: 2 of 6 delivered (33.3%)" in body
        assert f"{datetime.date.today().isoformat()}: 3 of 6 delivered (50.0%)" in body

        past = _get(app, f"/catalog/progress?as_of={yesterday.isoformat()}", user).body
        assert f"Figures recorded on {yesterday.isoformat()}." in past
        assert "2 of 6 datasets delivered (33.3%)" in past
        missing = _get(app, "/catalog/progress?as_of=2001-01-01", user).body
        assert "No progress was recorded on that day" in missing
        assert "3 of 6 datasets delivered" in missing
        for bad in ("yesterday", "2026-02-30", "2026-13-01"):
            assert "YYYY-MM-DD" in _get(app, f"/catalog/progress?as_of={bad}", user).body

    def test_print_view(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        assert '<body class="laodata-print">' in _get(app, "/catalog/progress?print=1", user).body
        body = _get(app, "/catalog/progress", user).body
        assert '<body class="laodata-print">' not in body
        assert 'href="/catalog/progress?sort=unit&amp;print=1"' in body

    def test_unit_table_exports(self, app: Any, user: dict[str, Any], province: dict[str, Any]) -> None:
        response = _get(app, "/catalog/progress.csv", user)
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        lines = response.body.lstrip("\ufeff").splitlines()
        assert lines[0] == (
            "unit,unit_title,target,delivered,approved,published,outstanding,percent,complete,"
            "with_issues,stale,overdue,quality_score"
        )
        score = {u["unit"]: u["quality_score"] for u in helpers.call_action("laodata_progress")["units"]}
        assert (
            lines[1] == f"dept-health,Department of Health,3,3,2,1,0,100.0,true,0,0,0,{score['dept-health']}"
        )
        assert (
            lines[2] == "dept-justice,Department of Justice,3,0,0,0,3,0.0,false,0,0,1,"
        )  # JUS-002 is overdue

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(_get(app, "/catalog/progress.xlsx", user).bytes))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[0][:4] == ("unit", "unit_title", "target", "delivered")
        assert rows[2][:7] == ("dept-justice", "Department of Justice", 3, 0, 0, 0, 3)


@pytest.mark.usefixtures("with_plugins", "clean_db", "province")
class TestExport:
    def test_csv_has_every_entry_with_status_and_neutralises_formulas(
        self, app: Any, user: dict[str, Any]
    ) -> None:
        response = _get(app, "/catalog/export.csv", user)
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.body.lstrip("\ufeff"))))
        by_code = {row["code"]: row for row in rows}
        assert set(by_code) == {"HEA-001", "HEA-002", "HEA-003", "JUS-001", "JUS-002", "JUS-003"}
        assert by_code["JUS-003"]["title"] == "'" + FORMULA
        assert by_code["HEA-001"]["status"] == "published" and by_code["HEA-001"]["delivered"] == "true"
        assert by_code["JUS-001"]["delay_reason"] == "vertical_system"
        assert by_code["JUS-001"]["delay_note"] == "Asked the ministry in March"
        assert by_code["JUS-003"]["overdue"] == "true"
        assert by_code["HEA-001"]["dataset_name"] == "ds-hea-001"

    def test_csv_follows_the_list_filters(self, app: Any, user: dict[str, Any]) -> None:
        response = _get(app, "/catalog/export.csv?unit=dept-justice&status=outstanding", user)
        codes = [row["code"] for row in csv.DictReader(io.StringIO(response.body.lstrip("\ufeff")))]
        assert codes == ["JUS-001", "JUS-002", "JUS-003"]

    def test_xlsx_neutralises_formulas(self, app: Any, user: dict[str, Any]) -> None:
        from openpyxl import load_workbook

        response = _get(app, "/catalog/export.xlsx", user)
        assert response.headers["Content-Type"] == export.XLSX_TYPE
        sheet = load_workbook(io.BytesIO(response.bytes)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = list(rows[0])
        title = {row[0]: row[header.index("title")] for row in rows[1:]}
        assert title["JUS-003"] == "'" + FORMULA
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestEscaping:
    def test_a_script_title_is_text_on_every_page(self, app: Any, province: dict[str, Any]) -> None:
        sysadmin = factories.SysadminWithToken()
        pages = [
            "/catalog",
            "/catalog?q=prisons",
            "/catalog/JUS-002",
            "/catalog/progress",
            "/catalog/progress?print=1",
            "/vi/catalog/progress",
            "/organization/dept-justice",
        ]
        for url in pages:
            body = _get(app, url, sysadmin).body
            assert SCRIPT not in body, url
        for url in pages[:-1]:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _get(app, url, sysadmin).body, url

    def test_a_script_in_the_query_and_unit_filter_is_text(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        body = _get(app, f"/catalog?q={SCRIPT}&unit={SCRIPT}", user).body
        assert SCRIPT not in body
        assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in body


@pytest.mark.usefixtures("with_plugins", "clean_db")
class TestOrganizationBlock:
    def test_unit_figures_on_its_organization_page(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        body = _get(app, "/organization/dept-justice", user).body
        assert "laodata-unit-progress" in body
        assert "0 of 3 delivered" in body and "(0.0%)" in body
        assert 'href="/catalog?unit=dept-justice"' in body
        assert 'href="/catalog?unit=dept-justice&amp;status=outstanding"' in body
        health = _get(app, "/organization/about/dept-health", user).body
        assert "3 of 3 delivered" in health and "All entries delivered" in health

    def test_no_block_for_anonymous_visitors_or_units_without_entries(
        self, app: Any, user: dict[str, Any], province: dict[str, Any]
    ) -> None:
        assert "laodata-unit-progress" not in app.get("/organization/dept-justice").body
        factories.Organization(name="dept-empty")
        assert "laodata-unit-progress" not in _get(app, "/organization/dept-empty", user).body


@pytest.mark.usefixtures("with_plugins", "clean_db", "province")
class TestHomeAndNavigation:
    def test_public_headline_is_off_by_default(self, app: Any) -> None:
        assert "laodata-home-headline" not in app.get("/").body

    @pytest.mark.ckan_config(config.PUBLIC_HEADLINE, "true")
    def test_public_headline_when_configured(self, app: Any) -> None:
        body = app.get("/").body
        assert "laodata-home-headline" in body
        assert "3 of 6 datasets delivered (50.0%)" in body
        assert SCRIPT not in body and "Prisons" not in body  # figures only, never an entry

    def test_catalog_link_in_the_header_for_logged_in_users(self, app: Any, user: dict[str, Any]) -> None:
        assert 'href="/catalog"' in _get(app, "/dataset/", user).body
        assert 'href="/catalog"' not in app.get("/dataset/").body
