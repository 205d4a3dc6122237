from __future__ import annotations

import pytest
from ckan.tests import factories, helpers


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_created_dataset_is_found() -> None:
    org = factories.Organization()
    dataset = factories.Dataset(title="Rice production", tags=[{"name": "rice"}], owner_org=org["id"])
    result = helpers.call_action("package_search", q="rice", **{"facet.field": '["tags"]'})
    assert [r["id"] for r in result["results"]] == [dataset["id"]]
    assert result["search_facets"]["tags"]["items"][0]["count"] == 1
