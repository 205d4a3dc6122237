"""How responses travel: compressed, and static files with their cache lifetimes.

Compression: flask-compress (pinned in requirements.txt) compresses pages, API
answers and text static files (CSS, JavaScript, SVG, JSON, XML, RDF) with
Brotli or gzip, whichever the browser accepts, on the embedded default
(gunicorn serving ``ckanext.laodata.wsgi``). Behind nginx (``docker/nginx``)
it does no harm: nginx passes an encoded answer through unchanged.
``ckanext.laodata.delivery.compress = false`` leaves it to the proxy. A partial
answer (206, a byte range of a download) is never compressed: its range is of
the file as stored; a coding the browser refuses (``gzip;q=0``) is never used.

Cache lifetimes of static files (one table, ``cache_control``):
- fingerprinted URLs, whose name changes with their content, are kept a year
  (``immutable``): CKAN's webassets bundles (``/webassets/.../<hash>_name.css``)
  and laodata's web font (``/laodata/fonts/``, the font's version in the name);
- CKAN's own fixed files (``/base/``: images, vendor files), which change
  only with an upgrade, a week (as ``docker/nginx/laodata.conf`` says too);
- other static files (the logo, a bundle's source files) an hour, so a
  deployment's change shows within the hour.
Pages and API answers keep CKAN's own ``Cache-Control`` (``ckan.cache_expires``).
"""

from __future__ import annotations

import re
from typing import Any

import flask
from flask_compress import Compress

from .. import app_hooks, config

YEAR = "public, max-age=31536000, immutable"
WEEK = "public, max-age=604800"
HOUR = "public, max-age=3600"

# the endpoints serving files: CKAN's public directories and its webassets
STATIC = "static"
WEBASSETS = "webassets.index"
# webassets' output names start with the hash of the bundle's content
_HASHED_BUNDLE = re.compile(r"(^|/)[0-9a-f]{8,}_[^/]+$")
# files in public/ named with a version of what they hold (scripts/fonts)
_VERSIONED_PUBLIC = ("/laodata/fonts/",)
# CKAN's public directory: changes with a CKAN upgrade only
_CKAN_FIXED = ("/base/",)

COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/xml",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/xml",
    "application/rdf+xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/turtle",
    "text/n3",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
]


def cache_control(endpoint: str | None, path: str) -> str | None:
    """The ``Cache-Control`` of a static file's answer; None for anything else."""
    if endpoint == WEBASSETS:
        return YEAR if _HASHED_BUNDLE.search(path) else HOUR
    if endpoint == STATIC:
        if path.startswith(_VERSIONED_PUBLIC):
            return YEAR
        return WEEK if path.startswith(_CKAN_FIXED) else HOUR
    return None


def _static_cache(response: flask.Response) -> flask.Response:
    value = cache_control(flask.request.endpoint, flask.request.path)
    if value is not None and response.status_code in (200, 304):
        response.headers["Cache-Control"] = value
        response.headers.pop("Expires", None)
        response.headers.pop("Pragma", None)
    return response


_REFUSED = re.compile(r"^\s*q\s*=\s*0(\.0{0,3})?\s*$")


def _accepted(accept_encoding: str) -> str:
    """``Accept-Encoding`` without the codings it refuses (``gzip;q=0``), which
    flask-compress would otherwise choose as if they were merely least wanted."""
    kept = []
    for part in accept_encoding.split(","):
        params = part.split(";")[1:]
        if not any(_REFUSED.match(p) for p in params):
            kept.append(part)
    return ",".join(kept)


class _Compress(Compress):
    def after_request(self, response: flask.Response | None) -> flask.Response:
        if response is not None and (response.status_code == 206 or "Content-Range" in response.headers):
            return response
        environ = flask.request.environ
        if "HTTP_ACCEPT_ENCODING" in environ:
            environ["HTTP_ACCEPT_ENCODING"] = _accepted(environ["HTTP_ACCEPT_ENCODING"])
        return super().after_request(response)


def install(app: Any) -> Any:
    """Compress answers and give static files their lifetimes (the app, for chaining)."""
    if config.delivery_compress():
        app.config.update(
            COMPRESS_MIMETYPES=COMPRESSED_TYPES,
            COMPRESS_ALGORITHM=["br", "gzip"],
            COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],  # static files are sent as streams
            COMPRESS_STREAMING_ENDPOINT_CONDITIONAL=[STATIC, WEBASSETS],
            COMPRESS_MIN_SIZE=500,
        )
        _Compress(app)
    # CKAN's own after-request hook sets every answer's Cache-Control from
    # ckan.cache_expires: this one runs after it and has the last word
    app_hooks.run_last(app, _static_cache)
    return app
