"""CKAN's own strings in the portal's languages.

CKAN ships no Lao catalog and a half-translated Vietnamese one. The project
ships complete ``ckan``-domain catalogs in ``i18n-ckan/`` (``ckan.pot`` of the
installed CKAN, ``lo`` and ``vi``) and makes that folder CKAN's
``ckan.i18n_directory``, CKAN's own way of adding a language: the locales it
offers and the ``ckan`` domain Flask-Babel loads come from there, and
laodata's ``ckanext-laodata`` domain (``ITranslation``) is merged over it.
A deployment that sets ``ckan.i18n_directory`` itself keeps its own.
"""

from __future__ import annotations

import pathlib
from typing import Any

import ckan.plugins.toolkit as tk

DIRECTORY = pathlib.Path(__file__).parent / "i18n-ckan"
KEY = "ckan.i18n_directory"


def install(config: Any) -> None:
    """Point CKAN at the shipped catalogs unless the deployment chose a folder."""
    if not config.get(KEY):
        config[KEY] = str(DIRECTORY)


def here() -> str:
    """This page's address in its language (``/lo/catalog/progress?…``): what a
    redirect to the log-in form passes as ``came_from``, so that the visitor
    comes back to the page in the language they were reading. CKAN strips the
    language from the request's path, so ``request.path`` alone would lose it."""
    lang = tk.h.lang()
    if not lang or lang == tk.config.get("ckan.locale_default"):
        lang = "default"  # CKAN's word for "no language in the path"
    return str(tk.h.url_for(tk.h.current_url(), locale=lang))


def login_redirect() -> Any:
    """Send an anonymous visitor to the log-in form (in this language), and back here afterwards."""
    return tk.redirect_to(tk.h.url_for("user.login", came_from=here()))
