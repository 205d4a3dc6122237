"""The personal-data check: detection, the publication gate, the reviewer's clear, who sees what (issue 13 item 3)."""

from __future__ import annotations

from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.quality import jobs
from ckanext.laodata.quality.personal_data import Scanner, mask
from ckanext.laodata.workflow import events
from tests.published import move, move_to, site_context
from tests.quality.fixtures import HEADER, csv_file, good_rows, province
from tests.quality.test_validation import _dataset, _resource, _upload


def _scan(header: list[str], rows: list[list[str]]) -> set[tuple[str, str]]:
    scanner = Scanner(header)
    for row in rows:
        scanner.feed(row)
    return {(f["column"], f["kind"]) for f in scanner.findings()}


class TestDetection:
    def test_each_kind_by_its_form_or_its_header(self) -> None:
        header = [
            "Họ và tên",
            "Ngày sinh",
            "SĐT",
            "Số CCCD",
            "email",
            "ເລກບັດປະຈຳຕົວ",
            "Mã số thuế",
            "Sổ hộ khẩu",
        ]
        rows = [
            [f"Nguyễn Văn {i}", f"1990-01-{i + 1:02d}", f"09{i:08d}", f"0012{i:08d}", f"a{i}@x.vn"]
            + [f"{i:09d}", f"{1234567890 + i}", f"HK{i:06d}"]
            for i in range(20)
        ]
        assert _scan(header, rows) == {
            ("Ngày sinh", "birth_date"),
            ("SĐT", "phone"),
            ("Số CCCD", "id_card"),
            ("email", "email"),
            ("ເລກບັດປະຈຳຕົວ", "id_card"),
            ("Mã số thuế", "tax_number"),
            ("Sổ hộ khẩu", "household_book"),
        }

    def test_phones_without_a_header_hint_lao_and_vietnamese(self) -> None:
        rows = [[f"+856 20 5512 34{i:02d}", f"+84 912 345 6{i:02d}"] for i in range(10)]
        assert _scan(["contact", "other"], rows) == {("contact", "phone"), ("other", "phone")}

    def test_ordinary_numbers_are_not_personal_data(self) -> None:
        header = ["count", "year", "amount", "population", "code", "opened"]
        rows = [
            [str(i * 7), str(2000 + i % 25), str(123456789 * (i + 1)), str(1000000000 + i)] for i in range(50)
        ]
        rows = [r + [f"{i:09d}", "2020-01-01"] for i, r in enumerate(rows)]
        assert _scan(header, rows) == set()

    def test_a_few_matches_are_under_the_threshold(self) -> None:
        rows = [["0912345678"]] + [[f"note {i}"] for i in range(9)]
        assert _scan(["remarks"], rows) == set()

    def test_masks(self) -> None:
        assert mask("0912345612") == "09******12"
        assert mask("nguyen.van.a@example.vn") == "n***********@example.vn"
        assert mask("123") == "***"


PHONES = [HEADER + ["phone"]] + [row + [f"09{i:08d}"] for i, row in enumerate(good_rows(10)[1:])]


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    helpers.call_action("job_clear")
    found = province()
    found["other"] = factories.UserWithToken()
    factories.Organization(name="dept-other", users=[{"name": found["other"]["name"], "capacity": "editor"}])
    found["reviewer"] = factories.Sysadmin()
    return found


