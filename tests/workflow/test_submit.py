"""laodata_dataset_submit: who may submit, and from which states."""

from __future__ import annotations

from typing import Any

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers


@pytest.fixture
def unit(clean_db: Any) -> dict[str, Any]:
    editor = factories.User()
    outsider = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = factories.Dataset(owner_org=org["id"], private=True)
    return {"editor": editor, "outsider": outsider, "org": org, "dataset": dataset}


def _submit(user: dict[str, Any], dataset_id: str) -> dict[str, Any]:
    return helpers.call_action(
        "laodata_dataset_submit", context={"user": user["name"], "ignore_auth": False}, id=dataset_id
    )


@pytest.mark.usefixtures("with_plugins")
class TestSubmit:
    def test_editor_submits_a_draft_once(self, unit: dict[str, Any]) -> None:
        result = _submit(unit["editor"], unit["dataset"]["id"])
        assert result["workflow_status"] == "submitted"
        with pytest.raises(tk.ValidationError) as err:
            _submit(unit["editor"], unit["dataset"]["id"])
        assert "'Submitted'" in err.value.error_dict["workflow_status"][0]

    def test_others_may_not_submit(self, unit: dict[str, Any]) -> None:
        # someone outside the unit is told the private dataset does not exist
        with pytest.raises(tk.ObjectNotFound):
            _submit(unit["outsider"], unit["dataset"]["id"])
        # a member who may read but not edit is refused
        reader = factories.User()
        helpers.call_action(
            "member_create",
            id=unit["org"]["id"],
            object=reader["name"],
            object_type="user",
            capacity="member",
        )
        with pytest.raises(tk.NotAuthorized):
            _submit(reader, unit["dataset"]["id"])
        dataset = helpers.call_action("package_show", id=unit["dataset"]["id"])
        assert dataset["workflow_status"] == "draft"

    def test_the_submit_route_refuses_a_post_without_csrf_token(self, app: Any, unit: dict[str, Any]) -> None:
        # the editor's browser session, which a forged cross-site form would ride on
        editor = factories.User(password="correct-horse-42")
        helpers.call_action(
            "member_create",
            id=unit["org"]["id"],
            object=editor["name"],
            object_type="user",
            capacity="editor",
        )
        app.post("/user/login", data={"login": editor["name"], "password": "correct-horse-42"})
        response = app.post(f"/dataset/{unit['dataset']['name']}/submit", status=400)
        assert "CSRF" in response.body
        dataset = helpers.call_action("package_show", id=unit["dataset"]["id"])
        assert dataset["workflow_status"] == "draft"
