"""The DCAT catalog endpoint's paging links, percent-encoded.

ckanext-dcat 2.4 builds the hydra paging links of ``/catalog.{ttl,rdf,...}``
by pasting the request's ``q``/``fq`` into the URL unencoded, so any search
with a space (``/catalog.ttl?q=water supply``) produces an invalid URI that
rdflib refuses to serialise: a 500. This chained action assembles the catalog
from ckanext-dcat's own search and paging helpers (module-private functions of
``ckanext.dcat.logic``; this is the one place that touches them) and rebuilds
each paging link from the same parameters with ``urlencode``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import request

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer

PAGING_LINKS = ("current", "first", "last", "next", "previous")
# the request parameters that ckanext-dcat carries into its paging links
CARRIED = ("modified_since", "profiles", "q", "fq")
_PAGE = re.compile(r"[?&]page=(\d+)$")


def paging_link(link: str, args: list[tuple[str, str]]) -> str:
    """``link`` (as ckanext-dcat wrote it) with its query string re-encoded."""
    page = _PAGE.search(link)
    if not page:
        return link
    base = link.split("?", 1)[0]
    params = [(k, v) for k, v in args if k in CARRIED] + [("page", page.group(1))]
    return f"{base}?{urlencode(params)}"


@tk.side_effect_free
@tk.chained_action
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    tk.check_access("dcat_catalog_show", context, data_dict)
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    paging = dcat_logic._pagination_info(query, data_dict)
    args = list(request.args.items(multi=True)) if request else []
    paging = {
        key: paging_link(value, args) if key in PAGING_LINKS and isinstance(value, str) else value
        for key, value in paging.items()
    }
    return RDFSerializer(profiles=data_dict.get("profiles")).serialize_catalog(
        {}, query["results"], _format=data_dict.get("format"), pagination_info=paging
    )
