"""The OpenAPI document of laodata's actions and the developers' page: the
document describes every laodata action, its vocabularies come from
schemas/, and the running portal answers as the document says (schemathesis)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from ckan.tests import factories

from ckanext.laodata import vocab
from ckanext.laodata.api import openapi
from ckanext.laodata.logic import action as action_index

pytestmark = pytest.mark.usefixtures("with_plugins")


def _served(app: Any) -> dict[str, Any]:
    response = app.get("/api/laodata/openapi.json", status=200)
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json


def test_the_document_describes_every_laodata_action(app: Any) -> None:
    doc = _served(app)
    assert doc["openapi"].startswith("3.")
    registered = {name for name in action_index.__all__ if name.startswith("laodata_")}
    assert registered  # the index lists laodata's actions
    assert openapi.action_names(doc) == registered
    assert doc["servers"] == [{"url": "http://test.ckan.net"}]
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert "200" in operation["responses"], f"{method} {path}"
        # reads are GET (and POST, as CKAN takes every action), writes POST only:
        # as CKAN's side-effect-free flag says
        if path.startswith("/api/3/action/"):
            name = path.rsplit("/", 1)[1]
            reads = getattr(getattr(action_index, name), "side_effect_free", False)
            assert sorted(item) == (["get", "post"] if reads else ["post"]), name


def test_vocabularies_come_from_the_schemas(app: Any) -> None:
    doc = _served(app)
    progress = doc["paths"]["/api/3/action/laodata_progress"]["get"]
    sector = next(p for p in progress["parameters"] if p["name"] == "sector")
    assert sector["schema"]["enum"] == [*vocab.keys("sector"), ""]  # empty: no filter
    text = str(doc)
    assert "x-laodata" not in text
    assert "x-move-responses" not in text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "API for developers"), ("lo", "API ສຳລັບນັກພັດທະນາ"), ("vi", "API cho nhà phát triển")],
)
def test_the_developers_page_in_each_language(app: Any, lang: str, heading: str) -> None:
    body = app.get(f"/{lang}/api-docs", status=200).body
    assert heading in body
    assert "laodata_catalog_entry_list" in body
    # a copyable curl example and a ckanapi example per action
    assert "curl &#39;http://test.ckan.net/api/3/action/laodata_progress&#39;" in body
    assert "portal.action.laodata_dataset_review(" in body
    # machine-readable documents without a language prefix
    assert 'href="/api/laodata/openapi.json"' in body
    assert 'href="/catalog.ttl"' in body
    assert "docs.ckan.org" in body
    # reachable from every page's footer, in the page's language
    assert f'href="/{lang}/api-docs"' in app.get(f"/{lang}/dataset/", status=200).body


# --- the portal answers as the document says ------------------------------------------------------


@pytest.fixture
def api_schema(app: Any, clean_db: None) -> Any:
    schema = schemathesis.openapi.from_wsgi("/api/laodata/openapi.json", app.flask_app)
    # text with NUL is refused with a 400 before any action runs (views/errors.py),
    # as the document's BadRequest says; leave it out of "valid" data
    schema.config.generation.update(allow_x00=False)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI is repeatable
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


# CKAN routes every action's URL for GET and POST: a writing action called with
# GET answers 400 ("use POST") in CKAN's error shape, not 405, and OPTIONS lists
# GET. The document describes the methods that do something; these two checks
# of undeclared methods are left out for that reason (all others run).
# schemathesis's WSGI transport does not decompress; the portal compresses large answers
PLAIN = {"Accept-Encoding": "identity"}
CKAN_ROUTING = [checks.unsupported_method, checks.allow_header_conformance]


@schema.parametrize()
@PROPERTY_SETTINGS
def test_anonymous_calls_answer_as_documented(case: Any) -> None:
    case.call_and_validate(headers=PLAIN, excluded_checks=CKAN_ROUTING)


@pytest.fixture
def sysadmin_token(clean_db: None) -> str:
    return factories.SysadminWithToken()["token"]


@schema.parametrize()
@PROPERTY_SETTINGS
def test_sysadmin_calls_answer_as_documented(case: Any, sysadmin_token: str) -> None:
    case.call_and_validate(headers={**PLAIN, "Authorization": sysadmin_token}, excluded_checks=CKAN_ROUTING)
