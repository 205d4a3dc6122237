"""The chart view of a loaded table (issue 12 item 2; tables/chart.py, tables/chart_view.py).

Real loader, DataStore and worker as in test_loading.py: the CSV is loaded by
ckanext-xloader, which creates the default views; the chart is read from the
pages a visitor opens.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.laodata import config
from ckanext.laodata.tables import chart
from tests.published import site_context
from tests.quality.fixtures import csv_file, good_rows, province
from tests.tables import test_loading as loading

BARS = re.compile(r'<g class="laodata-tablechart-bar">\s*<title>([^<]*)</title>')
POINTS = re.compile(r'<circle class="laodata-tablechart-point"[^>]*><title>([^<]*)</title>')


@pytest.fixture
def units(live_portal: str) -> dict[str, Any]:
    return province()


def _views(resource_id: str) -> dict[str, dict[str, Any]]:
    views = helpers.call_action("resource_view_list", context=site_context(), id=resource_id)
    return {v["view_type"]: v for v in views}


def _page(
    app: Any, resource: dict[str, Any], view_id: str, lang: str = "", status: int = 200, **kw: Any
) -> str:
    prefix = f"/{lang}" if lang else ""
    url = f"{prefix}/dataset/{resource['package_id']}/resource/{resource['id']}/view/{view_id}"
    return str(app.get(url, status=status, **kw).get_data(as_text=True))


def _create(units: dict[str, Any], resource_id: str, **settings: Any) -> dict[str, Any]:
    return helpers.call_action(
        "resource_view_create",
        context={"user": units["editor"]["name"], "ignore_auth": False},
        resource_id=resource_id,
        view_type="laodata_chart_view",
        title="My chart",
        **settings,
    )


class TestChartView:
    def test_a_loaded_csv_gets_a_chart_of_its_first_numeric_column(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = loading._loaded(cli, units, csv_file(good_rows(5)), "hospitals.csv", "CSV")
        views = _views(resource["id"])
        assert {"datatables_view", "laodata_chart_view"} <= set(views)
        body = _page(app, resource, views["laodata_chart_view"]["id"])
        # the first text column labels the bars, the numeric column that is not an identifier
        # (facility_id) gives the values: beds, 11.5 .. 15.5, read from the DataStore's text cells
        assert BARS.findall(body) == [f"Hospital {i}: {10.5 + i}" for i in range(1, 6)]
        assert '<svg class="laodata-tablechart-svg laodata-tablechart-bar"' in body
        assert re.search(r"<title id=\"[^\"]+-title\">beds by name</title>", body)
        assert "from 11.5 (Hospital 1) to 15.5 (Hospital 5)" in body
        # the numbers as a table too
        assert '<td>Hospital 3</td><td class="text-end">13.5</td>' in body
        # and on the resource page itself, with the chart's tab selected
        page = app.get(
            f"/dataset/{resource['package_id']}/resource/{resource['id']}",
            query_string={"view_id": views["laodata_chart_view"]["id"]},
        ).get_data(as_text=True)
        assert BARS.findall(page) == BARS.findall(body)

    @pytest.mark.ckan_config(config.CHART_MAX_ROWS, 3)
    def test_only_the_first_rows_are_drawn_and_the_chart_says_so(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = loading._loaded(cli, units, csv_file(good_rows(8)), "hospitals.csv", "CSV")
        body = _page(app, resource, _views(resource["id"])["laodata_chart_view"]["id"])
        assert [b.split(":")[0] for b in BARS.findall(body)] == ["Hospital 1", "Hospital 2", "Hospital 3"]
        assert "The chart shows the first 3 rows of 8." in body

    def test_another_column_and_a_line_chosen_in_the_view(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = loading._loaded(cli, units, csv_file(good_rows(4)), "hospitals.csv", "CSV")
        view = _create(
            units, resource["id"], label_field="opened", value_field="facility_id", chart_type="line"
        )
        assert (view["label_field"], view["value_field"], view["chart_type"]) == (
            "opened",
            "facility_id",
            "line",
        )
        body = _page(app, resource, view["id"])
        assert POINTS.findall(body) == [f"2020-01-{i + 1:02d}: {i}" for i in range(1, 5)]
        assert "<polyline" in body and "laodata-tablechart-bar" not in body

    def test_cells_without_a_number_are_left_out_with_a_note(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        body_csv = b'district,people\nA,1200\nB,n/a\nC,\nD,"3,400.5"\nE,-20\n'
        resource = loading._loaded(cli, units, body_csv, "people.csv", "CSV")
        body = _page(app, resource, _views(resource["id"])["laodata_chart_view"]["id"])
        assert BARS.findall(body) == ["A: 1,200", "D: 3,400.5", "E: -20"]
        assert "2 rows left out: their people cells are empty or not numbers." in body

    def test_numbers_and_words_in_the_readers_language(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        body_csv = b"district,people\nA,1234567.5\nB,20\n"
        resource = loading._loaded(cli, units, body_csv, "people.csv", "CSV")
        view_id = _views(resource["id"])["laodata_chart_view"]["id"]
        vi = _page(app, resource, view_id, lang="vi")
        assert "A: 1.234.567,5" in BARS.findall(vi)  # Vietnamese groups with dots
        assert "Biểu đồ cột" in vi
        lo = _page(app, resource, view_id, lang="lo")
        assert "A: 1.234.567,5" in BARS.findall(lo)  # CLDR: Lao groups with dots too
        assert "ແຜນພູມແທ່ງ" in lo

    def test_a_table_without_numbers_says_so(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        resource = loading._loaded(cli, units, b"district,head\nA,Mr X\nB,Ms Y\n", "heads.csv", "CSV")
        view = _create(units, resource["id"])
        body = _page(app, resource, view["id"])
        assert "The table has no column of numbers to draw." in body and "<svg" not in body

    def test_hostile_names_and_cells_are_text(self, cli: Any, app: Any, units: dict[str, Any]) -> None:
        hostile = b"<script>alert(1)</script>,x/><svg onload=alert(2)>\n</text><script>alert(3)</script>,5\nB&amp;,7\n"
        resource = loading._loaded(cli, units, hostile, "hostile.csv", "CSV")
        body = _page(app, resource, _views(resource["id"])["laodata_chart_view"]["id"])
        drawn = body[body.index('<figure class="laodata-tablechart') : body.index("</figure>")]
        assert BARS.findall(drawn) == [
            "&lt;/text&gt;&lt;script&gt;alert(3)&lt;/script&gt;: 5",
            "B&amp;amp;: 7",
        ]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drawn  # the label column's name, as text
        assert "x/&gt;&lt;svg onload=alert(2)&gt;" in drawn  # the value column's name, as text
        assert "<script" not in drawn and "<svg onload" not in drawn


class TestChartSettings:
    """Bad settings are refused when the view is made (CKAN's ValidationError, 409), naming the field."""

    @pytest.fixture
    def resource(self, cli: Any, units: dict[str, Any]) -> dict[str, Any]:
        return loading._loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV")

    def test_an_unknown_column(self, units: dict[str, Any], resource: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as error:
            _create(units, resource["id"], value_field="no_such_column")
        assert error.value.error_dict == {"value_field": ["The table has no column named no_such_column."]}
        with pytest.raises(tk.ValidationError) as error:
            _create(units, resource["id"], label_field="nope")
        assert list(error.value.error_dict) == ["label_field"]

    def test_a_text_column_as_the_values(self, units: dict[str, Any], resource: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as error:
            _create(units, resource["id"], value_field="district")
        assert error.value.error_dict == {
            "value_field": ["The column district does not hold numbers: choose a numeric column."]
        }

    def test_an_unknown_chart_type(self, units: dict[str, Any], resource: dict[str, Any]) -> None:
        with pytest.raises(tk.ValidationError) as error:
            _create(units, resource["id"], chart_type="pie")
        assert list(error.value.error_dict) == ["chart_type"]

    def test_over_the_api_a_409_not_a_500(
        self, app: Any, units: dict[str, Any], resource: dict[str, Any]
    ) -> None:
        response = app.post(
            "/api/3/action/resource_view_create",
            json={
                "resource_id": resource["id"],
                "view_type": "laodata_chart_view",
                "title": "x",
                "value_field": "district",
            },
            headers={"Authorization": units["editor"]["token"]},
            status=409,
        )
        assert "value_field" in response.json["error"]

    def test_the_form_offers_the_tables_columns(
        self, app: Any, units: dict[str, Any], resource: dict[str, Any]
    ) -> None:
        page = app.get(
            f"/dataset/{resource['package_id']}/resource/{resource['id']}/new_view",
            query_string={"view_type": "laodata_chart_view"},
            headers={"Authorization": units["editor"]["token"]},
        ).get_data(as_text=True)
        value_select = page[page.index('id="field-value_field"') :]
        value_select = value_select[: value_select.index("</select>")]
        assert re.findall(r'<option value="([^"]*)"', value_select) == ["", "facility_id", "beds"]


class TestChartAccess:
    def test_a_drafts_chart_is_not_found_for_anonymous_and_drawn_for_its_unit(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        resource = loading._loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV", publish=False)
        view_id = _views(resource["id"])["laodata_chart_view"]["id"]
        body = _page(app, resource, view_id, status=404)
        assert "Hospital" not in body
        mine = _page(app, resource, view_id, headers={"Authorization": units["editor"]["token"]})
        assert len(BARS.findall(mine)) == 3

    def test_a_chart_read_without_the_right_draws_nothing(
        self, cli: Any, app: Any, units: dict[str, Any]
    ) -> None:
        """The chart reads the table with the viewer's context: the DataStore's policy, not the page, decides."""
        resource = loading._loaded(cli, units, csv_file(good_rows(3)), "hospitals.csv", "CSV", publish=False)
        with app.flask_app.test_request_context():
            refused = chart.build(resource, {})
        assert refused.status == "no_table" and not refused.points
