"""The province's own home and About pages (issue 11 item 1): the search box,
published datasets by sector and unit with counts an anonymous visitor may
see, the latest published and updated datasets, the language picker, and
nothing of CKAN's placeholder content."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE, dataset_in, draft, published_dataset

pytestmark = pytest.mark.usefixtures("with_plugins")

PLACEHOLDERS = (
    "Welcome to CKAN",
    "This is a nice introductory paragraph",
    "placeholder-420x220",
    "420 x 220",
    "This is a featured section",
    "ckan-logo.png",
    "CKAN is the world",
    "CKAN is a complete out-of-the-box",
)


@pytest.fixture
def province(clean_db: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    health = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກ",
        title_vi="Sở Y tế",
        title_en="Department of Health",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    schools = factories.Organization(name="dept-education", title="Department of Education")
    published = [
        published_dataset(
            owner_org=health["id"],
            name="hospitals",
            title="District hospitals",
            title_vi="Bệnh viện huyện",
            title_lo="ໂຮງໝໍເມືອງ",
            sector="health",
        ),
        published_dataset(owner_org=health["id"], name="clinics", title="Clinics", sector="health"),
        published_dataset(owner_org=schools["id"], name="schools", title="Schools", sector="education"),
    ]
    hidden = [
        draft(owner_org=health["id"], name="secret-draft", title="Unpublished draft", sector="justice"),
        dataset_in(
            "approved",
            owner_org=health["id"],
            name="approved-one",
            title="Approved not published",
            sector="justice",
            **PUBLISHABLE,
        ),
        dataset_in(
            "published",
            owner_org=schools["id"],
            name="withdrawn",
            title="Withdrawn dataset",
            sector="finance",
        ),
    ]
    helpers.call_action(
        "laodata_dataset_unpublish",
        context={"user": helpers.call_action("get_site_user")["name"]},
        id=hidden[-1]["id"],
        comment="Withdrawn for a fix",
    )
    sysadmin = factories.SysadminWithToken()
    return {"editor": editor, "sysadmin": sysadmin, "published": published, "hidden": hidden}


def _get(app: Any, url: str, user: dict[str, Any] | None = None) -> str:
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=200).body


def _sector_counts(body: str) -> dict[str, int]:
    return {
        key: int(count)
        for key, count in re.findall(
            r'data-sector="([a-z_]+)">\s*<span class="laodata-sector-label">[^<]*</span>\s*'
            r'<span class="laodata-sector-count badge">(\d+)</span>',
            body,
        )
    }


@pytest.mark.parametrize("role", ["anonymous", "editor", "sysadmin"])
def test_home_shows_published_datasets_only_whoever_looks(
    app: Any, province: dict[str, Any], role: str
) -> None:
    body = _get(app, "/", None if role == "anonymous" else province[role])
    assert _sector_counts(body) == {"health": 2, "education": 1}
    for pkg in province["published"]:
        assert f'/dataset/{pkg["name"]}"' in body
    for pkg in province["hidden"]:
        assert pkg["name"] not in body
        assert pkg["title"] not in body
    assert "justice" not in _sector_counts(body) and "finance" not in _sector_counts(body)
    assert "Department of Health" in body and "2 datasets" in body
    assert 'href="/dataset/?sector=health"' in body
    assert 'name="q"' in body


def test_home_counts_match_an_anonymous_search(app: Any, province: dict[str, Any]) -> None:
    api = app.get('/api/3/action/package_search?facet.field=["sector"]&rows=0').json["result"]
    anonymous = {i["name"]: i["count"] for i in api["search_facets"]["sector"]["items"]}
    assert _sector_counts(_get(app, "/")) == anonymous
    assert "3 datasets published" in _get(app, "/")


@pytest.mark.parametrize("url", ["/", "/about", "/lo/", "/vi/about", "/dataset/hospitals"])
def test_no_ckan_placeholder_content(app: Any, province: dict[str, Any], url: str) -> None:
    body = _get(app, url)
    for text in PLACEHOLDERS:
        assert text not in body, (url, text)
    assert "/laodata/logo.svg" in body


@pytest.mark.parametrize(
    ("lang", "title", "about"),
    [
        ("en", "Provincial open data portal", "About this portal"),
        ("lo", "ປະຕູຂໍ້ມູນເປີດຂອງແຂວງ", "ກ່ຽວກັບປະຕູຂໍ້ມູນນີ້"),
        ("vi", "Cổng dữ liệu mở của tỉnh", "Giới thiệu cổng dữ liệu"),
    ],
)
@pytest.mark.ckan_config("ckan.site_title", "CKAN")
def test_site_name_and_about_in_each_language(
    app: Any, province: dict[str, Any], lang: str, title: str, about: str
) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    home = _get(app, f"{prefix}/")
    assert f"<title>{title}</title>" in home
    assert f'<h1 class="laodata-hero-title">{title}</h1>' in home
    assert about in _get(app, f"{prefix}/about")


@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_vi", "Cổng dữ liệu Luang Prabang")
@pytest.mark.ckan_config("ckanext.laodata.portal.about_vi", "## Về cổng\n\nDo Sở TT&TT vận hành.")
@pytest.mark.ckan_config("ckan.site_title", "Luang Prabang open data")
@pytest.mark.ckan_config("ckan.site_logo", "/images/province.png")
def test_deployment_settings_per_language(app: Any, province: dict[str, Any]) -> None:
    vi = _get(app, "/vi/")
    assert "Cổng dữ liệu Luang Prabang" in vi and "/images/province.png" in vi
    assert "Do Sở TT&amp;TT vận hành." in _get(app, "/vi/about")
    # Other languages without their own setting use CKAN's
    assert "<title>Luang Prabang open data</title>" in _get(app, "/lo/")


def test_language_picker_marks_the_current_language(app: Any, province: dict[str, Any]) -> None:
    body = _get(app, "/lo/dataset/")
    header = body[body.index('class="laodata-languages"') :]
    header = header[: header.index("</nav>")]
    assert 'aria-current="true">ລາວ<' in header
    assert 'href="/vi/dataset/"' in header and ">Tiếng Việt<" in header
    assert 'href="/en/dataset/"' in header and ">English<" in header
    # a search keeps its filters in the other languages
    body = _get(app, "/lo/dataset/?sector=health")
    assert 'href="/vi/dataset/?sector=health"' in body


def test_log_in_from_a_lao_page_comes_back_in_lao(app: Any, province: dict[str, Any]) -> None:
    body = _get(app, "/lo/dataset/hospitals")
    link = re.search(r'href="([^"]+)" class="laodata-login"', body)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert url.startswith("/lo/user/login?came_from=")
    user = factories.User(password="Correct horse battery 7")
    response = app.post(
        url,
        data={"login": user["name"], "password": "Correct horse battery 7"},
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/lo/dataset/hospitals")


def test_log_in_on_a_lao_login_page_lands_on_a_lao_page(app: Any, province: dict[str, Any]) -> None:
    user = factories.User(password="Correct horse battery 7")
    response = app.post(
        "/lo/user/login",
        data={"login": user["name"], "password": "Correct horse battery 7"},
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path.startswith("/lo/")


def test_came_from_elsewhere_is_refused(app: Any, province: dict[str, Any]) -> None:
    user = factories.User(password="Correct horse battery 7")
    response = app.post(
        "/lo/user/login?came_from=https://evil.example/lo/",
        data={"login": user["name"], "password": "Correct horse battery 7"},
        follow_redirects=False,
    )
    assert "evil.example" not in response.headers["Location"]
