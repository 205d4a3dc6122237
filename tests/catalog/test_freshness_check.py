"""The freshness check (issue 13 item 6): stale datasets and overdue entries told
once to each unit and to the coordinating office, escalated past the configured
days, by e-mail through a real SMTP server (aiosmtpd), from the CLI and from
CKAN's real background worker; always on the dashboards."""

from __future__ import annotations

import datetime
import io
import socket
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.catalog import digest
from ckanext.laodata.catalog.model import FreshnessNotice
from tests.factories import add_file
from tests.published import draft, move_to

OFFICE = "provincial-office"
TODAY = datetime.date.today()
CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level,due_date\n"
    "HEA-001,Hospitals CANARY-fr3sh,dept-health,health,monthly,open,1,\n"
    "HEA-002,Clinics,dept-health,health,monthly,open,1,2001-01-01\n"
    f"HEA-003,Pharmacies,dept-health,health,monthly,open,1,{(TODAY + datetime.timedelta(days=30)).isoformat()}\n"
    "JUS-001,Courts,dept-justice,justice,annual,open,1,\n"
)

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config(config.FRESHNESS_OFFICE, OFFICE),
]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[_Inbox]:
    port = _free_port()
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


@pytest.fixture
def late(clean_db: Any) -> dict[str, Any]:
    """dept-health: HEA-001 delivered and stale (40 days old, monthly: 5 days late), HEA-002
    overdue since 2001, HEA-003 not yet due; dept-justice: nothing late."""
    helpers.call_action("job_clear")
    editor = factories.UserWithToken(email="editor@health.example")
    admin = factories.User(email="admin@health.example")
    member = factories.User(email="member@health.example")
    justice = factories.User(email="editor@justice.example")
    officer = factories.UserWithToken(email="officer@office.example")
    health = factories.Organization(
        name="dept-health",
        title="Department of Health",
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    factories.Organization(name="dept-justice", users=[{"name": justice["name"], "capacity": "editor"}])
    factories.Organization(name=OFFICE, users=[{"name": officer["name"], "capacity": "member"}])
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(CATALOG.encode("utf-8")), filename="catalog.csv"),
    )
    dataset = draft("submitted", owner_org=health["id"], name="hospitals", catalog_code="HEA-001")
    add_file(dataset["id"])
    move_to(dataset["id"], "submitted")
    _age(dataset["id"], 40)
    people = {"editor": editor, "admin": admin, "member": member, "justice": justice, "officer": officer}
    return {**people, "dataset": dataset}


def _age(package_id: str, days: int) -> None:
    model.Session.execute(
        sa.update(model.package_table)
        .where(model.package_table.c.id == package_id)
        .values(metadata_modified=datetime.datetime.utcnow() - datetime.timedelta(days=days))
    )
    model.Session.commit()


def _check(**data: Any) -> dict[str, Any]:
    return helpers.call_action("laodata_freshness_check", **data)


def _wait() -> None:
    time.sleep(0.3)  # the SMTP server hands messages over on its own thread


class TestLateItems:
    def test_stale_and_overdue_from_the_delivery_rules(self, late: dict[str, Any]) -> None:
        from ckanext.laodata.catalog import status

        now = datetime.datetime.utcnow()
        items = digest.late_items(status.entry_rows(), TODAY, now)
        assert [(i["code"], i["kind"]) for i in items] == [("HEA-001", "stale"), ("HEA-002", "overdue")]
        stale, overdue = items
        assert stale["since"] == (now - datetime.timedelta(days=40) + datetime.timedelta(days=35)).date()
        assert stale["days"] == 5 and stale["dataset_name"] == "hospitals"
        assert (
            overdue["since"] == datetime.date(2001, 1, 1)
            and overdue["days"] == (TODAY - overdue["since"]).days
        )


