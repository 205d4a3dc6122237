"""The scheming schemas (schemas/dataset.yaml, schemas/organization.yaml):
defaults, vocabularies, the rules between fields, the review-status guard,
hostile input, and the labelled form in each language."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.factories import site_context
from tests.published import dataset_in, published_dataset


def _errors(action: str, **data: Any) -> dict[str, Any]:
    with pytest.raises(tk.ValidationError) as err:
        helpers.call_action(action, context=site_context(), **data)
    return err.value.error_dict


@pytest.fixture
def org(clean_db: Any) -> dict[str, Any]:
    return factories.Organization(name="dept-health", title="Department of Health")


def _package_count() -> int:
    return model.Session.query(model.Package).filter(model.Package.state == "active").count()


@pytest.mark.usefixtures("with_plugins")
class TestDatasetSchema:
    def test_left_out_classes_take_the_protective_defaults(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(owner_org=org["id"])
        assert {
            k: dataset[k]
            for k in (
                "access_level",
                "security_level",
                "importance",
                "personal_data",
                "state_secret",
                "sector",
                "update_frequency",
                "source_system",
                "workflow_status",
            )
        } == {
            "access_level": "private",
            "security_level": "3",
            "importance": "other",
            "personal_data": "none",
            "state_secret": "false",
            "sector": "other",
            "update_frequency": "unknown",
            "source_system": "local",
            "workflow_status": "draft",
        }
        # fields, not extras: API clients read them at the top level
        assert all(e["key"] not in dataset for e in dataset.get("extras") or [])

    def test_all_fields_round_trip(self, org: dict[str, Any]) -> None:
        dataset = factories.Dataset(
            owner_org=org["id"],
            title="District hospitals",
            title_lo="ໂຮງໝໍເມືອງ",
            title_vi="Bệnh viện huyện",
            title_en="District hospitals",
            notes_vi="Giường bệnh",
            sector="health",
            update_frequency="monthly",
            access_level="open",
            security_level=1,
            importance="important",
            personal_data="none",
            state_secret=False,
            source_system="DHIS2",
            spatial_coverage="whole province",
            temporal_start="2024-01-01",
            temporal_end="2025-12-31",
            legal_basis="Decision 12/2025",
            maintainer_email="data@health.example",
        )
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["security_level"] == "1" and shown["state_secret"] == "false"
        assert shown["title_lo"] == "ໂຮງໝໍເມືອງ" and shown["sector"] == "health"
        assert (shown["temporal_start"], shown["temporal_end"]) == ("2024-01-01", "2025-12-31")

    @pytest.mark.parametrize(
        "field,value",
        [
            ("sector", "space"),
            ("update_frequency", "hourly"),
            ("access_level", "public"),
            ("security_level", "6"),
            ("importance", "vital"),
            ("personal_data", "some"),
            ("state_secret", "maybe"),
            ("sector", "<script>alert(1)</script>"),
            ("access_level", "open OR 1=1"),
        ],
    )
    def test_unknown_vocabulary_value_is_refused_by_name(
        self, org: dict[str, Any], field: str, value: str
    ) -> None:
        before = _package_count()
        errors = _errors("package_create", name="bad-value", owner_org=org["id"], **{field: value})
        assert list(errors) == [field]
        assert _package_count() == before

    @pytest.mark.parametrize(
        "classes,message",
        [
            (
                {"access_level": "open", "personal_data": "sensitive", "security_level": "1"},
                "sensitive personal data",
            ),
            ({"access_level": "open", "security_level": "3"}, "security level 3"),
            ({"access_level": "shared", "security_level": "4"}, "security level 4 requires 'private'"),
            ({"access_level": "open", "security_level": "1", "importance": "core"}, "core data"),
            ({"access_level": "shared", "security_level": "2", "state_secret": "true"}, "state secret"),
            ({"access_level": "open", "security_level": "2", "personal_data": "basic"}, "personal data"),
        ],
    )
    def test_contradictory_classes_name_the_access_level(
        self, org: dict[str, Any], classes: dict[str, str], message: str
    ) -> None:
        errors = _errors("package_create", name="contradiction", owner_org=org["id"], **classes)
        assert message in errors["access_level"][0]

    def test_contradiction_and_other_field_errors_are_reported_together(self, org: dict[str, Any]) -> None:
        errors = _errors(
            "package_create",
            name="two-errors",
            owner_org=org["id"],
            access_level="open",
            security_level="3",
            maintainer_email="not-an-email",
        )
        assert set(errors) == {"access_level", "maintainer_email"}

    def test_period_cannot_end_before_it_starts(self, org: dict[str, Any]) -> None:
        errors = _errors(
            "package_create",
            name="period",
            owner_org=org["id"],
            temporal_start="2025-06-01",
            temporal_end="2024-01-01",
        )
        assert "before it starts" in errors["temporal_end"][0]
        errors = _errors("package_create", name="period", owner_org=org["id"], temporal_start="yesterday")
        assert list(errors) == ["temporal_start"]

    def test_review_status_is_not_set_by_a_write(self, org: dict[str, Any]) -> None:
        errors = _errors(
            "package_create", name="self-approved", owner_org=org["id"], workflow_status="published"
        )
        assert "review workflow" in errors["workflow_status"][0]
        dataset = factories.Dataset(owner_org=org["id"])
        errors = _errors("package_patch", id=dataset["id"], workflow_status="approved")
        assert "review workflow" in errors["workflow_status"][0]
        # sending back the status package_show gave is an ordinary update
        shown = helpers.call_action("package_show", id=dataset["id"])
        helpers.call_action("package_update", context=site_context(), **{**shown, "notes": "Edited"})
        assert helpers.call_action("package_show", id=dataset["id"])["workflow_status"] == "draft"

    def test_update_without_the_status_keeps_it(self, org: dict[str, Any]) -> None:
        dataset = dataset_in("returned", owner_org=org["id"])
        assert dataset["workflow_status"] == "returned"
        helpers.call_action(
            "package_update",
            context=site_context(),
            id=dataset["id"],
            name=dataset["name"],
            owner_org=org["id"],
            title="Renamed",
        )
        assert helpers.call_action("package_show", id=dataset["id"])["workflow_status"] == "returned"

    def test_hostile_text(self, org: dict[str, Any]) -> None:
        assert list(_errors("package_create", name="nul", owner_org=org["id"], title="a\x00b")) == ["title"]
        assert list(_errors("package_create", name="long", owner_org=org["id"], title_vi="x" * 501)) == [
            "title_vi"
        ]
        assert list(_errors("package_create", name="code", owner_org=org["id"], catalog_code="HEA\x00")) == [
            "catalog_code"
        ]
        script = factories.Dataset(
            owner_org=org["id"],
            title_lo="<script>alert('lo')</script>",
            spatial_coverage="'; DROP TABLE package; --",
        )
        assert helpers.call_action("package_show", id=script["id"])["spatial_coverage"] == (
            "'; DROP TABLE package; --"
        )

    def test_extras_cannot_shadow_a_field(self, org: dict[str, Any]) -> None:
        errors = _errors(
            "package_create",
            name="shadow",
            owner_org=org["id"],
            extras=[{"key": "access_level", "value": "open"}],
        )
        assert "extras" in errors

    def test_metadata_only_dataset_refuses_an_upload_through_the_schema_path(
        self, org: dict[str, Any]
    ) -> None:
        dataset = factories.Dataset(owner_org=org["id"], security_level="5", access_level="private")
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "resource_create",
                context=site_context(),
                package_id=dataset["id"],
                name="data",
                upload=FileStorage(io.BytesIO(b"a\n1\n"), filename="data.csv"),
            )
        assert helpers.call_action("package_show", id=dataset["id"])["num_resources"] == 0


@pytest.mark.usefixtures("with_plugins")
class TestOrganizationSchema:
    def test_unit_fields(self, clean_db: Any) -> None:
        unit = factories.Organization(
            name="dept-justice",
            unit_code="jus",
            unit_type="department",
            parent_body="Provincial People's Committee",
            contact_name="Ms Vong",
            contact_email="data@justice.example",
            contact_phone="+856 21 123 456",
        )
        shown = helpers.call_action("organization_show", id=unit["id"])
        assert shown["unit_code"] == "JUS"  # normalised
        assert (shown["unit_type"], shown["contact_phone"]) == ("department", "+856 21 123 456")

    def test_unit_code_is_unique_and_well_formed(self, clean_db: Any) -> None:
        factories.Organization(name="dept-justice", unit_code="JUS")
        errors = _errors("organization_create", name="dept-justice-2", unit_code="JUS")
        assert "dept-justice" in errors["unit_code"][0]
        assert list(_errors("organization_create", name="bad-code", unit_code="J US!")) == ["unit_code"]
        assert list(_errors("organization_create", name="bad-type", unit_type="ministry")) == ["unit_type"]
        assert list(_errors("organization_create", name="bad-mail", contact_email="nobody")) == [
            "contact_email"
        ]
        assert list(_errors("organization_create", name="bad-phone", contact_phone="<script>")) == [
            "contact_phone"
        ]
        assert not model.Session.query(model.Group).filter(model.Group.name.like("bad-%")).count()
        # a unit keeps its own code on update
        unit = helpers.call_action("organization_show", id="dept-justice")
        helpers.call_action("organization_patch", context=site_context(), id=unit["id"], title="Justice")
        assert helpers.call_action("organization_show", id=unit["id"])["unit_code"] == "JUS"


@pytest.mark.usefixtures("with_plugins")
class TestLabelledForm:
    @pytest.mark.parametrize(
        "lang,label,option",
        [
            ("en", "Security level", "Level 1"),
            ("vi", "Cấp độ an toàn", "Cấp độ 1"),
            ("lo", "ລະດັບຄວາມປອດໄພ", "ລະດັບ 1"),
        ],
    )
    def test_dataset_form_labels_in_each_language(
        self, app: Any, org: dict[str, Any], lang: str, label: str, option: str
    ) -> None:
        sysadmin = factories.SysadminWithToken()
        prefix = "" if lang == "en" else f"/{lang}"
        body = app.get(f"{prefix}/dataset/new", headers={"Authorization": sysadmin["token"]}).body
        assert label in body
        assert re.search(r'<option value="1"[^>]*>\s*' + re.escape(option), body)
        assert 'id="field-workflow_status"' not in body  # moved only by the review workflow
        assert 'id="field-private"' not in body and "laodata-visibility-note" in body  # follows the workflow

    def test_dataset_page_shows_labels_not_keys_and_escapes_text(self, app: Any, org: dict[str, Any]) -> None:
        dataset = published_dataset(
            owner_org=org["id"], sector="health", title_vi="<script>alert('vi')</script>"
        )
        body = app.get(f"/vi/dataset/{dataset['name']}").body  # the Vietnamese title is the page's title
        assert "Y tế" in body  # the sector's Vietnamese label
        assert "<script>alert('vi')</script>" not in body
        assert "&lt;script&gt;" in body

    def test_unit_form_has_the_unit_fields(self, app: Any, clean_db: Any) -> None:
        sysadmin = factories.SysadminWithToken()
        body = app.get("/organization/new", headers={"Authorization": sysadmin["token"]}).body
        for field in ("unit_code", "unit_type", "parent_body", "contact_email", "contact_phone"):
            assert f'id="field-{field}"' in body
        assert "Provincial department" in body

    def test_unit_about_page_shows_the_unit_fields_labelled(self, app: Any, clean_db: Any) -> None:
        factories.Organization(
            name="dept-health",
            unit_code="HEA",
            unit_type="department",
            parent_body="<b>People's Committee</b>",
        )
        body = app.get("/vi/organization/about/dept-health").body
        assert re.search(r"Loại đơn vị</th>\s*<td>Sở, ban, ngành tỉnh", body)
        assert "HEA" in body and "&lt;b&gt;People" in body
