"""The quality score (issue 13 item 7): each part and its fixes (pure), then
``laodata_quality_show``, ``laodata_progress``'s per-unit ``quality_score`` and
"delivered with issues", the dataset page and the printable ranking, against
real CKAN, PostgreSQL and the real upload check."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.quality import jobs, score
from tests.published import move_to
from tests.quality.fixtures import REQUIRED, csv_file, good_rows, province

NOW = datetime.datetime(2026, 6, 1, 12, 0)
FULL = {
    "title": "Hospitals",
    "notes": "All hospitals",
    "title_lo": "ໂຮງໝໍ",
    "title_vi": "Bệnh viện",
    "title_en": "Hospitals",
    "notes_lo": "ໂຮງໝໍ",
    "notes_vi": "Bệnh viện",
    "notes_en": "All hospitals",
    "tags": ["health"],
    "license_id": "cc-by",
    "sector": "health",
    "update_frequency": "monthly",
    "spatial_coverage": "Province",
    "temporal_start": "2025-01-01",
    "temporal_end": "2025-12-31",
    "legal_basis": "Decision 1",
    "metadata_modified": NOW - datetime.timedelta(days=3),
}
PASSED = {
    "name": "data",
    "format": "CSV",
    "validation_status": "passed",
    "validation_report": {"rows": 10, "columns": ["a", "b"], "extra_columns": [], "error_counts": {}},
}


def _facts(**changes: Any) -> dict[str, Any]:
    return {**FULL, "resources": [PASSED], **changes}


class TestParts:
    def test_a_complete_fresh_valid_open_dataset_scores_100_with_nothing_to_fix(self) -> None:
        result = score.score(_facts(), NOW)
        assert result["score"] == 100
        assert {name: part["score"] for name, part in result["parts"].items()} == dict.fromkeys(
            score.PARTS, 100
        )
        assert result["fixes"] == []

    def test_missing_metadata_names_each_field(self) -> None:
        result = score.score(_facts(notes_lo="", tags=[], legal_basis=None, spatial_coverage="  "), NOW)
        part = result["parts"]["metadata"]
        assert part["score"] == round(100 * 12 / 16) and part["missing"] == [
            "notes_lo",
            "tags",
            "spatial_coverage",
            "legal_basis",
        ]
        (fix,) = result["fixes"]
        assert fix["code"] == "fill_metadata" and fix["fields"] == part["missing"]
        labels = {"notes_lo": "Description (Lao)", "tags": "Tags"}
        message = score.score(_facts(notes_lo="", tags=0), NOW, labels=labels)["fixes"][0]["message"]
        assert message == "Fill in: Description (Lao), Tags"

    def test_fill_rate_counts_empty_cells_and_missing_columns(self) -> None:
        failed = {
            "name": "beds.csv",
            "format": "CSV",
            "validation_status": "failed",
            "validation_report": {
                "rows": 10,
                "columns": ["a", "b", "note"],
                "extra_columns": ["note"],
                "missing_columns": ["c"],
                "error_counts": {"required": 5, "missing_column": 1},
                "error_count": 6,
                "errors": [
                    {"row": 2, "column": "b", "code": "required"},
                    {"row": 1, "column": "c", "code": "x"},
                ],
            },
        }
        result = score.score(_facts(resources=[failed]), NOW)
        # 10 rows x 3 mandatory columns (a, b and the missing c): 5 empty cells + 10 of c
        assert result["parts"]["fill_rate"] == {"score": 50, "applies": True, "cells": 30, "empty": 15}
        assert result["parts"]["validation"]["score"] == 0
        codes = {f["code"]: f for f in result["fixes"]}
        assert codes["add_columns"]["columns"] == ["c"]
        assert codes["fill_cells"]["count"] == 5 and codes["fill_cells"]["columns"] == ["b"]
        assert codes["correct_errors"]["count"] == 6 and codes["correct_errors"]["resource"] == "beds.csv"
        assert result["score"] == round((100 + 50 + 0 + 100 + 100) / 5)

    def test_a_file_that_could_not_be_checked(self) -> None:
        broken = {
            "name": "x",
            "format": "CSV",
            "validation_status": "error",
            "validation_report": {"status": "error"},
        }
        result = score.score(_facts(resources=[PASSED, broken]), NOW)
        assert result["parts"]["validation"]["score"] == 50
        assert result["parts"]["fill_rate"]["score"] == 100  # only the readable file counts
        assert [f["code"] for f in result["fixes"]] == ["unreadable_file"]

    def test_pending_or_unchecked_files_do_not_count_yet(self) -> None:
        pending = {"name": "x", "format": "CSV", "validation_status": "pending"}
        result = score.score(_facts(resources=[pending]), NOW)
        assert result["parts"]["validation"] == {
            "score": None,
            "applies": False,
            "checked": 0,
            "passed": 0,
            "pending": 1,
        }
        assert result["parts"]["fill_rate"]["score"] is None
        assert result["score"] == 100  # metadata, freshness, openness

    def test_freshness(self) -> None:
        stale = score.score(
            _facts(metadata_modified=NOW - datetime.timedelta(days=40)), NOW
        )  # monthly: 35 days
        assert stale["parts"]["freshness"]["score"] == 0
        (fix,) = stale["fixes"]
        assert (
            fix["code"] == "update_data"
            and fix["due"] == (NOW - datetime.timedelta(days=5)).date().isoformat()
        )
        irregular = score.score(
            _facts(update_frequency="irregular", metadata_modified=datetime.datetime(2001, 1, 1)), NOW
        )
        assert irregular["parts"]["freshness"]["score"] is None and irregular["fixes"] == []

    @pytest.mark.parametrize(
        ("formats", "expected"),
        [(["XLSX"], 67), (["PDF"], 33), (["PDF", "CSV"], 100), (["API"], 100), ([""], 0), (["exe"], 0)],
    )
    def test_openness_of_the_best_format(self, formats: list[str], expected: int) -> None:
        resources = [{"name": f"r{i}", "format": f, "url": "http://x/data"} for i, f in enumerate(formats)]
        result = score.score(_facts(resources=resources), NOW)
        assert result["parts"]["openness"]["score"] == expected
        assert any(f["code"] == "open_format" for f in result["fixes"]) == (expected < 100)

    def test_format_from_the_file_name_when_none_is_given(self) -> None:
        resource = {"name": "r", "format": "", "url": "http://x/download/data.csv?x=1"}
        assert score.score(_facts(resources=[resource]), NOW)["parts"]["openness"]["score"] == 100

    def test_no_data_and_metadata_only(self) -> None:
        empty = score.score(_facts(resources=[]), NOW)
        assert empty["parts"]["openness"]["score"] == 0 and empty["fixes"][0]["code"] == "add_data"
        secret = score.score(_facts(resources=[], metadata_only=True), NOW)
        assert secret["parts"]["openness"]["score"] is None and secret["fixes"] == []
        assert secret["score"] == 100

    def test_deleted_resources_do_not_count(self) -> None:
        gone = {"name": "old", "format": "PDF", "state": "deleted", "validation_status": "failed"}
        assert score.score(_facts(resources=[PASSED, gone]), NOW)["score"] == 100

    def test_hostile_reports_do_not_break_the_score(self) -> None:
        for report in (
            "not json",
            "[1, 2]",
            {"rows": "many"},
            {"rows": 5, "columns": None, "error_counts": None},
        ):
            resource = {
                "name": "r",
                "format": "CSV",
                "validation_status": "failed",
                "validation_report": report,
            }
            try:
                result = score.score(_facts(resources=[resource]), NOW)
            except ValueError:
                pytest.fail(f"a report {report!r} broke the score")
            assert 0 <= result["score"] <= 100

    def test_mean(self) -> None:
        assert score.mean([None, 50, 100]) == 75 and score.mean([None]) is None and score.mean([]) is None


# --- through CKAN -----------------------------------------------------------------------


@pytest.fixture
def units(clean_db: Any) -> dict[str, Any]:
    helpers.call_action("job_clear")
    return province()


def _dataset(units: dict[str, Any], name: str, **fields: Any) -> dict[str, Any]:
    return helpers.call_action(
        "package_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        name=name,
        owner_org=units["org"]["id"],
        catalog_code=fields.pop("catalog_code", "HEA-001"),
        access_level="open",
        security_level="1",
        **fields,
    )


def _upload(units: dict[str, Any], dataset: dict[str, Any], body: bytes) -> dict[str, Any]:
    resource = helpers.call_action(
        "resource_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        package_id=dataset["id"],
        name="hospitals.csv",
        format="CSV",
        upload=FileStorage(io.BytesIO(body), filename="hospitals.csv"),
    )
    jobs.validate_resource(resource["id"])  # the check's job itself, run here
    model.Session.expire_all()
    return resource


def _with_empty_cells() -> bytes:
    rows = good_rows(4)
    rows[2][1] = ""  # name of the second hospital
    rows[3][2] = ""  # district of the third
    return csv_file(rows)


def _show(user: dict[str, Any] | None, **data: Any) -> Any:
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action("laodata_quality_show", context=context, **data)


@pytest.mark.usefixtures("with_plugins")
class TestQualityShow:
    def test_staff_see_the_fixes_readers_the_score(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units, "hospitals", license_id="cc-by", notes="Hospitals of the province")
        _upload(units, dataset, _with_empty_cells())
        staff = _show(units["editor"], id="hospitals")
        assert staff["parts"]["validation"]["score"] == 0
        assert staff["parts"]["fill_rate"]["score"] == round(100 * (28 - 2) / 28)  # 4 rows x 7 columns
        fixes = {f["code"]: f for f in staff["fixes"]}
        assert fixes["fill_cells"]["columns"] == ["district", "name"] and fixes["fill_cells"]["count"] == 2
        assert 'Fill the 2 empty mandatory cells of "hospitals.csv"' in fixes["fill_cells"]["message"]
        assert "Description (Lao)" in fixes["fill_metadata"]["message"]
        assert staff["score"] == round(sum(p["score"] for p in staff["parts"].values() if p["applies"]) / 4)

        # a member of the unit (any capacity) is staff of its datasets (access/roles.py)
        member = _show(units["member"], id=dataset["id"])
        assert member["score"] == staff["score"] and member["fixes"] == staff["fixes"]
        # others may not even know it exists
        for user in (None, factories.User()):
            with pytest.raises(tk.ObjectNotFound):
                _show(user, id="hospitals")

    def test_published_datasets_show_their_score_to_everyone(self, units: dict[str, Any]) -> None:
        dataset = _dataset(units, "hospitals", personal_data="none", importance="other")
        _upload(units, dataset, csv_file(good_rows(3)))
        move_to(dataset["id"], "published")
        anonymous = _show(None, id="hospitals")
        assert anonymous["parts"]["validation"]["score"] == 100 and anonymous["fixes"] is None
        assert anonymous["parts"]["fill_rate"]["score"] == 100
        assert isinstance(_show(units["editor"], id="hospitals")["fixes"], list)

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({}, tk.ValidationError),
            ({"id": ""}, tk.ValidationError),
            ({"id": "a\x00b"}, tk.ValidationError),
            ({"id": "x" * 5000}, tk.ValidationError),
            ({"id": "no-such-dataset"}, tk.ObjectNotFound),
            ({"id": ["hospitals"]}, tk.ObjectNotFound),  # made text, then not found
        ],
    )
    def test_bad_input(self, units: dict[str, Any], data: dict[str, Any], error: type) -> None:
        with pytest.raises(error):
            _show(units["editor"], **data)

    def test_api_answers_404_not_500(self, units: dict[str, Any], app: Any) -> None:
        _dataset(units, "hospitals")  # a draft: not readable by a visitor
        for ident in ("hospitals", "nope", "%00", "%27%3B--"):
            response = app.get(f"/api/3/action/laodata_quality_show?id={ident}")
            assert response.status_code in (400, 404, 409), (ident, response.status_code)  # never a 500
            assert "hospitals" not in response.body.replace(ident, "")
        assert app.get("/api/3/action/laodata_quality_show").status_code == 409


def _progress_units() -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in helpers.call_action("laodata_progress")["units"]}


@pytest.mark.usefixtures("with_plugins")
class TestProgress:
    def test_units_carry_issues_stale_and_quality(self, units: dict[str, Any]) -> None:
        other = factories.Organization(name="dept-justice")
        helpers.call_action(
            "laodata_catalog_import",
            context={"ignore_auth": True},
            upload=FileStorage(
                io.BytesIO(
                    b"code,title,unit,sector,update_frequency,access_level,security_level,due_date,required_fields\n"
                    + f"HEA-001,Hospitals,dept-health,health,monthly,open,1,,{REQUIRED}\n".encode()
                    + b"JUS-001,Courts,dept-justice,justice,annual,open,1,2001-01-01,\n"
                ),
                filename="catalog.csv",
            ),
        )
        failing = _dataset(units, "hospitals", update_frequency="monthly")
        _upload(units, failing, _with_empty_cells())
        move_to(failing["id"], "submitted")
        report = helpers.call_action("laodata_progress")
        health = {u["unit"]: u for u in report["units"]}["dept-health"]
        justice = {u["unit"]: u for u in report["units"]}["dept-justice"]
        assert (health["delivered"], health["with_issues"], health["stale"]) == (1, 1, 0)
        staff = _show(units["editor"], id="hospitals")
        assert health["quality_score"] == staff["score"]
        assert (justice["quality_score"], justice["overdue"], justice["with_issues"]) == (None, 1, 0)
        assert (report["with_issues"], report["overdue"], report["quality_score"]) == (1, 1, staff["score"])
        assert other["name"] == "dept-justice"

        # made stale: last changed longer ago than monthly allows
        model.Session.execute(
            sa.update(model.package_table)
            .where(model.package_table.c.id == failing["id"])
            .values(metadata_modified=datetime.datetime.utcnow() - datetime.timedelta(days=60))
        )
        model.Session.commit()
        health = _progress_units()["dept-health"]
        assert health["stale"] == 1
        assert health["quality_score"] == _show(units["editor"], id="hospitals")["score"] < staff["score"]

        # a past day's figures have no quality figures
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        helpers.call_action("laodata_progress_snapshot")
        from ckanext.laodata.catalog.model import ProgressSnapshot

        model.Session.query(ProgressSnapshot).update({"day": yesterday})
        model.Session.commit()
        past = helpers.call_action("laodata_progress", as_of=yesterday)
        assert past["quality_score"] is None and past["units"][0]["with_issues"] is None

    def test_pages_show_issues_scores_and_a_printable_ranking(self, units: dict[str, Any], app: Any) -> None:
        failing = _dataset(units, "hospitals", license_id="cc-by")
        _upload(units, failing, _with_empty_cells())
        move_to(failing["id"], "submitted")
        reader = factories.UserWithToken()
        headers = {"Authorization": reader["token"]}
        page = app.get("/catalog/progress", headers=headers).body
        expected = _progress_units()["dept-health"]["quality_score"]
        issues = re.search(r'<dd class="laodata-issues-total">(\d+)</dd>', page)
        assert issues and issues.group(1) == "1"
        row = re.search(r'<tr class="laodata-quality-row" data-unit="dept-health">(.*?)</tr>', page, re.S)
        assert row and f'<span class="laodata-quality-score">{expected}</span>' in row.group(1)
        assert 'href="/catalog/progress/quality?print=1"' in page

        printable = app.get("/catalog/progress/quality?print=1", headers=headers).body
        assert '<body class="laodata-print">' in printable
        ranks = re.findall(r'<td class="laodata-num laodata-rank"[^>]*>(.*?)</td>', printable)
        assert ranks == ["1"]
        assert app.get("/catalog/progress/quality", follow_redirects=False).status_code == 302  # log in first

        # in Lao and Vietnamese
        for lang, word in (("lo", "ຄຸນນະພາບ"), ("vi", "chất lượng")):
            body = app.get(f"/{lang}/catalog/progress/quality", headers=headers).body
            assert word in body.lower(), lang

    def test_dataset_page_score_for_all_fixes_for_staff(self, units: dict[str, Any], app: Any) -> None:
        dataset = _dataset(units, "hospitals", personal_data="none", importance="other")
        _upload(units, dataset, csv_file(good_rows(3)))
        move_to(dataset["id"], "published")
        expected = _show(None, id="hospitals")["score"]
        public = app.get("/dataset/hospitals").body
        badge = re.search(r'class="laodata-quality-badge [^"]*"[^>]*>(\d+)</span>', public)
        assert badge and int(badge.group(1)) == expected
        assert "What to fix" not in public and "laodata-quality-part-fill_rate" in public
        staff = app.get("/dataset/hospitals", headers={"Authorization": units["editor"]["token"]}).body
        assert "What to fix" in staff and "Description (Lao)" in staff
