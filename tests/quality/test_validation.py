"""Upload validation and the personal-data check as a background job (issue 13 items 2-3).

Real CKAN, PostgreSQL, Redis and rq: a resource write queues the job, and
``ckan jobs worker --burst`` (or the job function, for configured limits)
runs it.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.laodata import config
from ckanext.laodata.quality import jobs
from tests.published import move_to, site_context
from tests.quality.fixtures import HEADER, csv_file, good_rows, province


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    helpers.call_action("job_clear")
    return province()


def _dataset(units: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return helpers.call_action(
        "package_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        name=fields.pop("name", "hospitals"),
        owner_org=units["org"]["id"],
        catalog_code="HEA-001",
        access_level="open",
        security_level="1",
        **fields,
    )


def _upload(
    units: dict[str, Any], dataset: dict[str, Any], body: bytes, name: str = "data.csv"
) -> dict[str, Any]:
    return helpers.call_action(
        "resource_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        package_id=dataset["id"],
        name="data",
        upload=FileStorage(io.BytesIO(body), filename=name),
    )


def _resource(resource_id: str) -> dict[str, Any]:
    model.Session.expire_all()
    return helpers.call_action("resource_show", context=site_context(), id=resource_id)


def _run_worker(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def _checked(units: dict[str, Any], body: bytes, name: str = "data.csv") -> dict[str, Any]:
    """Upload, run the job synchronously, the resource."""
    dataset = _dataset(units)
    resource = _upload(units, dataset, body, name)
    jobs.validate_resource(resource["id"])
    return _resource(resource["id"])


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _codes(report: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    return [(e["row"], e["column"], e["code"]) for e in report["errors"]]


@pytest.mark.usefixtures("with_plugins")
class TestQueuedCheck:
    def test_an_upload_is_pending_then_passes_by_the_worker(self, cli: Any, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file(good_rows(5)))
        assert _resource(resource["id"])["validation_status"] == "pending"
        _run_worker(cli)
        checked = _resource(resource["id"])
        assert checked["validation_status"] == "passed"
        report = checked["validation_report"]
        assert report["rows"] == 5 and report["error_count"] == 0 and report["missing_columns"] == []
        assert report["personal_data"] == []
        shown = helpers.call_action("package_show", context=site_context(), id=dataset["id"])
        assert shown["personal_data_flag"] == "none"

    def test_a_new_upload_is_checked_again_a_title_edit_is_not(self, cli: Any, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file(good_rows(2)))
        _run_worker(cli)
        context = {"user": units["editor"]["name"], "ignore_auth": False}
        helpers.call_action("resource_patch", context=context, id=resource["id"], description="New text")
        assert _resource(resource["id"])["validation_status"] == "passed"
        helpers.call_action(
            "resource_patch",
            context=context,
            id=resource["id"],
            upload=FileStorage(io.BytesIO(csv_file([HEADER[:2], [1, "x"]])), filename="data.csv"),
        )
        assert _resource(resource["id"])["validation_status"] == "pending"
        _run_worker(cli)
        assert _resource(resource["id"])["validation_status"] == "failed"

    def test_a_unit_cannot_set_the_result(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file([HEADER[:1], [1]]))
        jobs.validate_resource(resource["id"])
        context = {"user": units["editor"]["name"], "ignore_auth": False}
        for field, value in (("validation_status", "passed"), ("validation_report", {"status": "passed"})):
            with pytest.raises(tk.ValidationError) as caught:
                helpers.call_action("resource_patch", context=context, id=resource["id"], **{field: value})
            assert field in str(caught.value.error_dict)
        with pytest.raises(tk.ValidationError) as caught:
            helpers.call_action(
                "package_patch", context=context, id=dataset["id"], personal_data_flag="cleared"
            )
        assert "personal_data_flag" in caught.value.error_dict
        with pytest.raises(tk.ValidationError):
            helpers.call_action(
                "resource_create",
                context=context,
                package_id=dataset["id"],
                validation_status="passed",
                upload=FileStorage(io.BytesIO(csv_file(good_rows(1))), filename="d.csv"),
            )
        assert _resource(resource["id"])["validation_status"] == "failed"

    def test_the_job_is_idempotent_and_keeps_a_published_dataset_as_it_is(
        self, units: dict[str, Any]
    ) -> None:
        dataset = _dataset(units)
        resource = _upload(units, dataset, csv_file(good_rows(3)))
        move_to(dataset["id"], "published")
        activities = helpers.call_action("package_activity_list", context=site_context(), id=dataset["id"])
        jobs.validate_resource(resource["id"])
        first = _resource(resource["id"])["validation_report"]
        jobs.validate_resource(resource["id"])
        assert _resource(resource["id"])["validation_report"] == first
        shown = helpers.call_action("package_show", context=site_context(), id=dataset["id"])
        assert shown["workflow_status"] == "published" and shown["private"] is False
        after = helpers.call_action("package_activity_list", context=site_context(), id=dataset["id"])
        assert len(after) == len(activities)


@pytest.mark.usefixtures("with_plugins")
class TestChecks:
    def test_missing_column_wrong_type_empty_cell_duplicate(self, units: dict[str, Any]) -> None:
        header = [h for h in HEADER if h != "district"]
        rows = [
            header,
            [1, "A", "2020-01-01", 10, "true", "health"],
            ["x", "B", "2020-13-01", "many", "maybe", "nowhere"],
            [3, "", "2020-01-03", 1, "false", "health"],
            [1, "A", "2020-01-01", 10, "true", "health"],
        ]
        checked = _checked(units, csv_file(rows))
        report = checked["validation_report"]
        assert checked["validation_status"] == "failed"
        assert report["missing_columns"] == ["district"]
        codes = _codes(report)
        assert (1, "district", "missing_column") in codes
        assert (3, "facility_id", "type") in codes and (3, "opened", "type") in codes
        assert (3, "beds", "type") in codes and (3, "public", "type") in codes
        assert (3, "sector", "not_allowed") in codes
        assert (4, "name", "required") in codes
        assert (5, None, "duplicate_row") in codes
        assert report["error_counts"]["type"] == 4

    def test_extra_columns_are_listed_not_errors(self, units: dict[str, Any]) -> None:
        rows = good_rows(2)
        rows = [r + ["note"] for r in rows]
        checked = _checked(units, csv_file(rows))
        assert checked["validation_status"] == "passed"
        assert checked["validation_report"]["extra_columns"] == ["note"]

    def test_xlsx_is_checked_and_formulas_are_errors_by_cell(self, units: dict[str, Any]) -> None:
        rows = good_rows(2)
        rows[2][4] = "=SUM(1,2)"
        checked = _checked(units, _xlsx(rows), "data.xlsx")
        assert checked["validation_status"] == "failed"
        assert (3, "beds", "formula") in _codes(checked["validation_report"])
        clean = _checked_again(units, _xlsx(good_rows(2)), "clean.xlsx")
        assert clean["validation_status"] == "passed", clean["validation_report"]

    def test_not_utf8_names_the_line(self, units: dict[str, Any]) -> None:
        body = csv_file(good_rows(2)) + "9,Hôpital,x,2020-01-01,1,true,health\n".encode("cp1252")
        report = _checked(units, body)["validation_report"]
        assert report["status"] == "error" and report["message"] == {"code": "not_utf8", "line": 4}


def _checked_again(units: dict[str, Any], body: bytes, name: str) -> dict[str, Any]:
    dataset = helpers.call_action("package_show", context=site_context(), id="hospitals")
    resource = _upload(units, dataset, body, name)
    jobs.validate_resource(resource["id"])
    return _resource(resource["id"])


@pytest.mark.usefixtures("with_plugins")
class TestHostileFiles:
    def test_binary_garbage(self, units: dict[str, Any]) -> None:
        body = bytes(range(256)) * 64
        checked = _checked(units, body)
        assert checked["validation_status"] == "error"
        assert checked["validation_report"]["message"]["code"] == "binary"

    def test_wrong_extension(self, units: dict[str, Any]) -> None:
        report = _checked(units, _xlsx(good_rows(1)), "data.csv")["validation_report"]
        assert report["message"] == {"code": "wrong_format", "found": "xlsx", "declared": "csv"}

    def test_pdf_named_xlsx(self, units: dict[str, Any]) -> None:
        report = _checked(units, b"%PDF-1.4\n" + b"x" * 100, "data.xlsx")["validation_report"]
        assert report["message"]["code"] == "not_a_table"

    @pytest.mark.ckan_config(config.VALIDATION_MAX_BYTES, 20_000)
    def test_zip_bomb(self, units: dict[str, Any]) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 5_000_000 + b">")
        assert len(out.getvalue()) < 20_000
        report = _checked(units, out.getvalue(), "data.xlsx")["validation_report"]
        assert report["status"] == "error" and report["message"]["code"] == "zip_bomb"
        assert report["message"]["limit"] == 20 * 20_000

    @pytest.mark.ckan_config(config.VALIDATION_MAX_BYTES, 1000)
    def test_a_file_over_the_byte_limit(self, units: dict[str, Any]) -> None:
        report = _checked(units, csv_file(good_rows(100)))["validation_report"]
        assert report["message"]["code"] == "too_large" and report["message"]["limit"] == 1000

    @pytest.mark.ckan_config(config.VALIDATION_MAX_ROWS, 50)
    def test_a_file_over_the_row_limit(self, units: dict[str, Any]) -> None:
        report = _checked(units, csv_file(good_rows(51)))["validation_report"]
        assert report["message"] == {"code": "too_many_rows", "limit": 50}
        assert _checked_again(units, csv_file(good_rows(50)), "ok.csv")["validation_status"] == "passed"

    @pytest.mark.ckan_config(config.VALIDATION_MAX_SECONDS, 0)
    def test_a_check_over_the_time_limit(self, units: dict[str, Any]) -> None:
        report = _checked(units, csv_file(good_rows(2500)))["validation_report"]
        assert report["message"] == {"code": "too_slow", "limit": 0}

    def test_a_broken_quote(self, units: dict[str, Any]) -> None:
        body = csv_file(good_rows(2)) + b'5,"never closed,x,2020-01-01,1,true,health\n' * 3
        checked = _checked(units, body)
        assert checked["validation_status"] in ("error", "failed")
        assert checked["validation_report"].get("message") or checked["validation_report"]["errors"]
