"""Workflow notices: on the dashboard of the people a move concerns, and by
e-mail through a real SMTP server and CKAN's real background worker."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import as_user
from tests.published import PUBLISHABLE

REVIEWERS = "data-office"

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


@pytest.fixture
def people(clean_db: Any) -> dict[str, Any]:
    helpers.call_action("job_clear")
    editor = factories.User(name="unit-editor", email="editor@health.example")
    admin = factories.User(name="unit-admin", email="admin@health.example")
    outsider = factories.User(name="other-editor", email="editor@justice.example")
    reviewer = factories.User(name="the-reviewer", email="reviewer@office.example")
    unit = factories.Organization(
        name="dept-health",
        title="Health",
        users=[{"name": editor["name"], "capacity": "editor"}, {"name": admin["name"], "capacity": "admin"}],
    )
    factories.Organization(name="dept-justice", users=[{"name": outsider["name"], "capacity": "editor"}])
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    dataset = factories.Dataset(
        owner_org=unit["id"],
        name="clinics",
        title="Clinic list CANARY-n0t1ce",
        **PUBLISHABLE,
        context={"user": editor["name"]},
    )
    return {"editor": editor, "admin": admin, "outsider": outsider, "reviewer": reviewer, "dataset": dataset}


def _dashboard(app: Any, user: dict[str, Any]) -> str:
    token = factories.APIToken(user=user["name"])["token"]
    return app.get("/dashboard/datasets", headers={"Authorization": token}, status=200).body


class TestDashboard:
    def test_reviewers_see_what_waits_and_the_unit_sees_the_reason(
        self, people: dict[str, Any], app: Any
    ) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        page = _dashboard(app, people["reviewer"])
        assert "1 dataset waits for your review" in page and "CANARY-n0t1ce" in page
        assert "waits for your review" not in _dashboard(app, people["editor"])  # units do not review
        assert "laodata-notices" not in _dashboard(app, people["outsider"])

        as_user(
            people["reviewer"],
            "laodata_dataset_review",
            id=ds,
            decision="return",
            comment="Column <b>district</b> is empty",
        )
        for user in ("editor", "admin"):
            page = _dashboard(app, people[user])
            assert "Returned for changes" in page
            assert "Column &lt;b&gt;district&lt;/b&gt; is empty" in page  # escaped, not markup
        assert "waits for your review" not in _dashboard(app, people["reviewer"])
        assert "CANARY-n0t1ce" not in _dashboard(app, people["outsider"])

    def test_an_edit_after_approval_is_waiting_again(self, people: dict[str, Any], app: Any) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        as_user(people["reviewer"], "laodata_dataset_review", id=ds, decision="approve")
        assert "Approved" in _dashboard(app, people["editor"])
        assert "waits for your review" not in _dashboard(app, people["reviewer"])
        as_user(people["editor"], "package_patch", id=ds, access_level="shared")
        page = _dashboard(app, people["reviewer"])
        assert "1 dataset waits for your review" in page and "changed after review" in page

    def test_a_reviewer_who_edits_in_the_unit_is_not_asked(self, people: dict[str, Any], app: Any) -> None:
        helpers.call_action(
            "organization_member_create", id="dept-health", username=people["reviewer"]["name"], role="editor"
        )
        as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
        assert "waits for your review" not in _dashboard(app, people["reviewer"])

    def test_dashboard_count_is_the_review_queues_true_count(self, people: dict[str, Any], app: Any) -> None:
        # 12 datasets of the health unit wait; 3 of the justice unit, in which the reviewer edits, do not
        # count for this reviewer (nobody reviews their own unit), nor do they in the review queue
        helpers.call_action(
            "organization_member_create",
            id="dept-justice",
            username=people["reviewer"]["name"],
            role="editor",
        )
        health = [people["dataset"]] + [
            factories.Dataset(
                owner_org="dept-health",
                name=f"health-{i:02d}",
                **PUBLISHABLE,
                context={"user": people["editor"]["name"]},
            )
            for i in range(11)
        ]
        justice = [
            factories.Dataset(
                owner_org="dept-justice",
                name=f"own-unit-{i}",
                **PUBLISHABLE,
                context={"user": people["outsider"]["name"]},
            )
            for i in range(3)
        ]
        for ds in health:
            as_user(people["editor"], "laodata_dataset_submit", id=ds["id"])
        for ds in justice:
            as_user(people["outsider"], "laodata_dataset_submit", id=ds["id"])

        page = _dashboard(app, people["reviewer"])
        assert "12 datasets wait for your review" in page
        assert "Showing the latest 10 of 12." in page
        waiting = page[page.index('class="list-unstyled small laodata-notices-waiting"') :]
        waiting = waiting[: waiting.index("</ul>")]
        assert waiting.count("<li>") == 10 and "own-unit-" not in waiting
        queue = tk.h.url_for("laodata_workflow.queue")
        assert f'href="{queue}?status=submitted"' in page

        token = factories.APIToken(user=people["reviewer"]["name"])["token"]
        listed = app.get(f"{queue}?status=submitted", headers={"Authorization": token}, status=200).body
        assert "12 datasets wait" in listed
        assert "own-unit-" not in listed and all(f"/dataset/{ds['name']}" in listed for ds in health)

        # a sysadmin reviews every unit: all 15
        factories.Sysadmin(name="the-sysadmin")
        assert "15 datasets wait for your review" in _dashboard(app, {"name": "the-sysadmin"})


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture
def inbox() -> Iterator[_Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(tk.config, "smtp.server", f"127.0.0.1:{port}")
            mp.setitem(tk.config, "smtp.mail_from", "portal@province.example")
            yield handler
    finally:
        controller.stop()


def _run_worker(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    time.sleep(0.2)  # the SMTP server hands messages over on its own thread


class TestMail:
    def test_each_move_mails_the_people_it_concerns(
        self, people: dict[str, Any], inbox: _Inbox, cli: Any
    ) -> None:
        ds = people["dataset"]["id"]
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        assert len(helpers.call_action("job_list")) == 1  # queued, not sent inside the request
        assert inbox.messages == []
        _run_worker(cli)
        [mail] = inbox.to("reviewer@office.example")
        assert mail["Subject"] == "[laodata (tests)] Waiting for your review: Clinic list CANARY-n0t1ce"
        assert f"{people['editor']['fullname']} submitted the dataset" in mail.get_content()
        assert len(inbox.messages) == 1  # not the editor who submitted, not the other unit

        as_user(
            people["reviewer"],
            "laodata_dataset_review",
            id=ds,
            decision="return",
            comment="Add the 2025 rows",
        )
        _run_worker(cli)
        for address in ("editor@health.example", "admin@health.example"):
            [mail] = inbox.to(address)
            assert mail["Subject"].endswith("Returned for changes: Clinic list CANARY-n0t1ce")
            body = mail.get_content()
            assert "Reason: Add the 2025 rows" in body
            assert "http://test.ckan.net/dataset/clinics" in body
        assert inbox.to("editor@justice.example") == []
        assert len(inbox.to("reviewer@office.example")) == 1  # the actor is not told of their own move

    def test_a_hostile_title_cannot_add_headers(
        self, people: dict[str, Any], inbox: _Inbox, cli: Any
    ) -> None:
        ds = people["dataset"]["id"]
        as_user(
            people["editor"],
            "package_patch",
            id=ds,
            title="Clinics\r\nBcc: thief@evil.example\r\n\r\nspoofed",
        )
        as_user(people["editor"], "laodata_dataset_submit", id=ds)
        _run_worker(cli)
        [(recipients, mail)] = inbox.messages
        assert recipients == ["reviewer@office.example"]
        assert mail["Bcc"] is None
        assert "\n" not in mail["Subject"] and "Clinics Bcc: thief@evil.example spoofed" in mail["Subject"]

    def test_no_mail_when_the_mailer_is_not_configured(self, people: dict[str, Any]) -> None:
        as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
        assert helpers.call_action("job_list") == []

    def test_an_unreachable_smtp_server_fails_the_job_not_the_move(
        self, people: dict[str, Any], cli: Any
    ) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(tk.config, "smtp.server", f"127.0.0.1:{closed_port}")
            mp.setitem(tk.config, "smtp.mail_from", "portal@province.example")
            from ckan.lib.jobs import get_queue

            failed = get_queue().failed_job_registry
            failed_before = failed.count  # (the registry outlives job_clear)
            result = as_user(people["editor"], "laodata_dataset_submit", id=people["dataset"]["id"])
            assert result["workflow_status"] == "submitted"
            _run_worker(cli)
            assert failed.count == failed_before + 1
