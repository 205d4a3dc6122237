"""A dataset's workflow status (the scheming field ``workflow_status``)."""
from __future__ import annotations

from typing import Any

STATUSES = ("draft", "submitted", "returned", "approved", "published")
SUBMITTABLE = ("draft", "returned")


def status_of(package: dict[str, Any]) -> str:
    return str(package.get("workflow_status") or "draft")
