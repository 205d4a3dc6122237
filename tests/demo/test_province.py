"""The reference province of DESIGN §8: its plan (pure) and, loaded, its figures."""

from __future__ import annotations

import collections
import csv
import datetime
import io
from typing import Any

import pytest

from ckanext.laodata import vocab
from ckanext.laodata.access.classes import class_errors
from ckanext.laodata.demo import province

ENTRIES = province.entries()
BY_UNIT: dict[str, list[province.Entry]] = collections.defaultdict(list)
for _entry in ENTRIES:
    BY_UNIT[_entry.unit].append(_entry)


def _outstanding() -> list[province.Entry]:
    return [e for e in ENTRIES if not e.delivered]


class TestFigures:
    def test_units(self) -> None:
        assert len(province.UNITS) == 18
        assert len({u.name for u in province.UNITS}) == 18
        assert len({u.code for u in province.UNITS}) == 18
        assert province.UNITS[0].name == "provincial-police"
        for unit in province.UNITS:
            fields = unit.organization_fields()
            assert fields["title_en"] and fields["title_lo"] and fields["title_vi"]
            assert fields["title"] == fields["title_en"]  # one language per field, no "en · lo · vi"
            assert " · " not in fields["title"]
        assert set(BY_UNIT) == {u.name for u in province.UNITS}

    def test_entries_delivered_outstanding(self) -> None:
        assert len(ENTRIES) == 329
        assert sum(1 for e in ENTRIES if e.delivered) == 310
        assert len(_outstanding()) == 19
        assert collections.Counter(e.delay_reason for e in _outstanding()) == {
            "vertical_system": 14,
            "large_volume": 5,
        }

    def test_units_complete(self) -> None:
        complete = [u for u, es in BY_UNIT.items() if all(e.delivered for e in es)]
        assert len(complete) == 12
        assert len({e.unit for e in _outstanding()}) == 6
        assert "provincial-police" in complete

    def test_figures_match_design(self) -> None:
        figures = province.figures()
        assert {
            k: figures[k]
            for k in (
                "target",
                "delivered",
                "outstanding",
                "units_total",
                "units_complete",
                "percent_delivered",
                "delay_reasons",
            )
        } == {
            "target": 329,
            "delivered": 310,
            "outstanding": 19,
            "units_total": 18,
            "units_complete": 12,
            "percent_delivered": 94.2,
            "delay_reasons": {"vertical_system": 14, "large_volume": 5},
        }
        assert figures["delivered"] >= figures["approved"] >= figures["published"] > 0

    def test_codes_unique_and_shaped(self) -> None:
        codes = [e.code for e in ENTRIES]
        assert len(set(codes)) == len(codes)
        units = {u.name: u for u in province.UNITS}
        for entry in ENTRIES:
            assert entry.code.startswith(units[entry.unit].code + "-")
            assert entry.code[-3:].isdigit() and len(entry.code) == 7
        names = [e.dataset.name for e in ENTRIES if e.dataset]
        assert len(set(names)) == len(names)
        assert all(len(n) <= 100 and n == n.lower() for n in names)

    def test_deterministic(self) -> None:
        province.entries.cache_clear()
        try:
            assert province.entries() == ENTRIES
        finally:
            province.entries.cache_clear()
        assert province.catalog_csv() == province.catalog_csv()


class TestClassesAndGate:
    def test_every_entry_passes_class_rules(self) -> None:
        for entry in ENTRIES:
            assert class_errors(entry.classes()) == {}, entry.code
        assert province.check() == []

    def test_vocabularies(self) -> None:
        for entry in ENTRIES:
            assert entry.sector in vocab.keys("sector")
            assert entry.update_frequency in vocab.keys("update_frequency")
            assert entry.access_level in vocab.keys("access_level")
            assert entry.security_level in vocab.keys("security_level")
            assert entry.importance in vocab.keys("importance")
            assert entry.personal_data in vocab.keys("personal_data")
            assert entry.connection_status in vocab.keys("connection_status")
            assert entry.delay_reason in (None, *vocab.keys("delay_reason"))

    def test_realistic_mix(self) -> None:
        assert {e.update_frequency for e in ENTRIES} == set(vocab.keys("update_frequency"))
        assert {e.security_level for e in ENTRIES} == {"1", "2", "3", "4", "5"}
        assert {e.access_level for e in ENTRIES} == {"open", "shared", "private"}
        assert {e.importance for e in ENTRIES} == {"core", "important", "other"}
        assert {e.personal_data for e in ENTRIES} == {"none", "basic", "sensitive"}
        assert any(e.state_secret for e in ENTRIES)
        assert {e.update_frequency for e in BY_UNIT["department-of-justice"]} == {"daily"}
        sectors = {e.sector for e in ENTRIES}
        assert len(sectors) >= 14
        workflow = collections.Counter(
            e.dataset.workflow_status for e in ENTRIES if e.delivered and e.dataset
        )
        assert set(workflow) == {"submitted", "approved", "published"}

    def test_titles_in_three_languages(self) -> None:
        for entry in ENTRIES:
            assert entry.title == entry.title_en
            assert entry.title_lo and entry.title_vi and entry.title_en
            assert any("\u0e80" <= ch <= "\u0eff" for ch in entry.title_lo), entry.code
        assert len({(e.unit, e.title) for e in ENTRIES}) == len(ENTRIES)

    def test_published_only_through_the_gate(self) -> None:
        for entry in ENTRIES:
            plan = entry.dataset
            if plan is None:
                continue
            if plan.workflow_status == "published":
                assert province.publishable(entry), entry.code
                assert plan.private is False
                assert plan.license_id == "cc-by"
            else:
                assert plan.private is True, entry.code

    def test_metadata_only_entries(self) -> None:
        metadata_only = [e for e in ENTRIES if e.metadata_only]
        assert 3 <= len(metadata_only) <= 30
        for entry in metadata_only:
            assert entry.delivered and entry.dataset and entry.dataset.resources == ()
            assert entry.access_level == "private"


