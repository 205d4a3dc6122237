"""The Atom feeds (``/feeds/…``, ``/lo/feeds/…``) in the reader's language.

CKAN's feed view (``ckan/views/feed.py``) lists ``package_search``'s results
(so public datasets only, for anyone: the search's permission labels) and
writes each entry from the stored fields: ``title``, ``notes``, a link to the
``package_show`` API call; the feed's title and subtitle are English sentences
naming the stored unit title, and its language is always ``en``.

CKAN's ``IFeed`` interface has two seams, and neither alone is enough:
``get_item_additional_fields(dataset)`` adds keyword arguments to the entry,
but CKAN passes ``title`` and ``description`` itself (the same name again is a
``TypeError``); ``get_feed_class()`` replaces the class that writes the feed,
but its ``add_item`` sees only the entry's fields, not the dataset. So the
plugin hands each entry's text in the reader's language (``language.py``'s
rule) as one additional field, ``ENTRY``, and the feed class puts it in place
of CKAN's; the feed class also writes the feed's title, subtitle and language
for the page's language (the URL prefix, as for pages). The entry links to the
dataset's page in that language; the ``package_show`` call stays the entry's
enclosure, as CKAN has it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import flask

import ckan.plugins.toolkit as tk

# CKAN's feed writer, which IFeed's feed class must extend (IFeed's own default
# returns it); imported here only, for that.
from ckan.views.feed import CKANFeed  # noqa: TID251

from .. import language
from ..labels import laodata_lang
from . import content, site

ENTRY = "laodata_entry"  # the additional field carrying an entry's text in the reader's language


def _printable(text: str) -> str:
    """Text an XML document may hold: control characters other than line breaks and tabs dropped."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def item_fields(dataset: dict[str, Any]) -> dict[str, Any]:
    """``IFeed.get_item_additional_fields``: the entry's title, description,
    page and unit in the reader's language."""
    lang = laodata_lang()
    unit = dataset.get("organization") or {}
    return {
        ENTRY: {
            "title": language.translated(dataset, "title", lang) or dataset.get("name", ""),
            "description": _printable(language.translated(dataset, "notes", lang)),
            "link": tk.url_for("dataset.read", id=dataset["name"], _external=True),
            "unit": {
                "term": unit["name"],
                "label": content.unit_title(unit["name"], lang),
                "scheme": tk.url_for("organization.read", id=unit["name"], _external=True),
            }
            if unit.get("name")
            else None,
        }
    }


def _unit(id_or_name: str) -> str:
    """A unit's name in the reader's language (CKAN's view has already checked it may be read)."""
    unit = tk.get_action("organization_show")(
        {"user": tk.current_user.name}, {"id": id_or_name, "include_datasets": False}
    )
    return content.unit_title(unit)


def _group(id_or_name: str) -> str:
    group = tk.get_action("group_show")(
        {"user": tk.current_user.name}, {"id": id_or_name, "include_datasets": False}
    )
    return str(group.get("display_name") or group.get("title") or group["name"])


def heading() -> tuple[str, str]:
    """The feed's title and subtitle for this request's feed, in the reader's language."""
    name = site.text("site_title", laodata_lang())
    endpoint = flask.request.endpoint or ""
    ident = str((flask.request.view_args or {}).get("id", ""))
    if endpoint == "feeds.organization":
        unit = _unit(ident)
        return (
            tk._("{site}: datasets of {unit}").format(site=name, unit=unit),
            tk._("Datasets of {unit} recently published or updated on {site}").format(site=name, unit=unit),
        )
    if endpoint == "feeds.group":
        group = _group(ident)
        return (
            tk._("{site}: datasets in the group {group}").format(site=name, group=group),
            tk._("Datasets in the group {group} recently published or updated on {site}").format(
                site=name, group=group
            ),
        )
    if endpoint == "feeds.tag":
        return (
            tk._("{site}: datasets tagged {tag}").format(site=name, tag=ident),
            tk._("Datasets tagged {tag} recently published or updated on {site}").format(
                site=name, tag=ident
            ),
        )
    if endpoint == "feeds.custom":
        query = flask.request.args.get("q", "")
        return (
            tk._("{site}: datasets found by a search").format(site=name),
            tk._("Datasets found by the search '{query}' recently published or updated on {site}").format(
                site=name, query=query
            ),
        )
    return name, tk._("Datasets recently published or updated on {site}").format(site=name)


class LaodataFeed(CKANFeed):
    """CKAN's feed writer with the feed's and each entry's text in the reader's language."""

    def __init__(self, feed_title: str, feed_link: str, feed_description: str, **kwargs: Any) -> None:
        title, subtitle = heading()
        kwargs["language"] = laodata_lang()
        if not str(tk.config.get("ckan.feeds.author_name") or "").strip():
            # CKAN's fallback is ckan.site_id ("default"): the portal's name reads better
            kwargs["author_name"] = site.text("site_title", laodata_lang())
        super().__init__(title, feed_link, subtitle, **kwargs)

    def add_item(self, **kwargs: Any) -> None:
        entry = kwargs.pop(ENTRY, None)
        if entry is None:  # not one of ours: CKAN's entry as it is
            super().add_item(**kwargs)
            return
        kwargs["title"] = entry["title"]
        kwargs["description"] = entry["description"]
        kwargs["link"] = entry["link"]
        if entry["unit"]:  # CKAN's add_item sets a ``field_<name>`` as the entry's <name>
            kwargs["field_category"] = entry["unit"]
        super().add_item(**kwargs)
