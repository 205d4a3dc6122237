"""The header's count of new dashboard activities (issue 15, item 5): it counts
what the dashboard would show its owner as new, and nothing the owner may not
read (CKAN's permission labels, then laodata's staff rule), up to 100
(the header shows 99+).

Activities are written as CKAN's activity plugin writes them (the dataset's
permission labels stamped), with timestamps around the owner's last visit to
the dashboard, so each case is exact.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata.access.dashboard import CAP, badge
from ckanext.laodata.access.labels import LABELS
from tests.factories import as_user
from tests.published import draft, published_dataset

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


NOW = datetime.datetime.utcnow()


def last_viewed(
    user: dict[str, Any], when: datetime.datetime = NOW - datetime.timedelta(hours=1)
) -> datetime.datetime:
    """Set when ``user`` last looked at their dashboard (an hour ago by default)."""
    dashboard = model.Dashboard.get(user["id"])
    assert dashboard is not None
    dashboard.activity_stream_last_viewed = when
    model.Session.commit()
    return when


def activity(actor: dict[str, Any] | str, about: dict[str, Any], kind: str, when: datetime.datetime) -> None:
    """An activity by ``actor`` about a dataset or a user, stamped as CKAN stamps it."""
    actor_id = actor if isinstance(actor, str) else actor["id"]
    labels = None
    if kind.endswith("package"):
        package = model.Package.get(about["id"])
        assert package is not None
        labels = LABELS.get_dataset_labels(package)
    model.Session.execute(
        sa.text(
            "INSERT INTO activity (id, timestamp, user_id, object_id, activity_type, data, permission_labels) "
            "VALUES (:id, :ts, :user, :object, :kind, :data, :labels)"
        ),
        {
            "id": str(uuid.uuid4()),
            "ts": when,
            "user": actor_id,
            "object": about["id"],
            "kind": kind,
            "data": json.dumps({"package": {"id": about["id"], "name": about["name"]}}),
            "labels": labels,
        },
    )
    model.Session.commit()


def count(user: dict[str, Any]) -> int:
    return as_user(user, "dashboard_new_activities_count")


def new_on_dashboard(user: dict[str, Any]) -> int:
    """What CKAN's dashboard (with laodata's filter) marks new for ``user``."""
    return sum(1 for a in as_user(user, "dashboard_activity_list", limit=100) if a.get("is_new"))


@pytest.fixture
def world() -> dict[str, Any]:
    editor_a, colleague_a, editor_b = factories.User(), factories.User(), factories.User()
    reviewer = factories.Sysadmin()
    unit_a = factories.Organization(
        users=[
            {"name": editor_a["name"], "capacity": "editor"},
            {"name": colleague_a["name"], "capacity": "editor"},
        ]
    )
    unit_b = factories.Organization(users=[{"name": editor_b["name"], "capacity": "editor"}])
    data_a = draft(owner_org=unit_a["id"])
    private_b = draft(owner_org=unit_b["id"])
    public_b = published_dataset(owner_org=unit_b["id"])
    for follower in (editor_a, reviewer):
        for followee in (colleague_a, editor_b):
            as_user(follower, "follow_user", id=followee["id"])
        as_user(follower, "follow_dataset", id=public_b["id"])
    return locals()


def test_counts_only_new_readable_activities_of_others(world: dict[str, Any]) -> None:
    w = world
    me = w["editor_a"]
    after = last_viewed(me) + datetime.timedelta(minutes=5)
    before = last_viewed(me) - datetime.timedelta(minutes=5)
    last_viewed(w["reviewer"])
    activity(w["colleague_a"], w["data_a"], "changed package", after)  # counted
    activity(w["colleague_a"], me, "changed user", after)  # about me: counted
    activity(w["colleague_a"], w["data_a"], "changed package", before)  # seen already
    activity(me, w["data_a"], "changed package", after)  # my own
    activity(helpers.call_action("get_site_user"), w["data_a"], "changed package", after)  # the site user's
    activity(w["editor_b"], w["private_b"], "changed package", after)  # another unit's draft: labels
    activity(w["editor_b"], w["public_b"], "changed package", after)  # public, but staff only (laodata)

    assert count(me) == 2
    assert new_on_dashboard(me) == 2
    # a reviewer reads every unit's activities (CKAN's labels do not apply to a
    # sysadmin): the four above by the users followed, and their own sign-ups
    # ("new user", within the hour)
    reviewer = w["reviewer"]
    assert count(reviewer) == new_on_dashboard(reviewer) == 6

    as_user(me, "dashboard_mark_activities_old")
    assert count(me) == 0


def test_counts_up_to_the_cap_and_the_header_shows_it(world: dict[str, Any], app: Any) -> None:
    w = world
    me = w["editor_a"]
    after = last_viewed(me) + datetime.timedelta(minutes=5)
    token = helpers.call_action(
        "api_token_create", context={"user": me["name"]}, user=me["name"], name="header"
    )["token"]

    def header_badge() -> str:
        page = app.get("/dataset/", headers={"Authorization": token}).get_data(as_text=True)
        start = page.index('<span class="badge">', page.index('class="notifications')) + len(
            '<span class="badge">'
        )
        return page[start : page.index("</span>", start)]

    for i in range(CAP - 1):
        activity(w["colleague_a"], w["data_a"], "changed package", after + datetime.timedelta(seconds=i))
    assert count(me) == CAP - 1
    assert header_badge() == str(CAP - 1)

    for i in range(5):
        activity(
            w["colleague_a"],
            w["data_a"],
            "changed package",
            after + datetime.timedelta(minutes=10, seconds=i),
        )
    assert count(me) == CAP
    assert header_badge() == f"{CAP - 1}+"

    as_user(me, "dashboard_mark_activities_old")
    assert header_badge() == "0"


def test_badge() -> None:
    assert [badge(n) for n in (None, 0, 1, 99, 100, 1000)] == ["0", "0", "1", "99", "99+", "99+"]


def test_anonymous_has_no_count(app: Any) -> None:
    response = app.post("/api/3/action/dashboard_new_activities_count", json={})
    assert response.status_code == 403
    assert 'class="notifications' not in app.get("/dataset/").get_data(as_text=True)
