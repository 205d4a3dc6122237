"""``GET /api/laodata/health``: 200 when PostgreSQL, Redis and the search engine all
answer, 503 otherwise, with one "ok"/"failing" word per service (no error details:
anyone may call it)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from . import checks

health = Blueprint("laodata_health", __name__)


@health.route("/api/laodata/health")
def laodata_health() -> tuple[Response, int]:
    results = checks.run()
    body = {name: "ok" if passed else "failing" for name, passed in results.items()}
    response = jsonify({"status": "ok" if all(results.values()) else "failing", **body})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if all(results.values()) else 503
