"""The password-reset request (INotifier): the same answer for every name or
address typed in, existing or not.

CKAN already answers alike for unknown accounts, but sends the mail while
answering, so a mail error shows only for an account that exists. Here the
link is queued for the worker instead and the form always says the same."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import jobs

TOPIC = "request_password_reset"


def notify_about_topic(already_notified: bool, topic: str, details: dict[str, Any] | None) -> bool:
    user = (details or {}).get("user")
    if already_notified or topic != TOPIC or user is None:
        return already_notified
    tk.enqueue_job(jobs.send_reset_link, [user.id], title="laodata: password reset link")
    return True
