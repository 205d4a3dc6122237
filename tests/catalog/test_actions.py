"""Catalog actions against real CKAN and PostgreSQL: import, entries, progress."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.catalog.model import CatalogChange, CatalogEntry, ProgressSnapshot
from tests.factories import add_file
from tests.published import draft, move_to, site_context

HEADER = "code,title,unit,sector,update_frequency,access_level,security_level,source_system,notes\n"


def _upload(text: str, name: str = "catalog.csv") -> FileStorage:
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name)


def _import(text: str, user: str | None = None, **extra: Any) -> dict[str, Any]:
    context = {"user": user} if user else {"ignore_auth": True}
    return helpers.call_action("laodata_catalog_import", context=context, upload=_upload(text), **extra)


def _dataset(
    org: dict[str, Any], code: str, workflow: str, upload: bool = True, link: str | None = None
) -> dict[str, Any]:
    dataset = draft(workflow, owner_org=org["id"], catalog_code=code)
    if upload:  # the data first: the workflow then takes the dataset to the status the test asks for
        add_file(dataset["id"])
    if link:
        helpers.call_action(
            "resource_create", context=site_context(), package_id=dataset["id"], name="api", url=link
        )
    return move_to(dataset["id"], workflow)


@pytest.fixture
def units(clean_db: Any) -> dict[str, dict[str, Any]]:
    return {
        "health": factories.Organization(name="dept-health"),
        "justice": factories.Organization(name="dept-justice"),
    }


def _catalog() -> str:
    return HEADER + (
        "HEA-001,Hospitals,dept-health,health,annual,open,1,local,\n"
        "HEA-002,Vaccinations,dept-health,health,monthly,shared,3,local,\n"
        "HEA-003,Patient records,dept-health,health,daily,private,4,local,metadata only\n"
        "JUS-001,Court cases,dept-justice,justice,daily,shared,2,Ministry of Justice system,\n"
    )


@pytest.mark.usefixtures("with_plugins", "units")
class TestImport:
    def test_import_creates_then_upserts_by_code_and_records_changes(self) -> None:
        assert _import(_catalog()) == {
            "created": 4,
            "updated": 0,
            "unchanged": 0,
            "format": "csv",
            "sheet": None,
            "dry_run": False,
            "errors": [],
        }
        changed = _catalog().replace("Hospitals,", "Hospitals and clinics,")
        result = _import(changed)
        assert (result["created"], result["updated"], result["unchanged"]) == (0, 1, 3)
        entry = helpers.call_action("laodata_catalog_entry_show", code="HEA-001")
        assert entry["title"] == "Hospitals and clinics"
        assert entry["history"][0]["action"] == "updated"
        assert entry["history"][0]["changes"]["title"] == ["Hospitals", "Hospitals and clinics"]
        assert entry["history"][1]["action"] == "created"

    def test_dry_run_writes_nothing(self) -> None:
        result = _import(_catalog(), dry_run=True)
        assert (result["created"], result["dry_run"]) == (4, True)
        assert model.Session.query(CatalogEntry).count() == 0
        assert model.Session.query(CatalogChange).count() == 0

    def test_refused_file_lists_errors_by_row_and_changes_nothing(self) -> None:
        _import(_catalog())
        bad = (
            _catalog()
            .replace("HEA-002,Vaccinations,dept-health", "HEA-002,Vaccinations,dept-nowhere")
            .replace(
                "JUS-001,Court cases,dept-justice,justice,daily",
                "JUS-001,Court cases,dept-justice,justice,hourly",
            )
        )
        bad = bad.replace("Hospitals,", "Renamed hospitals,")
        with pytest.raises(tk.ValidationError) as err:
            _import(bad)
        errors = err.value.error_dict["errors"]
        assert {(e["row"], e["field"]) for e in errors} >= {(3, "unit"), (5, "update_frequency")}
        assert helpers.call_action("laodata_catalog_entry_show", code="HEA-001")["title"] == "Hospitals"

    def test_api_refusal_is_a_409_with_the_errors(self, app: Any) -> None:
        sysadmin = factories.SysadminWithToken()
        response = app.post(
            "/api/3/action/laodata_catalog_import",
            data={"upload": (io.BytesIO(b"code,title\nX,Y\n"), "c.csv")},
            headers={"Authorization": sysadmin["token"]},
            status=409,
        )
        body = json.loads(response.body)
        assert body["error"]["__type"] == "Validation Error"
        assert any(e["field"] == "unit" and e["row"] == 1 for e in body["error"]["errors"])

    def test_only_sysadmins_import(self) -> None:
        user = factories.User()
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth(
                "laodata_catalog_import", context={"user": user["name"], "model": model}, upload=None
            )


@pytest.mark.usefixtures("with_plugins", "units")
class TestEntries:
    def test_list_filters_and_text_search(self) -> None:
        _import(_catalog())
        user = factories.User()
        ctx = {"user": user["name"], "ignore_auth": False}
        assert helpers.call_action("laodata_catalog_entry_list", context=ctx)["count"] == 4
        assert (
            helpers.call_action("laodata_catalog_entry_list", context=ctx, unit="dept-justice")["count"] == 1
        )
        assert (
            helpers.call_action("laodata_catalog_entry_list", context=ctx, q="vaccin")["results"][0]["code"]
            == "HEA-002"
        )
        outstanding = helpers.call_action("laodata_catalog_entry_list", context=ctx, status="not_started")
        assert outstanding["count"] == 4

    def test_anonymous_users_may_not_read_the_catalog(self) -> None:
        _import(_catalog())
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_catalog_entry_list", context={"user": "", "ignore_auth": False})
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_progress", context={"user": "", "ignore_auth": False})

    def test_unit_admin_may_set_delay_but_not_titles(self, units: dict[str, Any]) -> None:
        _import(_catalog())
        admin = factories.User()
        helpers.call_action(
            "member_create",
            id=units["justice"]["id"],
            object=admin["name"],
            object_type="user",
            capacity="admin",
        )
        ctx = {"user": admin["name"], "ignore_auth": False}
        entry = helpers.call_action(
            "laodata_catalog_entry_update",
            context=ctx,
            code="JUS-001",
            delay_reason="vertical_system",
            delay_note="Ministry asked",
            connection_status="requested",
            connection_requested="2026-10-01",
        )
        assert (entry["delay_reason"], entry["connection_status"]) == ("vertical_system", "requested")
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("laodata_catalog_entry_update", context=ctx, code="JUS-001", title="New")
        with pytest.raises(tk.NotAuthorized):  # another unit's entry
            helpers.call_action(
                "laodata_catalog_entry_update", context=ctx, code="HEA-001", delay_reason="other"
            )

    def test_contradictory_classes_are_refused(self) -> None:
        _import(_catalog())
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action("laodata_catalog_entry_update", code="HEA-001", personal_data="sensitive")
        assert "access_level" in err.value.error_dict
        assert helpers.call_action("laodata_catalog_entry_show", code="HEA-001")["personal_data"] == "none"

    def test_unknown_vocabulary_value_names_the_field(self) -> None:
        _import(_catalog())
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action("laodata_catalog_entry_update", code="HEA-001", sector="<script>")
        assert "sector" in err.value.error_dict


@pytest.mark.usefixtures("with_plugins")
class TestProgress:
    def test_delivery_rules_and_counts(self, units: dict[str, Any]) -> None:
        _import(_catalog())
        helpers.call_action("laodata_catalog_entry_update", code="JUS-001", delay_reason="vertical_system")
        _dataset(units["health"], "HEA-001", "published")  # delivered, approved, published
        _dataset(units["health"], "HEA-002", "submitted", upload=False)  # no data: not delivered
        _dataset(units["health"], "HEA-003", "approved", upload=False)  # metadata only: delivered
        _dataset(units["justice"], "JUS-001", "submitted", upload=False, link="http://moj.example/api")
        report = helpers.call_action("laodata_progress")
        assert (report["target"], report["delivered"], report["approved"], report["published"]) == (
            4,
            2,
            2,
            1,
        )
        assert (report["outstanding"], report["percent_delivered"]) == (2, 50.0)
        assert (report["units_total"], report["units_complete"]) == (2, 0)
        health = next(u for u in report["units"] if u["unit"] == "dept-health")
        assert [o["code"] for o in health["outstanding"]] == ["HEA-002"]
        assert report["delay_reasons"] == {"vertical_system": 1, "no_data_file": 1}  # HEA-002: no file yet

        # once the ministry's system is connected, the link counts as data
        helpers.call_action("laodata_catalog_entry_update", code="JUS-001", connection_status="connected")
        report = helpers.call_action("laodata_progress")
        assert (report["delivered"], report["units_complete"]) == (3, 1)

    def test_snapshot_and_as_of(self, units: dict[str, Any]) -> None:
        _import(_catalog())
        _dataset(units["health"], "HEA-001", "submitted")
        helpers.call_action("laodata_progress_snapshot")
        helpers.call_action("laodata_progress_snapshot")  # idempotent within a day
        assert model.Session.query(ProgressSnapshot).count() == 2
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        model.Session.query(ProgressSnapshot).update({"day": yesterday})
        model.Session.commit()
        report = helpers.call_action("laodata_progress", as_of=yesterday.isoformat())
        assert (report["as_of"], report["target"], report["delivered"]) == (yesterday.isoformat(), 4, 1)
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("laodata_progress", as_of="2001-01-01")

    def test_cli_import_and_progress(self, units: dict[str, Any], cli: Any, tmp_path: Any) -> None:
        from ckan.cli.cli import ckan

        path = tmp_path / "catalog.csv"
        path.write_text(_catalog(), encoding="utf-8")
        result = cli.invoke(ckan, ["laodata", "catalog", "import", str(path), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "4 entries would be created" in result.output
        assert cli.invoke(ckan, ["laodata", "catalog", "import", str(path)]).exit_code == 0
        table = cli.invoke(ckan, ["laodata", "progress"])
        assert "0 of 4 datasets delivered (0.0%)" in table.output
        as_json = json.loads(cli.invoke(ckan, ["laodata", "progress", "--format", "json"]).output)
        assert as_json["target"] == 4
        as_csv = cli.invoke(ckan, ["laodata", "progress", "--format", "csv"]).output.splitlines()
        assert as_csv[0] == "unit,target,delivered,approved,published,percent,complete"
        bad = tmp_path / "bad.csv"
        bad.write_bytes("code,title\nX,Y\n".encode("cp1258"))
        refused = cli.invoke(ckan, ["laodata", "catalog", "import", str(bad)])
        assert refused.exit_code != 0
        assert "unit" in refused.output


@pytest.mark.usefixtures("with_plugins", "units")
def test_saving_the_same_dates_again_records_no_change() -> None:
    _import(_catalog())
    helpers.call_action("laodata_catalog_entry_update", code="JUS-001", connection_requested="2026-10-01")
    before = model.Session.query(CatalogChange).filter(CatalogChange.code == "JUS-001").count()
    helpers.call_action("laodata_catalog_entry_update", code="JUS-001", connection_requested="2026-10-01")
    assert model.Session.query(CatalogChange).filter(CatalogChange.code == "JUS-001").count() == before


@pytest.mark.usefixtures("with_plugins", "units")
def test_anonymous_api_callers_cannot_read_the_catalog(app: Any) -> None:
    _import(_catalog())
    for action in ("laodata_catalog_entry_list", "laodata_progress"):
        response = app.get(f"/api/3/action/{action}", status=403)
        assert "HEA-001" not in response.body
    user = factories.UserWithToken()
    ok = app.get("/api/3/action/laodata_progress", headers={"Authorization": user["token"]}, status=200)
    assert json.loads(ok.body)["result"]["target"] == 4


@pytest.mark.usefixtures("with_plugins")
def test_links_to_private_datasets_are_shown_only_to_those_who_may_read_them(units: dict[str, Any]) -> None:
    _import(_catalog())
    private = _dataset(units["health"], "HEA-001", "submitted")  # not public until published
    assert private["private"] is True
    public = _dataset(units["justice"], "JUS-001", "published")
    member = factories.User()
    helpers.call_action(
        "member_create",
        id=units["health"]["id"],
        object=member["name"],
        object_type="user",
        capacity="member",
    )
    outsider = factories.User()

    def links(user: dict[str, Any]) -> dict[str, Any]:
        ctx = {"user": user["name"], "ignore_auth": False}
        rows = helpers.call_action("laodata_catalog_entry_list", context=ctx)["results"]
        shown = helpers.call_action("laodata_catalog_entry_show", context=ctx, code="HEA-001")
        assert shown["dataset_name"] == next(r["dataset_name"] for r in rows if r["code"] == "HEA-001")
        return {
            r["code"]: r["dataset_name"] for r in rows if r["dataset_name"] or r["status"] != "not_started"
        }

    assert links(outsider) == {"HEA-001": None, "JUS-001": public["name"]}
    assert links(member) == {"HEA-001": private["name"], "JUS-001": public["name"]}
    # the status itself is catalog information every unit sees
    ctx = {"user": outsider["name"], "ignore_auth": False}
    assert (
        helpers.call_action("laodata_catalog_entry_show", context=ctx, code="HEA-001")["status"]
        == "submitted"
    )
