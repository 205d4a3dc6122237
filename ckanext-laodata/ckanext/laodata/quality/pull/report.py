"""A resource's pull source as its page shows it to the dataset's staff (template helpers)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ...access import held
from ...access.roles import is_staff_for
from .model import PullSource


def _staff(package: dict[str, Any]) -> bool:
    stored = model.Package.get(str(package.get("id") or ""))
    user = tk.current_user.name if tk.current_user else None
    return stored is not None and is_staff_for(user, stored)


def error_text(error: dict[str, Any]) -> str:
    """Why a pull failed, in the UI language."""
    code = str(error.get("code"))
    texts = {
        "private_address": tk._(
            "The address of {host} is a private or local network address; only public addresses are pulled."
        ).format(host=error.get("host") or error.get("url") or "-"),
        "unresolvable": tk._("The host {host} was not found.").format(host=error.get("host")),
        "unreachable": tk._("The server could not be reached."),
        "tls": tk._("The server's secure connection (TLS) could not be verified."),
        "too_large": tk._("The file is larger than {limit:.1f} MB, the largest accepted.").format(
            limit=int(error.get("limit") or 0) / 1048576
        ),
        "too_slow": tk._("The download took longer than {limit} seconds.").format(limit=error.get("limit")),
        "too_many_redirects": tk._("The address redirects more than {limit} times.").format(
            limit=error.get("limit")
        ),
        "http_status": tk._("The server answered with HTTP status {status}.").format(
            status=error.get("status")
        ),
        "not_authorized": tk._("The user who set up the pull may no longer edit this dataset."),
        "refused": tk._("The file was refused: {errors}").format(errors=error.get("errors")),
        "no_user": tk._("The user who set up the pull no longer exists."),
    }
    return texts.get(
        code, tk._("A redirect led to an address that is not pulled ({code}).").format(code=code)
    )


def laodata_pull_source(package: dict[str, Any], resource: dict[str, Any]) -> dict[str, Any] | None:
    """The resource's pull source for the dataset's staff (None: none, or not staff)."""
    source = model.Session.get(PullSource, str(resource.get("id") or ""))
    if source is None or not _staff(package):
        return None
    statuses = {
        "ok": tk._("new file delivered, being checked"),
        "unchanged": tk._("unchanged"),
        "failed": tk._("failed"),
    }
    schedules = {
        "hourly": tk._("every hour"),
        "daily": tk._("every day"),
        "weekly": tk._("every week"),
        "monthly": tk._("every month"),
    }
    return {
        **source.as_dict(),
        "schedule_label": schedules.get(source.schedule, source.schedule),
        "status_label": statuses.get(source.last_status or "", ""),
        "error": error_text(source.last_error) if isinstance(source.last_error, dict) else "",
    }


def laodata_resource_held(package: dict[str, Any], resource: dict[str, Any]) -> bool:
    """Whether the page should say that the resource's new file is held (staff only see it)."""
    return held.is_held(str(resource.get("id") or "")) and _staff(package)
