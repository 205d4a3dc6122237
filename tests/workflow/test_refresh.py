"""Daily refreshes without a daily review (issue 13 item 4, ``workflow/refresh.py``).

A unit replaces the file of a published dataset: under the ``validated``
policy the dataset stays published, the new file is held (no reader but the
dataset's staff gets it, on the API and the download path) and the check
decides: a clean file with the same columns keeps it published with a
``refresh`` event; anything else sends it back to review with the report as
the reason. Under ``strict`` every new file is reviewed. Real CKAN,
PostgreSQL, Redis and rq (``ckan jobs worker --burst``).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.access import held
from ckanext.laodata.quality import jobs
from ckanext.laodata.workflow import events, notify
from tests.published import move_to, site_context
from tests.quality.fixtures import HEADER, csv_file, good_rows, province

CANARY = "CANARY-REFRESH-4d2e"


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    helpers.call_action("job_clear")
    found = province()
    found["other"] = factories.UserWithToken()
    factories.Organization(name="dept-other", users=[{"name": found["other"]["name"], "capacity": "editor"}])
    found["reviewer"] = factories.Sysadmin()
    found["reviewer"]["token"] = factories.APIToken(user=found["reviewer"]["name"])["token"]
    return found


def _as(units: dict[str, Any], role: str = "editor") -> dict[str, Any]:
    return {"user": units[role]["name"], "ignore_auth": False}


def _published(
    units: dict[str, Any], rows: list[list[Any]] | None = None, expect: str = "passed"
) -> tuple[str, str]:
    """A published dataset whose one file passed the check: (dataset id, resource id)."""
    dataset = helpers.call_action(
        "package_create",
        context=_as(units),
        name="hospitals",
        owner_org=units["org"]["id"],
        catalog_code="HEA-001",
        access_level="open",
        security_level="1",
    )
    resource = helpers.call_action(
        "resource_create",
        context=_as(units),
        package_id=dataset["id"],
        name="data",
        upload=FileStorage(io.BytesIO(csv_file(rows or good_rows(3))), filename="data.csv"),
    )
    assert jobs.validate_resource(resource["id"]) == expect
    move_to(dataset["id"], "published")
    return dataset["id"], resource["id"]


def _replace(
    units: dict[str, Any], resource_id: str, body: bytes, name: str = "data.csv", **fields: Any
) -> Any:
    return helpers.call_action(
        "resource_patch",
        context=_as(units),
        id=resource_id,
        upload=FileStorage(io.BytesIO(body), filename=name),
        **fields,
    )


def _show(dataset_id: str) -> dict[str, Any]:
    model.Session.expire_all()
    return helpers.call_action("package_show", context=site_context(), id=dataset_id)


def _events(dataset_id: str) -> list[dict[str, Any]]:
    return events.history(dataset_id, staff=True)


def _run_worker(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def _canary_rows(count: int = 4) -> list[list[Any]]:
    rows = good_rows(count)
    rows[1][1] = CANARY  # a hospital's name: the new file's content
    return rows


@pytest.mark.usefixtures("with_plugins")
class TestValidatedPolicy:
    def test_a_clean_refresh_keeps_the_dataset_published_with_an_event(
        self, cli: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        before = len(_events(dataset_id))
        _replace(units, resource_id, csv_file(_canary_rows(5)))
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("published", False)
        assert held.is_held(resource_id)
        assert len(_events(dataset_id)) == before  # nothing decided yet
        _run_worker(cli)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("published", False)
        assert shown["resources"][0]["validation_status"] == "passed"
        assert not held.is_held(resource_id)
        last = _events(dataset_id)[-1]
        assert len(_events(dataset_id)) == before + 1
        assert (last["action"], last["from_status"], last["to_status"]) == (
            "refresh",
            "published",
            "published",
        )
        assert last["actor"] == units["editor"]["name"] and "5 rows" in last["comment"]
        # the citizen's history shows publications and withdrawals only
        assert all(e["action"] != "refresh" for e in events.history(dataset_id, staff=False))

    def test_the_job_run_twice_settles_once(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(good_rows(4)))
        assert jobs.validate_resource(resource_id) == "passed"
        assert jobs.validate_resource(resource_id) == "passed"
        refreshes = [e for e in _events(dataset_id) if e["action"] == "refresh"]
        assert len(refreshes) == 1
        assert _show(dataset_id)["workflow_status"] == "published"

    def test_two_refreshes_before_the_check_keep_the_first_baseline(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(good_rows(4)))
        extra = [HEADER + ["note"]] + [r + ["x"] for r in good_rows(4)[1:]]
        _replace(units, resource_id, csv_file(extra))  # still held: compared with the first file
        jobs.validate_resource(resource_id)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        assert "new note" in _events(dataset_id)[-1]["comment"]

    def test_a_missing_column_sends_it_back_to_review_with_the_report(
        self, cli: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        rows = [[v for j, v in enumerate(row) if j != HEADER.index("beds")] for row in good_rows(3)]
        _replace(units, resource_id, csv_file(rows))
        assert _show(dataset_id)["workflow_status"] == "published"
        _run_worker(cli)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        last = _events(dataset_id)[-1]
        assert (last["action"], last["from_status"], last["to_status"]) == (
            "refresh_review",
            "published",
            "submitted",
        )
        assert "missing beds" in last["comment"]
        assert "missing mandatory columns: beds" in last["comment"]
        assert not held.is_held(resource_id)
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("package_show", context={"user": "", "ignore_auth": False}, id=dataset_id)
        # the unit hears of it on its dashboard, the reviewers find it waiting
        decisions = notify.notices_for(units["editor"]["name"])["decisions"]
        assert decisions and decisions[0]["action"] == "refresh_review"
        assert "missing beds" in decisions[0]["comment"]
        waiting = notify.notices_for(units["reviewer"]["name"])["waiting"]
        assert [w["action"] for w in waiting] == ["refresh_review"]

    def test_phone_numbers_send_it_back_and_flag_it(self, units: dict[str, Any]) -> None:
        base = [HEADER + ["contact"]] + [r + ["front desk"] for r in good_rows(10)[1:]]
        dataset_id, resource_id = _published(units, base)
        phones = [HEADER + ["contact"]] + [r + [f"09{i:08d}"] for i, r in enumerate(good_rows(10)[1:])]
        _replace(units, resource_id, csv_file(phones))
        jobs.validate_resource(resource_id)
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        assert shown["personal_data_flag"] == "found"
        last = _events(dataset_id)[-1]
        assert last["action"] == "refresh_review"
        assert "personal data: phone in column 'contact'" in last["comment"]
        assert "0900000001" not in last["comment"]

    def test_an_unreadable_file_sends_it_back(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, b"\x00\x01\x02garbage" * 100)
        jobs.validate_resource(resource_id)
        assert _show(dataset_id)["workflow_status"] == "submitted"
        assert "could not be checked" in _events(dataset_id)[-1]["comment"]

    def test_a_file_whose_predecessor_failed_is_reviewed_at_once(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units, [HEADER, [1, "x", "", "bad date", "", "", ""]], "failed")
        _replace(units, resource_id, csv_file(good_rows(3)))
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        assert _events(dataset_id)[-1]["action"] == "edit"
        assert not held.is_held(resource_id)

    def test_a_file_that_is_not_checked_is_reviewed_at_once(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, b"%PDF-1.4 not a table", name="report.pdf", format="PDF")
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        assert _events(dataset_id)[-1]["action"] == "edit"
        assert not held.is_held(resource_id)

    def test_a_pdf_given_as_csv_is_checked_and_sent_back(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, b"%PDF-1.4 not a table", name="report.csv")
        assert _show(dataset_id)["workflow_status"] == "published"
        jobs.validate_resource(resource_id)
        assert _show(dataset_id)["workflow_status"] == "submitted"
        assert "could not be checked" in _events(dataset_id)[-1]["comment"]

    def test_a_new_resource_is_reviewed_at_once(self, units: dict[str, Any]) -> None:
        dataset_id, _resource_id = _published(units)
        helpers.call_action(
            "resource_create",
            context=_as(units),
            package_id=dataset_id,
            name="more",
            upload=FileStorage(io.BytesIO(csv_file(good_rows(2))), filename="more.csv"),
        )
        assert _show(dataset_id)["workflow_status"] == "submitted"

    def test_metadata_edits_of_a_held_resource_keep_it_held(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(good_rows(4)))
        helpers.call_action("resource_patch", context=_as(units), id=resource_id, description="New")
        assert held.is_held(resource_id)
        assert _show(dataset_id)["workflow_status"] == "published"
        jobs.validate_resource(resource_id)
        assert _events(dataset_id)[-1]["action"] == "refresh"

    def test_a_held_file_replaced_by_a_link_goes_to_review_and_its_hold_with_it(
        self, app: Any, units: dict[str, Any]
    ) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(_canary_rows()))
        assert held.is_held(resource_id)
        helpers.call_action(
            "resource_patch", context=_as(units), id=resource_id, url="https://example.org/x.csv", url_type=""
        )
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        assert not held.is_held(resource_id)
        move_to(dataset_id, "published")  # reviewed: readable by all again
        response = _get(app, units, "anonymous", "/api/3/action/resource_show", id=resource_id)
        assert response.status_code == 200

    def test_a_failed_write_leaves_no_hold(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "resource_patch",
                context=_as(units),
                id=resource_id,
                validation_status="failed",  # only the check sets it
                upload=FileStorage(io.BytesIO(csv_file(good_rows(2))), filename="data.csv"),
            )
        assert not held.is_held(resource_id)
        assert _show(dataset_id)["workflow_status"] == "published"


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config(config.REFRESH_POLICY, "strict")
class TestStrictPolicy:
    def test_every_new_file_is_reviewed(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(good_rows(4)))
        shown = _show(dataset_id)
        assert (shown["workflow_status"], shown["private"]) == ("submitted", True)
        last = _events(dataset_id)[-1]
        assert (last["action"], last["comment"]) == ("edit", "changed: resources")
        assert not held.is_held(resource_id)
        jobs.validate_resource(resource_id)
        assert _events(dataset_id)[-1]["action"] == "edit"

    @pytest.mark.ckan_config(config.REFRESH_POLICY, "sometimes")
    def test_an_unknown_policy_is_strict(self, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(good_rows(4)))
        assert _show(dataset_id)["workflow_status"] == "submitted"


# --- who gets a held file ------------------------------------------------------

ROLES = ("anonymous", "other", "member", "editor", "reviewer")
STAFF = {"member", "editor", "reviewer"}


def _get(app: Any, units: dict[str, Any], role: str, url: str, **query: Any) -> Any:
    headers = {} if role == "anonymous" else {"Authorization": units[role]["token"]}
    return app.test_client(use_cookies=False).get(url, query_string=query, headers=headers)


@pytest.mark.usefixtures("with_plugins")
class TestHeldFile:
    @pytest.mark.parametrize("role", ROLES)
    def test_only_staff_read_a_held_file_then_everyone(
        self, app: Any, units: dict[str, Any], role: str
    ) -> None:
        dataset_id, resource_id = _published(units)
        _replace(units, resource_id, csv_file(_canary_rows()))
        download = f"/dataset/{dataset_id}/resource/{resource_id}/download/data.csv"
        api = _get(app, units, role, "/api/3/action/resource_show", id=resource_id)
        got = _get(app, units, role, download)
        dataset = _get(app, units, role, "/api/3/action/package_show", id=dataset_id)
        assert dataset.status_code == 200  # the dataset stays published
        if role in STAFF:
            assert api.status_code == 200 and got.status_code == 200
            assert CANARY in got.get_data(as_text=True)
        else:
            assert api.status_code == 404, api.get_data(as_text=True)[:300]
            assert got.status_code == 404
            assert CANARY not in got.get_data(as_text=True)
        jobs.validate_resource(resource_id)
        got = _get(app, units, role, download)
        assert got.status_code == 200 and CANARY in got.get_data(as_text=True)
        assert _get(app, units, role, "/api/3/action/resource_show", id=resource_id).status_code == 200

    def test_a_file_sent_back_to_review_is_not_public(self, app: Any, units: dict[str, Any]) -> None:
        dataset_id, resource_id = _published(units)
        rows = [HEADER[:-1]] + [r[:-1] for r in _canary_rows()[1:]]
        _replace(units, resource_id, csv_file(rows))
        jobs.validate_resource(resource_id)
        download = f"/dataset/{dataset_id}/resource/{resource_id}/download/data.csv"
        for role in ("anonymous", "other"):
            got = _get(app, units, role, download)
            assert got.status_code == 404 and CANARY not in got.get_data(as_text=True)
        assert _get(app, units, "editor", download).status_code == 200
