from __future__ import annotations

import json
from typing import Any

import pytest

from ckan.tests import factories, helpers

from tests.published import published_dataset


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_created_dataset_is_found() -> None:
    org = factories.Organization()
    dataset = published_dataset(title="Rice production", tags=[{"name": "rice"}], owner_org=org["id"])
    result = helpers.call_action("package_search", q="rice", **{"facet.field": '["tags"]'})
    assert [r["id"] for r in result["results"]] == [dataset["id"]]
    assert result["search_facets"]["tags"]["items"][0]["count"] == 1


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_organization_and_group_counts_only_count_visible_datasets(app: Any) -> None:
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    group = factories.Group()
    published_dataset(owner_org=org["id"], groups=[{"id": group["id"]}])
    factories.Dataset(owner_org=org["id"], groups=[{"id": group["id"]}], private=True)

    # as a visitor's request reaches CKAN (call_action's default context would skip auth)
    anon = json.loads(app.get("/api/3/action/organization_list?all_fields=true").body)["result"]
    assert anon[0]["package_count"] == 1
    member = helpers.call_action("organization_show", context={"user": editor["name"]}, id=org["id"])
    assert member["package_count"] == 2
    groups = json.loads(app.get("/api/3/action/group_list?all_fields=true").body)["result"]
    assert groups[0]["package_count"] == 1


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_dataset_autocomplete() -> None:
    org = factories.Organization()
    published_dataset(owner_org=org["id"], name="rice-production", title="Rice production")
    result = helpers.call_action("package_autocomplete", q="rice")
    assert [r["name"] for r in result] == ["rice-production"]


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_cached_results_never_outlive_a_write() -> None:
    org = factories.Organization()
    dataset = published_dataset(owner_org=org["id"], title="Cache check", tags=[{"name": "one"}])
    first = helpers.call_action("package_search", q="tags:one")
    again = helpers.call_action("package_search", q="tags:one")
    assert first["count"] == again["count"] == 1
    site_user = helpers.call_action("get_site_user")["name"]
    helpers.call_action(
        "package_patch", context={"user": site_user}, id=dataset["id"], tags=[{"name": "two"}]
    )
    assert helpers.call_action("package_search", q="tags:one")["count"] == 0
    assert helpers.call_action("package_search", q="tags:two")["count"] == 1
    # results handed out are copies: editing one does not change the next
    result = helpers.call_action("package_search", q="tags:two")
    result["results"][0]["title"] = "edited"
    assert helpers.call_action("package_search", q="tags:two")["results"][0]["title"] == "Cache check"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_translated_titles_are_found_and_rank_as_titles() -> None:
    org = factories.Organization()
    in_title = published_dataset(
        owner_org=org["id"], title="District hospitals", title_vi="Bệnh viện huyện", title_lo="ໂຮງໝໍເມືອງ"
    )
    in_notes = published_dataset(owner_org=org["id"], title="Staff list", notes="Staff of each bệnh viện")
    result = helpers.call_action("package_search", q="benh vien")
    assert [r["id"] for r in result["results"]] == [in_title["id"], in_notes["id"]]
    assert helpers.call_action("package_search", q="ໂຮງໝໍ")["results"][0]["id"] == in_title["id"]