def _flagged(units: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    dataset = _dataset(units)
    resource = _upload(units, dataset, csv_file(PHONES))
    jobs.validate_resource(resource["id"])
    return dataset, resource


def _show(dataset_id: str) -> dict[str, Any]:
    model.Session.expire_all()
    return helpers.call_action("package_show", context=site_context(), id=dataset_id)


@pytest.mark.usefixtures("with_plugins")
class TestGateAndClear:
    def test_found_blocks_publication_until_a_reviewer_clears_it(self, units: dict[str, Any]) -> None:
        dataset, resource = _flagged(units)
        report = _resource(resource["id"])["validation_report"]
        assert report["personal_data"] == [
            {"column": "phone", "kind": "phone", "matched": 10, "checked": 10}
        ]  # no sample, no value in the report
        assert "0900000001" not in str(_show(dataset["id"]))
        assert _show(dataset["id"])["personal_data_flag"] == "found"
        move_to(dataset["id"], "approved")
        with pytest.raises(tk.ValidationError) as caught:
            move(dataset["id"], "publish")
        assert "personal_data_flag" in caught.value.error_dict
        assert "personal data" in caught.value.error_dict["personal_data_flag"][0]
        reviewer = {"user": units["reviewer"]["name"], "ignore_auth": False}
        with pytest.raises(tk.ValidationError) as caught:
            helpers.call_action(
                "laodata_personal_data_clear", context=reviewer, id=dataset["id"], comment=" "
            )
        assert "comment" in caught.value.error_dict
        helpers.call_action(
            "laodata_personal_data_clear", context=reviewer, id=dataset["id"], comment="Office phone numbers"
        )
        assert _show(dataset["id"])["personal_data_flag"] == "cleared"
        history = events.history(dataset["id"], staff=True)
        assert history[-1]["action"] == "personal_data_clear"
        assert history[-1]["from_status"] == history[-1]["to_status"] == "approved"
        assert history[-1]["comment"] == "Office phone numbers"
        published = move(dataset["id"], "publish")
        assert published["workflow_status"] == "published" and published["private"] is False
        # re-checking the same file keeps the reviewer's clear; there is nothing left to clear
        jobs.validate_resource(resource["id"])
        assert _show(dataset["id"])["personal_data_flag"] == "cleared"
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "laodata_personal_data_clear", context=reviewer, id=dataset["id"], comment="x"
            )

    def test_a_new_file_with_personal_data_is_found_again(self, units: dict[str, Any]) -> None:
        dataset, resource = _flagged(units)
        helpers.call_action(
            "laodata_personal_data_clear",
            context={"user": units["reviewer"]["name"], "ignore_auth": False},
            id=dataset["id"],
            comment="ok",
        )
        other = _upload(units, dataset, csv_file(PHONES[:5]), "second.csv")
        jobs.validate_resource(other["id"])
        assert _show(dataset["id"])["personal_data_flag"] == "found"

    def test_who_may_clear(self, units: dict[str, Any]) -> None:
        dataset, _resource_ = _flagged(units)
        with pytest.raises(tk.NotAuthorized):  # the unit's own editor
            helpers.call_action(
                "laodata_personal_data_clear",
                context={"user": units["editor"]["name"], "ignore_auth": False},
                id=dataset["id"],
                comment="x",
            )
        with pytest.raises(tk.ObjectNotFound):  # another unit: the draft does not exist for them
            helpers.call_action(
                "laodata_personal_data_clear",
                context={"user": units["other"]["name"], "ignore_auth": False},
                id=dataset["id"],
                comment="x",
            )
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action(
                "laodata_personal_data_clear",
                context={"user": "", "ignore_auth": False},
                id=dataset["id"],
                comment="x",
            )
        assert _show(dataset["id"])["personal_data_flag"] == "found"

    def test_samples_for_staff_only_report_for_readers(self, app: Any, units: dict[str, Any]) -> None:
        dataset, resource = _flagged(units)
        url = f"/dataset/{dataset['name']}/resource/{resource['id']}"

        def page(user: dict[str, Any] | None, status: int = 200) -> str:
            headers = {"Authorization": user["token"]} if user else {}
            return app.get(url, headers=headers, status=status).get_data(as_text=True)

        staff_page = page(units["editor"])
        assert "09******01" in staff_page or "09******00" in staff_page
        assert "0900000001" not in staff_page and "Personal data found" in staff_page
        page(units["other"], status=404)  # a draft of another unit: not even the report
        page(None, status=404)
        helpers.call_action(
            "laodata_personal_data_clear",
            context={"user": units["reviewer"]["name"], "ignore_auth": False},
            id=dataset["id"],
            comment="ok",
        )
        move_to(dataset["id"], "published")
        public = page(None)
        assert "Personal data found" in public and "phone" in public
        assert "******" not in public and "0900000001" not in public
        assert "******" not in page(units["other"])

    def test_entry_is_delivered_with_issues_while_its_data_fails(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file([HEADER[:2], [1, "x"]]))
        jobs.validate_resource(resource["id"])
        move(dataset["id"], "submit")
        context = {"user": units["editor"]["name"]}
        entry = helpers.call_action("laodata_catalog_entry_show", context=context, code="HEA-001")
        assert entry["delivered"] is True and entry["with_issues"] is True
        listed = helpers.call_action("laodata_catalog_entry_list", context=context, unit="dept-health")
        assert [e["with_issues"] for e in listed["results"] if e["code"] == "HEA-001"] == [True]
        good = _upload(
            units,
            helpers.call_action("package_show", context=site_context(), id=dataset["id"]),
            csv_file(good_rows(2)),
            "good.csv",
        )
        jobs.validate_resource(good["id"])
        helpers.call_action("resource_delete", context=site_context(), id=resource["id"])
        entry = helpers.call_action("laodata_catalog_entry_show", context=context, code="HEA-001")
        assert entry["with_issues"] is False


