"""Tabular files into the DataStore by the real loader, and its report (issue 12 items 1-3).

Real CKAN, PostgreSQL (the DataStore's own database, read through its
read-only role), Redis and rq: an upload queues ckanext-xloader's job,
``ckan jobs worker --burst`` runs it, and the job fetches the file from the
portal served over HTTP (``conftest.live_portal``).
"""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from tests.published import move_to, site_context
from tests.quality.fixtures import HEADER, csv_file, good_rows, province


def _run_worker(cli: Any) -> None:
    from ckan.cli.cli import ckan

    result = cli.invoke(ckan, ["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output


def _dataset(units: dict[str, Any], name: str = "hospitals") -> dict[str, Any]:
    return helpers.call_action(
        "package_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        name=name,
        owner_org=units["org"]["id"],
        catalog_code="HEA-001",
        access_level="open",
        security_level="1",
    )


def _upload(
    units: dict[str, Any], dataset: dict[str, Any], body: bytes, name: str, fmt: str
) -> dict[str, Any]:
    return helpers.call_action(
        "resource_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        package_id=dataset["id"],
        name="data",
        format=fmt,
        upload=FileStorage(io.BytesIO(body), filename=name),
    )


def _resource(resource_id: str) -> dict[str, Any]:
    model.Session.expire_all()
    return helpers.call_action("resource_show", context=site_context(), id=resource_id)


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _search(app: Any, status: int = 200, **params: Any) -> Any:
    """datastore_search as an anonymous caller over the Action API (POST, JSON)."""
    response = app.post("/api/3/action/datastore_search", json=params, status=status)
    return response.json


def _loaded(
    cli: Any, units: dict[str, Any], body: bytes, name: str, fmt: str, publish: bool = True
) -> dict[str, Any]:
    dataset = _dataset(units)
    resource = _upload(units, dataset, body, name, fmt)
    if publish:
        move_to(dataset["id"], "published")
    _run_worker(cli)
    return _resource(resource["id"])


@pytest.fixture
def units(live_portal: str) -> dict[str, Any]:
    return province()


class TestLoad:
    def test_a_published_csv_is_queryable_row_by_row(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        resource = _loaded(cli, units, csv_file(good_rows(60)), "hospitals.csv", "CSV")
        assert resource["datastore_active"] is True
        rid = resource["id"]
        everything = _search(app, resource_id=rid)["result"]
        assert everything["total"] == 60
        assert [f["id"] for f in everything["fields"]][1:] == HEADER
        # filters, fields, sort, limit/offset
        one = _search(app, resource_id=rid, filters={"facility_id": "7"}, fields=["facility_id", "name"])[
            "result"
        ]
        assert [(r["facility_id"], r["name"]) for r in one["records"]] == [("7", "Hospital 7")]
        page = _search(app, resource_id=rid, sort="facility_id desc", limit=5, offset=10)["result"]
        assert len(page["records"]) == 5
        # full text
        found = _search(app, resource_id=rid, q="Hospital 42")["result"]
        assert "Hospital 42" in {r["name"] for r in found["records"]}
        info = app.post("/api/3/action/datastore_info", json={"id": rid}).json["result"]
        assert [f["id"] for f in info["fields"]] == HEADER

    def test_the_resource_page_previews_the_table_with_datatables(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = _loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV")
        views = helpers.call_action("resource_view_list", context=site_context(), id=resource["id"])
        assert "datatables_view" in {v["view_type"] for v in views}
        page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", extra_environ={})
        body = page.get_data(as_text=True)
        assert "laodata-loader-loaded" in body and "Table preview" in body
        view = next(v for v in views if v["view_type"] == "datatables_view")
        # the view's data, server-side paged and sorted (what the table's script asks for)
        ajax = app.post(
            f"/datatables/ajax/{view['id']}",
            data={
                "draw": "1",
                "start": "1",
                "length": "1",
                "search[value]": "",
                "order[0][column]": "1",
                "order[0][dir]": "desc",
                **{f"columns[{i}][data]": c for i, c in enumerate(["_id", *HEADER])},
                **{f"columns[{i}][search][value]": "" for i in range(len(HEADER) + 1)},
            },
        )
        data = json.loads(ajax.get_data(as_text=True))
        assert data["recordsTotal"] == 3 and len(data["data"]) == 1

    def test_the_preview_speaks_the_readers_language(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        resource = _loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV")
        view = next(
            v
            for v in helpers.call_action("resource_view_list", context=site_context(), id=resource["id"])
            if v["view_type"] == "datatables_view"
        )
        for lang in ("lo", "vi"):
            body = app.get(
                f"/{lang}/dataset/{resource['package_id']}/resource/{resource['id']}/view/{view['id']}"
            )
            assert f"/datatablesview/i18n/{lang}.json" in body.get_data(as_text=True), lang

    def test_an_xlsx_workbook_is_loaded(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        rows = [HEADER] + [
            [i, f"Hospital {i}", "Sisattanak", "2021-05-01", 5 + i, "true", "health"] for i in range(1, 21)
        ]
        resource = _loaded(cli, units, _xlsx(rows), "hospitals.xlsx", "XLSX")
        assert resource["datastore_active"] is True
        result = _search(app, resource_id=resource["id"], filters={"name": "Hospital 20"})["result"]
        assert result["total"] == 1

    def test_a_draft_is_loaded_for_its_unit_but_not_found_by_others(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = _loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV", publish=False)
        assert resource["datastore_active"] is True
        refused = _search(app, status=404, resource_id=resource["id"])["error"]["message"]
        unknown = "0" * 8 + resource["id"][8:]
        missing = _search(app, status=404, resource_id=unknown)["error"]["message"]
        assert refused == missing.replace(unknown, resource["id"])  # as if there were no table
        mine = helpers.call_action(
            "datastore_search",
            context={"user": units["editor"]["name"], "ignore_auth": False},
            resource_id=resource["id"],
        )
        assert mine["total"] == 3
        # the unit's member is staff too; the page of a draft is not found for everyone else
        page = app.get(f"/dataset/{resource['package_id']}/resource/{resource['id']}", status=404)
        assert "Hospital" not in page.get_data(as_text=True)


def _report(app: Any, units: dict[str, Any], resource: dict[str, Any]) -> str:
    page = app.get(
        f"/dataset/{resource['package_id']}/resource/{resource['id']}",
        headers={"Authorization": units["editor"]["token"]},
    )
    return page.get_data(as_text=True)


class TestBadFiles:
    """Bad input: a report on the resource page, a worker that goes on, no table shown as complete."""

    def test_wrong_extension_a_pdf_named_csv(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4
        resource = _loaded(cli, units, body, "data.csv", "CSV", publish=False)
        assert not resource.get("datastore_active")
        page = _report(app, units, resource)
        assert "laodata-loader-error" in page and "could not be read as a table" in page
        assert "laodata-loader-detail" in page  # the unit sees the loader's own words

    def test_a_file_over_the_limit_is_refused_whole(
        self, cli: Any, app: Any, units: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ckanext.xloader import jobs as xloader_jobs

        # xloader reads its setting into its module when the plugin is configured
        monkeypatch.setitem(tk.config, "ckanext.xloader.max_content_length", "1000")
        monkeypatch.setattr(xloader_jobs, "max_content_length", 1000)
        resource = _loaded(cli, units, csv_file(good_rows(200)), "big.csv", "CSV", publish=False)
        assert not resource.get("datastore_active")
        page = _report(app, units, resource)
        assert "laodata-loader-error" in page and "larger than" in page
        # nothing of it in the DataStore
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action("datastore_search", context=site_context(), resource_id=resource["id"])

    def test_ragged_rows(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        body = b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n"
        resource = _loaded(cli, units, body, "ragged.csv", "CSV", publish=False)
        self._all_or_nothing(app, units, resource, rows=4)

    def test_not_utf8(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        body = "name,town\nCafé,Genève\nNaïve,Zürich\n".encode("latin-1")
        resource = _loaded(cli, units, body, "latin1.csv", "CSV", publish=False)
        self._all_or_nothing(app, units, resource, rows=2)
        if resource.get("datastore_active"):
            rows = helpers.call_action("datastore_search", context=site_context(), resource_id=resource["id"])
            assert {r["name"] for r in rows["records"]} == {"Café", "Naïve"}

    def test_formula_cells_are_text(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        body = b'name,total\nA,=1+2\nB,"=HYPERLINK(""http://x.invalid"")"\n'
        resource = _loaded(cli, units, body, "formulas.csv", "CSV", publish=False)
        assert resource["datastore_active"] is True
        rows = helpers.call_action("datastore_search", context=site_context(), resource_id=resource["id"])
        assert [r["total"] for r in rows["records"]] == ["=1+2", '=HYPERLINK("http://x.invalid")']

    def _all_or_nothing(self, app: Any, units: dict[str, Any], resource: dict[str, Any], rows: int) -> None:
        """Either every row is in the table and the report says loaded, or the report says why
        not and no preview is shown."""
        page = _report(app, units, resource)
        if resource.get("datastore_active") and "laodata-loader-loaded" in page:
            total = helpers.call_action(
                "datastore_search", context=site_context(), resource_id=resource["id"]
            )
            assert total["total"] == rows
        else:
            assert "laodata-loader-error" in page
            assert "datatables" not in page


class TestWhatIsLoaded:
    def test_a_dataset_with_personal_data_found_is_not_copied(self, cli: Any, units: dict[str, Any]) -> None:
        from ckanext.laodata.quality import jobs

        dataset = _dataset(units)
        phones = [HEADER + ["phone"]] + [row + [f"09{i:08d}"] for i, row in enumerate(good_rows(10)[1:])]
        first = _upload(units, dataset, csv_file(phones), "people.csv", "CSV")
        jobs.validate_resource(first["id"])
        model.Session.expire_all()
        assert (
            helpers.call_action("package_show", context=site_context(), id=dataset["id"])[
                "personal_data_flag"
            ]
            == "found"
        )
        helpers.call_action("job_clear")
        second = _upload(units, dataset, csv_file(good_rows(3)), "hospitals.csv", "CSV")
        _run_worker(cli)
        assert not _resource(second["id"]).get("datastore_active")