class TestDeliveryPlan:
    def test_delivered_entries_have_data(self) -> None:
        for entry in ENTRIES:
            if not entry.delivered:
                continue
            plan = entry.dataset
            assert plan is not None and plan.workflow_status in ("submitted", "approved", "published")
            if entry.metadata_only:
                continue
            formats = {r.format for r in plan.resources}
            if entry.source_system != "local":
                assert entry.connection_status == "connected"
                assert formats == {"API"} and all(r.url.startswith("https://") for r in plan.resources)
            else:
                assert formats and formats <= {"CSV", "XLSX"}, entry.code

    def test_vertical_system_outstanding(self) -> None:
        vertical = [e for e in _outstanding() if e.delay_reason == "vertical_system"]
        assert len(vertical) == 14
        for entry in vertical:
            assert entry.source_system != "local" and "Ministry" in entry.source_system
            assert entry.connection_status == "requested"
            assert datetime.date.fromisoformat(entry.connection_requested)
            assert entry.connection_legal_basis and entry.delay_note
            assert entry.dataset is None or (
                entry.dataset.workflow_status == "draft" and entry.dataset.resources == ()
            )
        assert any(e.dataset is None for e in vertical) and any(e.dataset for e in vertical)

    def test_large_volume_outstanding(self) -> None:
        large = [e for e in _outstanding() if e.delay_reason == "large_volume"]
        assert len(large) == 5
        for entry in large:
            assert entry.dataset is None or (
                entry.dataset.workflow_status == "draft" and entry.dataset.resources == ()
            )
            assert entry.delay_note

    def test_connected_vertical_systems(self) -> None:
        connected = [e for e in ENTRIES if e.connection_status == "connected"]
        assert len(connected) >= 10
        assert all(e.delivered and e.source_system != "local" for e in connected)
        assert {e.connection_status for e in ENTRIES if e.source_system == "local"} == {"not_requested"}

    def test_stale_datasets(self) -> None:
        stale = [e for e in ENTRIES if e.dataset and e.dataset.stale_days]
        assert 3 <= len(stale) <= 12
        for entry in stale:
            assert entry.delivered
            max_age = vocab.vocabularies()["update_frequency"][entry.update_frequency]["max_age_days"]
            assert entry.dataset.stale_days > max_age

    def test_delivered_with_issues(self) -> None:
        issues = [e for e in ENTRIES if e.dataset and e.dataset.issues]
        assert len(issues) == province.ISSUE_COUNT == 6
        assert len({e.unit for e in issues}) >= 3
        for entry in issues:
            assert entry.delivered and entry.dataset.workflow_status in ("submitted", "approved")
            assert not entry.dataset.stale_days
            assert [r.format for r in entry.dataset.resources] == ["CSV"]


