"""A dataset's workflow status, kept in its ``workflow_status`` extra."""
from __future__ import annotations

from typing import Any

STATUSES = ("draft", "submitted", "returned", "approved", "published")
SUBMITTABLE = ("draft", "returned")


def status_of(package: dict[str, Any]) -> str:
    if package.get("workflow_status"):
        return str(package["workflow_status"])
    for extra in package.get("extras") or []:
        if extra.get("key") == "workflow_status" and extra.get("value"):
            return str(extra["value"])
    return "draft"


def with_status(extras: list[dict[str, Any]], status: str) -> list[dict[str, Any]]:
    """The extras list with ``workflow_status`` set to ``status``."""
    kept = [e for e in extras if e.get("key") != "workflow_status"]
    return kept + [{"key": "workflow_status", "value": status}]
