"""The catalog's search facets (issue 11 item 4): sector, unit, update
frequency, format, tags and licence for everyone, access level and review
status for staff, labelled in the reader's language, with counts that only
count what the reader may see; URL filters shown with their labels."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ckan.tests import factories

from tests.published import draft, published_dataset

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture
def catalog(clean_db: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    unit = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກ",
        title_vi="Sở Y tế",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    published_dataset(
        owner_org=unit["id"],
        name="hospitals",
        sector="health",
        update_frequency="annual",
        license_id="cc-by",
        tags=[{"name": "hospitals"}],
    )
    published_dataset(owner_org=unit["id"], name="clinics", sector="health", update_frequency="monthly")
    draft(owner_org=unit["id"], name="draft-one", sector="justice", update_frequency="daily")
    return {"editor": editor, "sysadmin": factories.SysadminWithToken()}


def _facet(body: str, field: str) -> dict[str, int]:
    """``{label: count}`` of one facet block of the search page."""
    start = body.index(f'id="facet-{field}"')
    block = body[start : body.index("</section>", start)]
    items = re.findall(
        r'<span class="item-label">([^<]+)</span>\s*<span class="hidden separator">[^<]*</span>\s*'
        r'<span class="item-count badge">(\d+)</span>',
        block,
    )
    return {label.strip(): int(count) for label, count in items}


def _get(app: Any, url: str, user: dict[str, Any] | None = None) -> str:
    return app.get(url, headers={"Authorization": user["token"]} if user else {}, status=200).body


@pytest.mark.parametrize(
    ("prefix", "sector", "monthly", "unit", "title"),
    [
        ("", "Health", "Monthly", "Department of Health", "Sector"),
        ("/lo", "ສາທາລະນະສຸກ", "ປະຈຳເດືອນ", "ພະແນກສາທາລະນະສຸກ", "ຂະແໜງການ"),
        ("/vi", "Y tế", "Hằng tháng", "Sở Y tế", "Lĩnh vực"),
    ],
)
def test_facets_labelled_in_each_language(
    app: Any, catalog: dict[str, Any], prefix: str, sector: str, monthly: str, unit: str, title: str
) -> None:
    body = _get(app, f"{prefix}/dataset/")
    assert _facet(body, "sector") == {sector: 2}
    assert _facet(body, "update_frequency")[monthly] == 1
    assert _facet(body, "organization") == {unit: 2}
    assert title in body
    assert _facet(body, "tags") == {"hospitals": 1}
    assert list(_facet(body, "license_id").values()) == [1]
    assert 'id="facet-res_format"' not in body  # no file in the results: the facet is left out


def test_a_url_filter_is_shown_with_its_label(app: Any, catalog: dict[str, Any]) -> None:
    body = _get(app, "/vi/dataset/?sector=health")
    assert "None:" not in body
    pills = body[body.index('class="filter-list"') :]
    pills = pills[: pills.index("</p>")]
    assert "Lĩnh vực:" in pills and "Y tế" in pills


@pytest.mark.parametrize("role", ["anonymous", "editor", "sysadmin"])
def test_staff_facets_and_counts_follow_the_reader(app: Any, catalog: dict[str, Any], role: str) -> None:
    user = None if role == "anonymous" else catalog[role]
    body = _get(app, "/dataset/", user)
    sectors = _facet(body, "sector")
    if role == "anonymous":
        assert sectors == {"Health": 2}  # the draft is not counted
        assert 'id="facet-access_level"' not in body
        assert 'id="facet-workflow_status"' not in body
    else:
        assert _facet(body, "workflow_status") == {"Published": 2, "Draft": 1}
        assert _facet(body, "access_level")
        assert sectors == {"Health": 2, "Justice": 1}


@pytest.mark.parametrize(
    "query",
    [
        "sector=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "sector=no_such_sector",
        "update_frequency=%22%29%20OR%20%28%2A",
        "organization=nobody&workflow_status=draft",
    ],
)
def test_odd_filters_are_shown_as_text_and_find_nothing_hidden(
    app: Any, catalog: dict[str, Any], query: str
) -> None:
    response = app.get(f"/lo/dataset/?{query}", expect_errors=True)
    assert response.status_code in (200, 400)
    body = response.body
    assert "<script>alert(1)</script>" not in body
    assert "draft-one" not in body
