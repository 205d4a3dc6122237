"""The Atom feeds in the reader's language (issue 11 item 3; portal/feeds.py):
each entry's title, description and unit, and the feed's title, subtitle and
language follow the URL prefix by language.py's fallback order; the feeds
list public datasets only; the pages' feed links lead to the same language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from ckan.tests import factories

from tests.published import dataset_in, move, published_dataset

ATOM = "{http://www.w3.org/2005/Atom}"

TITLES = {"vi": "Bệnh viện huyện", "lo": "ໂຮງໝໍເມືອງ", "en": "District hospitals"}
UNITS = {"vi": "Sở Y tế", "lo": "ພະແນກສາທາລະນະສຸກ", "en": "Department of Health"}
UNIT_FEED_TITLES = {
    "vi": "{site}: bộ dữ liệu của {unit}",
    "lo": "{site}: ຊຸດຂໍ້ມູນຂອງ {unit}",
    "en": "{site}: datasets of {unit}",
}
SITE = {"vi": "Cổng dữ liệu Luang Prabang", "lo": "ປະຕູຂໍ້ມູນຫຼວງພະບາງ", "en": "Luang Prabang open data"}


@pytest.fixture
def world(clean_db: Any) -> dict[str, Any]:
    unit = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo=UNITS["lo"],
        title_vi=UNITS["vi"],
        title_en="Department of Health",
    )
    group = factories.Group(name="health-theme", title="Health")
    hospitals = published_dataset(
        owner_org=unit["id"],
        name="hospitals",
        title="District hospitals",
        title_lo=TITLES["lo"],
        title_vi=TITLES["vi"],
        notes="Hospitals of the districts.",
        notes_vi="Các bệnh viện huyện.",
        tags=[{"name": "health"}],
        groups=[{"name": group["name"]}],
        sector="health",
    )
    # Not public: a draft, an approved dataset and a withdrawn one, in the same unit, tag and group.
    hidden = {}
    for status in ("draft", "approved", "withdrawn"):
        created = dataset_in(
            "published" if status == "withdrawn" else status,
            owner_org=unit["id"],
            name=f"hidden-{status}",
            title=f"Hidden {status} canary",
            title_vi=f"Ẩn {status} canary",
            notes=f"canary-{status}",
            tags=[{"name": "health"}],
            groups=[{"name": group["name"]}],
            sector="health",
        )
        if status == "withdrawn":
            move(created["id"], "unpublish")
        hidden[status] = created
    return {"unit": unit, "group": group, "hospitals": hospitals, "hidden": hidden}


def _feed(app: Any, url: str) -> ET.Element:
    response = app.get(url, status=200)
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.body.encode())


def _entry(feed: ET.Element, name: str) -> ET.Element:
    """The entry whose first link (its page; feedgen 1.0 writes entry links without ``rel``) is the dataset's."""
    for entry in feed.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        if link is not None and link.get("href", "").endswith(f"/dataset/{name}"):
            return entry
    raise AssertionError(f"no entry for {name}")


FEEDS = (
    "/feeds/dataset.atom",
    "/feeds/organization/dept-health.atom",
    "/feeds/group/health-theme.atom",
    "/feeds/tag/health.atom",
    "/feeds/custom.atom?q=hospitals",
)


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize(
    ("prefix", "lang", "description"),
    [
        ("/vi", "vi", "Các bệnh viện huyện."),
        ("/lo", "lo", "Hospitals of the districts."),  # no Lao description: the text as its unit entered it
        ("", "en", "Hospitals of the districts."),
    ],
)
def test_entries_are_in_the_reader_language(
    app: Any, world: dict[str, Any], prefix: str, lang: str, description: str
) -> None:
    for url in FEEDS:
        feed = _feed(app, prefix + url)
        entry = _entry(feed, "hospitals")
        assert entry.findtext(f"{ATOM}title") == TITLES[lang], url
        assert entry.findtext(f"{ATOM}content") == description, url
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href") == f"http://test.ckan.net{prefix}/dataset/hospitals", url
        units = [c for c in entry.iter(f"{ATOM}category") if c.get("term") == "dept-health"]
        assert [c.get("label") for c in units] == [UNITS[lang]], url
        assert "health" in {c.get("term") for c in entry.iter(f"{ATOM}category")}  # CKAN's tags stay
        others = set(TITLES.values()) - {TITLES[lang]}
        assert not any(other in ET.tostring(feed, encoding="unicode") for other in others), url


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_vi", SITE["vi"])
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_lo", SITE["lo"])
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_en", SITE["en"])
@pytest.mark.parametrize("lang", ["vi", "lo", "en"])
def test_feed_heading_and_language(app: Any, world: dict[str, Any], lang: str) -> None:
    prefix = "" if lang == "en" else f"/{lang}"
    site = _feed(app, f"{prefix}/feeds/dataset.atom")
    assert site.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert site.findtext(f"{ATOM}title") == SITE[lang]
    assert SITE[lang] in (site.findtext(f"{ATOM}subtitle") or "")
    assert site.findtext(f"{ATOM}author/{ATOM}name") == SITE[lang]  # not CKAN's site id
    unit = _feed(app, f"{prefix}/feeds/organization/dept-health.atom")
    assert unit.findtext(f"{ATOM}title") == UNIT_FEED_TITLES[lang].format(site=SITE[lang], unit=UNITS[lang])
    assert UNITS[lang] in (unit.findtext(f"{ATOM}subtitle") or "")
    # by id, as CKAN accepts it
    by_id = _feed(app, f"{prefix}/feeds/organization/{world['unit']['id']}.atom")
    assert UNITS[lang] in (by_id.findtext(f"{ATOM}title") or "")
    tag = _feed(app, f"{prefix}/feeds/tag/health.atom")
    assert "health" in (tag.findtext(f"{ATOM}title") or "")
    alternate = site.find(f"{ATOM}link[@rel='alternate']")
    assert alternate is not None and alternate.get("href", "").startswith(f"{prefix}/dataset/")


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("prefix", ["", "/lo", "/vi"])
def test_feeds_list_public_datasets_only(app: Any, world: dict[str, Any], prefix: str) -> None:
    """A draft, an approved (not published) and a withdrawn dataset are in no feed, whatever the language."""
    for url in (*FEEDS, "/feeds/custom.atom?q=canary"):
        body = app.get(prefix + url, status=200).body
        assert "/dataset/hospitals" in body or "canary" in url, url
        assert "Hidden " not in body and "Ẩn " not in body and "canary-" not in body, url
        for hidden in world["hidden"].values():
            assert hidden["id"] not in body and hidden["name"] not in body, (url, hidden["name"])


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize("prefix", ["", "/lo", "/vi"])
def test_pages_link_the_feed_in_their_language(app: Any, world: dict[str, Any], prefix: str) -> None:
    for page, feed in (
        ("/", "/feeds/dataset.atom"),
        ("/dataset/", "/feeds/dataset.atom"),
        ("/organization/dept-health", "/feeds/organization/dept-health.atom"),
    ):
        body = app.get(prefix + page, status=200).body
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', body)
        assert links == [prefix + feed], (page, links)


@pytest.mark.usefixtures("with_plugins")
def test_an_unknown_unit_feed_is_not_found(app: Any, world: dict[str, Any]) -> None:
    app.get("/vi/feeds/organization/no-such-unit.atom", status=404)
