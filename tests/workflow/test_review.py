"""The review workflow: state machine, reviewers, publication gate on writes,
the audit trail, and two reviewers at once."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import DataError
from ckan.tests import factories, helpers

from tests.factories import as_user, stored_status
from tests.published import PUBLISHABLE

REVIEWERS = "data-office"


@pytest.fixture
def people(clean_db: Any) -> dict[str, Any]:
    editor = factories.User()
    admin = factories.User()
    reviewer = factories.User()
    outsider_editor = factories.User()
    unit = factories.Organization(
        name="dept-health",
        users=[{"name": editor["name"], "capacity": "editor"}, {"name": admin["name"], "capacity": "admin"}],
    )
    factories.Organization(
        name="dept-justice", users=[{"name": outsider_editor["name"], "capacity": "editor"}]
    )
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    dataset = factories.Dataset(
        owner_org=unit["id"], name="hospitals", **PUBLISHABLE, context={"user": editor["name"]}
    )
    return {
        "editor": editor,
        "admin": admin,
        "reviewer": reviewer,
        "outsider": outsider_editor,
        "unit": unit,
        "dataset": dataset,
    }


def _activity_labels(dataset_id: str) -> set[str]:
    """Every permission label on the dataset's activities."""
    rows = model.Session.execute(
        sa.text("SELECT permission_labels FROM activity WHERE object_id = :id"), {"id": dataset_id}
    )
    return {label for (labels,) in rows for label in labels or ()}


def _actions(dataset_id: str) -> list[str]:
    return [e["action"] for e in helpers.call_action("laodata_workflow_history", id=dataset_id)]


pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


class TestStateMachine:
    def test_full_path_with_a_return(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        assert stored_status(ds) == ("draft", True)  # a new dataset is private
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="return")
        assert "reason" in err.value.error_dict["comment"][0]
        as_user(
            people["reviewer"],
            "laodata_dataset_review",
            id=ds,
            decision="return",
            comment="Column 'beds' is empty for 3 districts",
        )
        assert stored_status(ds) == ("returned", True)
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        assert stored_status(ds) == ("approved", True)
        published = as_user(people["reviewer"], "laodata_dataset_publish", id=ds)
        assert (published["workflow_status"], published["private"]) == ("published", False)
        assert helpers.call_action("package_search", q="name:hospitals")["count"] == 1  # anonymous finds it
        with pytest.raises(tk.ValidationError):
            as_user(people["reviewer"], "laodata_dataset_unpublish", id=ds)  # a comment is mandatory
        as_user(people["reviewer"], "laodata_dataset_unpublish", id=ds, comment="Wrong year in the file")
        assert stored_status(ds) == ("approved", True)
        assert helpers.call_action("package_search", q="name:hospitals")["count"] == 0
        history = helpers.call_action("laodata_workflow_history", id=ds)
        assert [(e["from_status"], e["to_status"]) for e in history] == [
            ("draft", "submitted"),
            ("submitted", "returned"),
            ("returned", "submitted"),
            ("submitted", "approved"),
            ("approved", "published"),
            ("published", "approved"),
        ]
        assert history[1]["comment"] == "Column 'beds' is empty for 3 districts"
        assert history[1]["actor"] == people["reviewer"]["name"]

    @pytest.mark.parametrize(
        "steps,action,data",
        [
            ((), "laodata_dataset_review", {"decision": "approve"}),  # approve a draft
            ((), "laodata_dataset_publish", {}),  # publish without approval
            (("submit",), "laodata_dataset_publish", {}),
            (("submit",), "laodata_dataset_unpublish", {"comment": "x"}),
            (("submit", "approve"), "laodata_dataset_review", {"decision": "return", "comment": "late"}),
        ],
    )
    def test_invalid_transitions_are_refused_by_name(
        self, people: dict[str, Any], steps: tuple[str, ...], action: str, data: dict[str, Any]
    ) -> None:
        ds = people["dataset"]["id"]
        for step in steps:
            if step == "submit":
                as_user(people["editor"], "laodata_dataset_submit", id=ds)
            else:
                as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision=step)
        before = (stored_status(ds), _actions(ds))
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["reviewer"], action, id=ds, **data)
        assert "workflow_status" in err.value.error_dict
        assert (stored_status(ds), _actions(ds)) == before

    def test_bad_decision_and_hostile_comment(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="maybe")
        assert "decision" in err.value.error_dict
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="return", comment="a\x00b")
        assert "comment" in err.value.error_dict
        as_user(
            people["reviewer"],
            "laodata_dataset_review",
            id=ds,
            decision="return",
            comment="<script>alert(1)</script>'; DROP TABLE package; --",
        )
        assert _actions(ds) == ["submit", "return"]


