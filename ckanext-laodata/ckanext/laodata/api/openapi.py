"""The OpenAPI 3 document of laodata's API (``openapi.yaml`` beside this module).

The YAML holds the operations; this module completes it for the deployment:
``servers`` from ``ckan.site_url``, each ``x-laodata-vocabulary: NAME`` replaced by
the vocabulary's keys (``vocab.py`` stays the one home of the vocabularies) and
each ``x-laodata-enum: NAME`` by the values the action accepts, and shared
response sets (``{$ref: "#/components/x-..."}`` under ``responses``, which OpenAPI
3.0 cannot reference) copied in place.
"""

from __future__ import annotations

import copy
import functools
import pathlib
from typing import Any

import yaml

import ckan.plugins.toolkit as tk

from .. import vocab
from ..catalog.fields import ENTRY_FIELDS
from ..catalog.status import STATUSES
from ..security import audit

DOCUMENT = pathlib.Path(__file__).with_name("openapi.yaml")
# Values an action accepts that are not a vocabulary of schemas/vocabularies.yaml.
ENUMS: dict[str, list[str]] = {
    "entry_status": [*STATUSES, "delivered", "outstanding"],
    "audit_event": sorted(audit.EVENTS),
}
_SHARED_PREFIX = "#/components/"
ACTION_PREFIX = "/api/3/action/"


@functools.lru_cache(maxsize=1)
def _source() -> dict[str, Any]:
    with DOCUMENT.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def document() -> dict[str, Any]:
    """The complete document for this deployment."""
    doc = copy.deepcopy(_source())
    shared = {k: v for k, v in doc["components"].items() if k.startswith("x-")}
    for key in shared:
        del doc["components"][key]
    doc = _complete(doc, shared)
    for path, item in doc["paths"].items():
        if path.startswith(ACTION_PREFIX) and "get" in item:
            item["post"] = _as_post(item["get"])
    doc["servers"] = [{"url": tk.config.get("ckan.site_url") or "/"}]
    return doc


def operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{path, method, operation}]`` in the document's order (for the docs page)."""
    found = []
    for path, item in doc["paths"].items():
        for method in ("get", "post"):
            if method in item:
                found.append({"path": path, "method": method, "operation": item[method]})
    return found


def action_names(doc: dict[str, Any]) -> set[str]:
    """The actions the document describes (its ``/api/3/action/NAME`` paths)."""
    return {path[len(ACTION_PREFIX) :] for path in doc["paths"] if path.startswith(ACTION_PREFIX)}


def _as_post(get: dict[str, Any]) -> dict[str, Any]:
    """The POST form of a reading action (CKAN takes every action by POST, with
    the query parameters as a JSON body; null for an optional one is as if it
    were not given)."""
    params = get.get("parameters", [])
    post = {k: copy.deepcopy(v) for k, v in get.items() if k != "parameters"}
    post["operationId"] = f"{get['operationId']}_post"
    properties = {}
    for p in params:
        prop = copy.deepcopy(p["schema"])
        if not p.get("required"):
            prop["nullable"] = True
            if "enum" in prop:
                prop["enum"] = [*prop["enum"], None]
        properties[p["name"]] = prop
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    required = [p["name"] for p in params if p.get("required")]
    if required:
        schema["required"] = required
    post["requestBody"] = {"required": bool(required), "content": {"application/json": {"schema": schema}}}
    return post


def _complete(node: Any, shared: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_complete(item, shared) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-laodata-vocabulary" in node:
        node = dict(node)
        node["enum"] = list(vocab.keys(node.pop("x-laodata-vocabulary")))
    if node.get("x-laodata-entry-fields"):
        node = dict(node)
        del node["x-laodata-entry-fields"]
        # any value: the action checks each field by its kind (409 naming it)
        extra: dict[str, Any] = {name: {} for name in ENTRY_FIELDS if name not in node.get("properties", {})}
        node["properties"] = {**node.get("properties", {}), **extra}
    if "x-laodata-enum" in node:
        node = dict(node)
        node["enum"] = list(ENUMS[node.pop("x-laodata-enum")])
    out = {}
    for key, value in node.items():
        ref = value.get("$ref") if isinstance(value, dict) and key == "responses" else None
        if isinstance(ref, str) and ref.startswith(_SHARED_PREFIX) and ref[len(_SHARED_PREFIX) :] in shared:
            value = copy.deepcopy(shared[ref[len(_SHARED_PREFIX) :]])
        out[key] = _complete(value, shared)
    if out.get("in") == "query" and not out.get("required") and "enum" in out.get("schema", {}):
        # an empty filter is no filter
        out["schema"]["enum"] = [*out["schema"]["enum"], ""]
    return out
