"""Which pages load CKAN's scripts, and which only laodata's small public script.

A citizen's pages (home, About, dataset search and page, a unit's or theme's
page, the error page of an address no page answers), seen by someone not
logged in, use no CKAN JavaScript module: their links and forms work without it. What they do need — the phone
menu's toggle, the search filters' panel on a phone, a sort or filter change
submitting the search form — is ``assets/laodata-public.js`` (vanilla, no
jQuery), so they skip CKAN's ``base/main`` and ``base/ckan`` bundles and what
those bring (jQuery, moment, select2, htmx, Bootstrap's scripts, CKAN's
modules and its translation request): about 260 KB compressed. Font Awesome's
stylesheet still comes (the pages' icons). Logged-in visitors and every other
page (forms, dashboards, the catalog and review pages, resource views) keep
CKAN's scripts.
"""

from __future__ import annotations

import flask

import ckan.plugins.toolkit as tk

LEAN_ENDPOINTS = frozenset(
    {
        "home.index",
        "home.about",
        "dataset.search",
        "dataset.read",
        "organization.index",
        "organization.read",
        "organization.about",
        "group.index",
        "group.read",
        "group.about",
        # an address no page answers falls to the static files' route, which answers 404
        "static",
    }
)


def lean_scripts() -> bool:
    """Whether this page loads only laodata's public script: a visitor not logged in,
    on a citizen's page or on the error page of an address no page answers."""
    if not tk.current_user.is_anonymous:
        return False
    endpoint = flask.request.endpoint
    return endpoint is None or endpoint in LEAN_ENDPOINTS
