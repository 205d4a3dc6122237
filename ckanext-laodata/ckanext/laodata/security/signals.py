"""CKAN's signals that leave a line in the audit log (ISignal)."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import audit


def subscriptions() -> dict[Any, list[Any]]:
    return {
        tk.signals.resource_download: [on_resource_download],
        tk.signals.failed_login: [on_failed_login],
        tk.signals.user_logged_in: [on_logged_in],
        tk.signals.user_logged_out: [on_logged_out],
    }


def on_resource_download(resource_id: Any, **_: Any) -> None:
    """A file of a dataset that is not public was sent (CKAN sends the signal
    only after its auth let the caller read the resource)."""
    resource = model.Resource.get(str(resource_id))
    package = resource.package if resource is not None else None
    if package is not None and package.private:
        audit.record(audit.DOWNLOAD_NON_PUBLIC, dataset=package.name, resource=str(resource_id))


def on_failed_login(login: Any, **_: Any) -> None:
    # the name typed in the form (it may be an e-mail address); never the password
    audit.record(audit.LOGIN_FAILURE, login=str(login or "")[:100])


def on_logged_in(sender: Any, user: Any = None, **_: Any) -> None:
    audit.record(audit.LOGIN_SUCCESS, user=getattr(user, "name", None), actor=getattr(user, "name", None))


def on_logged_out(sender: Any, user: Any = None, **_: Any) -> None:
    audit.record(audit.LOGOUT, user=getattr(user, "name", None), actor=getattr(user, "name", None))
