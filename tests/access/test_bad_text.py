"""A NUL character in any id sent to an action or a page is a 400 naming the
problem, never a 500 (PostgreSQL cannot hold it; nothing is written)."""

from __future__ import annotations

from typing import Any

import pytest

from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.mark.parametrize(
    "who,action,body",
    [
        ("sysadmin", "package_owner_org_update", {"id": "{dataset}", "organization_id": "a\x00b"}),
        ("user", "package_patch", {"id": "a\x00b", "title": "x"}),
        ("user", "package_activity_list", {"id": "a\x00b"}),
        ("user", "resource_patch", {"id": "a\x00b"}),
        ("anonymous", "tag_show", {"id": "a\x00b"}),
        ("user", "package_collaborator_create", {"id": "a\x00b", "user_id": "x", "capacity": "editor"}),
    ],
)
def test_nul_in_an_action_is_a_client_error(app: Any, who: str, action: str, body: dict[str, Any]) -> None:
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], title="Unchanged")
    user = {"sysadmin": factories.Sysadmin, "user": factories.User}.get(who)
    headers = {"Authorization": factories.APIToken(user=user()["name"])["token"]} if user else {}
    body = {
        k: v.format(dataset=dataset["id"]) if isinstance(v, str) and "{" in v else v for k, v in body.items()
    }
    response = app.post(f"/api/3/action/{action}", json=body, headers=headers, status=400)
    assert response.json["error"]["message"] == "Text must not contain NUL characters"
    shown = app.get(
        f"/api/3/action/package_show?id={dataset['id']}",
        headers={"Authorization": factories.APIToken(user=factories.Sysadmin()["name"])["token"]},
    )
    assert shown.json["result"]["owner_org"] == org["id"] and shown.json["result"]["title"] == "Unchanged"


@pytest.mark.parametrize("query", ["id=a%00b", "q=a%00b", "id=x&fq=tags:%00"])
def test_nul_in_a_query_string_is_a_client_error(app: Any, query: str) -> None:
    action = "package_search" if "q=" in query else "package_show"
    response = app.get(f"/api/3/action/{action}?{query}", status=400)
    assert response.json["error"]["message"] == "Text must not contain NUL characters"


def test_nul_in_a_form_field_is_a_client_error(app: Any) -> None:
    token = factories.APIToken(user=factories.User()["name"])["token"]
    response = app.post(
        "/api/3/action/package_patch", data={"id": "a\x00b"}, headers={"Authorization": token}, status=400
    )
    assert response.json["error"]["message"] == "Text must not contain NUL characters"


def test_nul_in_a_page_address_is_a_client_error(app: Any) -> None:
    response = app.get("/dataset/a%00b", status=400)
    assert "Text must not contain NUL characters" in response.body
