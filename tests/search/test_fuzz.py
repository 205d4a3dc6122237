"""Property-based: whatever reaches q, fq or sort, the API answers with
results or a search-query error, never a server error or database text."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckan.tests import factories

from tests.published import published_dataset

LUCENE_PIECES = [
    "title:",
    "tags:",
    "name:",
    "res_format:",
    "metadata_modified:",
    "extras_",
    "*",
    "?",
    ":",
    "*:*",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    " TO ",
    " AND ",
    " OR ",
    " NOT ",
    "+",
    "-",
    "!",
    '"',
    "'",
    "\\",
    "~",
    "^2",
    "/",
    "&&",
    "||",
    "NOW-1DAY",
    "NOW/DAY",
    "2024-01-01T00:00:00Z",
    "{!lucene}",
    "{!func}",
    "_val_:",
    "'; DROP TABLE package; --",
    "<script>alert(1)</script>",
    "Hà Nội",
    "ສຸຂະພາບ",
    "%",
    "_",
    "\x00",
    "\u202e",
    " ",
    "  ",
    "asc",
    "desc",
    ",",
    "score",
    "title_string",
    "1e999",
    "-1",
    "99999999999999999999",
]
lucene_text = st.lists(st.sampled_from(LUCENE_PIECES) | st.text(max_size=8), max_size=12).map("".join)
any_text = st.text(max_size=60) | lucene_text


@pytest.fixture
def searchable(clean_db: Any) -> None:
    org = factories.Organization(name="fuzz-unit")
    published_dataset(owner_org=org["id"], title="Hà Nội roads", tags=[{"name": "roads"}])
    factories.Dataset(owner_org=org["id"], title="ສຸຂະພາບ health", tags=[{"name": "health"}], private=True)


@pytest.mark.usefixtures("with_plugins", "searchable")
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=any_text, fq=any_text, sort=st.none() | any_text)
def test_search_never_fails_on_any_input(app: Any, q: str, fq: str, sort: str | None) -> None:
    params = {"q": q, "fq": fq, "facet.field": '["tags","organization"]'}
    if sort is not None:
        params["sort"] = sort
    response = app.get("/api/3/action/package_search", params=params, status=None)
    assert response.status_code in (200, 400, 409), response.body
    body = response.json
    if response.status_code == 200:
        assert body["success"] is True
        # the private dataset never leaks to an anonymous caller
        assert "ສຸຂະພາບ" not in response.body
    else:
        message = str(body["error"])
        for leak in ("psycopg2", "SELECT", "laodata_search", "Traceback", "syntax error at or near"):
            assert leak not in message


@pytest.mark.usefixtures("with_plugins", "searchable")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=any_text)
def test_dataset_page_never_fails(app: Any, q: str) -> None:
    response = app.get("/dataset/", params={"q": q}, status=None)
    assert response.status_code in (200, 400), response.body[:500]
