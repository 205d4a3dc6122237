"""The workflow's pages: the dataset page's buttons and reason, and the review queue."""

from __future__ import annotations

from typing import Any

import pytest

from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE

REVIEWERS = "data-office"
pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


@pytest.fixture
def people(clean_db: Any) -> dict[str, Any]:
    editor = factories.UserWithToken()
    reviewer = factories.UserWithToken()
    unit = factories.Organization(name="dept-health", users=[{"name": editor["name"], "capacity": "editor"}])
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    dataset = factories.Dataset(
        owner_org=unit["id"],
        name="hospitals",
        title="District hospitals",
        **PUBLISHABLE,
        context={"user": editor["name"]},
    )
    return {"editor": editor, "reviewer": reviewer, "dataset": dataset}


def _get(app: Any, url: str, user: dict[str, Any] | None = None, status: int = 200) -> str:
    headers = {"Authorization": user["token"]} if user else {}
    return app.get(url, headers=headers, status=status).body


def test_queue_lists_submitted_datasets_for_reviewers_only(app: Any, people: dict[str, Any]) -> None:
    helpers.call_action(
        "laodata_dataset_submit", context={"user": people["editor"]["name"]}, id=people["dataset"]["id"]
    )
    body = _get(app, "/catalog/review", people["reviewer"])
    assert "District hospitals" in body and "/dataset/hospitals" in body
    _get(app, "/catalog/review", people["editor"], status=403)
    assert "/user/login" in app.get("/catalog/review", follow_redirects=False, status=302).headers["Location"]


def test_dataset_page_shows_each_role_its_buttons_and_the_reason(app: Any, people: dict[str, Any]) -> None:
    ds = people["dataset"]["name"]
    assert "laodata-submit" in _get(app, f"/dataset/{ds}", people["editor"])
    helpers.call_action("laodata_dataset_submit", context={"user": people["editor"]["name"]}, id=ds)
    reviewer_page = _get(app, f"/dataset/{ds}", people["reviewer"])
    assert "laodata-approve" in reviewer_page and "laodata-return" in reviewer_page
    assert "laodata-approve" not in _get(app, f"/dataset/{ds}", people["editor"])
    helpers.call_action(
        "laodata_dataset_review",
        context={"user": people["reviewer"]["name"]},
        id=ds,
        decision="return",
        comment="<b>Beds</b> column is empty",
    )
    page = _get(app, f"/vi/dataset/{ds}", people["editor"])
    assert "laodata-return-reason" in page
    assert "&lt;b&gt;Beds&lt;/b&gt; column is empty" in page  # escaped
    assert "laodata-submit" in page  # fix and resubmit


def test_non_public_dataset_page_is_not_found_for_others(app: Any, people: dict[str, Any]) -> None:
    ds = people["dataset"]
    outsider = factories.UserWithToken()
    for user in (None, outsider):
        body = _get(app, f"/dataset/{ds['name']}", user, status=404)
        assert ds["id"] not in body
        api = app.get(
            f"/api/3/action/package_show?id={ds['id']}",
            headers={"Authorization": user["token"]} if user else {},
            status=404,
        )
        assert ds["id"] not in api.body and "hospitals" not in api.body


def test_an_approved_dataset_the_gate_refuses_shows_why_instead_of_the_publish_button(
    app: Any, people: dict[str, Any]
) -> None:
    """A reviewer sees the publication gate's reasons (here: shared, level 3) and no
    button; once the classes allow it, the button."""
    ds = people["dataset"]["name"]
    editor, reviewer = people["editor"]["name"], people["reviewer"]["name"]
    helpers.call_action(
        "package_patch", context={"user": editor}, id=ds, access_level="shared", security_level="3"
    )
    helpers.call_action("laodata_dataset_submit", context={"user": editor}, id=ds)
    helpers.call_action("laodata_dataset_review", context={"user": reviewer}, id=ds, decision="approve")
    page = _get(app, f"/dataset/{ds}", people["reviewer"])
    assert "laodata-not-publishable" in page and "laodata-publish" not in page
    assert "shared" in page.lower()
    helpers.call_action(
        "package_patch", context={"user": editor}, id=ds, access_level="open", security_level="1"
    )  # a change of classes sends it back for review (submitted)
    helpers.call_action("laodata_dataset_review", context={"user": reviewer}, id=ds, decision="approve")
    page = _get(app, f"/dataset/{ds}", people["reviewer"])
    assert "laodata-publish" in page and "laodata-not-publishable" not in page
