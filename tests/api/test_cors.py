"""CORS: other sites' pages may read the public API, never write and never with
the visitor's cookies or tokens."""

from __future__ import annotations

from typing import Any

import pytest

from ckanext.laodata import config

ALLOWED = "https://maps.example.gov.la"
pytestmark = pytest.mark.usefixtures("with_plugins")
ALLOW = pytest.mark.ckan_config(config.CORS_ORIGINS, ALLOWED)


def _client(app: Any) -> Any:
    return app.flask_app.test_client()


@ALLOW
def test_an_allowed_origin_reads_the_public_api(app: Any) -> None:
    response = _client(app).get("/api/3/action/package_search?rows=0", headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Origin" in response.headers.get("Vary", "")
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Access-Control-Allow-Headers" not in response.headers  # no Authorization from other sites


@ALLOW
def test_the_document_and_the_dcat_catalog_are_readable(app: Any) -> None:
    for path in ("/api/laodata/openapi.json", "/catalog.ttl"):
        response = _client(app).get(path, headers={"Origin": ALLOWED})
        assert response.headers.get("Access-Control-Allow-Origin") == ALLOWED, path


@ALLOW
@pytest.mark.parametrize("origin", ["https://evil.example", "null", ALLOWED + ".evil.example"])
def test_other_origins_get_nothing(app: Any, origin: str) -> None:
    response = _client(app).get("/api/3/action/package_search?rows=0", headers={"Origin": origin})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


@ALLOW
def test_writes_never_get_cors_headers(app: Any) -> None:
    response = _client(app).post(
        "/api/3/action/laodata_dataset_submit", json={"id": "x"}, headers={"Origin": ALLOWED}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = _client(app).options(
        "/api/3/action/laodata_dataset_submit",
        headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    read = _client(app).options(
        "/api/3/action/package_search", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"}
    )
    assert read.headers["Access-Control-Allow-Origin"] == ALLOWED


@ALLOW
def test_pages_are_not_shared(app: Any) -> None:
    response = _client(app).get("/dataset/", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.ckan_config("ckan.cors.origin_allow_all", True)
@ALLOW
def test_ckans_own_cors_cannot_open_writes(app: Any) -> None:
    response = _client(app).post(
        "/api/3/action/laodata_dataset_submit", json={"id": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_off_by_default(app: Any) -> None:
    response = _client(app).get("/api/3/action/package_search?rows=0", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.ckan_config(config.CORS_ORIGINS, "*")
def test_any_origin(app: Any) -> None:
    response = _client(app).get(
        "/api/3/action/package_search?rows=0", headers={"Origin": "https://a.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