class TestWhoMay:
    def test_unit_roles_never_review_or_publish(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        for who in ("editor", "admin"):
            with pytest.raises(tk.NotAuthorized):
                as_user(people[who], "laodata_dataset_review", id=ds, decision="approve")
        # another unit's editor is told the dataset does not exist
        with pytest.raises(tk.ObjectNotFound):
            as_user(people["outsider"], "laodata_dataset_review", id=ds, decision="approve")
        with pytest.raises(tk.ObjectNotFound):
            as_user(people["outsider"], "laodata_dataset_submit", id=ds)

    def test_a_reviewer_does_not_review_a_unit_they_edit_in(self, people: dict[str, Any]) -> None:
        helpers.call_action(
            "member_create",
            id=people["unit"]["id"],
            object=people["reviewer"]["name"],
            object_type="user",
            capacity="editor",
        )
        as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
        with pytest.raises(tk.NotAuthorized):
            as_user(
                people["reviewer"], "laodata_dataset_review", id=people["dataset"]["id"], decision="approve"
            )

    def test_sysadmins_review(self, people: dict[str, Any]) -> None:
        as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
        as_user(
            factories.Sysadmin(), "laodata_dataset_review", id=people["dataset"]["id"], decision="approve"
        )
        assert stored_status(people["dataset"]["id"])[0] == "approved"

    def test_reviewers_read_submitted_datasets_of_every_unit(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        with pytest.raises(tk.ObjectNotFound):
            as_user(people["outsider"], "package_show", id=ds)
        assert as_user(people["reviewer"], "package_show", id=ds)["id"] == ds
        found = as_user(people["reviewer"], "package_search", q="name:hospitals", include_private=True)
        assert found["count"] == 1


class TestGateOnWrites:
    def test_public_only_through_publishing(self, people: dict[str, Any]) -> None:
        unit = people["unit"]["id"]
        with pytest.raises(tk.ValidationError) as err:
            as_user(
                people["editor"],
                "package_create",
                name="public-draft",
                owner_org=unit,
                private=False,
                **PUBLISHABLE,
            )
        assert "publishes" in err.value.error_dict["private"][0]
        ds = people["dataset"]["id"]
        with pytest.raises(tk.ValidationError):
            as_user(people["editor"], "package_patch", id=ds, private=False)
        with pytest.raises(tk.ValidationError):
            as_user(people["editor"], "package_revise", match={"id": ds}, update={"private": False})
        assert stored_status(ds) == ("draft", True)

    def test_bulk_make_public_is_closed(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["admin"], "bulk_update_public", datasets=[ds], org_id=people["unit"]["id"])
        assert "hospitals" in err.value.error_dict["datasets"][0]
        assert stored_status(ds) == ("draft", True)

    def test_published_dataset_stays_publishable_and_is_withdrawn_only_by_unpublish(
        self, people: dict[str, Any]
    ) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        as_user(people["reviewer"], "laodata_dataset_publish", id=ds)
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["admin"], "bulk_update_private", datasets=[ds], org_id=people["unit"]["id"])
        assert "unpublish" in err.value.error_dict["datasets"][0]
        with pytest.raises(tk.ValidationError):
            as_user(people["editor"], "package_patch", id=ds, private=True)
        # a plain edit keeps it published
        as_user(people["editor"], "package_patch", id=ds, notes="Beds per district, 2026")
        assert stored_status(ds) == ("published", False)

    @pytest.mark.parametrize("edit", ["classes", "resource"])
    def test_editing_classes_or_data_sends_it_back_for_review(
        self, people: dict[str, Any], edit: str
    ) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        as_user(people["reviewer"], "laodata_dataset_publish", id=ds)
        if edit == "classes":
            as_user(people["editor"], "package_patch", id=ds, access_level="shared")
        else:
            as_user(
                people["editor"],
                "resource_create",
                package_id=ds,
                name="2026",
                upload=FileStorage(io.BytesIO(b"district,beds\nNorth,60\n"), filename="beds.csv"),
            )
        assert stored_status(ds) == ("submitted", True)
        last = helpers.call_action("laodata_workflow_history", id=ds)[-1]
        assert (last["action"], last["actor"]) == ("edit", people["editor"]["name"])
        assert ("access_level" if edit == "classes" else "resources") in last["comment"]
        assert helpers.call_action("package_search", q="name:hospitals")["count"] == 0

    def test_publish_names_every_failed_condition(self, people: dict[str, Any]) -> None:
        ds = factories.Dataset(
            owner_org=people["unit"]["id"],
            access_level="shared",
            security_level="3",
            importance="core",
            context={"user": people["editor"]["name"]},
        )["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["reviewer"], "laodata_dataset_publish", id=ds)
        assert set(err.value.error_dict) == {"access_level", "security_level", "importance"}
        assert stored_status(ds) == ("approved", True)


class TestAuditTrail:
    def test_events_cannot_be_changed_or_deleted(self, people: dict[str, Any]) -> None:
        as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
        for statement in (
            "UPDATE laodata_workflow_event SET comment = 'forged'",
            "DELETE FROM laodata_workflow_event",
            "TRUNCATE laodata_workflow_event",
        ):
            with pytest.raises(sa.exc.DBAPIError) as err:
                model.Session.execute(sa.text(statement))
            assert "append-only" in str(err.value)
            model.Session.rollback()
        assert _actions(people["dataset"]["id"]) == ["submit"]

    def test_history_is_hidden_with_the_dataset(self, people: dict[str, Any]) -> None:
        with pytest.raises(tk.ObjectNotFound):
            as_user(people["outsider"], "laodata_workflow_history", id=people["dataset"]["id"])


def test_two_reviewers_at_once_one_wins(people: dict[str, Any]) -> None:
    ds = people["dataset"]["id"]
    as_user(people["editor"], "laodata_dataset_submit", id=ds)
    second = factories.User()
    helpers.call_action(
        "member_create", id=REVIEWERS, object=second["name"], object_type="user", capacity="member"
    )
    model.Session.remove()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(user: dict[str, Any], decision: str) -> None:
        try:
            barrier.wait()
            as_user(user, "laodata_dataset_review", id=ds, decision=decision, comment="checked")
            outcomes[user["name"]] = "ok"
        except tk.ValidationError as err:
            outcomes[user["name"]] = "conflict:" + err.error_dict["workflow_status"][0]
        finally:
            model.Session.remove()

    threads = [
        threading.Thread(target=act, args=(people["reviewer"], "approve")),
        threading.Thread(target=act, args=(second, "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "ok"]
    assert _actions(ds) == ["submit", "approve" if outcomes[people["reviewer"]["name"]] == "ok" else "return"]


class TestOtherPaths:
    @pytest.mark.parametrize("value", ["", " true", "t", 0])
    def test_visibility_is_read_as_ckan_stores_it(self, people: dict[str, Any], value: Any) -> None:
        ds = people["dataset"]["id"]
        try:
            as_user(people["editor"], "package_patch", id=ds, private=value)
        except tk.ValidationError as err:
            assert "private" in err.error_dict
        assert stored_status(ds) == ("draft", True)  # never public, whatever the spelling

    def test_activities_follow_a_withdrawal(self, people: dict[str, Any]) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        as_user(people["reviewer"], "laodata_dataset_publish", id=ds)
        anonymous = {"user": "", "ignore_auth": False}
        assert as_user(people["editor"], "package_activity_list", id=ds)
        assert "public" in _activity_labels(ds)
        as_user(people["reviewer"], "laodata_dataset_unpublish", id=ds, comment="Wrong year")
        # the old public activities are re-stamped with the withdrawn dataset's labels ...
        assert _activity_labels(ds) and "public" not in _activity_labels(ds)
        # ... and activity streams name staff, so they were never for anonymous visitors
        org = people["unit"]["id"]
        for action, data in (
            ("package_activity_list", {"id": ds}),
            ("organization_activity_list", {"id": org}),
            ("recently_changed_packages_activity_list", {}),
        ):
            with pytest.raises((tk.NotAuthorized, tk.ObjectNotFound)):
                helpers.call_action(action, context=dict(anonymous), **data)
        members = helpers.call_action("member_list", context=dict(anonymous), id=org, object_type="package")
        assert members == []
        mine = helpers.call_action(
            "member_list", context={"user": people["editor"]["name"]}, id=org, object_type="package"
        )
        assert [m[0] for m in mine] == [ds]

    def test_bulk_request_of_another_unit_names_nothing(self, people: dict[str, Any]) -> None:
        other = factories.Organization(users=[{"name": people["outsider"]["name"], "capacity": "admin"}])
        as_user(
            people["outsider"], "bulk_update_public", datasets=[people["dataset"]["id"]], org_id=other["id"]
        )
        assert stored_status(people["dataset"]["id"]) == ("draft", True)
        with pytest.raises(tk.ValidationError) as err:
            as_user(people["outsider"], "bulk_update_public", datasets="not-a-list", org_id=other["id"])
        assert "datasets" in err.value.error_dict

    def test_bulk_page_shows_the_refusal(self, app: Any, people: dict[str, Any]) -> None:
        admin = factories.UserWithToken()
        helpers.call_action(
            "member_create",
            id=people["unit"]["id"],
            object=admin["name"],
            object_type="user",
            capacity="admin",
        )
        response = app.post(
            f"/organization/bulk_process/{people['unit']['name']}",
            data={"bulk_action.public": "public", f"dataset_{people['dataset']['id']}": "on"},
            headers={"Authorization": admin["token"]},
            follow_redirects=False,
        )
        assert response.status_code == 302
        assert stored_status(people["dataset"]["id"]) == ("draft", True)

    def test_metadata_only_dataset_with_malformed_resources(self, people: dict[str, Any]) -> None:
        # CKAN's own answer (DataError: HTTP 400 through the API), not an AttributeError in our rules
        with pytest.raises((tk.ValidationError, DataError)):
            as_user(
                people["editor"],
                "package_create",
                name="odd",
                owner_org=people["unit"]["id"],
                security_level="4",
                resources=["x"],
            )
