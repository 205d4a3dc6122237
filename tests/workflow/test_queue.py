"""The review queue (issue 11, item 7): filtered by unit, sector and status in
the URL, with counts labelled in the reader's language, paged, sorted by
waiting time (the time since the dataset's latest workflow move, oldest
first); never naming or counting a dataset the reviewer may not act on."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ckan.tests import factories, helpers

from ckanext.laodata import config
from tests.published import PUBLISHABLE

REVIEWERS = "data-office"
pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config(config.REVIEWERS_ORGANIZATION, REVIEWERS),
]


@pytest.fixture
def site(clean_db: Any) -> dict[str, Any]:
    editor = factories.User()
    reviewer = factories.UserWithToken()
    # a reviewer who also edits for the education unit may not review it
    health = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກ",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    schools = factories.Organization(
        name="dept-education",
        title="Department of Education",
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": reviewer["name"], "capacity": "editor"},
        ],
    )
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    as_editor = {"user": editor["name"]}

    def dataset(unit: dict[str, Any], name: str, sector: str, moves: tuple[str, ...]) -> dict[str, Any]:
        pkg = factories.Dataset(
            owner_org=unit["id"],
            name=name,
            title=name.replace("-", " ").title(),
            sector=sector,
            context=dict(as_editor),
            **PUBLISHABLE,
        )
        for move in moves:
            if move == "submit":
                helpers.call_action("laodata_dataset_submit", context=dict(as_editor), id=pkg["id"])
            else:
                helpers.call_action(
                    "laodata_dataset_review",
                    context={"user": "the-sysadmin"},
                    id=pkg["id"],
                    decision=move,
                    comment="Fix the year",
                )
        return pkg

    factories.Sysadmin(name="the-sysadmin")
    # submitted in this order: the first waits longest
    dataset(health, "hospitals", "health", ("submit",))
    dataset(health, "clinics", "health", ("submit", "approve"))
    dataset(health, "road-accidents", "transport", ("submit",))
    dataset(schools, "own-unit-schools", "education", ("submit",))
    dataset(health, "draft-pharmacies", "health", ())
    dataset(health, "returned-vaccines", "health", ("submit", "return"))
    dataset(health, "bus-routes", "transport", ("submit",))
    return {"reviewer": reviewer, "health": health, "schools": schools}


def _queue(app: Any, site: dict[str, Any], query: str = "", status: int = 200, lang: str = "") -> str:
    url = f"{lang}/catalog/review{query}"
    return app.get(url, headers={"Authorization": site["reviewer"]["token"]}, status=status).body


def _listed(body: str) -> list[str]:
    return re.findall(
        r'<th scope="row" class="laodata-queue-title"><a href="/(?:\w\w/)?dataset/([^"]+)"', body
    )


def _option(body: str, name: str, value: str) -> str | None:
    select = body[body.index(f'id="laodata-queue-{name}"') :]
    select = select[: select.index("</select>")]
    found = re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', select)
    return found.group(1) if found else None


def test_the_queue_lists_what_waits_oldest_first_with_counts_per_filter(
    app: Any, site: dict[str, Any]
) -> None:
    # an edit of a waiting dataset's title changes its metadata, not its waiting time
    helpers.call_action(
        "package_patch", context={"user": "the-sysadmin"}, id="hospitals", title="Hospitals (2026)"
    )
    body = _queue(app, site)
    assert _listed(body) == ["hospitals", "clinics", "road-accidents", "bus-routes"]
    assert "4 datasets wait" in body
    for absent in ("own-unit-schools", "draft-pharmacies", "returned-vaccines"):
        assert absent not in body
    assert _option(body, "unit", "dept-health") == "Department of Health (4)"
    assert _option(body, "unit", "dept-education") is None  # their own unit: not listed, not counted
    assert _option(body, "sector", "transport") == "Transport (2)"
    assert _option(body, "sector", "education") is None
    assert _option(body, "status", "submitted") == "Submitted (3)"
    assert _option(body, "status", "approved") == "Approved (1)"

    newest = _queue(app, site, "?sort=newest")
    assert _listed(newest) == ["bus-routes", "road-accidents", "clinics", "hospitals"]


def test_filters_narrow_the_queue_and_count_with_the_other_filters(app: Any, site: dict[str, Any]) -> None:
    body = _queue(app, site, "?sector=transport")
    assert _listed(body) == ["road-accidents", "bus-routes"]
    assert "2 datasets wait" in body
    assert _option(body, "status", "submitted") == "Submitted (2)"
    assert _option(body, "status", "approved") is None
    assert _option(body, "sector", "health") == "Health (2)"  # the sector's own choices ignore it

    body = _queue(app, site, "?status=approved&unit=dept-health")
    assert _listed(body) == ["clinics"]
    # the reviewer's own unit stays out even when asked for by name
    body = _queue(app, site, "?unit=dept-education")
    assert _listed(body) == [] and "own-unit-schools" not in body
    assert "No dataset in the queue matches these filters." in body


def test_the_queue_speaks_the_readers_language(app: Any, site: dict[str, Any]) -> None:
    body = _queue(app, site, "?sector=health", lang="/lo")
    assert _option(body, "unit", "dept-health") == "ພະແນກສາທາລະນະສຸກ (2)"
    assert "ສາທາລະນະສຸກ" in _option(body, "sector", "health")  # type: ignore[operator]
    assert "ມີ 2 ຊຸດຂໍ້ມູນລໍຖ້າ" in body
    vi = _queue(app, site, lang="/vi")
    assert "Hàng chờ duyệt" in vi and "4 bộ dữ liệu đang chờ" in vi
    assert _option(vi, "sector", "transport") == "Giao thông vận tải (2)"
    assert _option(vi, "status", "submitted") == "Đã gửi duyệt (3)"


@pytest.mark.ckan_config(config.REVIEW_QUEUE_PAGE_SIZE, 3)
def test_the_queue_pages(app: Any, site: dict[str, Any]) -> None:
    first = _queue(app, site)
    assert _listed(first) == ["hospitals", "clinics", "road-accidents"]
    assert "page 1 of 2" in first and 'href="/catalog/review?page=2"' in first
    second = _queue(app, site, "?page=2")
    assert _listed(second) == ["bus-routes"]
    assert _listed(_queue(app, site, "?sector=transport&sort=newest&page=1")) == [
        "bus-routes",
        "road-accidents",
    ]
    # past the last page: the last page
    response = app.get(
        "/catalog/review?page=9&sector=transport",
        headers={"Authorization": site["reviewer"]["token"]},
        follow_redirects=False,
        status=302,
    )
    assert response.headers["Location"].endswith("/catalog/review?sector=transport")


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?sector=nope", "sector"),
        ("?status=draft", "status"),
        ("?status=published", "status"),
        ("?sort=title", "sort"),
        ("?page=0", "page"),
        ("?page=abc", "page"),
        ("?page=99999999999999999999", "page"),
        ("?unit=x%22+OR+*:*", "unit"),
        ("?unit=dept-health)+OR+(workflow_status:draft", "unit"),
    ],
)
def test_bad_filters_are_refused_naming_the_parameter(
    app: Any, site: dict[str, Any], query: str, named: str
) -> None:
    body = _queue(app, site, query, status=400)
    assert f"{named}:" in body
    assert "draft-pharmacies" not in body and "returned-vaccines" not in body
