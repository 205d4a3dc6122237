"""Background jobs of account security (``ckan jobs worker``)."""

from __future__ import annotations

import ckan.model as model
from ckan.lib import mailer


def send_reset_link(user_id: str) -> None:
    """E-mail a password reset link. Run by the worker so that a mail server
    that is down fails this job (rq's failed registry), never the reset
    form, whose answer must not differ between existing and unknown accounts."""
    user = model.User.get(user_id)
    if user is None or user.state == "deleted":
        return
    mailer.send_reset_link(user)
