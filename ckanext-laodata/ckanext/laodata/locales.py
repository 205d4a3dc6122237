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

DIRECTORY = pathlib.Path(__file__).parent / "i18n-ckan"
KEY = "ckan.i18n_directory"


def install(config: Any) -> None:
    """Point CKAN at the shipped catalogs unless the deployment chose a folder."""
    if not config.get(KEY):
        config[KEY] = str(DIRECTORY)
