"""Steps a person takes in the browser, shared by the browser tests."""

from __future__ import annotations

import re
from typing import Any


def log_in(page: Any, live_server: str, name: str, password: str) -> None:
    """Log in through CKAN's login form and wait for the dashboard."""
    page.goto(f"{live_server}/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.click("button[type=submit]:has-text('Login')")
    page.wait_for_url(re.compile(r".*/dashboard.*|.*/user/.*"))
