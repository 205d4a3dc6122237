"""The reader's language for content (issue 11 item 3): the fallback rule
(language.py) and its use on search results, dataset and unit pages,
page titles and the home page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ckan.tests import factories

from ckanext.laodata import language
from tests.published import published_dataset

FULL = {"title": "Primary", "title_lo": "ລາວ", "title_vi": "Việt", "title_en": "English"}


@pytest.mark.parametrize(
    ("data", "lang", "expected"),
    [
        (FULL, "vi", "Việt"),
        (FULL, "lo", "ລາວ"),
        (FULL, "en", "English"),
        ({**FULL, "title_vi": ""}, "vi", "Primary"),  # no translation: the text as its unit entered it
        ({**FULL, "title_vi": "   "}, "vi", "Primary"),  # blank counts as missing
        ({"title_lo": "ລາວ", "title_vi": "Việt"}, "vi", "Việt"),
        ({"title": "", "title_lo": "ລາວ", "title_vi": "Việt"}, "en", "ລາວ"),  # en → lo → vi
        ({"title": "", "title_vi": "Việt"}, "lo", "Việt"),
        ({"title": "", "title_en": "English", "title_vi": "Việt"}, "lo", "English"),
        ({"title": "Primary"}, "fr", "Primary"),  # a language the portal does not offer reads as en
        ({}, "vi", ""),
        ({"extras": [{"key": "title_vi", "value": "Việt"}], "title": "Primary"}, "vi", "Việt"),
    ],
)
def test_fallback_order(data: dict[str, Any], lang: str, expected: str) -> None:
    assert language.translated(data, "title", lang) == expected


def test_order_is_stated_once() -> None:
    assert language.order("vi") == ["vi", "", "en", "lo"]
    assert language.order("en") == ["en", "", "lo", "vi"]
    assert language.order("lo") == ["lo", "", "en", "vi"]


@pytest.fixture
def dataset(clean_db: Any) -> dict[str, Any]:
    unit = factories.Organization(
        name="dept-health",
        title="Department of Health",
        title_lo="ພະແນກສາທາລະນະສຸກ",
        title_vi="Sở Y tế",
        title_en="Department of Health",
    )
    return published_dataset(
        owner_org=unit["id"],
        name="hospitals",
        title="District hospitals",
        title_lo="ໂຮງໝໍເມືອງ",
        title_vi="Bệnh viện huyện",
        notes="Hospitals of the districts.",
        notes_vi="Các bệnh viện huyện.",
        sector="health",
    )


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize(
    ("prefix", "title", "notes", "unit"),
    [
        ("/vi", "Bệnh viện huyện", "Các bệnh viện huyện.", "Sở Y tế"),
        ("/lo", "ໂຮງໝໍເມືອງ", "Hospitals of the districts.", "ພະແນກສາທາລະນະສຸກ"),
        ("", "District hospitals", "Hospitals of the districts.", "Department of Health"),
    ],
)
def test_pages_show_content_in_the_reader_language(
    app: Any, dataset: dict[str, Any], prefix: str, title: str, notes: str, unit: str
) -> None:
    page = app.get(f"{prefix}/dataset/hospitals").body
    assert f"<title>{title} " in page  # the page title
    assert f"<h1>\n        \n        {title}" in page or f"{title}\n" in page
    assert notes in page
    assert unit in page
    others = {"Bệnh viện huyện", "ໂຮງໝໍເມືອງ", "District hospitals"} - {title}
    for other in others:
        assert other not in page, other
    results = app.get(f"{prefix}/dataset/").body
    assert title in results and not (others & {t for t in others if t in results})
    assert title in app.get(f"{prefix}/").body
    unit_page = app.get(f"{prefix}/organization/dept-health").body
    assert f"<title>{unit} " in unit_page
    assert title in unit_page


@pytest.mark.usefixtures("with_plugins")
def test_the_api_keeps_the_stored_fields(app: Any, dataset: dict[str, Any]) -> None:
    shown = app.get("/vi/api/3/action/package_show?id=hospitals").json["result"]
    assert shown["title"] == "District hospitals"
    assert shown["title_vi"] == "Bệnh viện huyện"
    assert shown["notes"] == "Hospitals of the districts."


CATALOG = (
    "code,title,title_lo,title_vi,title_en,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,Hospitals,ໂຮງໝໍ,Bệnh viện,,dept-health,health,annual,open,1\n"
    "HEA-002,Clinics,,,,dept-health,health,annual,open,1\n"
)


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.parametrize(
    ("prefix", "entry", "unit"),
    [
        ("/vi", "Bệnh viện", "Sở Y tế"),
        ("/lo", "ໂຮງໝໍ", "ພະແນກສາທາລະນະສຸກ"),
        ("", "Hospitals", "Department of Health"),
    ],
)
def test_catalog_pages_follow_the_same_rule(
    app: Any, dataset: dict[str, Any], prefix: str, entry: str, unit: str
) -> None:
    import io

    from werkzeug.datastructures import FileStorage

    from ckan.tests import helpers

    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv"),
    )
    sysadmin = factories.SysadminWithToken()
    body = app.get(f"{prefix}/catalog", headers={"Authorization": sysadmin["token"]}, status=200).body
    assert f">{entry}</a>" in body
    assert ">Clinics</a>" in body  # no translation: the title as entered
    assert f">{unit}</a>" in body


@pytest.mark.usefixtures("with_plugins")
def test_edit_forms_keep_the_stored_fields(app: Any, dataset: dict[str, Any]) -> None:
    """A form read in Vietnamese must not save the Vietnamese text over the primary one."""
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    form = app.get("/vi/dataset/edit/hospitals", headers=headers, status=200).body
    assert re.search(r'id="field-title"[^>]*value="District hospitals"', form)
    assert re.search(r'id="field-title_vi"[^>]*value="Bệnh viện huyện"', form)
    unit_form = app.get("/vi/organization/edit/dept-health", headers=headers, status=200).body
    assert re.search(r'id="field-title"[^>]*value="Department of Health"', unit_form)


SITE_NAMES = {"vi": "Cổng dữ liệu Luang Prabang", "lo": "ປະຕູຂໍ້ມູນຫຼວງພະບາງ", "en": "Luang Prabang open data"}


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_vi", SITE_NAMES["vi"])
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_lo", SITE_NAMES["lo"])
@pytest.mark.ckan_config("ckanext.laodata.portal.site_title_en", SITE_NAMES["en"])
@pytest.mark.parametrize(
    ("prefix", "lang", "title", "notes", "unit"),
    [
        ("/vi", "vi", "Bệnh viện huyện", "Các bệnh viện huyện.", "Sở Y tế"),
        ("/lo", "lo", "ໂຮງໝໍເມືອງ", "Hospitals of the districts.", "ພະແນກສາທາລະນະສຸກ"),
        ("", "en", "District hospitals", "Hospitals of the districts.", "Department of Health"),
    ],
)
def test_page_metadata_is_in_the_reader_language(
    app: Any, dataset: dict[str, Any], prefix: str, lang: str, title: str, notes: str, unit: str
) -> None:
    """The head's og:title and og:description, and the schema.org JSON-LD's name,
    description and publisher (what search engines and link previews show)."""
    import json

    page = app.get(f"{prefix}/dataset/hospitals").body
    assert f'<meta property="og:title" content="{title} - {SITE_NAMES[lang]}">' in page
    assert f'<meta property="og:description" content="{notes}">' in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    graph = json.loads(block.group(1))["@graph"]
    dataset_node = next(n for n in graph if n.get("@type") == "schema:Dataset")
    assert dataset_node["schema:name"] == title
    assert dataset_node["schema:description"] == notes
    names = {n.get("schema:name") for n in graph}
    assert unit in names
    others = {"Bệnh viện huyện", "ໂຮງໝໍເມືອງ", "District hospitals"} - {title}
    assert not any(other in block.group(1) for other in others)
