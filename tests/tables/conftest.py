"""The portal served over HTTP for the DataStore loader (ckanext-xloader).

xloader fetches each file by its URL from the portal and reports back to the
portal's API (``xloader_hook``), both over HTTP, with an API token. The tests
serve CKAN's test app on a local port (a real WSGI server in a thread), point
``ckanext.xloader.site_url`` at it (the loader rewrites ``ckan.site_url`` to
it) and give the loader a token of the site user. The job runs in CKAN's
worker (``ckan jobs worker --burst``, which forks per job as in production).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

import ckan.plugins.toolkit as tk
from ckan.tests import helpers


@pytest.fixture
def live_portal(app: Any, clean_db: Any, with_plugins: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app.app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site_user = helpers.call_action("get_site_user")["name"]
    token = helpers.call_action(
        "api_token_create", context={"user": site_user, "ignore_auth": True}, user=site_user, name="xloader"
    )["token"]
    monkeypatch.setitem(tk.config, "ckanext.xloader.site_url", url)
    monkeypatch.setitem(tk.config, "ckanext.xloader.api_token", token)
    helpers.call_action("job_clear")
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=10)
