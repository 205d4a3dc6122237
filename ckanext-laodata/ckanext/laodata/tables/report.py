"""The loader's report on the resource page, in the UI language (template helper).

ckanext-xloader keeps each resource's last load as a task status (``pending``,
``submitting``, ``running``, ``running_but_viewable``, ``complete``,
``error``) with its error in English. Here it becomes one of ``pending``,
``running``, ``loaded``, ``error`` with a sentence; the loader's own words
(which may name the file's URL or database details) are for those who may
edit the resource, with a link to the loader's log. A table that is still
being indexed is shown as loading, not as complete.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

STATES = {
    "submitting": "pending",
    "pending": "pending",
    "running": "running",
    "running_but_viewable": "running",
    "complete": "loaded",
    "error": "error",
}


def _labels() -> dict[str, str]:
    return {
        "pending": tk._("Waiting to be loaded"),
        "running": tk._("Loading"),
        "loaded": tk._("Loaded"),
        "error": tk._("Not loaded"),
    }


def _error_kind(text: str) -> str:
    lowered = text.lower()
    if "too large" in lowered:
        return "too_large"
    if "download" in lowered or "http" in lowered or "url" in lowered:
        return "fetch"
    return "unreadable"


def _error_sentence(kind: str) -> str:
    limit = int(tk.config.get("ckanext.xloader.max_content_length") or 1e9) / 1048576
    return {
        "too_large": tk._(
            "The file is larger than {limit} MB, the largest file loaded into a table: "
            "download it to see the data."
        ).format(limit=f"{limit:,.1f}"),
        "fetch": tk._("The file could not be fetched for loading. Upload it again or check its link."),
        "unreadable": tk._(
            "The file could not be read as a table (check its format, encoding and that every row "
            "has the header's columns). No part of it is shown as a table."
        ),
    }[kind]


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or "")
    return str(error or "")


def _may_edit(resource: dict[str, Any]) -> bool:
    try:
        tk.check_access("resource_update", {"user": tk.current_user.name}, {"id": resource.get("id")})
    except tk.NotAuthorized:
        return False
    return True


def laodata_loader_report(resource: dict[str, Any]) -> dict[str, Any] | None:
    """The table loader's state for the resource page (None: never loaded)."""
    try:
        status = tk.get_action("xloader_status")({"ignore_auth": True}, {"resource_id": resource.get("id")})
    except (tk.ObjectNotFound, KeyError):
        return None
    state = STATES.get(str(status.get("status")))
    if state is None:
        return None
    if state == "loaded" and not resource.get("datastore_active"):
        state = "error"
    report: dict[str, Any] = {"status": state, "label": _labels()[state], "message": "", "detail": ""}
    if state == "error":
        text = _error_text(status.get("error"))
        report["message"] = _error_sentence(_error_kind(text))
        if _may_edit(resource):
            report["detail"] = text
            report["log_url"] = tk.h.url_for(
                "xloader.resource_data", id=resource.get("package_id"), resource_id=resource.get("id")
            )
    return report
