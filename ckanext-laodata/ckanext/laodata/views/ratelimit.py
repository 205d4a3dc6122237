"""Rate limit for anonymous callers of the Action API (issue 12).

``ckanext.laodata.api.anonymous_rate_limit`` calls per client address (e.g.
``120/minute``), counted by flask-limiter in CKAN's Redis so every web worker
shares one count; one budget for all of ``/api/``. A caller identified by CKAN
(API token or session) is not counted: CKAN identifies the user in its own
``before_request``, which runs before the limiter's (plugins' middleware is
installed after it). Over the limit: 429 with ``Retry-After`` and CKAN's JSON
error shape. If Redis fails, the call goes through (the limit is not a reason
to refuse service).
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import flask
from flask_limiter import Limiter, RateLimitExceeded, RequestLimit
from flask_limiter.util import get_remote_address

import ckan.plugins.toolkit as tk

from .. import config


def _exempt() -> bool:
    if not flask.request.path.startswith("/api/"):
        return True
    if not config.api_anonymous_rate().strip():
        return True
    return not tk.current_user.is_anonymous


def _rate() -> str:
    return config.api_anonymous_rate().strip() or "1000000/second"


def _too_many(limit: RequestLimit) -> flask.Response:
    retry_after = max(1, math.ceil(limit.reset_at - time.time()))
    message = tk._(
        "Too many requests: at most {limit} without an API token. Try again in {seconds} s."
    ).format(limit=str(limit.limit), seconds=retry_after)
    body = {"success": False, "error": {"__type": "Rate limit", "message": message}}
    response = flask.Response(json.dumps(body), status=429, content_type="application/json;charset=utf-8")
    response.headers["Retry-After"] = str(retry_after)
    return response


def _answer(exc: RateLimitExceeded) -> Any:
    # CKAN's handler for HTTP errors would render its HTML page instead of our answer
    return exc.get_response()


def install(app: Any) -> Any:
    app.register_error_handler(RateLimitExceeded, _answer)
    Limiter(
        get_remote_address,
        app=app,
        storage_uri=tk.config["ckan.redis.url"],
        key_prefix="laodata-api",
        application_limits=[_rate],
        application_limits_exempt_when=_exempt,
        on_breach=_too_many,
        swallow_errors=True,
        headers_enabled=False,
    )
    return app