class TestFiles:
    def test_catalog_csv(self) -> None:
        rows = list(csv.DictReader(io.StringIO(province.catalog_csv().decode("utf-8"))))
        assert len(rows) == 329
        assert tuple(rows[0]) == province.CATALOG_COLUMNS
        assert rows[0]["code"] == "POL-001" and rows[0]["state_secret"] in ("true", "false")

    def test_catalog_csv_parses_without_errors(self) -> None:
        importer = pytest.importorskip("ckanext.laodata.catalog.importer")
        parsed = importer.parse_catalog(
            province.catalog_csv(),
            "province.csv",
            known_units={u.name for u in province.UNITS},
            max_bytes=10 * 1024 * 1024,
        )
        assert parsed.errors == []
        assert len(parsed.entries) == 329

    @pytest.mark.parametrize(
        "entry",
        [e for e in ENTRIES if e.dataset and any(r.upload for r in e.dataset.resources)],
        ids=lambda e: e.code,
    )
    def test_resource_files_follow_required_fields(self, entry: province.Entry) -> None:
        names = [f.split(":", 1)[0] for f in entry.required_fields.split(";")]
        assert entry.dataset is not None
        for resource in entry.dataset.resources:
            data = province.file_bytes(entry, resource)
            if resource.format == "CSV":
                rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
                assert rows[0] == names
                body = rows[1:]
            else:
                import openpyxl

                sheet = openpyxl.load_workbook(io.BytesIO(data)).active
                values = [list(r) for r in sheet.iter_rows(values_only=True)]
                assert values[0] == names
                body = values[1:]
            assert 5 <= len(body) <= 20
            assert all(len(r) == len(names) for r in body)
            empty = [(i, j) for i, r in enumerate(body) for j, v in enumerate(r) if v in (None, "")]
            if (
                entry.dataset.issues
            ):  # delivered with issues: the last cell of every third row from the second
                assert empty == [(i, len(names) - 1) for i in range(1, len(body), 3)]
            else:
                assert empty == []


# --- loaded through CKAN's actions ----------------------------------------------------------------


def _actions_live() -> bool:
    from ckanext.laodata.logic import action

    return "laodata_catalog_import" in getattr(action, "__all__", ())


def _progress() -> dict[str, Any]:
    from ckan.tests.helpers import call_action

    return call_action("laodata_progress")


@pytest.mark.skipif(not _actions_live(), reason="the catalog actions are not registered yet")
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_load_gives_the_reference_figures() -> None:
    import sqlalchemy as sa

    import ckan.model as model
    from ckan.tests.helpers import call_action

    from ckanext.laodata.demo import load

    def snapshot() -> tuple[Any, ...]:
        packages = dict(
            model.Session.query(model.Package.state, sa.func.count()).group_by(model.Package.state)
        )
        resources = model.Session.query(model.Resource).filter(model.Resource.state == "active").count()
        modified = dict(model.Session.query(model.Package.name, model.Package.metadata_modified))
        return packages, resources, modified

    planned = [e for e in ENTRIES if e.dataset]
    first = load.load()
    assert first["created"] == len(planned) and first["catalog"]["created"] == 329
    assert first["resources"] == sum(len(e.dataset.resources) for e in planned if e.dataset)
    report = _progress()
    assert {
        k: report[k]
        for k in (
            "target",
            "delivered",
            "outstanding",
            "units_total",
            "units_complete",
            "delay_reasons",
            "percent_delivered",
        )
    } == {
        "target": 329,
        "delivered": 310,
        "outstanding": 19,
        "units_total": 18,
        "units_complete": 12,
        "delay_reasons": {"vertical_system": 14, "large_volume": 5},
        "percent_delivered": 94.2,
    }
    expected = province.figures()
    assert (report["approved"], report["published"]) == (expected["approved"], expected["published"])
    assert first["stale"] == sum(1 for e in ENTRIES if e.dataset and e.dataset.stale_days)
    stale = call_action("laodata_catalog_entry_list", status="delivered", limit=1000)["results"]
    assert sum(1 for r in stale if r["stale"]) == first["stale"]
    # delivered with issues: exactly the planned files fail the upload check (issue 13)
    issues = {e.code for e in ENTRIES if e.dataset and e.dataset.issues}
    found = {r["code"] for r in stale if r["with_issues"]}
    assert issues <= found  # the planned ones, and any other demo file the check refuses
    assert (report["with_issues"], report["stale"]) == (len(found), first["stale"])
    # every unit that delivered has a quality score, and they differ
    scores = {u["unit"]: u["quality_score"] for u in report["units"]}
    assert all(0 < s <= 100 for s in scores.values()) and len(set(scores.values())) > 3
    # what anyone may see: the published datasets only
    assert call_action("package_search", rows=0)["count"] == expected["published"]
    before = snapshot()

    second = load.load()
    assert second["created"] == 0 and second["resources"] == 0 and second["skipped"] == len(planned)
    assert second["catalog"] == {"created": 0, "updated": 0, "unchanged": 329}
    assert second["entries_changed"] == 0 and second["stale"] == 0
    again = _progress()
    assert {k: v for k, v in again.items() if k != "as_of"} == {
        k: v for k, v in report.items() if k != "as_of"
    }
    assert snapshot() == before