class TestDigests:
    def test_told_once_to_the_unit_and_the_office_then_escalated(
        self, late: dict[str, Any], inbox: _Inbox
    ) -> None:
        result = _check()
        _wait()
        assert (result["late"], result["stale"], result["overdue"]) == (2, 1, 1)
        [unit] = result["units"]
        assert {k: unit[k] for k in ("unit", "new", "late", "mailed", "failed")} == {
            "unit": "dept-health",
            "new": 2,
            "late": 2,
            "mailed": 2,  # its editor and admin (its creator has no address)
            "failed": [],
        }
        for address in ("editor@health.example", "admin@health.example"):
            [mail] = inbox.to(address)
            assert mail["Subject"] == "[laodata (tests)] Late data of Department of Health: 2 item(s)"
            body = mail.get_content()
            assert "HEA-001 Hospitals CANARY-fr3sh: not updated since it fell due on" in body
            assert "HEA-002 Clinics: not delivered, due on 2001-01-01" in body
            assert "http://test.ckan.net/catalog/progress" in body
        assert inbox.to("member@health.example") == [] and inbox.to("editor@justice.example") == []
        [office] = inbox.to("officer@office.example")
        # the overdue entry is late for thousands of days: past the escalation days at once
        assert office["Subject"] == "[laodata (tests)] Late data in the province: 2 new, 1 escalated"
        assert "Department of Health:" in office.get_content()
        assert len(inbox.messages) == 3

        again = _check()  # the same lateness is never told twice
        _wait()
        assert again["units"] == [] and again["office"] == {"new": 0, "escalations": 0}
        assert len(inbox.messages) == 3

        with pytest.MonkeyPatch.context() as mp:  # fewer escalation days: the stale one (5 days) too
            mp.setitem(tk.config, config.FRESHNESS_ESCALATE_DAYS, 3)
            escalated = _check()
            _wait()
            assert escalated["office"]["escalations"] == 1 and escalated["units"] == []
            [_, second] = inbox.to("officer@office.example")
            assert second["Subject"].endswith("0 new, 1 escalated")
            assert "Still late after more than 3 days (escalated):" in second.get_content()
            assert _check()["office"] == {"new": 0, "escalations": 0}

    def test_a_refreshed_then_stale_again_dataset_is_a_new_lateness(
        self, late: dict[str, Any], inbox: _Inbox
    ) -> None:
        _check()
        _wait()
        before = len(inbox.to("editor@health.example"))
        _age(late["dataset"]["id"], 1)  # refreshed: up to date
        assert [i["code"] for i in digest.late_items(_rows(), TODAY, datetime.datetime.utcnow())] == [
            "HEA-002"
        ]
        _age(late["dataset"]["id"], 50)  # stale again, from another day
        result = _check()
        _wait()
        assert result["units"][0]["new"] == 1
        assert len(inbox.to("editor@health.example")) == before + 1
        assert "HEA-001" in inbox.to("editor@health.example")[-1].get_content()

    def test_without_a_mailer_the_dashboards_still_say_so_and_nothing_repeats(
        self, late: dict[str, Any], app: Any
    ) -> None:
        assert not config.mail_configured()
        result = _check()
        assert result["units"][0]["mailed"] == 0 and result["failed"] == []
        assert model.Session.query(FreshnessNotice).count() == 2 + 2 + 1  # unit, office, escalation
        page = app.get("/dashboard/datasets", headers={"Authorization": late["editor"]["token"]}).body
        assert "Late data" in page and "HEA-001" in page and "HEA-002" in page
        office = app.get("/dashboard/datasets", headers={"Authorization": late["officer"]["token"]}).body
        assert "In the province: 2 late, 1 late for more than 14 days." in office
        outsider = factories.UserWithToken()
        assert (
            "laodata-late"
            not in app.get("/dashboard/datasets", headers={"Authorization": outsider["token"]}).body
        )
        lao = app.get("/lo/dashboard/datasets", headers={"Authorization": late["editor"]["token"]}).body
        assert "ຂໍ້ມູນທີ່ຊ້າ" in lao

    def test_a_mail_server_that_is_down_is_tried_again_next_time(self, late: dict[str, Any]) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(tk.config, "smtp.server", f"127.0.0.1:{_free_port()}")  # nobody listens
            mp.setitem(tk.config, "smtp.mail_from", "portal@province.example")
            result = _check()
        assert result["failed"] and all("@" not in f.split(":")[0] for f in result["failed"])
        assert model.Session.query(FreshnessNotice).count() == 0  # nothing recorded: not told
        assert _check()["units"][0]["new"] == 2  # without a mailer now: told on the dashboard

    def test_dry_run_tells_and_records_nothing(self, late: dict[str, Any], inbox: _Inbox) -> None:
        result = _check(dry_run=True)
        _wait()
        assert result["dry_run"] and result["units"] == [{"unit": "dept-health", "new": 2, "late": 2}]
        assert inbox.messages == [] and model.Session.query(FreshnessNotice).count() == 0

    def test_a_hostile_title_cannot_add_headers(self, late: dict[str, Any], inbox: _Inbox) -> None:
        helpers.call_action(
            "laodata_catalog_entry_update",
            code="HEA-002",
            title="Clinics\r\nBcc: thief@evil.example\r\n\r\nx",
        )
        helpers.call_action(
            "organization_patch",
            context={"user": late["admin"]["name"]},
            id="dept-health",
            title="Health\r\nBcc: thief@evil.example",
        )
        _check()
        _wait()
        for _, mail in inbox.messages:
            assert mail["Bcc"] is None and "\n" not in mail["Subject"]
        assert all("thief@evil.example" not in rcpt for rcpt, _ in inbox.messages)


