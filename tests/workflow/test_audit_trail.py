"""Every workflow status is reached by a move that wrote its event, and the
staff side of the trail is for staff (DESIGN §5; issue 9, items 3 and 4)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.workflow.events import workflow_event
from tests.factories import stored_status
from tests.published import draft, move, move_to, site_context

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

OLD_GRANT_KEY = "laodata_workflow_status"  # the context key the workflow once trusted as a plain string


def _events(dataset_id: str) -> list[tuple[str, str]]:
    rows = model.Session.execute(
        sa.select(workflow_event.c.action, workflow_event.c.to_status)
        .where(workflow_event.c.package_id == dataset_id)
        .order_by(workflow_event.c.id)
    )
    return [(r.action, r.to_status) for r in rows]


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_a_status_in_the_context_grants_nothing_on_create(status: str) -> None:
    """A dataset cannot be created in a status: it is a draft, whatever the context says."""
    org = factories.Organization()
    context = {**site_context(), OLD_GRANT_KEY: status}
    dataset = helpers.call_action(
        "package_create",
        context=context,
        name="sneaky",
        owner_org=org["id"],
        access_level="open",
        security_level="1",
    )
    assert stored_status(dataset["id"]) == ("draft", True)
    assert _events(dataset["id"]) == []


@pytest.mark.parametrize("status", ["approved", "published"])
def test_a_status_in_the_context_grants_nothing_on_update(status: str) -> None:
    from ckan.plugins import toolkit as tk

    org = factories.Organization()
    dataset = draft(owner_org=org["id"], access_level="open", security_level="1")
    context = {**site_context(), OLD_GRANT_KEY: status}
    with pytest.raises(tk.ValidationError) as err:
        helpers.call_action(
            "package_patch",
            context=context,
            id=dataset["id"],
            workflow_status=status,
            private=status != "published",
        )
    assert "workflow_status" in err.value.error_dict or "private" in err.value.error_dict
    helpers.call_action(
        "package_patch", context={**site_context(), OLD_GRANT_KEY: status}, id=dataset["id"], notes="edited"
    )
    assert stored_status(dataset["id"]) == ("draft", True)
    assert _events(dataset["id"]) == []


def test_every_status_the_helpers_make_has_its_events() -> None:
    org = factories.Organization()
    expected = {
        "draft": [],
        "submitted": [("submit", "submitted")],
        "returned": [("submit", "submitted"), ("return", "returned")],
        "approved": [("submit", "submitted"), ("approve", "approved")],
        "published": [("submit", "submitted"), ("approve", "approved"), ("publish", "published")],
    }
    for status, events in expected.items():
        dataset = draft(status, name=f"ds-{status}", owner_org=org["id"])
        move_to(dataset["id"], status)
        assert stored_status(dataset["id"])[0] == status
        assert _events(dataset["id"]) == events


# --- item 4: staff names and internal comments are for staff ------------------------------------------------


@pytest.fixture
def reviewed() -> dict[str, Any]:
    """A published dataset that was returned once with a comment, and the people around it."""
    editor, reviewer = factories.User(name="nong-editor"), factories.Sysadmin(name="som-reviewer")
    other = factories.User(name="other-unit-editor")
    unit = factories.Organization(name="dept-health", users=[{"name": editor["name"], "capacity": "editor"}])
    factories.Organization(name="dept-justice", users=[{"name": other["name"], "capacity": "editor"}])
    dataset = draft("published", name="beds", owner_org=unit["id"])
    as_editor, as_reviewer = {"user": editor["name"]}, {"user": reviewer["name"]}
    helpers.call_action("laodata_dataset_submit", context=dict(as_editor), id=dataset["id"])
    helpers.call_action(
        "laodata_dataset_review",
        context=dict(as_reviewer),
        id=dataset["id"],
        decision="return",
        comment="INTERNAL-NOTE district 4 figures look wrong",
    )
    helpers.call_action("laodata_dataset_submit", context=dict(as_editor), id=dataset["id"])
    helpers.call_action(
        "laodata_dataset_review", context=dict(as_reviewer), id=dataset["id"], decision="approve"
    )
    helpers.call_action("laodata_dataset_publish", context=dict(as_reviewer), id=dataset["id"])
    return {"id": dataset["id"], "editor": editor, "reviewer": reviewer, "other": other}


def _history(user: str, dataset_id: str) -> list[dict[str, Any]]:
    return helpers.call_action(
        "laodata_workflow_history", context={"user": user, "ignore_auth": False}, id=dataset_id
    )


@pytest.mark.parametrize("who", ["anonymous", "other unit"])
def test_staff_names_and_comments_are_not_public(reviewed: dict[str, Any], who: str, app: Any) -> None:
    user = "" if who == "anonymous" else reviewed["other"]["name"]
    events = _history(user, reviewed["id"])
    assert [(e["action"], e["actor"], e["actor_fullname"], e["comment"]) for e in events] == [
        ("publish", None, None, "")
    ]
    headers = {} if who == "anonymous" else {"Authorization": factories.APIToken(user=user)["token"]}
    body = app.get("/dataset/beds", headers=headers).body
    for secret in (
        "INTERNAL-NOTE",
        "nong-editor",
        "som-reviewer",
        reviewed["editor"]["fullname"],
        reviewed["reviewer"]["fullname"],
    ):
        assert secret not in body, secret
    assert "the data office" in body


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_the_unit_and_the_reviewers_see_the_whole_trail(reviewed: dict[str, Any], who: str) -> None:
    events = _history(reviewed[who]["name"], reviewed["id"])
    assert [e["action"] for e in events] == ["submit", "return", "submit", "approve", "publish"]
    assert events[1]["actor"] == "som-reviewer" and "INTERNAL-NOTE" in events[1]["comment"]


def test_withdrawal_is_public_without_its_comment(reviewed: dict[str, Any]) -> None:
    move(reviewed["id"], "unpublish", comment="INTERNAL-NOTE wrong year")
    move(reviewed["id"], "publish")
    events = _history("", reviewed["id"])
    assert [(e["action"], e["comment"]) for e in events] == [
        ("publish", ""),
        ("unpublish", ""),
        ("publish", ""),
    ]
