"""The chart view: CKAN's ``IResourceView`` for a DataStore table (wiring; the chart is ``chart.py``).

A plugin of its own (``laodata_chart_view``), loaded with the DataStore's
plugins and created by default with them (``ckan.views.default_views``) when a
table is loaded. It is drawn in the page itself (``iframed: False``): on the
resource page, and at the view's own address
(``/dataset/<id>/resource/<rid>/view/<view_id>``, CKAN's embed page).
"""

from __future__ import annotations

from typing import Any, cast

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, ValidatorFactory

from . import chart


def _schema() -> dict[str, Any]:
    default = cast(ValidatorFactory, tk.get_validator("default"))
    unicode_safe = tk.get_validator("unicode_safe")
    one_of = cast(ValidatorFactory, tk.get_validator("one_of"))
    return {
        "chart_type": [default("bar"), unicode_safe, one_of(list(chart.CHART_TYPES))],
        "label_field": [default(""), unicode_safe, chart.laodata_chart_column],
        "value_field": [default(""), unicode_safe, chart.laodata_chart_numeric_column],
    }


class LaodataChartView(p.SingletonPlugin):
    p.implements(p.IResourceView, inherit=True)

    def info(self) -> dict[str, Any]:
        return {
            "name": "laodata_chart_view",
            "title": tk._("Chart"),
            "icon": "chart-bar",
            "iframed": False,
            "requires_datastore": True,
            "preview_enabled": True,
            "default_title": tk._("Chart"),
            "schema": _schema(),
        }

    def can_view(self, data_dict: dict[str, Any]) -> bool:
        return bool(data_dict["resource"].get("datastore_active"))

    def setup_template_variables(self, context: Context, data_dict: dict[str, Any]) -> dict[str, Any]:
        return {"chart": chart.build(data_dict["resource"], data_dict.get("resource_view"))}

    def view_template(self, context: Context, data_dict: dict[str, Any]) -> str:
        return "laodata/tables/chart_view.html"

    def form_template(self, context: Context, data_dict: dict[str, Any]) -> str:
        return "laodata/tables/chart_form.html"
