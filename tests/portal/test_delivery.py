"""Light pages (issue 11 item 6) through the real app: answers compressed for a
browser that accepts it, fingerprinted static files kept a year and others an
hour, a citizen's page without CKAN's script bundles, the Lao web font served
from the portal itself, no avatar from an outside service, and the error
pages in the reader's language (item 2)."""

from __future__ import annotations

import gzip
import re
from typing import Any
from urllib.parse import urljoin

import brotli
import pytest

from ckan.tests import factories

from ckanext.laodata import config
from ckanext.laodata.portal import errors as error_words
from tests.published import published_dataset

pytestmark = pytest.mark.usefixtures("with_plugins")

YEAR = "max-age=31536000"
CKAN_BUNDLES = (
    "_main.js",
    "_ckan.js",
    "_vendor.js",
    "_jquery.js",
    "_htmx.js",
    "_bootstrap.js",
    "_select2.css",
)


@pytest.fixture
def site(with_plugins: Any, clean_db: Any) -> dict[str, Any]:
    # no picture of their own (the factory's is a URL on another host): CKAN's default applies
    user = factories.UserWithToken(email="someone@example.org", image_url="")
    unit = factories.Organization(name="dept-health", title="Department of Health")
    published_dataset(owner_org=unit["id"], name="hospitals", title="District hospitals", sector="health")
    return {"user": user}


