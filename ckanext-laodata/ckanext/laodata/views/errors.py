"""A search query the engine cannot read is the visitor's error, on every page.

CKAN's own search page and its Action API turn ``SearchQueryError`` into a
400, but other views that search on the visitor's behalf do not: the DCAT
catalog (``/catalog.ttl?q=...``) and the feeds (``/feeds/custom.atom?q=...``)
let it through as a 500. This error handler answers 400 with CKAN's error
page for all of them, whichever search backend raised it.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchQueryError


def _bad_query(exc: SearchQueryError) -> tuple[str, int]:
    content = tk._("The search query could not be read: {reason}").format(reason=exc)
    return tk.render("error_document_template.html",
                     {"code": 400, "name": tk._("Bad request"), "content": content}), 400


def install(app: Any) -> Any:
    app.register_error_handler(SearchQueryError, _bad_query)
    return app
