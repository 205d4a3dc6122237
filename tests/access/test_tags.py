"""Tags of non-public datasets never reach those who may not read them."""

from __future__ import annotations

from typing import Any

import pytest

from ckan.tests import factories, helpers

from tests.published import published_dataset

CANARY = "canary-7f3a"


@pytest.fixture
def tagged(clean_db: Any) -> dict[str, Any]:
    member = factories.User()
    org = factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    factories.Dataset(owner_org=org["id"], tags=[{"name": CANARY}, {"name": "shared-word"}])
    published_dataset(owner_org=org["id"], tags=[{"name": "open-roads"}, {"name": "shared-word"}])
    return {"member": member, "outsider": factories.User()}


def _tag_views(user: str) -> dict[str, Any]:
    ctx = {"user": user, "ignore_auth": False}
    return {
        "tag_list": helpers.call_action("tag_list", context=dict(ctx)),
        "tag_list_full": [
            t["name"] for t in helpers.call_action("tag_list", context=dict(ctx), all_fields=True)
        ],
        "tag_search": [
            t["name"] for t in helpers.call_action("tag_search", context=dict(ctx), q="a")["results"]
        ],
        "tag_autocomplete": helpers.call_action("tag_autocomplete", context=dict(ctx), q="canary"),
    }


@pytest.mark.usefixtures("with_plugins")
def test_private_tags_are_hidden_from_others(tagged: dict[str, Any], app: Any) -> None:
    for user in ("", tagged["outsider"]["name"]):
        views = _tag_views(user)
        assert all(CANARY not in names for names in views.values()), views
        assert "open-roads" in views["tag_list"] and "shared-word" in views["tag_list"]
    assert CANARY not in app.get("/api/2/util/tag/autocomplete?incomplete=cana").body
    assert CANARY not in app.get("/api/3/action/tag_list").body


@pytest.mark.usefixtures("with_plugins")
def test_members_of_the_unit_see_them(tagged: dict[str, Any]) -> None:
    views = _tag_views(tagged["member"]["name"])
    assert CANARY in views["tag_list"] and views["tag_autocomplete"] == [CANARY]
