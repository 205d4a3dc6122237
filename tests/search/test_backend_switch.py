"""The search backend is a configuration switch; Solr stays CKAN's own path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

import ckan.lib.search as ckan_search
import ckan.lib.search.common as ckan_search_common
import ckan.lib.search.index as ckan_search_index
import ckan.lib.search.query as ckan_search_query
from ckan.tests import factories, helpers

from ckanext.laodata.search import seam
from tests.published import published_dataset

SOLR_URL = os.environ.get("LAODATA_TEST_SOLR_URL", "")
MODULES = (ckan_search_common, ckan_search_index, ckan_search_query, ckan_search)


@pytest.fixture
def restore_postgres() -> Iterator[None]:
    yield
    seam.install({"ckanext.laodata.search.backend": "postgres"})


@pytest.mark.usefixtures("restore_postgres")
def test_solr_setting_restores_ckans_own_search_path() -> None:
    seam.install({"ckanext.laodata.search.backend": "solr"})
    for module in MODULES:
        assert module.make_connection is seam._ORIGINAL["make_connection"]
    assert ckan_search.check_solr_schema_version is seam._ORIGINAL["check_solr_schema_version"]
    assert seam.installed_backend() == "solr"


@pytest.mark.usefixtures("restore_postgres")
def test_postgres_setting_replaces_every_imported_name() -> None:
    seam.install({"ckanext.laodata.search.backend": "postgres"})
    for module in MODULES:
        assert module.make_connection is seam.make_connection
    assert ckan_search.check_solr_schema_version is seam.check_index


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="postgres' or 'solr"):
        seam.install({"ckanext.laodata.search.backend": "elastic"})


def test_start_up_check_warns_instead_of_failing_when_index_unreachable(monkeypatch: Any) -> None:
    monkeypatch.setitem(seam._installed, "dsn", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert seam.check_index() is False


@pytest.mark.solr
@pytest.mark.skipif(not SOLR_URL, reason="no Solr here: set LAODATA_TEST_SOLR_URL to a CKAN Solr core to run")
@pytest.mark.ckan_config("ckanext.laodata.search.backend", "solr")
@pytest.mark.ckan_config("solr_url", SOLR_URL)
@pytest.mark.usefixtures("with_plugins", "clean_db", "restore_postgres")
def test_solr_backend_indexes_and_finds() -> None:
    seam.install({"ckanext.laodata.search.backend": "solr"})
    org = factories.Organization()
    dataset = published_dataset(owner_org=org["id"], title="Solr parity rice", tags=[{"name": "rice"}])
    result = helpers.call_action("package_search", q="tags:rice", **{"facet.field": '["tags"]'})
    assert [r["id"] for r in result["results"]] == [dataset["id"]]
    assert result["facets"]["tags"] == {"rice": 1}
