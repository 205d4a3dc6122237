"""The security audit log: each audited action leaves its line, append-only
JSON lines with newlines escaped, no secret ever written, retention, the
sysadmins' page, the CLI and the export."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata import config
from ckanext.laodata.security import audit
from tests.factories import as_user, site_context
from tests.published import dataset_in, draft, move

from .conftest import STRONG

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _log_in(app: Any, name: str, password: str) -> Any:
    return app.post("/user/login", data={"login": name, "password": password})


def test_a_line_is_one_json_object_with_newlines_escaped_and_no_secret(audit_dir: pathlib.Path) -> None:
    written = audit.record(
        audit.LOGIN_FAILURE,
        login="evil\nname\r\u2028x",
        password="hunter2",
        token="eyJ...",
        new_password="x",
        token_name="my token",
    )
    assert written["login"] == "evil\nname\r\u2028x"
    files = list(audit_dir.glob("*.jsonl"))
    assert len(files) == 1
    raw = files[0].read_text(encoding="utf-8")
    assert raw.count("\n") == 1 and raw.endswith("\n")
    entry = json.loads(raw)
    assert entry["login"] == "evil\nname\r\u2028x"
    assert entry["token_name"] == "my token"
    assert not {"password", "token", "new_password"} & set(entry)
    assert "hunter2" not in raw


def test_lines_are_appended_never_rewritten(audit_dir: pathlib.Path) -> None:
    audit.record(audit.LOGOUT, user="a")
    path = next(audit_dir.glob("*.jsonl"))
    first = path.read_bytes()
    audit.record(audit.LOGOUT, user="b")
    assert path.read_bytes().startswith(first)
    assert [e["user"] for e in audit.read()] == ["b", "a"]


def test_log_ins_and_their_failures_leave_lines_without_the_password(app: Any, events: Any) -> None:
    user = factories.User(password=STRONG)
    _log_in(app, user["name"], "wrong-Password-1")
    _log_in(app, user["name"], STRONG)
    failed = events(audit.LOGIN_FAILURE)
    assert [e["login"] for e in failed] == [user["name"]]
    assert [e["user"] for e in events(audit.LOGIN_SUCCESS)] == [user["name"]]
    assert all(e.get("ip") for e in failed)
    text = "".join(audit.lines())
    assert "wrong-Password-1" not in text and STRONG not in text


def test_token_creation_and_revocation_leave_lines_without_the_token(events: Any) -> None:
    user = factories.User()
    token = helpers.call_action(
        "api_token_create",
        context={"user": user["name"], "ignore_auth": False},
        user=user["name"],
        name="scripts",
    )
    created = events(audit.TOKEN_CREATED)
    assert created[-1]["user"] == user["name"] and created[-1]["token_name"] == "scripts"
    assert created[-1]["token_id"]
    helpers.call_action(
        "api_token_revoke", context={"user": user["name"], "ignore_auth": False}, token=token["token"]
    )
    assert events(audit.TOKEN_REVOKED)[-1]["token_id"] == created[-1]["token_id"]
    assert token["token"] not in "".join(audit.lines())


def test_membership_and_sysadmin_changes_leave_lines(events: Any) -> None:
    org = factories.Organization()
    user = factories.User()
    helpers.call_action(
        "organization_member_create",
        context=site_context(),
        id=org["id"],
        username=user["name"],
        role="editor",
    )
    helpers.call_action(
        "organization_member_delete", context=site_context(), id=org["id"], username=user["name"]
    )
    helpers.call_action("user_patch", context=site_context(), id=user["id"], sysadmin=True)
    added = events(audit.MEMBERSHIP_ADDED)
    assert {"user": user["name"], "unit": org["name"], "capacity": "editor"}.items() <= added[-1].items()
    assert {"user": user["name"], "unit": org["name"]}.items() <= events(audit.MEMBERSHIP_REMOVED)[-1].items()
    assert {"user": user["name"], "sysadmin": True}.items() <= events(audit.SYSADMIN_CHANGED)[-1].items()


def test_workflow_decisions_and_class_changes_leave_lines(events: Any) -> None:
    dataset = draft(owner_org=factories.Organization()["id"])
    move(dataset["id"], "submit")
    move(dataset["id"], "approve")
    decisions = events(audit.WORKFLOW_DECISION)
    assert [(e["from_status"], e["to_status"]) for e in decisions] == [
        ("draft", "submitted"),
        ("submitted", "approved"),
    ]
    assert all(e["dataset"] == dataset["id"] and e["workflow_event"] for e in decisions)
    helpers.call_action("package_patch", context=site_context(), id=dataset["id"], security_level="2")
    changes = events(audit.CLASS_CHANGED)
    assert changes[-1]["dataset"] == dataset["name"]
    assert changes[-1]["changes"] == ["security_level: 3 -> 2"]
    # and the edit's own move back to review is a decision too
    assert events(audit.WORKFLOW_DECISION)[-1]["to_status"] == "submitted"


def test_a_refused_read_of_a_non_public_dataset_leaves_a_line(app: Any, events: Any) -> None:
    dataset = dataset_in("submitted", owner_org=factories.Organization()["id"])
    outsider = factories.User()
    token = factories.APIToken(user=outsider["name"])["token"]
    app.get(f"/dataset/{dataset['name']}", headers={"Authorization": token}, status=404)
    app.get(f"/dataset/{dataset['name']}", status=404)
    denied = events(audit.READ_DENIED)
    assert [e["dataset"] for e in denied] == [dataset["name"], dataset["name"]]
    assert denied[0]["actor"] == outsider["name"] and "actor" not in denied[1]


def test_a_download_of_a_non_public_file_leaves_a_line(app: Any, events: Any) -> None:
    from tests.factories import add_file

    dataset = dataset_in("draft", owner_org=factories.Organization()["id"])
    resource = add_file(dataset["id"])
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    app.get(
        f"/dataset/{dataset['id']}/resource/{resource['id']}/download/data.csv",
        headers={"Authorization": token},
        status=200,
    )
    assert [(e["dataset"], e["resource"], e["actor"]) for e in events(audit.DOWNLOAD_NON_PUBLIC)] == [
        (dataset["name"], resource["id"], sysadmin["name"])
    ]


def test_retention_removes_whole_days_older_than_configured(audit_dir: pathlib.Path) -> None:
    audit_dir.mkdir(parents=True)
    today = dt.date(2026, 12, 7)
    for days in (0, 89, 90, 91, 400):
        (audit_dir / f"{today - dt.timedelta(days=days)}.host.jsonl").write_text("{}\n")
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(tk.config, config.AUDIT_RETENTION_DAYS, 30)  # below the floor: kept 90 days
        removed = audit.prune(today)
    assert sorted(removed) == [f"{today - dt.timedelta(days=d)}.host.jsonl" for d in (400, 91)]
    assert len(list(audit_dir.glob("*.jsonl"))) == 3


def test_sysadmins_read_the_page_and_export_others_are_refused(app: Any, events: Any) -> None:
    audit.record(audit.LOGOUT, user="someone-<b>")
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    page = app.get("/ckan-admin/audit", headers={"Authorization": token}, status=200).body  # noqa
    assert "someone-&lt;b&gt;" in page and "someone-<b>" not in page
    exported = app.get("/ckan-admin/audit/export.jsonl", headers={"Authorization": token}, status=200)
    assert "attachment" in exported.headers["Content-Disposition"]
    assert any(json.loads(line).get("user") == "someone-<b>" for line in exported.body.splitlines())
    user = factories.User()
    other = factories.APIToken(user=user["name"])["token"]
    app.get("/ckan-admin/audit", headers={"Authorization": other}, status=403)
    app.get("/ckan-admin/audit/export.jsonl", headers={"Authorization": other}, status=403)
    app.get("/ckan-admin/audit", status=403)
    with pytest.raises(tk.NotAuthorized):
        as_user(user, "laodata_audit_list")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"event": "nope"}, "event"),
        ({"limit": "x"}, "limit"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_filters_name_their_field(data: dict[str, Any], field: str, audit_dir: pathlib.Path) -> None:
    with pytest.raises(tk.ValidationError) as err:
        helpers.call_action("laodata_audit_list", context=site_context(), **data)
    assert field in err.value.error_dict


def test_the_cli_shows_and_exports(cli: Any, audit_dir: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from ckanext.laodata.cli import laodata

    audit.record(audit.LOGOUT, user="cli-user")
    shown = cli.invoke(laodata, ["audit", "show", "--event", "logout"])
    assert shown.exit_code == 0, shown.output
    assert "logout" in shown.output and "cli-user" in shown.output
    out = tmp_path / "export.jsonl"
    exported = cli.invoke(laodata, ["audit", "export", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text().splitlines()[0])["user"] == "cli-user"
    bad = cli.invoke(laodata, ["audit", "show", "--since", "nope"])
    assert bad.exit_code != 0
