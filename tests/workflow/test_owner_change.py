"""Moving a dataset to another unit: the same rules as any edit, on every path
(``package_update`` with a new ``owner_org``, and CKAN's sysadmin-only
``package_owner_org_update``, which by itself would skip the index)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import as_user
from tests.published import dataset_in

CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,Hospitals,dept-health,health,annual,open,1\n"
)

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    sysadmin = factories.Sysadmin()
    editor_a, editor_b, both = factories.User(), factories.User(), factories.User()
    health = factories.Organization(
        name="dept-health",
        users=[{"name": editor_a["name"], "capacity": "editor"}, {"name": both["name"], "capacity": "admin"}],
    )
    justice = factories.Organization(
        name="dept-justice",
        users=[{"name": editor_b["name"], "capacity": "editor"}, {"name": both["name"], "capacity": "admin"}],
    )
    return {
        "sysadmin": sysadmin,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "both": both,
        "health": health,
        "justice": justice,
    }


def _found_by(user: dict[str, Any] | None, name: str) -> bool:
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    result = helpers.call_action("package_search", context=context, q=f"name:{name}", include_private=True)
    return [d["name"] for d in result["results"]] == [name]


def _stored(dataset_id: str) -> tuple[str, bool, str]:
    package = model.Package.get(dataset_id)
    model.Session.refresh(package)
    return package.extras["workflow_status"], package.private, package.owner_org


def test_a_sysadmin_move_reindexes_the_dataset(units: dict[str, Any]) -> None:
    draft = dataset_in("draft", owner_org=units["health"]["id"], name="draft-move")
    assert _found_by(units["editor_a"], "draft-move") and not _found_by(units["editor_b"], "draft-move")

    as_user(units["sysadmin"], "package_owner_org_update", id=draft["id"], organization_id="dept-justice")

    assert _stored(draft["id"]) == ("draft", True, units["justice"]["id"])
    assert _found_by(units["editor_b"], "draft-move")
    assert not _found_by(units["editor_a"], "draft-move")  # the old unit's label is gone from the index
    with pytest.raises(tk.ObjectNotFound):
        as_user(units["editor_a"], "package_show", id=draft["id"])


@pytest.mark.parametrize("path", ["package_owner_org_update", "package_patch"])
def test_moving_a_published_dataset_sends_it_back_for_review(units: dict[str, Any], path: str) -> None:
    published = dataset_in("published", owner_org=units["health"]["id"], name="pub-move")
    assert _found_by(None, "pub-move")
    if path == "package_owner_org_update":
        as_user(units["sysadmin"], path, id=published["id"], organization_id=units["justice"]["id"])
    else:  # an admin of both units moves it through the ordinary edit
        as_user(units["both"], path, id=published["id"], owner_org="dept-justice")

    assert _stored(published["id"]) == ("submitted", True, units["justice"]["id"])
    assert not _found_by(None, "pub-move")
    last = helpers.call_action("laodata_workflow_history", id=published["id"])[-1]
    assert (last["action"], last["from_status"], last["to_status"]) == ("edit", "published", "submitted")
    assert "owner_org" in last["comment"]


def test_a_move_that_breaks_the_catalog_link_is_refused(units: dict[str, Any]) -> None:
    helpers.call_action(
        "laodata_catalog_import", upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="catalog.csv")
    )
    linked = dataset_in("approved", owner_org=units["health"]["id"], name="linked", catalog_code="HEA-001")
    with pytest.raises(tk.ValidationError) as err:
        as_user(
            units["sysadmin"], "package_owner_org_update", id=linked["id"], organization_id="dept-justice"
        )
    assert "dept-health" in err.value.error_dict["catalog_code"][0]
    assert _stored(linked["id"]) == ("approved", True, units["health"]["id"])


@pytest.mark.parametrize(
    "organization_id,error",
    [
        ("", tk.ValidationError),
        (None, tk.ValidationError),
        (["dept-justice"], tk.ValidationError),
        ("no-such-unit", tk.ObjectNotFound),
    ],
)
def test_a_move_needs_an_existing_unit(units: dict[str, Any], organization_id: Any, error: type) -> None:
    draft = dataset_in("draft", owner_org=units["health"]["id"])
    with pytest.raises(error):
        as_user(
            units["sysadmin"], "package_owner_org_update", id=draft["id"], organization_id=organization_id
        )
    assert _stored(draft["id"]) == ("draft", True, units["health"]["id"])


def test_only_sysadmins_call_package_owner_org_update(units: dict[str, Any]) -> None:
    draft = dataset_in("draft", owner_org=units["health"]["id"])
    with pytest.raises(tk.NotAuthorized):
        as_user(units["both"], "package_owner_org_update", id=draft["id"], organization_id="dept-justice")
    assert _stored(draft["id"])[2] == units["health"]["id"]


def test_an_editor_cannot_move_a_dataset_into_a_unit_they_do_not_edit(units: dict[str, Any]) -> None:
    draft = dataset_in("draft", owner_org=units["health"]["id"])
    with pytest.raises((tk.NotAuthorized, tk.ValidationError)):
        as_user(units["editor_a"], "package_patch", id=draft["id"], owner_org="dept-justice")
    assert _stored(draft["id"])[2] == units["health"]["id"]


@pytest.mark.parametrize("how", ["package_patch", "package_revise"])
def test_new_data_in_the_resources_list_sends_a_published_dataset_back(
    units: dict[str, Any], how: str
) -> None:
    """Data added through the dataset's own ``resources`` list (not a resource
    action) is a data change too (found by the property test)."""
    published = dataset_in(
        "published",
        owner_org=units["health"]["id"],
        name="pub-data",
        resources=[{"url": "http://example.org/a.csv", "name": "a"}],
    )
    [old] = published["resources"]
    renamed = {**old, "name": "renamed"}  # metadata only: edited in place
    as_user(units["editor_a"], "package_patch", id=published["id"], resources=[renamed])
    assert _stored(published["id"])[:2] == ("published", False)

    new = [renamed, {"url": "http://example.org/b.csv", "name": "b"}]
    if how == "package_patch":
        as_user(units["editor_a"], how, id=published["id"], resources=new)
    else:
        as_user(units["editor_a"], how, match={"id": published["id"]}, update={"resources": new})
    assert _stored(published["id"])[:2] == ("submitted", True)
    assert "resources" in helpers.call_action("laodata_workflow_history", id=published["id"])[-1]["comment"]
