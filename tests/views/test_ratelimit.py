"""The anonymous Action API rate limit (issue 12 item 3): real Redis, the real app."""

from __future__ import annotations

from typing import Any

import pytest
import redis

import ckan.plugins.toolkit as tk
from ckan.tests import factories

from ckanext.laodata import config


@pytest.fixture
def fresh_counts(with_plugins: Any, clean_db: Any) -> None:
    client = redis.Redis.from_url(tk.config["ckan.redis.url"])
    for key in client.scan_iter("*laodata-api*"):
        client.delete(key)


@pytest.mark.usefixtures("fresh_counts")
@pytest.mark.ckan_config(config.API_ANONYMOUS_RATE, "3/minute")
class TestAnonymousLimit:
    def test_over_the_limit_is_a_clear_429(self, app: Any) -> None:
        for _ in range(3):
            app.get("/api/3/action/status_show", status=200)
        response = app.get("/api/3/action/package_search", status=429)
        assert int(response.headers["Retry-After"]) >= 1
        error = response.json
        assert error["success"] is False and error["error"]["__type"] == "Rate limit"
        assert "3 per 1 minute" in error["error"]["message"]

    def test_pages_and_logged_in_callers_are_not_counted(self, app: Any) -> None:
        user = factories.UserWithToken()
        for _ in range(5):
            app.get("/api/3/action/status_show", headers={"Authorization": user["token"]}, status=200)
            app.get("/dataset/", status=200)
        for _ in range(3):
            app.get("/api/3/action/status_show", status=200)
        app.get("/api/3/action/status_show", status=429)

    def test_the_message_is_in_the_callers_language(self, app: Any) -> None:
        for _ in range(3):
            app.get("/api/3/action/status_show", status=200)
        response = app.get("/vi/api/3/action/status_show", status=429)
        assert response.json["error"]["message"].startswith("Quá nhiều yêu cầu: tối đa 3 per 1 minute")


@pytest.mark.usefixtures("fresh_counts")
@pytest.mark.ckan_config(config.API_ANONYMOUS_RATE, "")
def test_empty_means_no_limit(app: Any) -> None:
    for _ in range(10):
        app.get("/api/3/action/status_show", status=200)
