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


def check_csrf_token() -> None:
    """Refuse (CKAN's 400) a browser session's POST without a valid CSRF token."""
    if request.method == "POST" and not tk.g.get("login_via_auth_header"):
        from ckan.config.middleware.flask_app import csrf  # noqa: TID251  # CKAN's CSRFProtect instance

        csrf.protect()
