"""CKAN's own strings in Lao and Vietnamese (issue 11, item 2): the catalogs
the project ships in ``i18n-ckan/`` (locales.py) are CKAN's ``ckan`` domain on
every page, their placeholders match CKAN's, they are compiled, and the pages a
citizen, a unit's editor and a reviewer visit show no English string of
CKAN's or laodata's catalogs."""

from __future__ import annotations

import io
import json
import pathlib
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from bs4.element import Comment
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

import ckanext.laodata
from ckanext.laodata import locales
from tests.published import draft, move_to, site_context

PACKAGE = pathlib.Path(ckanext.laodata.__file__).parent
ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"
DOMAINS = {"ckan": locales.DIRECTORY, "ckanext-laodata": PACKAGE / "i18n"}
LANGS = ("lo", "vi")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
TAG = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*)")
HREF = re.compile(r"href=\"([^\"]*)\"")
# words that are the same in every language: names of things, not translations
PROPER = {
    "CKAN",
    "API",
    "CSV",
    "JSON",
    "URL",
    "URL:",
    "X",
    "Facebook",
    "Open ID",
    "Markdown",
    "Open Database License",
}


def _po(domain: str, lang: str) -> Catalog:
    with open(DOMAINS[domain] / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as f:
        return read_po(f, locale=lang)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _translated(m: Any) -> bool:
    # pybabel writes an untranslated plural message with its English
    strings = _strings(m.string)
    return bool(m.id) and all(strings) and not set(strings) <= set(_strings(m.id))


# ---------------------------------------------------------------- the catalogs


def test_ckan_uses_the_shipped_catalogs() -> None:
    assert tk.config["ckan.i18n_directory"] == str(locales.DIRECTORY)
    from ckan.lib.i18n import get_locales

    assert {"lo", "vi"} <= set(get_locales())  # offered, so the picker lists Lao


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_and_markup_match_ckan(lang: str) -> None:
    """Every translation keeps its English's placeholders, tags and links."""
    wrong = []
    for m in _po("ckan", lang):
        if not m.id or not m.string:
            continue
        ids = _strings(m.id)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in _strings(m.string):
            if not text:
                continue
            if (
                sorted(PLACEHOLDER.findall(text)) != expected
                or sorted(TAG.findall(text)) != sorted(TAG.findall(ids[0]))
                or sorted(HREF.findall(text)) != sorted(HREF.findall(ids[0]))
            ):
                wrong.append((ids[0], text))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_catalogs_are_compiled(lang: str) -> None:
    """The .mo CKAN loads holds exactly the .po's translations (no stale build)."""
    for domain, directory in DOMAINS.items():
        with open(directory / lang / "LC_MESSAGES" / f"{domain}.mo", "rb") as f:
            compiled = {_strings(m.id): _strings(m.string) for m in read_mo(f) if _translated(m)}
        source = {_strings(m.id): _strings(m.string) for m in _po(domain, lang) if _translated(m)}
        assert compiled == source, domain
        assert _po(domain, lang).plural_forms == "nplurals=1; plural=0;"


def test_template_is_the_installed_ckans() -> None:
    import ckan

    installed = pathlib.Path(ckan.__file__).parent / "i18n" / "ckan.pot"
    with open(installed, "rb") as a, open(locales.DIRECTORY / "ckan.pot", "rb") as b:
        assert {m.id for m in read_po(a)} == {m.id for m in read_po(b)}


def test_package_data_ships_the_catalogs() -> None:
    setup = (PACKAGE.parents[2] / "setup.py").read_text(encoding="utf-8")
    assert '"i18n-ckan/**/*.mo"' in setup and '"i18n-ckan/ckan.pot"' in setup


# ------------------------------------------------------------ pages in Lao/Vi


Matcher = tuple[re.Pattern[str], str, str]  # pattern, domain, English


def _matchers(lang: str) -> list[Matcher]:
    """The English of both domains as patterns over one visible text: a
    placeholder stands for any text, markup splits a message into its runs of
    text. For ``lo``/``vi`` a message whose translation is its English (a name)
    is left out; for ``en`` every message counts (which of them a page shows)."""
    out = []
    for domain in DOMAINS:
        for m in _po(domain, "lo" if lang == "en" else lang):
            if not m.id:
                continue
            strings = _strings(m.string)
            for english in _strings(m.id):
                if lang != "en" and any(s == english for s in strings):
                    continue
                for run in re.split(r"<[^>]*>", english):
                    run = " ".join(run.split())
                    words = PLACEHOLDER.sub("", run)
                    if not re.search(r"[A-Za-z]{2}", words) or run in PROPER:
                        continue
                    parts = [re.escape(p) for p in PLACEHOLDER.split(run)]
                    pattern = re.compile(r"\s*" + r".+".join(parts) + r"\s*", re.S)
                    out.append((pattern, domain, _strings(m.id)[0]))
    return out


def _visible_texts(html: str) -> Iterator[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head"]):
        hidden.decompose()
    for node in soup.find_all(string=True):
        if isinstance(node, Comment):
            continue
        text = " ".join(node.split())
        if text:
            yield text
    for tag in soup.find_all(attrs={"placeholder": True}):
        yield " ".join(str(tag["placeholder"]).split())


def matches(html: str, matchers: Iterable[Matcher]) -> set[tuple[str, str, str]]:
    """``(text, domain, English)`` of each visible text that is a catalog's English."""
    found = set()
    matchers = list(matchers)
    for text in _visible_texts(html):
        if text in PROPER:
            continue
        for pattern, domain, english in matchers:
            if pattern.fullmatch(text):
                found.add((text, domain, english))
                break
    return found


def untranslated(html: str, matchers: Iterable[Matcher]) -> set[str]:
    return {f"{text!r} (msgid {english!r})" for text, _, english in matches(html, matchers)}


def _translated_ids(lang: str) -> set[str]:
    return {
        _strings(m.id)[0] for domain in DOMAINS for m in _po(domain, lang) if m.id and all(_strings(m.string))
    }


def coverage(domain: str, lang: str, ids: Iterable[str] | None = None) -> tuple[int, int]:
    """(translated, total) messages of a catalog, or of the messages ``ids`` among them."""
    messages = [m for m in _po(domain, lang) if m.id]
    if ids is not None:
        wanted = set(ids)
        messages = [m for m in messages if _strings(m.id)[0] in wanted]
    return sum(1 for m in messages if all(_strings(m.string))), len(messages)


@pytest.fixture
def visits(clean_db: Any) -> dict[str, list[tuple[str, str | None]]]:
    """A unit with its editor; a published dataset with a file, a draft and a
    submitted dataset; a reviewer (a sysadmin). The pages each of them visits."""
    editor = factories.UserWithToken(fullname="ສົມພອນ ແກ້ວມະນີ")
    reviewer = factories.SysadminWithToken(fullname="Nguyễn Thị Lan")
    unit = factories.Organization(
        name="dept-health",
        title="ພະແນກສາທາລະນະສຸກ",
        title_lo="ພະແນກສາທາລະນະສຸກ",
        title_vi="Sở Y tế",
        title_en="Department of Health",
        # data, not a message: faker's English could read as one ("Field research ..." as "Field %d")
        description="ພະແນກສາທາລະນະສຸກແຂວງ",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    lao = {"title": "ໂຮງໝໍເມືອງ", "title_lo": "ໂຮງໝໍເມືອງ", "title_vi": "Bệnh viện huyện"}
    pkg = draft(
        "published",
        owner_org=unit["id"],
        name="hospitals",
        notes="ລາຍຊື່ໂຮງໝໍ",
        notes_vi="Danh sách bệnh viện",
        sector="health",
        update_frequency="monthly",
        license_id="cc-by",
        tag_string="health",
        **lao,
    )
    resource = helpers.call_action(
        "resource_create",
        context=site_context(),
        package_id=pkg["id"],
        name="ໂຮງໝໍ 2026",
        format="CSV",
        upload=FileStorage(io.BytesIO(b"name,beds\nA,10\nB,20\n"), filename="hospitals.csv"),
    )
    move_to(pkg["id"], "published")
    draft(owner_org=unit["id"], name="clinics", title="ຄລີນິກ", title_vi="Phòng khám")
    waiting = draft("published", owner_org=unit["id"], name="schools", title="ໂຮງຮຽນ", title_vi="Trường học")
    move_to(waiting["id"], "submitted")
    return {
        "citizen": [
            ("/", None),
            ("/dataset/", None),
            ("/dataset/?q=ໂຮງໝໍ", None),
            ("/dataset/?sector=health", None),
            ("/dataset/?q=nothing-matches-this", None),
            ("/dataset/hospitals", None),
            (f"/dataset/hospitals/resource/{resource['id']}", None),
            ("/organization/", None),
            ("/organization/dept-health", None),
            ("/about", None),
            ("/user/login", None),
        ],
        "editor": [
            ("/dashboard/datasets", editor["token"]),
            (f"/user/{editor['name']}", editor["token"]),
            ("/dataset/new", editor["token"]),
            ("/dataset/clinics", editor["token"]),
            ("/dataset/edit/clinics", editor["token"]),
            ("/dataset/clinics/resource/new", editor["token"]),
            ("/dataset/hospitals", editor["token"]),
            ("/organization/dept-health", editor["token"]),
            (f"/user/edit/{editor['name']}", editor["token"]),
            ("/dataset/activity/clinics", editor["token"]),
            ("/catalog", editor["token"]),
            ("/catalog/progress", editor["token"]),
        ],
        "reviewer": [
            ("/catalog/review", reviewer["token"]),
            ("/dataset/schools", reviewer["token"]),
            ("/dashboard/datasets", reviewer["token"]),
            ("/dataset/activity/schools", reviewer["token"]),
            ("/organization/members/dept-health", reviewer["token"]),
            ("/catalog/progress", reviewer["token"]),
        ],
    }


@pytest.mark.usefixtures("with_plugins")
def test_visited_pages_show_no_english_string(app: Any, visits: dict[str, Any]) -> None:
    """Each page a citizen, an editor and a reviewer visits, in lo and vi: no
    visible text is the English of a CKAN or laodata message. The same pages in
    English say which messages they show: all of them are translated (the
    figures go to tests/artifacts/i18n-coverage.json)."""
    seen: set[tuple[str, str]] = set()
    found: dict[str, set[str]] = {}
    for lang in ("en", *LANGS):
        matchers = _matchers(lang)
        for who, pages in visits.items():
            for path, token in pages:
                headers = {"Authorization": token} if token else {}
                response = app.get(f"/{lang}{path}", headers=headers, status=200)
                assert f'lang="{lang}"' in response.body
                hits = matches(response.body, matchers)
                if lang == "en":
                    seen |= {(domain, english) for _, domain, english in hits}
                elif hits:
                    found[f"{lang} {who} {path}"] = untranslated(response.body, matchers)
    assert not found, "\n".join(f"{page}: {', '.join(sorted(texts))}" for page, texts in found.items())
    figures: dict[str, Any] = {}
    for domain in DOMAINS:
        ids = {english for d, english in seen if d == domain}
        assert len(ids) >= (100 if domain == "ckan" else 20), domain  # the scrape recognises the pages' text
        for lang in LANGS:
            figures[f"{domain} {lang}"] = {
                "visited pages": coverage(domain, lang, ids),
                "overall": coverage(domain, lang),
            }
    # what the page shows is either domain's (laodata's merged over CKAN's)
    for lang in LANGS:
        missing = {english for _, english in seen} - _translated_ids(lang)
        assert not missing, (lang, sorted(missing))
    figures["messages on the visited pages"] = sorted(f"{domain}: {english}" for domain, english in seen)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "i18n-coverage.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")


def test_the_scraper_finds_english() -> None:
    """The check can fail: English text among Lao is reported, names and data are not."""
    matchers = _matchers("lo")
    page = (
        "<html><head><title>Search</title></head><body><h2>Data and Resources</h2>"
        "<p>ໂຮງໝໍ</p><span>CSV</span><p>7 datasets found</p><script>var x='Search'</script>"
        "<input placeholder='Search datasets...'></body></html>"
    )
    found = untranslated(page, matchers)
    assert {f.split(" (msgid")[0] for f in found} == {
        "'Data and Resources'",
        "'7 datasets found'",
        "'Search datasets...'",
    }


# CKAN's own text on the pages a citizen opens: (page, English, Lao, Vietnamese)
CKAN_TEXT = [
    ("/dataset/hospitals", "Data and Resources", "ຂໍ້ມູນ ແລະ ຊັບພະຍາກອນ", "Dữ liệu và tài nguyên"),
    ("/dataset/hospitals", "Skip to main content", "ຂ້າມໄປຫາເນື້ອໃນຫຼັກ", "Chuyển đến nội dung chính"),
    ("/organization/dept-health", "Followers", "ຜູ້ຕິດຕາມ", "Người theo dõi"),
    ("/dataset/", "Order by", "ຮຽງຕາມ", "Sắp xếp theo"),
    ("/", "Powered by", "ພັດທະນາດ້ວຍ", "Vận hành trên nền"),
]


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize(("path", "english", "lao", "vietnamese"), CKAN_TEXT)
def test_ckan_text_in_the_reader_language(
    app: Any, visits: Any, path: str, english: str, lao: str, vietnamese: str
) -> None:
    assert english in app.get(path).body
    for lang, text in (("lo", lao), ("vi", vietnamese)):
        body = app.get(f"/{lang}{path}").body
        assert text in body, lang
        assert english not in body, lang


@pytest.mark.usefixtures("with_plugins")
def test_activity_filter_in_the_reader_language(app: Any, visits: Any) -> None:
    """CKAN's activity filter shows its types' machine names ("Changed Package"); the portal labels them."""
    token = visits["editor"][0][1]
    english = app.get("/dataset/activity/clinics", headers={"Authorization": token}).body
    assert "Dataset changed" in english and "Changed Package" not in english
    body = app.get("/lo/dataset/activity/clinics", headers={"Authorization": token}).body
    assert "ປ່ຽນແປງຊຸດຂໍ້ມູນ" in body and "ຕິດຕາມຊຸດຂໍ້ມູນ" in body
    assert "Changed Package" not in body and "Follow Dataset" not in body


# ------------------------------------------------- the language through redirects


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize(
    "path",
    [
        "/catalog/progress?sector=health",
        "/catalog/review",
        "/catalog",
        "/catalog?q=%22%3E%3Cb%3Ex&unit=a%20b",
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_staff_pages_send_to_login_and_back_in_the_language(app: Any, path: str, lang: str) -> None:
    response = app.get(f"/{lang}{path}", follow_redirects=False)
    assert response.status_code == 302
    login = urlsplit(response.headers["Location"])
    assert login.path == f"/{lang}/user/login"
    (came_from,) = parse_qs(login.query)["came_from"]
    assert came_from == f"/{lang}{path}"
    user = factories.User(password="Correct horse battery 7")
    response = app.post(
        f"{login.path}?{login.query}",
        data={"login": user["name"], "password": "Correct horse battery 7"},
        follow_redirects=False,
    )
    assert response.status_code == 302
    back = urlsplit(response.headers["Location"])
    assert f"{back.path}?{back.query}".rstrip("?") == f"/{lang}{path}"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_an_english_page_comes_back_in_english(app: Any) -> None:
    response = app.get("/catalog/progress", follow_redirects=False)
    login = urlsplit(response.headers["Location"])
    assert login.path == "/user/login"
    assert parse_qs(login.query)["came_from"] == ["/catalog/progress"]


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("lang", LANGS)
def test_log_out_stays_in_the_language(app: Any, lang: str) -> None:
    user = factories.User(password="Correct horse battery 7")
    app.post(f"/{lang}/user/login", data={"login": user["name"], "password": "Correct horse battery 7"})
    response = app.get(f"/{lang}/user/_logout", follow_redirects=False)
    while response.status_code in (301, 302, 303):
        location = urlsplit(response.headers["Location"])
        assert location.path.startswith(f"/{lang}/"), location
        response = app.get(f"{location.path}?{location.query}", follow_redirects=False)
    assert f'lang="{lang}"' in response.body
