"""Forms posted from a browser session: their CSRF token, checked by the page modules.

CKAN checks the token too, but after any request authenticated by an API
token it exempts that view from the check for the rest of the process
(``csrf.exempt`` in ``ckan.config.middleware.flask_app``), which would leave
laodata's forms open to cross-site posts from then on. So laodata's
blueprints check it themselves before every POST. API-token requests carry no
ambient credentials and stay exempt.
"""

from __future__ import annotations

from flask import request

import ckan.plugins.toolkit as tk


def check_csrf_token(anonymous_too: bool = False) -> None:
    """Refuse (CKAN's 400) a browser session's POST without a valid CSRF token.

    CKAN counts an anonymous request as one "via the auth header";
    ``anonymous_too`` checks it all the same (a form before log-in, such as
    the log-in's second step)."""
    anonymous = not getattr(tk.current_user, "is_authenticated", False)
    if request.method == "POST" and (not tk.g.get("login_via_auth_header") or (anonymous_too and anonymous)):
        from ckan.config.middleware.flask_app import csrf  # noqa: TID251  # CKAN's CSRFProtect instance

        csrf.protect()
