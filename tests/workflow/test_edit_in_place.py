"""Edits that change no data keep a published dataset published, and a unit's
editors keep editing their datasets whatever groups they are in (DESIGN §5,
"What counts as a change of data"; issue 9, items 1 and 2)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import as_user
from tests.published import draft, move_to, site_context

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _file(name: str = "beds.csv", body: bytes = b"district,beds\nA,60\n") -> FileStorage:
    return FileStorage(io.BytesIO(body), filename=name, content_type="text/csv")


def _stored(dataset_id: str) -> tuple[str, bool]:
    model.Session.remove()
    package = model.Package.get(dataset_id)
    assert package is not None
    return package.extras.get("workflow_status", "draft"), package.private


@pytest.fixture
def editor() -> str:
    return factories.User(name="unit-editor")["name"]


@pytest.fixture
def unit(editor: str) -> dict[str, Any]:
    return factories.Organization(name="dept-health", users=[{"name": editor, "capacity": "editor"}])


def _published(unit: dict[str, Any], resource: str) -> dict[str, Any]:
    """A published dataset whose one resource is an uploaded file or a link."""
    dataset = draft("published", name=f"beds-{resource}", title="Hospital beds", owner_org=unit["id"])
    data: dict[str, Any] = (
        {"upload": _file()} if resource == "upload" else {"url": "http://example.com/beds.csv"}
    )
    helpers.call_action(
        "resource_create", context=site_context(), package_id=dataset["id"], name="beds", **data
    )
    return move_to(dataset["id"], "published")


RESOURCES = ["upload", "link"]
EDITS = ["package_patch", "package_update with package_show's dict", "package_revise"]


@pytest.mark.parametrize("role", ["editor", "sysadmin"])
@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("edit", EDITS)
def test_edit_that_changes_no_data_keeps_the_dataset_published(
    unit: dict[str, Any], editor: str, edit: str, resource: str, role: str
) -> None:
    """A title fixed on a published dataset, through every path that carries the
    dataset's resources (with an upload's full download URL), keeps it published."""
    ds = _published(unit, resource)
    user = editor if role == "editor" else factories.Sysadmin()["name"]
    title = "Hospital beds (typo fixed)"
    if edit == "package_patch":
        as_user(user, "package_patch", id=ds["id"], title=title)
    elif edit == "package_revise":
        as_user(user, "package_revise", match={"id": ds["id"]}, update={"title": title})
    else:
        shown = as_user(user, "package_show", id=ds["id"])
        if resource == "upload":  # the regression's trigger: the full URL, not the stored file name
            assert (
                shown["resources"][0]["url"].startswith("http")
                and shown["resources"][0]["url_type"] == "upload"
            )
        as_user(user, "package_update", **{**shown, "title": title})
    assert _stored(ds["id"]) == ("published", False)
    shown = helpers.call_action("package_show", context={"user": ""}, id=ds["id"])  # anonymous still finds it
    assert shown["title"] == title
    assert [
        e["action"]
        for e in helpers.call_action("laodata_workflow_history", context=site_context(), id=ds["id"])
    ] == ["submit", "approve", "publish"]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(
    "change",
    ["new upload", "url really changed", "resource added", "resource removed", "link becomes an upload name"],
)
def test_a_real_change_of_data_still_sends_it_back_for_review(
    unit: dict[str, Any], editor: str, resource: str, change: str
) -> None:
    ds = _published(unit, resource)
    shown = as_user(editor, "package_show", id=ds["id"])
    first = shown["resources"][0]
    if change == "new upload":
        as_user(
            editor, "resource_update", id=first["id"], upload=_file("beds-2026.csv", b"district,beds\nA,61\n")
        )
    elif change == "url really changed":
        as_user(
            editor,
            "package_update",
            **{**shown, "resources": [{**first, "url": "http://example.com/v2.csv", "url_type": ""}]},
        )
    elif change == "resource added":
        as_user(editor, "package_patch", id=ds["id"], resources=[first, {"url": "http://example.com/x.csv"}])
    elif change == "resource removed":
        as_user(editor, "package_patch", id=ds["id"], resources=[])
    else:  # the stored file name sent as a link: no longer the uploaded file
        url_type = "" if resource == "upload" else "upload"
        as_user(
            editor,
            "package_update",
            **{**shown, "resources": [{**first, "url": "beds.csv", "url_type": url_type}]},
        )
    assert _stored(ds["id"]) == ("submitted", True)


@pytest.fixture
def grouped(unit: dict[str, Any]) -> dict[str, Any]:
    """A unit's published dataset that a sysadmin put in a theme group the unit is not a member of."""
    ds = _published(unit, "upload")
    factories.Group(name="theme-health", title="Health")
    helpers.call_action(
        "member_create",
        context=site_context(),
        id="theme-health",
        object=ds["id"],
        object_type="package",
        capacity="public",
    )
    assert [g["name"] for g in helpers.call_action("package_show", id=ds["id"])["groups"]] == ["theme-health"]
    return ds