def _assets(body: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/webassets/[^"]+)"', body)


def _asset(app: Any, ending: str) -> str:
    found = [u for u in _assets(app.get("/").body) if u.endswith(ending)]
    assert found, f"no {ending} on the home page"
    return found[0]


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize("path", ["/", "/dataset/", "/dataset/hospitals", "/api/3/action/package_search"])
def test_pages_and_api_answers_are_compressed_for_a_browser_that_accepts_it(app: Any, path: str) -> None:
    plain = app.get(path)
    assert "Content-Encoding" not in plain.headers  # a client that does not ask gets plain text
    assert "Accept-Encoding" in plain.headers.get("Vary", "")

    # (a page carries a new CSRF token each time: same length, other bytes)
    zipped = app.get(path, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert len(gzip.decompress(zipped.get_data())) == len(plain.get_data())
    assert len(zipped.get_data()) < len(plain.get_data()) / 1.5

    best = app.get(path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert best.headers["Content-Encoding"] == "br"
    assert len(brotli.decompress(best.get_data())) == len(plain.get_data())


@pytest.mark.usefixtures("site")
def test_fingerprinted_bundles_are_kept_a_year_and_compressed(app: Any) -> None:
    for ending in ("_main.css", "_laodata.css", "_laodata-public.js", "_fontawesome.css"):
        url = _asset(app, ending)
        res = app.get(url, headers={"Accept-Encoding": "gzip"})
        assert res.headers["Content-Encoding"] == "gzip", url
        cache = res.headers["Cache-Control"]
        assert YEAR in cache and "immutable" in cache and "public" in cache, (url, cache)
        assert "must-revalidate" not in cache and "no-cache" not in cache


@pytest.mark.usefixtures("site")
def test_files_without_a_fingerprint_are_kept_a_week_or_an_hour_and_pages_keep_ckans_policy(app: Any) -> None:
    # CKAN's own files change only with an upgrade: a week, as docker/nginx says
    assert app.get("/base/images/ckan.ico").headers["Cache-Control"] == "public, max-age=604800"
    res = app.get("/laodata/logo.svg", headers={"Accept-Encoding": "gzip"})
    assert res.headers["Cache-Control"] == "public, max-age=3600"
    assert res.headers["Content-Encoding"] == "gzip"  # the SVG logo is text
    page = app.get("/")
    assert YEAR not in page.headers.get("Cache-Control", "")
    missing = app.get("/laodata/no-such-file.css", status=404)
    assert YEAR not in missing.headers.get("Cache-Control", "") and "3600" not in missing.headers.get(
        "Cache-Control", ""
    )


@pytest.mark.usefixtures("site")
def test_a_byte_range_is_sent_as_stored(app: Any) -> None:
    url = _asset(app, "_main.css")
    res = app.get(url, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"}, status=206)
    assert "Content-Encoding" not in res.headers
    assert len(res.get_data()) == 100


@pytest.mark.usefixtures("site")
@pytest.mark.ckan_config(config.DELIVERY_COMPRESS, "false")
def test_compression_can_be_left_to_the_proxy(app: Any) -> None:
    res = app.get("/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in res.headers
    # the cache lifetimes do not depend on it
    assert YEAR in app.get(_asset(app, "_laodata.css")).headers["Cache-Control"]


@pytest.mark.usefixtures("site")
def test_the_lao_font_is_served_by_the_portal_itself(app: Any) -> None:
    css_url = _asset(app, "_laodata.css")
    css = app.get(css_url).body
    fonts = re.findall(r"url\(([^)]+\.woff2)\)", css)
    assert len(fonts) == 2  # regular and bold
    for font in fonts:
        assert "//" not in font  # a path on this portal, not another host
        url = urljoin(f"http://test.ckan.net{css_url}", font).removeprefix("http://test.ckan.net")
        assert url.startswith("/laodata/fonts/noto-sans-lao-")
        res = app.get(url, headers={"Accept-Encoding": "gzip"})
        assert res.get_data()[:4] == b"wOF2"
        assert "Content-Encoding" not in res.headers  # WOFF2 is compressed already
        assert YEAR in res.headers["Cache-Control"]
    assert "html:lang(lo) body" in css and "U+0E81-0EDF" in css


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    "path", ["/", "/lo/", "/dataset/", "/dataset/hospitals", "/organization/dept-health", "/about"]
)
def test_a_citizens_page_loads_no_ckan_script_bundle(app: Any, path: str) -> None:
    assets = _assets(app.get(path).body)
    assert not [a for a in assets if a.endswith(CKAN_BUNDLES)], assets
    assert [a for a in assets if a.endswith("_laodata-public.js")]
    assert [a for a in assets if a.endswith("_fontawesome.css")]  # the pages' icons


@pytest.mark.usefixtures("site")
def test_the_dataset_page_has_no_share_buttons_for_outside_services(app: Any) -> None:
    body = app.get("/dataset/hospitals").body
    assert "x.com/share" not in body and "facebook.com/sharer" not in body and "fa-brands" not in body


def test_logged_in_pages_keep_ckans_scripts(app: Any, site: dict[str, Any]) -> None:
    assets = _assets(app.get("/dataset/", headers={"Authorization": site["user"]["token"]}).body)
    assert [a for a in assets if a.endswith("_main.js")] and [a for a in assets if a.endswith("_ckan.js")]
    assert not [a for a in assets if a.endswith("_laodata-public.js")]


def test_no_avatar_from_an_outside_service(app: Any, site: dict[str, Any]) -> None:
    token = {"Authorization": site["user"]["token"]}
    for path in ("/dashboard/datasets", f"/user/{site['user']['name']}", "/user/"):
        body = app.get(path, headers=token).body
        assert "gravatar" not in body, path
        assert not re.search(r'\bsrc="(?:https?:)?//', body), path  # nothing loaded from another host


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    ("lang", "heading"),
    [("lo", "ບໍ່ພົບໜ້ານີ້"), ("vi", "Không tìm thấy trang"), ("en", "Page not found")],
)
def test_the_404_page_is_in_the_readers_language(app: Any, lang: str, heading: str) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    body = app.get(f"{prefix}/no-such-page", status=404).body
    assert re.search(r"<title>\s*" + re.escape(heading), body)
    assert f"<h1>{heading}</h1>" in body
    assert "Not Found" not in body and "The requested URL was not found" not in body
    assert f'action="{prefix}/dataset/"' in body  # a search box in that language
    # a dataset the visitor may not see: the refusal's own reason stays
    body = app.get(f"{prefix}/dataset/no-such-dataset", status=404).body
    assert f"<h1>{heading}</h1>" in body and "laodata-error-detail" in body


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    ("lang", "heading"), [("lo", "ລະບົບຂັດຂ້ອງ"), ("vi", "Đã có lỗi"), ("en", "Something went wrong")]
)
def test_the_500_page_is_in_the_readers_language(app: Any, lang: str, heading: str) -> None:
    # CKAN's 500 handler renders the template with code [500] and English content;
    # tests run with testing = true, where CKAN lets exceptions through, so the
    # page is rendered as the handler does, in a request in that language.
    import ckan.plugins.toolkit as tk

    with app.flask_app.test_request_context(f"/{lang}/", environ_overrides={"CKAN_LANG": lang}):
        app.flask_app.preprocess_request()
        body = tk.render("error_document_template.html", {"code": [500], "content": "Internal server error"})
    assert heading in body and "Internal server error" not in body
    assert error_words.error_page([500], None, "Internal server error")["code"] == 500


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    ("path", "lo", "vi"),
    [
        ("/organization/", "ຫົວໜ່ວຍ", "Đơn vị"),
        ("/organization/dept-health", "ຫົວໜ່ວຍ", "Đơn vị"),
        ("/user/login", "ເຂົ້າສູ່ລະບົບ", "Đăng nhập"),
    ],
)
def test_page_titles_are_in_the_readers_language(app: Any, path: str, lo: str, vi: str) -> None:
    for lang, word in (("lo", lo), ("vi", vi)):
        title = re.search(r"<title>(.*?)</title>", app.get(f"/{lang}{path}").body, re.S)
        assert title and word in title.group(1), (lang, path, title and title.group(1))
        assert "Organizations" not in title.group(1) and "Login" not in title.group(1)


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("gzip;q=0", None),  # refused by weight
        ("identity", None),
        ("compress, x-made-up", None),  # nothing it knows
        ("*", "br"),
        ("gzip;q=0.5, br;q=0.1", "gzip"),
        ("GZIP", "gzip"),
        ("gzip" + ", x" * 2000, "gzip"),  # a very long header
    ],
)
def test_odd_accept_encoding_headers_get_a_readable_answer(
    app: Any, accept: str, expected: str | None
) -> None:
    res = app.get("/", headers={"Accept-Encoding": accept})
    assert res.status_code == 200
    assert res.headers.get("Content-Encoding") == expected
    body = res.get_data()
    if expected == "gzip":
        body = gzip.decompress(body)
    elif expected == "br":
        body = brotli.decompress(body)
    assert body.startswith(b"<!DOCTYPE html>")


@pytest.mark.usefixtures("site")
def test_an_error_page_shows_the_visitors_text_escaped(app: Any) -> None:
    res = app.get("/catalog.ttl", query_string={"q": 'title:"<script>alert(1)</script>'}, status=400)
    assert "<script>alert(1)" not in res.body
    assert "laodata-error-detail" in res.body and "&lt;script&gt;" in res.body
