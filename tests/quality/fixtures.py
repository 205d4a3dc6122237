"""A catalog entry with mandatory columns, a unit, its editor and a dataset delivering the entry."""

from __future__ import annotations

import csv
import io
from typing import Any

from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

# name:type items of the entry HEA-001 (catalog import's required_fields column)
REQUIRED = "facility_id:integer;name;district;opened:date;beds:number;public:boolean;sector"
CATALOG = [
    ["code", "title", "title_lo", "unit", "sector", "update_frequency", "access_level", "security_level"]
    + ["required_fields"],
    ["HEA-001", "Hospitals", "ໂຮງໝໍ", "dept-health", "health", "annual", "open", "1", REQUIRED],
    ["HEA-002", "No fields", "", "dept-health", "health", "annual", "open", "1", ""],
]


def catalog_bytes(rows: list[list[str]] = CATALOG) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def province() -> dict[str, Any]:
    """The unit ``dept-health`` with an editor and a member, and its catalog."""
    editor = factories.UserWithToken()
    member = factories.UserWithToken()
    org = factories.Organization(
        name="dept-health",
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    helpers.call_action(
        "laodata_catalog_import",
        context={"ignore_auth": True},
        upload=FileStorage(io.BytesIO(catalog_bytes()), filename="catalog.csv"),
    )
    return {"org": org, "editor": editor, "member": member}


def csv_file(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


HEADER = ["facility_id", "name", "district", "opened", "beds", "public", "sector"]


def good_rows(count: int = 3) -> list[list[Any]]:
    return [HEADER] + [
        [i, f"Hospital {i}", "Chanthabuly", f"2020-01-{(i % 28) + 1:02d}", 10.5 + i, "true", "health"]
        for i in range(1, count + 1)
    ]