@pytest.mark.usefixtures("with_plugins")
class TestPublishedBeforeItsCheck:
    def test_personal_data_found_after_publication_withdraws_the_dataset(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file(PHONES))  # the worker has not run yet
        move_to(dataset["id"], "published")
        jobs.validate_resource(resource["id"])
        shown = _show(dataset["id"])
        assert shown["personal_data_flag"] == "found"
        assert shown["workflow_status"] == "approved" and shown["private"] is True
        last = events.history(dataset["id"], staff=True)[-1]
        assert last["action"] == "unpublish" and "personal data" in last["comment"]


@pytest.mark.usefixtures("with_plugins")
class TestClearForm:
    def test_a_reviewer_clears_from_the_dataset_page(self, app: Any, units: dict[str, Any]) -> None:
        dataset, _resource_ = _flagged(units)
        editor = {"Authorization": units["editor"]["token"]}
        page = app.get(f"/dataset/{dataset['name']}", headers=editor).get_data(as_text=True)
        assert "laodata-personal-data-flag" in page and "laodata-clear-form" not in page
        reviewer = factories.SysadminWithToken()
        headers = {"Authorization": reviewer["token"]}
        page = app.get(f"/dataset/{dataset['name']}", headers=headers).get_data(as_text=True)
        assert "laodata-clear-form" in page
        url = f"/dataset/{dataset['name']}/personal-data/clear"
        app.post(url, headers=editor, data={"comment": "x"}, status=403)
        app.post(url, headers=headers, data={"comment": ""}, follow_redirects=False, status=302)
        assert _show(dataset["id"])["personal_data_flag"] == "found"
        app.post(url, headers=headers, data={"comment": "Office numbers"}, follow_redirects=False, status=302)
        assert _show(dataset["id"])["personal_data_flag"] == "cleared"


@pytest.mark.usefixtures("with_plugins")
@pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", "data-office")
class TestReviewersOrganization:
    def test_a_member_of_the_reviewers_organization_clears_but_not_in_their_own_unit(
        self, units: dict[str, Any]
    ) -> None:
        reviewer = factories.User()
        factories.Organization(name="data-office", users=[{"name": reviewer["name"], "capacity": "member"}])
        dataset, _resource_ = _flagged(units)
        context = {"user": reviewer["name"], "ignore_auth": False}
        helpers.call_action(
            "laodata_personal_data_clear", context=context, id=dataset["id"], comment="Checked"
        )
        assert _show(dataset["id"])["personal_data_flag"] == "cleared"
        # an editor of the unit who is also in the reviewers' organization does not clear its data
        editor = units["editor"]
        helpers.call_action(
            "member_create",
            id="data-office",
            object=editor["name"],
            object_type="user",
            capacity="member",
        )
        other = _upload(units, dataset, csv_file(PHONES[:4]), "again.csv")
        jobs.validate_resource(other["id"])
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action(
                "laodata_personal_data_clear",
                context={"user": editor["name"], "ignore_auth": False},
                id=dataset["id"],
                comment="mine",
            )


@pytest.mark.usefixtures("with_plugins")
class TestFindingsGoAway:
    def test_deleting_the_file_or_replacing_it_by_a_link_drops_the_flag(self, units: dict[str, Any]) -> None:
        dataset, resource = _flagged(units)
        context = {"user": units["editor"]["name"], "ignore_auth": False}
        helpers.call_action("resource_delete", context=context, id=resource["id"])
        assert _show(dataset["id"])["personal_data_flag"] == "none"
        again = _upload(units, dataset, csv_file(PHONES), "again.csv")
        jobs.validate_resource(again["id"])
        assert _show(dataset["id"])["personal_data_flag"] == "found"
        helpers.call_action(
            "resource_patch",
            context=context,
            id=again["id"],
            url="https://example.gov.la/hospitals.csv",
            url_type="",
        )
        shown = _resource(again["id"])
        assert "validation_status" not in shown and "validation_report" not in shown
        assert _show(dataset["id"])["personal_data_flag"] == "none"
