"""Datasets and units shown in the reader's language (``language.py``'s rule).

CKAN renders what its view hooks hand to the templates: a dataset passes
``IPackageController.before_dataset_view`` (dataset pages and every search
result a page lists) and a unit ``IOrganizationController.before_view`` (unit
pages). Both replace the displayed ``title`` (and a dataset's ``notes`` and its
unit's title) with the text in the page's language, so lists, search results,
dataset and unit pages, breadcrumbs and page titles follow without
template changes. API calls (no ``for_view``) and edit forms keep the stored
fields.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from .. import language
from ..catalog import units
from ..labels import laodata_lang

TRANSLATED_FIELDS = ("title_lo", "title_vi", "title_en", "notes_lo", "notes_vi", "notes_en")


def unit_titles(lang: str) -> dict[str, str]:
    """``{name: title}`` of every active unit in ``lang`` (cached for the request)."""
    cache: dict[str, dict[str, str]] | None = None
    try:
        cache = tk.g.setdefault("laodata_unit_titles", {})
    except RuntimeError:  # outside a request
        cache = None
    if cache is not None and lang in cache:
        return cache[lang]
    titles = units.unit_titles(lang)
    if cache is not None:
        cache[lang] = titles
    return titles


def unit_title(unit: dict[str, Any] | str | None, lang: str | None = None) -> str:
    """A unit's name in the reader's language, from its dict or its name."""
    lang = lang or laodata_lang()
    if isinstance(unit, dict):
        if any(language.field_value(unit, f"title_{code}") for code in language.LANGUAGES):
            return language.translated(unit, "title", lang)
        unit = unit.get("name") or unit.get("title")
    if not unit:
        return ""
    return unit_titles(lang).get(unit, unit)


def dataset_for_view(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_view``: title, description and unit in the page's language."""
    lang = laodata_lang()
    title = language.translated(pkg_dict, "title", lang)
    if title:
        pkg_dict["title"] = title
    notes = language.translated(pkg_dict, "notes", lang)
    if notes:
        pkg_dict["notes"] = notes
    organization = pkg_dict.get("organization")
    if isinstance(organization, dict) and organization.get("name"):
        organization["title"] = unit_title(organization["name"], lang)
    return pkg_dict


def unit_for_view(group_dict: dict[str, Any]) -> dict[str, Any]:
    """``IOrganizationController.before_view``: the unit's title in the page's language."""
    title = unit_title(group_dict)
    if title:
        group_dict["title"] = title
        group_dict["display_name"] = title
    return group_dict
