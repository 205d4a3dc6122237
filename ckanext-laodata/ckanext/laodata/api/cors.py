"""Cross-origin reads of the public API (issue 12 item 5).

Another web site's page may read what an anonymous visitor may read: GET and
HEAD calls to ``/api/`` and to the DCAT documents get
``Access-Control-Allow-Origin`` for the origins in
``ckanext.laodata.api.cors_origins``, and a preflight ``OPTIONS`` is answered for
those methods only. Never ``Access-Control-Allow-Credentials`` and never the
``Authorization`` header: a browser sends no cookie or token that would let the
other site read a logged-in user's data, and a write (POST) gets no CORS header
at all (a cookie-authenticated POST is refused by CKAN's CSRF check anyway).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, request

from .. import app_hooks, config

READ_METHODS = ("GET", "HEAD")
_DCAT = re.compile(r"^/(catalog|dataset/[^/]+)\.(ttl|rdf|jsonld|xml|n3)$")
MAX_AGE = "600"


def readable_path(path: str) -> bool:
    """The paths whose GET answers may be read cross-origin."""
    return path.startswith("/api/") or bool(_DCAT.match(path))


def allowed_origin(origin: str, allowed: list[str]) -> str | None:
    """The value of ``Access-Control-Allow-Origin`` for ``origin``, or None."""
    if not origin or origin == "null":
        return None
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


def add_cors_headers(response: Response) -> Response:
    """``after_app_request``: CORS headers on a cross-origin read of the public API."""
    origin = request.headers.get("Origin", "")
    if not origin or not readable_path(request.path):
        return response
    method = request.method
    if method == "OPTIONS":
        method = request.headers.get("Access-Control-Request-Method", "").upper()
    for header in ("Access-Control-Allow-Credentials", "Access-Control-Allow-Headers"):
        response.headers.pop(header, None)
    value = allowed_origin(origin, config.cors_origins()) if method in READ_METHODS else None
    if value is None:
        response.headers.pop("Access-Control-Allow-Origin", None)
        response.headers.pop("Access-Control-Allow-Methods", None)
        return response
    response.headers["Access-Control-Allow-Origin"] = value
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Max-Age"] = MAX_AGE
    if value != "*":
        response.vary.add("Origin")
    return response


def install(app: Any) -> Any:
    """Run ``add_cors_headers`` after every other ``after_request`` function,
    CKAN's own CORS (``ckan.cors.*``) included, so that its headers, which
    would allow writes, never survive."""
    app_hooks.run_last(app, add_cors_headers)
    return app
