"""``GET /api/laodata/openapi.json`` (the OpenAPI document) and ``/api-docs``
(a page rendering it, with curl and Python examples)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify

import ckan.plugins.toolkit as tk

from . import openapi

api_docs = Blueprint("laodata_api", __name__)
CACHE = "public, max-age=300"


@api_docs.route("/api/laodata/openapi.json")
def laodata_openapi() -> Response:
    response = jsonify(openapi.document())
    response.headers["Cache-Control"] = CACHE
    return response


@api_docs.route("/api-docs")
def laodata_api_docs() -> str:
    doc = openapi.document()
    site = doc["servers"][0]["url"].rstrip("/")
    return tk.render(
        "laodata/api/docs.html",
        {
            "doc": doc,
            "operations": [
                dict(op, examples=examples(site, op))
                for op in openapi.operations(doc)
                if not op["operation"]["operationId"].endswith("_post")
            ],
            "site": site,
        },
    )


def examples(site: str, op: dict[str, Any]) -> dict[str, str]:
    """A curl command and a ckanapi call for one operation, from its example
    values (or a placeholder per required parameter)."""
    operation, path = op["operation"], op["path"]
    if not path.startswith("/api/3/action/"):
        return {"curl": f"curl {site}{path}", "python": ""}
    name = path.rsplit("/", 1)[1]
    params = _example_params(operation)
    auth = "" if op["method"] == "get" else ' -H "Authorization: $CKAN_TOKEN"'
    if op["method"] == "get":
        query = "&".join(f"{k}={v}" for k, v in params.items())
        curl = f"curl '{site}{path}{'?' + query if query else ''}'"
    else:
        body = json.dumps(params, ensure_ascii=False)
        curl = f"curl -X POST{auth} -H 'Content-Type: application/json' \\\n  -d '{body}' {site}{path}"
    args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in params.items())
    token = "" if op["method"] == "get" else ', apikey="<your API token>"'
    python = (
        f'from ckanapi import RemoteCKAN\n\nportal = RemoteCKAN("{site}"{token})\n'
        f"result = portal.action.{name}({args})"
    )
    return {"curl": curl, "python": python}


def _example_params(operation: dict[str, Any]) -> dict[str, Any]:
    body = operation.get("requestBody", {}).get("content", {})
    for media in ("application/json",):
        if media in body:
            content = body[media]
            if "example" in content.get("schema", {}) or "example" in content:
                return dict(content.get("example") or content["schema"]["example"])
            required = content.get("schema", {}).get("required", [])
            return {name: f"<{name}>" for name in required}
    return {
        p["name"]: p.get("example", f"<{p['name']}>")
        for p in operation.get("parameters", [])
        if p.get("required")
    }
