"""The Lao and Vietnamese catalogs of the ckanext-laodata domain: the pages
come out translated, and the catalogs are complete and compiled."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from ckan.tests import factories

import ckanext.laodata

I18N = pathlib.Path(ckanext.laodata.__file__).parent / "i18n"
DOMAIN = "ckanext-laodata"
HEADING_EN = "Delivery progress of the target catalog"
HEADINGS = {
    "vi": "Tiến độ cung cấp dữ liệu theo danh mục mục tiêu",
    "lo": "ຄວາມຄືບໜ້າຂອງການສະໜອງຕາມລາຍການເປົ້າໝາຍ",
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[a-z%]")


def _po(lang: str) -> Catalog:
    with open(I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_progress_page_is_translated(app: Any, lang: str) -> None:
    sysadmin = factories.SysadminWithToken()
    response = app.get(f"/{lang}/catalog/progress", headers={"Authorization": sysadmin["token"]}, status=200)
    body = response.body
    assert HEADINGS[lang] in body
    assert HEADING_EN not in body
    assert f'lang="{lang}"' in body
    assert "%%" not in body


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_catalog_is_complete(lang: str) -> None:
    catalog = _po(lang)
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    assert not catalog.fuzzy
    with open(I18N / f"{DOMAIN}.pot", "rb") as f:
        template_ids = {m.id for m in read_po(f) if m.id}
    messages = [m for m in catalog if m.id]
    assert {m.id for m in messages} == template_ids
    assert [m.id for m in messages if "fuzzy" in m.flags] == []
    assert [
        m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ] == []
    for m in messages:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        msgid = m.id[-1] if isinstance(m.id, tuple) else m.id
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == sorted(PLACEHOLDER.findall(msgid)), m.id


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_mo_matches_po(lang: str) -> None:
    def plain(value: object) -> object:  # plural messages: babel gives lists from .mo, tuples from .po
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with open(I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as f:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(f) if m.id}
    assert compiled == {plain(m.id): plain(m.string) for m in _po(lang) if m.id}
