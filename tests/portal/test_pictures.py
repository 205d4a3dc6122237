"""No page calls an outside service (issue 11 item 2; same_site.py): a unit's
picture kept on another site is refused by the unit form and the API, one
stored before is not drawn, outside pictures in Markdown descriptions become
links, and an image view of a file kept elsewhere shows a link, in lo, vi and en."""

from __future__ import annotations

import re
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata import same_site
from tests.published import published_dataset

OUTSIDE = "https://pictures.example.org/logo.png"
SITE = "http://test.ckan.net"


@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("", True),
        (None, True),
        ("2026-12-07-logo.png", True),  # an upload: CKAN keeps the file name
        ("/uploads/group/logo.png", True),
        (f"{SITE}/uploads/group/logo.png", True),
        ("HTTP://TEST.CKAN.NET:80/uploads/group/logo.png", True),
        (OUTSIDE, False),
        ("//pictures.example.org/logo.png", False),  # scheme-relative: another host
        ("http://test.ckan.net.example.org/logo.png", False),
        ("http://test.ckan.net:8080/logo.png", False),  # another port is another site
        ("https://test.ckan.net/logo.png", False),  # another scheme's default port
        ("http://test.ckan.net:notaport/logo.png", False),
        ("javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
    ],
)
def test_same_site(url: str | None, same: bool) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(tk.config, "ckan.site_url", SITE)
        assert same_site.is_same_site(url) is same


def test_markdown_pictures_from_elsewhere_become_links() -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(tk.config, "ckan.site_url", SITE)
        rendered = (
            f'<p><img alt="Map" src="{OUTSIDE}?a=1&amp;b=2"> and '
            f'<img alt="Own" src="{SITE}/uploads/own.png"> and '
            f'<a href="https://x.example"><img alt="Linked" src="{OUTSIDE}"></a> '
            f'<abbr title="t">A</abbr> <img src="{OUTSIDE}"></p>'
        )
        out = same_site.without_outside_images(rendered)
    assert f'<a href="{OUTSIDE}?a=1&amp;b=2" rel="nofollow noopener noreferrer">Map</a>' in out
    assert f'<img alt="Own" src="{SITE}/uploads/own.png">' in out  # this site's picture stays
    assert '<a href="https://x.example">Linked</a>' in out  # no link inside a link: its text
    assert '<abbr title="t">A</abbr>' in out
    assert ">Image on pictures.example.org</a>" in out  # no alt text: the host
    assert "<img" not in out.replace(f'<img alt="Own" src="{SITE}/uploads/own.png">', "")


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize(
    "url",
    [
        OUTSIDE,
        "//pictures.example.org/logo.png",
        "javascript:alert(1)",
        " https://pictures.example.org/a.png ",
    ],
)
def test_the_api_refuses_a_unit_picture_from_elsewhere(url: str) -> None:
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("organization_create", name="dept-pictures", title="Pictures", image_url=url)
    assert list(refused.value.error_dict) == ["image_url"]
    assert "pictures.example.org" in refused.value.error_dict["image_url"][0] or "javascript" in url
    assert model.Group.get("dept-pictures") is None  # nothing written
    unit = factories.Organization(name="dept-pictures", title="Pictures")
    with pytest.raises(tk.ValidationError) as refused:
        helpers.call_action("organization_patch", id=unit["id"], image_url=url)
    assert list(refused.value.error_dict) == ["image_url"]
    assert helpers.call_action("organization_show", id=unit["id"])["image_url"] == ""


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("url", ["", "2026-12-07-logo.png", f"{SITE}/uploads/group/logo.png"])
def test_the_api_takes_a_picture_on_this_site(url: str) -> None:
    sysadmin = factories.Sysadmin()
    unit = helpers.call_action(
        "organization_create",
        {"user": sysadmin["name"]},
        name="dept-pictures",
        title="Pictures",
        image_url=url,
    )
    assert unit["image_url"] == url


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize(
    ("prefix", "field", "words"),
    [
        ("", "Image", "Upload the image"),
        ("/vi", "Hình ảnh", "Hãy tải ảnh lên"),
        ("/lo", "ຮູບພາບ", "ກະລຸນາອັບໂຫຼດຮູບພາບ"),
    ],
)
def test_the_unit_form_names_the_field(app: Any, prefix: str, field: str, words: str) -> None:
    sysadmin = factories.SysadminWithToken()
    unit = factories.Organization(name="dept-pictures", title="Pictures")
    response = app.post(
        f"{prefix}/organization/edit/{unit['name']}",
        data={"name": unit["name"], "title": "Pictures", "image_url": OUTSIDE, "save": ""},
        headers={"Authorization": sysadmin["token"]},
        status=200,
    )
    body = response.body
    assert re.search(rf"{re.escape(field)}:\s*{re.escape(words)}[^<]*pictures\.example\.org", body)
    assert helpers.call_action("organization_show", id=unit["id"])["image_url"] == ""


