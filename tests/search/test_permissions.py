"""Search never shows a private (or draft, or deleted) dataset to someone who
may not read it: not in results, not in ``count``, not in facet counts; through
the action API and through the web pages.

Corpus: tests/search/fixtures.py. Roles: sysadmin ``root-admin``; ``alice``
editor and ``amy`` member of org-alpha; ``bob`` editor of org-beta; ``carol``
logged in without memberships; anonymous. Private datasets:
org-alpha: hanoi-air-quality, hospital-budget; org-beta: road-tenders,
hanoi-metro-plans; org-gamma: exam-results; org-delta: census-microdata.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from .fixtures import (  # noqa: F401
    ALPHA_EDITOR,
    ALPHA_MEMBER,
    BETA_EDITOR,
    DRAFTS,
    PLAIN_USER,
    PRIVATE,
    PUBLIC_ACTIVE,
    PUBLIC_TAG_COUNTS,
    SPECS,
    SYSADMIN,
    corpus,
)

pytestmark = pytest.mark.usefixtures("corpus")

ANON = "anonymous"
ROLES = [ANON, SYSADMIN, ALPHA_EDITOR, ALPHA_MEMBER, BETA_EDITOR, PLAIN_USER]

ALPHA_PRIVATE = {"hanoi-air-quality", "hospital-budget"}
BETA_PRIVATE = {"road-tenders", "hanoi-metro-plans"}
VISIBLE_PRIVATE = {
    ANON: set(),
    SYSADMIN: set(PRIVATE),
    ALPHA_EDITOR: ALPHA_PRIVATE,
    ALPHA_MEMBER: ALPHA_PRIVATE,
    BETA_EDITOR: BETA_PRIVATE,
    PLAIN_USER: set(),
}
PRIVATE_TITLES = {
    "hanoi-air-quality": "Chất lượng không khí Hà Nội",
    "hospital-budget": "Hospital budget 2024",
    "road-tenders": "Road tenders (internal)",
    "hanoi-metro-plans": "Metro Hà Nội plans",
    "exam-results": "ຜົນການສອບເສັງ",
    "census-microdata": "Census microdata (restricted)",
}

# Facet counts of the 36 public active datasets (see test_query_table.py) ...
PUBLIC_FACETS = {
    "organization": {"org-delta": 15, "org-alpha": 8, "org-beta": 7, "org-gamma": 6},
    "groups": {"grp-green": 7, "grp-money": 7},
    "res_format": {"CSV": 18, "XLSX": 11, "PDF": 8, "JSON": 6},
    "license_id": {"cc-by": 24, "odc-by": 6, "cc-zero": 4, "notspecified": 1, "other-open": 1},
    "tags": PUBLIC_TAG_COUNTS,
}
# ... and what each organization's private datasets add (all are cc-by).
PRIVATE_FACETS = {
    "org-alpha": {  # hanoi-air-quality, hospital-budget
        "organization": {"org-alpha": 2},
        "groups": {"grp-green": 1, "grp-money": 1},
        "res_format": {"JSON": 1, "XLSX": 1},
        "license_id": {"cc-by": 2},
        "tags": {"air": 1, "budget": 1, "health": 2},
    },
    "org-beta": {  # road-tenders, hanoi-metro-plans
        "organization": {"org-beta": 2},
        "groups": {"grp-money": 1},
        "res_format": {"PDF": 2},
        "license_id": {"cc-by": 2},
        "tags": {"budget": 1, "roads": 1, "metro": 1, "transport": 1},
    },
    "org-gamma": {  # exam-results
        "organization": {"org-gamma": 1},
        "groups": {},
        "res_format": {"CSV": 1},
        "license_id": {"cc-by": 1},
        "tags": {"education": 1, "exams": 1},
    },
    "org-delta": {  # census-microdata
        "organization": {"org-delta": 1},
        "groups": {},
        "res_format": {"CSV": 1},
        "license_id": {"cc-by": 1},
        "tags": {"census": 1},
    },
}
MEMBER_OF = {
    ANON: [],
    SYSADMIN: list(PRIVATE_FACETS),
    ALPHA_EDITOR: ["org-alpha"],
    ALPHA_MEMBER: ["org-alpha"],
    BETA_EDITOR: ["org-beta"],
    PLAIN_USER: [],
}


def expected_facets(role: str) -> dict[str, dict[str, int]]:
    out = {}
    for name, counts in PUBLIC_FACETS.items():
        total = Counter(counts)
        for org in MEMBER_OF[role]:
            total.update(PRIVATE_FACETS[org][name])
        out[name] = dict(total)
    return out


def search_as(role: str, **params: Any) -> dict[str, Any]:
    user = "" if role == ANON else role
    params.setdefault("rows", 1000)
    return helpers.call_action("package_search", context={"user": user, "ignore_auth": False}, **params)


def names_of(result: dict[str, Any]) -> set[str]:
    return {r["name"] for r in result["results"]}


# --- action API ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_results_and_count_per_role(role: str) -> None:
    result = search_as(role, q="*:*", include_private=True)
    expected = set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role]
    assert names_of(result) == expected
    assert result["count"] == len(expected)


@pytest.mark.parametrize("role", ROLES)
def test_facet_counts_per_role(role: str) -> None:
    result = search_as(
        role,
        q="*:*",
        include_private=True,
        rows=0,
        **{"facet.field": json.dumps(list(PUBLIC_FACETS)), "facet.limit": -1},
    )
    assert result["facets"] == expected_facets(role)


@pytest.mark.parametrize("role", ROLES)
def test_without_include_private_nobody_sees_private(role: str) -> None:
    result = search_as(role, q="*:*", **{"facet.field": '["organization"]'})
    assert names_of(result) == set(PUBLIC_ACTIVE)
    assert result["count"] == 36
    assert result["facets"]["organization"] == PUBLIC_FACETS["organization"]


@pytest.mark.parametrize("role", ROLES)
def test_targeted_private_queries(role: str) -> None:
    visible = VISIBLE_PRIVATE[role]
    budget = {"hospital-budget", "road-tenders"} & visible
    assert names_of(search_as(role, q="tags:budget", include_private=True)) == budget
    assert names_of(search_as(role, q="budget", include_private=True)) == budget  # dismax
    assert names_of(search_as(role, q="capacity:private", include_private=True)) == visible
    # title words of private datasets
    assert names_of(search_as(role, q="metro", include_private=True)) == {"hanoi-metro-plans"} & visible
    assert names_of(search_as(role, q="ສອບເສັງ", include_private=True)) == {"exam-results"} & visible


@pytest.mark.parametrize("role", ROLES)
def test_query_syntax_cannot_widen_visibility(role: str) -> None:
    visible = set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role]
    # the permission filter is a separate fq, ANDed with whatever the caller sends
    for params in (
        {"q": "*:* OR capacity:private"},
        {"q": "capacity:private OR -capacity:private"},
        {"q": "*:*", "fq_list": ["capacity:private OR capacity:public"]},
    ):
        result = search_as(role, include_private=True, **params)
        assert names_of(result) <= visible, params
        assert result["count"] == len(names_of(result))


@pytest.mark.parametrize("role", ROLES)
def test_fq_with_top_level_or_keeps_drafts_and_deleted_out(role: str) -> None:
    visible = set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role]
    # health: nutrition-survey (draft) and vaccination-list (deleted) in org-alpha;
    # transport: parking-zones (draft) and ferry-schedule (deleted) in org-beta
    for fq in ("tags:health OR tags:transport", "tags:transport OR tags:health"):
        result = search_as(role, q="*:*", fq=fq, include_private=True)
        assert names_of(result) <= visible, fq
        assert result["count"] == len(names_of(result))


def test_other_organizations_label_gives_nothing(corpus: Any) -> None:
    # amy asks for org-beta's member label explicitly: still ANDed with hers
    label = f'"member-{corpus.orgs["org-beta"]}"'
    result = search_as(ALPHA_MEMBER, q="*:*", fq=f"permission_labels:{label}", include_private=True)
    assert result["count"] == 0 and result["results"] == []
    result = search_as(BETA_EDITOR, q="*:*", fq=f"permission_labels:{label}", include_private=True)
    assert names_of(result) == BETA_PRIVATE


@pytest.mark.parametrize(
    "role, drafts",
    [
        (ANON, set()),
        (PLAIN_USER, set()),
        (ALPHA_MEMBER, {"nutrition-survey"}),
        (ALPHA_EDITOR, {"nutrition-survey"}),
        (BETA_EDITOR, {"parking-zones"}),
        (SYSADMIN, set(DRAFTS)),
    ],
)
def test_drafts_per_role(role: str, drafts: set[str]) -> None:
    result = search_as(role, q="*:*", include_private=True, include_drafts=True)
    assert names_of(result) == set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role] | drafts
    # an explicit state filter does not bypass the permission labels
    assert names_of(search_as(role, fq="+state:draft", include_private=True)) == drafts


@pytest.mark.parametrize(
    "role, deleted",
    [
        (ANON, set()),
        (PLAIN_USER, set()),
        (ALPHA_MEMBER, {"vaccination-list"}),
        (BETA_EDITOR, {"ferry-schedule"}),
        (SYSADMIN, {"vaccination-list", "ferry-schedule", "old-school-list", "deprecated-indicators"}),
    ],
)
def test_deleted_per_role(role: str, deleted: set[str]) -> None:
    result = search_as(role, q="*:*", include_deleted=True, rows=0, **{"facet.field": '["organization"]'})
    assert result["count"] == 36 + len(deleted)
    organization = Counter(PUBLIC_FACETS["organization"])
    organization.update(SPECS[n].org for n in deleted)
    assert result["facets"]["organization"] == dict(organization)


@pytest.mark.parametrize("role", ROLES)
def test_zero_mincount_does_not_count_private(role: str) -> None:
    result = search_as(
        role,
        q="*:*",
        include_private=True,
        rows=0,
        **{"facet.field": '["tags"]', "facet.mincount": 0, "facet.limit": -1},
    )
    tags = result["facets"]["tags"]
    for tag, count in expected_facets(role)["tags"].items():
        assert tags.get(tag) == count, tag
    for private_only in ("air", "budget", "metro", "exams"):
        assert tags.get(private_only, 0) == expected_facets(role)["tags"].get(private_only, 0)


@pytest.mark.parametrize("role", ROLES)
def test_paging_count_is_the_visible_total(role: str) -> None:
    expected = set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role]
    seen: list[str] = []
    for start in range(0, 60, 7):
        page = search_as(role, q="*:*", include_private=True, rows=7, start=start, sort="name asc")
        assert page["count"] == len(expected)
        seen.extend(r["name"] for r in page["results"])
    assert seen == sorted(expected)


# --- web pages ------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(corpus: Any) -> Any:
    """CKAN's ``app`` fixture, built once for the module: these pages only read
    the corpus, and building a CKAN app takes ~0.6 s."""
    return helpers._get_test_app()


def _page(app: Any, url: str, role: str = ANON, corpus: Any = None, **query: Any) -> BeautifulSoup:
    headers = {}
    if role != ANON:
        headers["Authorization"] = corpus.users[role]["token"]
    response = app.get(url, query_string=query, headers=headers, status=200)
    return BeautifulSoup(response.body, "html.parser")


def _found_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def _page_facets(soup: BeautifulSoup) -> dict[str, dict[str, int]]:
    """Facet name -> {value: count} as rendered by snippets/facet_list.html."""
    out: dict[str, dict[str, int]] = {}
    for item in soup.select("ul.nav-facet li.nav-item"):
        link = item.find("a")
        params = dict(parse_qsl(urlparse(link["href"]).query))
        params.pop("page", None)
        ((name, value),) = params.items()
        out.setdefault(name, {})[value] = int(item.select_one(".item-count").get_text(strip=True))
    return out


def _titles_on_pages(app: Any, url: str, role: str, corpus: Any, pages: int) -> str:
    return " ".join(_found_text(_page(app, url, role, corpus, page=p)) for p in range(1, pages + 1))


@pytest.mark.parametrize("role", [ANON, PLAIN_USER, ALPHA_MEMBER, BETA_EDITOR])
def test_dataset_page_hides_private_titles_and_counts(app: Any, corpus: Any, role: str) -> None:
    url = tk.url_for("dataset.search")
    expected = set(PUBLIC_ACTIVE) | VISIBLE_PRIVATE[role]
    first = _page(app, url, role, corpus)
    assert f"{len(expected)} datasets found" in _found_text(first)
    text = _titles_on_pages(app, url, role, corpus, pages=2)  # 20 a page
    for name, title in PRIVATE_TITLES.items():
        assert (title in text) == (name in VISIBLE_PRIVATE[role]), title

    # every facet count shown matches the counts for this role
    shown = _page_facets(first)
    wanted = expected_facets(role)
    # CKAN's facets and the catalog's (issue 11): sector and frequency for everyone, access level
    # and review status for staff (members of a unit); the latter are counted in test_facets.py
    staff = {"access_level", "workflow_status"} if MEMBER_OF[role] else set()
    assert (
        set(shown)
        == {"organization", "groups", "tags", "res_format", "license_id", "sector", "update_frequency"}
        | staff
    )
    for facet, values in shown.items():
        if facet not in wanted:
            continue
        for value, count in values.items():
            assert count == wanted[facet][value], (facet, value)
    for facet in ("organization", "groups", "res_format", "license_id"):  # 10 or fewer values: all shown
        assert shown[facet] == wanted[facet], facet
    assert len(shown["tags"]) == 10


def test_dataset_page_private_word_search_anonymous(app: Any, corpus: Any) -> None:
    url = tk.url_for("dataset.search")
    assert "No datasets found" in _found_text(_page(app, url, q="budget"))
    assert "No datasets found" in _found_text(_page(app, url, tags="budget"))
    text = _found_text(_page(app, url, q="ha noi"))
    assert "4 datasets found" in text
    assert "Metro Hà Nội plans" not in text and "Chất lượng không khí Hà Nội" not in text


def test_dataset_page_private_word_search_member(app: Any, corpus: Any) -> None:
    url = tk.url_for("dataset.search")
    text = _found_text(_page(app, url, ALPHA_MEMBER, corpus, q="budget"))
    assert "1 dataset found" in text and "Hospital budget 2024" in text and "Road tenders" not in text


@pytest.mark.parametrize(
    "role, count",
    [(ANON, 8), (PLAIN_USER, 8), (BETA_EDITOR, 8), (ALPHA_MEMBER, 10), (ALPHA_EDITOR, 10), (SYSADMIN, 10)],
)
def test_organization_page(app: Any, corpus: Any, role: str, count: int) -> None:
    soup = _page(app, tk.url_for("organization.read", id="org-alpha"), role, corpus)
    text = _found_text(soup)
    assert f"{count} datasets found" in text
    for name in ALPHA_PRIVATE:
        assert (PRIVATE_TITLES[name] in text) == (count == 10)
    # facets on the organization page are scoped to it and to the role
    shown = _page_facets(soup)
    assert "organization" not in shown
    assert shown["res_format"] == (
        {"CSV": 5, "PDF": 3, "XLSX": 2, "JSON": 2}
        if count == 10
        else {"CSV": 5, "PDF": 3, "XLSX": 1, "JSON": 1}
    )
    # grp-green: heatwave-alerts, water-quality-report (+ private hanoi-air-quality);
    # grp-money: only the private hospital-budget
    assert shown["groups"] == ({"grp-green": 3, "grp-money": 1} if count == 10 else {"grp-green": 2})


@pytest.mark.parametrize("role, count", [(ANON, 7), (ALPHA_MEMBER, 8), (BETA_EDITOR, 8), (SYSADMIN, 9)])
def test_group_page(app: Any, corpus: Any, role: str, count: int) -> None:
    # grp-money: 7 public; hospital-budget (org-alpha) and road-tenders (org-beta) private
    text = _found_text(_page(app, tk.url_for("group.read", id="grp-money"), role, corpus))
    assert f"{count} datasets found" in text
    assert ("Hospital budget 2024" in text) == (role in (ALPHA_MEMBER, SYSADMIN))
    assert ("Road tenders (internal)" in text) == (role in (BETA_EDITOR, SYSADMIN))


@pytest.mark.parametrize("role, count", [(ANON, 36), (ALPHA_MEMBER, 38), (SYSADMIN, 42)])
def test_api_over_http(app: Any, corpus: Any, role: str, count: int) -> None:
    headers = {} if role == ANON else {"Authorization": corpus.users[role]["token"]}
    url = tk.url_for("api.action", logic_function="package_search", ver=3)
    body = app.get(
        url,
        query_string={"include_private": "true", "rows": 0, "facet.field": '["tags"]'},
        headers=headers,
        status=200,
    ).json
    assert body["result"]["count"] == count
    assert body["result"]["facets"]["tags"].get("budget", 0) == {36: 0, 38: 1, 42: 2}[count]
