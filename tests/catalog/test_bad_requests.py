"""Hostile parameters on the catalog's pages and actions: a clear 4xx, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from ckan.tests import factories

REFUSED = [
    "/catalog?unit=%00x",
    "/catalog?q=a%00b",
    "/catalog/%00",
    "/catalog/export.csv?unit=%00",
    "/catalog/export.xlsx?q=%00",
    "/api/3/action/laodata_catalog_entry_list?unit=%00",
    "/api/3/action/laodata_progress?unit=%00",
    "/api/3/action/laodata_catalog_entry_show?code=%00",
    "/api/3/action/laodata_progress?as_of=2024-13-01",
    "/api/3/action/laodata_catalog_entry_list?limit=abc",
    "/api/3/action/laodata_catalog_entry_list?status=nope",
]
TOLERATED = [
    "/catalog?page=-5&status=%3Cscript%3E",
    "/catalog?page=abc",
    "/catalog/progress?as_of=notadate",
    "/catalog/progress?as_of=9999-99-99",
    "/catalog/progress?as_of=0001-01-01",
    "/catalog/progress?sort=%00",
    "/catalog/no-such-code",
    "/catalog?sector=%00",
    "/catalog/progress.csv?unit=%00",
    "/catalog/progress?print=maybe",
]


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_hostile_parameters_never_cause_a_server_error(app: Any) -> None:
    headers = {"Authorization": factories.SysadminWithToken()["token"]}
    for url in REFUSED:
        response = app.get(url, headers=headers, status=None)
        assert response.status_code in (400, 409), (url, response.status_code)
        assert "psycopg2" not in response.body and "NUL (0x00)" not in response.body
    for url in TOLERATED:
        response = app.get(url, headers=headers, status=None)
        assert response.status_code < 500, (url, response.status_code)


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_submit_with_a_hostile_id(app: Any) -> None:
    user = factories.UserWithToken()
    response = app.post("/dataset/a%00b/submit", headers={"Authorization": user["token"]}, status=None)
    assert response.status_code < 500