@pytest.fixture
def stored_outside(clean_db: Any) -> dict[str, Any]:
    """A unit whose picture was stored before the rule (written past the validation), with a
    published dataset whose description shows an outside picture and whose file is an outside PNG."""
    unit = factories.Organization(name="dept-pictures", title="Pictures", title_vi="Hình", title_lo="ຮູບ")
    group = factories.Group(name="theme-pictures", title="Theme")
    for name in (unit["id"], group["id"]):
        stored = model.Group.get(name)
        stored.image_url = OUTSIDE
    model.Session.commit()
    dataset = published_dataset(
        owner_org=unit["id"],
        name="pictured",
        title="Pictured",
        notes=f"A map: ![Map of the province]({OUTSIDE}) and our own ![Own](/base/images/placeholder-group.png)",
        groups=[{"name": group["name"]}],
        resources=[{"url": "https://pictures.example.org/photo.png", "format": "PNG", "name": "Photo"}],
    )
    return {"unit": unit, "group": group, "dataset": dataset}


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("prefix", ["", "/lo", "/vi"])
def test_pages_load_no_picture_from_elsewhere(app: Any, stored_outside: dict[str, Any], prefix: str) -> None:
    resource = stored_outside["dataset"]["resources"][0]
    views = helpers.call_action("resource_view_list", id=resource["id"])
    assert [v["view_type"] for v in views] == ["image_view"]  # CKAN's default view of a PNG
    pages = (
        "/organization/",
        "/organization/dept-pictures",
        "/organization/about/dept-pictures",
        "/group/",
        "/group/theme-pictures",
        "/dataset/pictured",
        f"/dataset/pictured/resource/{resource['id']}",
        "/",
    )
    for page in pages:
        body = app.get(prefix + page, status=200).body
        sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', body)
        assert sources, page
        assert not [s for s in sources if "example.org" in s], (page, sources)
    unit_page = app.get(f"{prefix}/organization/dept-pictures").body
    assert "/base/images/placeholder-organization.png" in unit_page  # the placeholder instead
    dataset_page = app.get(f"{prefix}/dataset/pictured").body
    assert f'<a href="{OUTSIDE}" rel="nofollow noopener noreferrer">Map of the province</a>' in dataset_page
    assert '<img alt="Own" src="/base/images/placeholder-group.png">' in dataset_page
    resource_page = app.get(f"{prefix}/dataset/pictured/resource/{resource['id']}").body
    assert 'href="https://pictures.example.org/photo.png"' in resource_page  # a link, not a picture


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("prefix", ["", "/lo", "/vi"])
def test_a_user_picture_from_elsewhere_is_not_loaded(app: Any, prefix: str) -> None:
    """A user's picture (CKAN's profile field) kept on another site: the placeholder in
    the header and on the user's page; one on this site is still drawn."""
    outsider = factories.UserWithToken(image_url=OUTSIDE)
    own = factories.User(image_url=f"{SITE}/uploads/user/own.png")
    headers = {"Authorization": outsider["token"]}
    for page in (f"/user/{outsider['name']}", "/dataset/"):
        body = app.get(prefix + page, headers=headers, status=200).body
        assert "pictures.example.org" not in body, page
        assert "user-image" in body or "placeholder" in body, page
    body = app.get(f"{prefix}/user/{own['name']}", headers=headers, status=200).body
    assert f'src="{SITE}/uploads/user/own.png"' in body
