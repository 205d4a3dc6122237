"""The portal's own name, logo, introduction and About text, per language.

Each text is, for a page in language L: laodata's per-language setting
(``ckanext.laodata.portal.<text>_<L>``), else CKAN's own setting
(``ckan.site_title``, ``ckan.site_intro_text``, ``ckan.site_about``; editable
by sysadmins at /ckan-admin/config), else laodata's built-in text in L. CKAN's
own default name ("CKAN") and logo never reach a page.
"""

from __future__ import annotations

from typing import Any

import flask

import ckan.plugins.toolkit as tk

from .. import config
from ..labels import laodata_lang

CKAN_DEFAULT_TITLE = "CKAN"
CKAN_DEFAULT_LOGO = "/base/images/ckan-logo.png"
LOGO = "/laodata/logo.svg"  # the project's own logo (public/laodata/logo.svg)


def _builtin(text: str) -> str:
    if text == "site_title":
        return tk._("Provincial open data portal")
    if text == "intro_text":
        return tk._(
            "The open data of the province's departments, in one place: find, preview and "
            "download the datasets they publish, in Lao, Vietnamese or English."
        )
    return "\n\n".join(
        (
            "## " + tk._("About this portal"),
            tk._(
                "This portal publishes the open data of the province: datasets delivered by the "
                "provincial departments and agencies from the province's data catalog, checked by "
                "the data office before they are published."
            ),
            tk._(
                "Every dataset states its unit, licence, update frequency and when it was last "
                "updated. The data can be downloaded as files and read by programs through the API "
                "and the DCAT catalog."
            ),
            tk._("Questions about a dataset go to the contact of the unit that publishes it."),
        )
    )


def text(name: str, lang: str) -> str:
    """``site_title``, ``intro_text`` or ``about`` for a page in ``lang``."""
    own = config.site_text(name, lang)
    if own:
        return own
    ckan_text = config.ckan_site_text(name)
    if ckan_text and not (name == "site_title" and ckan_text == CKAN_DEFAULT_TITLE):
        return ckan_text
    return _builtin(name)


def logo() -> str:
    """The logo's URL path: CKAN's ``ckan.site_logo``, or laodata's own instead of CKAN's."""
    value = config.site_logo()
    return LOGO if not value or value == CKAN_DEFAULT_LOGO else value


def install(app: Any) -> Any:
    """CKAN's own templates name the site by ``g.site_title`` (the ``og:title``
    of dataset and resource pages, the header's logo text): each request gets
    the portal's name in its page's language there (the app, for chaining)."""
    app.before_request(_name_the_site)
    return app


def _name_the_site() -> None:
    # CKAN's ``g`` reads an attribute it lacks from its app globals (the setting):
    # one set for this request comes first.
    flask.g.site_title = text("site_title", laodata_lang())