def _rows() -> list[dict[str, Any]]:
    from ckanext.laodata.catalog import status

    return status.entry_rows()


class TestAccessAndInput:
    @pytest.mark.parametrize("who", ["editor", "officer"])
    def test_only_sysadmins_run_it(self, late: dict[str, Any], who: str) -> None:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(
                "laodata_freshness_check", context={"user": late[who]["name"], "ignore_auth": False}
            )
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_freshness_check", context={"user": "", "ignore_auth": False})

    def test_api_refuses_visitors_and_bad_input(self, late: dict[str, Any], app: Any) -> None:
        assert app.post("/api/3/action/laodata_freshness_check", json={}).status_code == 403
        sysadmin = factories.SysadminWithToken()
        headers = {"Authorization": sysadmin["token"]}
        response = app.post(
            "/api/3/action/laodata_freshness_check", json={"dry_run": "maybe"}, headers=headers
        )
        assert response.status_code == 409 and "dry_run" in response.json["error"]
        assert model.Session.query(FreshnessNotice).count() == 0


class TestCommandAndJob:
    def test_cli_dry_run_then_enqueued_for_the_worker(self, late: dict[str, Any], cli: Any) -> None:
        from ckan.cli.cli import ckan

        result = cli.invoke(ckan, ["laodata", "freshness", "check", "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "2 late: 1 stale datasets, 1 overdue entries." in result.output
        assert "dept-health: 2 new of 2 late would be told" in result.output
        assert model.Session.query(FreshnessNotice).count() == 0

        queued = cli.invoke(ckan, ["laodata", "freshness", "check", "--enqueue"])
        assert queued.exit_code == 0 and "queued" in queued.output
        titles = [job["title"] for job in helpers.call_action("job_list")]
        assert titles.count("laodata: freshness check") == 1  # beside the upload check of the fixture's file
        worked = cli.invoke(ckan, ["jobs", "worker", "--burst"])
        assert worked.exit_code == 0, worked.output
        model.Session.expire_all()
        assert model.Session.query(FreshnessNotice).count() == 5
        again = cli.invoke(ckan, ["laodata", "freshness", "check"])
        assert "dept-health" not in again.output and "0 new, 0 escalated told" in again.output

    def test_default_escalation_days(self) -> None:
        assert config.freshness_escalate_days() == 14
