"""A dataset's catalog_code is checked on every write path."""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.catalog.fields import CODE_MAX_LENGTH
from tests.factories import add_file

CATALOG = (
    "code,title,unit,sector,update_frequency,access_level,security_level\n"
    "HEA-001,Hospitals,dept-health,health,annual,open,1\n"
    "HEA-002,Clinics,dept-health,health,annual,open,1\n"
)


@pytest.fixture
def setup(clean_db: Any) -> dict[str, Any]:
    health = factories.Organization(name="dept-health")
    justice = factories.Organization(name="dept-justice")
    helpers.call_action(
        "laodata_catalog_import", upload=FileStorage(io.BytesIO(CATALOG.encode()), filename="c.csv")
    )
    return {
        "health": health,
        "justice": justice,
        "site": {"user": helpers.call_action("get_site_user")["name"]},
    }


@pytest.mark.usefixtures("with_plugins")
class TestLink:
    def test_unknown_code_is_refused(self, setup: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as err:
            factories.Dataset(owner_org=setup["health"]["id"], catalog_code="NOPE-1")
        assert "NOPE-1" in err.value.error_dict["catalog_code"][0]

    def test_organization_must_be_the_entrys_unit(self, setup: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as err:
            factories.Dataset(owner_org=setup["justice"]["id"], catalog_code="HEA-001")
        assert "dept-health" in err.value.error_dict["catalog_code"][0]

    def test_one_dataset_per_entry_on_create_and_update(self, setup: dict[str, Any]) -> None:
        first = factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-001")
        with pytest.raises(tk.ValidationError) as err:
            factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-001")
        assert first["name"] in err.value.error_dict["catalog_code"][0]
        second = factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-002")
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "package_patch", context=setup["site"], id=second["id"], catalog_code="HEA-001"
            )
        # the dataset may keep (and re-save) its own link
        helpers.call_action("package_patch", context=setup["site"], id=first["id"], title="Hospitals 2026")

    def test_moving_a_linked_dataset_to_another_unit_is_refused(self, setup: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-001")
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "package_patch", context=setup["site"], id=dataset["id"], owner_org=setup["justice"]["id"]
            )
        assert helpers.call_action("package_show", id=dataset["id"])["owner_org"] == setup["health"]["id"]

    def test_deleted_dataset_frees_the_entry(self, setup: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-001")
        helpers.call_action("package_delete", context=setup["site"], id=dataset["id"])
        factories.Dataset(owner_org=setup["health"]["id"], catalog_code="HEA-001")

    def test_a_dataset_the_writer_may_not_read_is_not_named(self, setup: dict[str, Any]) -> None:
        hidden = factories.Dataset(
            owner_org=setup["health"]["id"], name="hidden-hospitals", catalog_code="HEA-001"
        )
        # the entry moves to another unit (a re-import or an edit); that unit's editor tries to link it
        helpers.call_action(
            "laodata_catalog_entry_update", context=setup["site"], code="HEA-001", unit="dept-justice"
        )
        editor = factories.User()
        helpers.call_action(
            "member_create",
            id=setup["justice"]["id"],
            object=editor["name"],
            object_type="user",
            capacity="editor",
        )
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action(
                "package_create",
                context={"user": editor["name"]},
                name="mine",
                owner_org=setup["justice"]["id"],
                catalog_code="HEA-001",
            )
        assert "already has a dataset" in err.value.error_dict["catalog_code"][0]
        assert hidden["name"] not in err.value.error_dict["catalog_code"][0]

    @pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", "data-office")
    def test_reviewers_may_change_any_entry(self, setup: dict[str, Any]) -> None:
        reviewer = factories.User()
        factories.Organization(name="data-office", users=[{"name": reviewer["name"], "capacity": "member"}])
        helpers.call_action(
            "laodata_catalog_entry_update",
            context={"user": reviewer["name"], "ignore_auth": False},
            code="HEA-001",
            delay_reason="large_volume",
            due_date="2027-01-31",
        )
        entry = helpers.call_action("laodata_catalog_entry_show", code="HEA-001")
        assert (entry["delay_reason"], entry["due_date"]) == ("large_volume", "2027-01-31")


@pytest.mark.usefixtures("with_plugins")
def test_catalog_code_that_imports_can_be_delivered(setup: dict[str, Any]) -> None:
    """Issue 9 item 5: the importer, the entry actions and the dataset's
    catalog_code apply one limit, so an imported code can always be linked."""
    assert CODE_MAX_LENGTH == 64
    longest, too_long, far_too_long = "L" * 64, "M" * 65, "N" * 100
    header = CATALOG.splitlines()[0]

    def upload(*codes: str) -> FileStorage:
        rows = "".join(
            f"{code},Long code {n},dept-health,health,annual,open,1\n" for n, code in enumerate(codes)
        )
        return FileStorage(io.BytesIO(f"{header}\n{rows}".encode()), filename="c.csv")

    with pytest.raises(tk.ValidationError) as err:  # rows 2 and 3 of the file, column code; nothing written
        helpers.call_action("laodata_catalog_import", upload=upload(longest, too_long, far_too_long))
    errors = err.value.error_dict["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(3, "code"), (4, "code")]
    assert "65 characters; at most 64" in errors[0]["message"]
    assert "100 characters; at most 64" in errors[1]["message"]
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("laodata_catalog_entry_show", code=longest)

    # the entry actions refuse such a code by name
    for action, extra in (
        ("laodata_catalog_entry_show", {}),
        ("laodata_catalog_entry_update", {"notes": "x"}),
    ):
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action(action, code=too_long, **extra)
        assert "At most 64 characters" in " ".join(err.value.error_dict["code"]), action

    # the longest code imports, and a dataset linked to it is accepted and delivers it
    assert helpers.call_action("laodata_catalog_import", upload=upload(longest))["created"] == 1
    dataset = helpers.call_action(
        "package_create",
        context=dict(setup["site"]),
        name="longest-code",
        owner_org=setup["health"]["id"],
        catalog_code=longest,
    )
    assert dataset["catalog_code"] == longest
    add_file(dataset["id"])
    helpers.call_action("laodata_dataset_submit", context=dict(setup["site"]), id=dataset["id"])
    entry = helpers.call_action("laodata_catalog_entry_show", context=dict(setup["site"]), code=longest)
    assert (entry["status"], entry["delivered"], entry["dataset_name"]) == ("submitted", True, "longest-code")
    with pytest.raises(tk.ValidationError) as err:
        factories.Dataset(owner_org=setup["health"]["id"], catalog_code=too_long)
    assert "catalog_code" in err.value.error_dict
