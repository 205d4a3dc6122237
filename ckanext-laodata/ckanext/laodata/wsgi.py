"""WSGI entry point for gunicorn: ``ckanext.laodata.wsgi:application``.

The ckan wheel ships no wsgi module. The ini path comes from ``LAODATA_INI``
(or ``CKAN_INI``).
"""

from __future__ import annotations

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ.get("LAODATA_INI") or os.environ["CKAN_INI"]))
