"""The health endpoint (issue 14): 200 only when PostgreSQL, Redis and the search
engine all answer; 503 naming the failing service otherwise, with no details."""

from __future__ import annotations

from typing import Any

import pytest
import redis

import ckan.lib.redis as ckan_redis

URL = "/api/laodata/health"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_all_services_answer(app: Any) -> None:
    response = app.get(URL)
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok", "search": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_redis_down_gives_503_naming_it(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # a real connection to a port where nothing listens
    monkeypatch.setattr(
        ckan_redis,
        "_connection_pool",
        redis.ConnectionPool.from_url("redis://127.0.0.1:9/0", socket_timeout=2),
    )
    response = app.get(URL, status=503)
    assert response.json == {"status": "failing", "database": "ok", "redis": "failing", "search": "ok"}
    assert "Error" not in response.body


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_search_down_gives_503(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from ckanext.laodata.search import seam

    # the embedded index on a PostgreSQL port where nothing listens
    monkeypatch.setitem(seam._installed, "dsn", "postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")
    response = app.get(URL, status=503)
    assert response.json["search"] == "failing"
    assert response.json["database"] == "ok"