def test_unit_editor_edits_a_dataset_that_is_in_a_group(grouped: dict[str, Any], editor: str) -> None:
    """As in vanilla CKAN 2.12: package_patch, package_update with the shown dict and
    resource_create by the unit's editor are not refused for the dataset's groups."""
    as_user(editor, "package_patch", id=grouped["id"], notes="Updated daily")
    assert _stored(grouped["id"]) == ("published", False)
    shown = as_user(editor, "package_show", id=grouped["id"])
    as_user(editor, "package_update", **{**shown, "notes": "Updated every day"})
    as_user(editor, "package_revise", match={"id": grouped["id"]}, update={"notes": "Updated each day"})
    assert _stored(grouped["id"]) == ("published", False)
    as_user(
        editor,
        "resource_create",
        package_id=grouped["id"],
        url="http://example.com/beds-2026.csv",
        name="2026",
    )
    assert _stored(grouped["id"]) == ("submitted", True)  # new data: back for review
    shown = helpers.call_action("package_show", id=grouped["id"])
    assert [g["name"] for g in shown["groups"]] == ["theme-health"] and shown["notes"] == "Updated each day"


def test_adding_or_removing_a_group_stays_governed_by_group_permissions(
    grouped: dict[str, Any], editor: str
) -> None:
    factories.Group(name="theme-other", title="Other theme")
    with pytest.raises(tk.NotAuthorized):
        as_user(
            editor,
            "package_patch",
            id=grouped["id"],
            groups=[{"name": "theme-health"}, {"name": "theme-other"}],
        )
    with pytest.raises(tk.NotAuthorized):
        as_user(editor, "member_delete", id="theme-health", object=grouped["id"], object_type="package")
    shown = helpers.call_action("package_show", id=grouped["id"])
    assert [g["name"] for g in shown["groups"]] == ["theme-health"]
    assert _stored(grouped["id"]) == ("published", False)


def test_title_fix_after_an_upload_was_given_a_link_keeps_it_published(
    unit: dict[str, Any], editor: str
) -> None:
    """Found by the property test: ``resource_update`` with a ``url`` on an uploaded
    resource keeps its ``url_type`` 'upload' and stores the URL whole; package_show
    then shows a download URL of another name, which CKAN stores back on the next
    edit. Still the same uploaded file: a title fix keeps the dataset published."""
    ds = _published(unit, "upload")
    resource = as_user(editor, "package_show", id=ds["id"])["resources"][0]
    as_user(editor, "resource_update", id=resource["id"], url="http://example.com/v2.csv", name="v2")
    assert _stored(ds["id"]) == ("submitted", True)  # that was a change of data
    move_to(ds["id"], "published")
    as_user(editor, "package_patch", id=ds["id"], title="Hospital beds (typo fixed)")
    assert _stored(ds["id"]) == ("published", False)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("action", ["resource_patch", "resource_update with resource_show's dict"])
def test_resource_description_fix_keeps_the_dataset_published(
    unit: dict[str, Any], editor: str, resource: str, action: str
) -> None:
    """DESIGN §5: a resource's name or description is metadata; fixing it through
    the resource actions (the resource form sends resource_show's dict, an upload's
    full download URL included) keeps a published dataset published."""
    ds = _published(unit, resource)
    shown = as_user(editor, "package_show", id=ds["id"])["resources"][0]
    if action == "resource_patch":
        as_user(editor, "resource_patch", id=shown["id"], description="Beds per district, 2025")
    else:
        as_user(editor, "resource_update", **{**shown, "description": "Beds per district, 2025"})
    assert _stored(ds["id"]) == ("published", False)
    assert as_user(editor, "resource_show", id=shown["id"])["description"] == "Beds per district, 2025"


@pytest.mark.parametrize("resource", RESOURCES)
def test_resource_pointed_elsewhere_goes_back_for_review(
    unit: dict[str, Any], editor: str, resource: str
) -> None:
    """The same resource given another link (or, for an upload, another file
    name as its link) is new data: back for review."""
    ds = _published(unit, resource)
    shown = as_user(editor, "package_show", id=ds["id"])["resources"][0]
    as_user(editor, "resource_patch", id=shown["id"], url="http://example.com/beds-2026.csv")
    assert _stored(ds["id"]) == ("submitted", True)
