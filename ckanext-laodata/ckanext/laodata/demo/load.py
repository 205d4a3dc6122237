"""Create the sample province through CKAN's actions (idempotent).

A handful of units and datasets, enough to see search, facets and downloads
work. The reference province of 329 catalog entries comes with the catalog
work (DESIGN §8).
"""
from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.datastructures import FileStorage

from .. import config

UNITS = [
    {"name": "provincial-police", "title": "Provincial Police · ຕຳຫຼວດແຂວງ · Công an tỉnh"},
    {"name": "department-of-health", "title": "Department of Health · ພະແນກສາທາລະນະສຸກ · Sở Y tế"},
    {"name": "department-of-justice", "title": "Department of Justice · ພະແນກຍຸຕິທຳ · Sở Tư pháp"},
    {"name": "department-of-agriculture", "title": "Department of Agriculture and Environment · Sở Nông nghiệp và Môi trường"},
]
GROUPS = [
    {"name": "public-services", "title": "Public services"},
    {"name": "environment", "title": "Environment"},
]

# (name, unit, title, notes, tags, license, groups, private, csv rows)
DATASETS: list[tuple[str, str, str, str, list[str], str, list[str], bool, list[list[str]]]] = [
    ("health-facilities", "department-of-health", "Health facilities · Cơ sở y tế",
     "Hospitals and health stations of the province with district and bed count. ສະຖານທີ່ສາທາລະນະສຸກ.",
     ["health", "hospitals"], "cc-by", ["public-services"], False,
     [["name", "district", "beds"], ["Provincial hospital", "Centre", "250"], ["District hospital A", "North", "60"]]),
    ("vaccination-coverage", "department-of-health", "Vaccination coverage by district · Tỷ lệ tiêm chủng",
     "Share of children fully vaccinated, by district and year.",
     ["health", "vaccination"], "cc-by", ["public-services"], False,
     [["district", "year", "coverage_percent"], ["Centre", "2025", "94.1"], ["North", "2025", "88.7"]]),
    ("civil-judgments-statistics", "department-of-justice", "Civil judgments enforced · Thi hành án dân sự",
     "Monthly counts of civil judgments enforced, by district. Updated daily in production.",
     ["justice", "statistics"], "cc-by", ["public-services"], False,
     [["month", "district", "cases_closed"], ["2025-10", "Centre", "41"], ["2025-10", "North", "17"]]),
    ("legal-aid-offices", "department-of-justice", "Legal aid offices · ຫ້ອງການຊ່ວຍເຫຼືອທາງກົດໝາຍ",
     "Addresses and opening hours of legal aid offices.",
     ["justice", "legal-aid"], "odc-odbl", [], False,
     [["office", "address", "hours"], ["Centre office", "1 Main Road", "08:00-16:00"]]),
    ("rice-production", "department-of-agriculture", "Rice production by district · Sản lượng lúa",
     "Planted area and harvest of rice by district and season.",
     ["agriculture", "rice"], "cc-by", ["environment"], False,
     [["district", "season", "area_ha", "tonnes"], ["Centre", "wet", "12000", "54000"], ["North", "dry", "3100", "15500"]]),
    ("forest-cover", "department-of-agriculture", "Forest cover · ປ່າໄມ້ປົກຄຸມ · Độ che phủ rừng",
     "Forest cover by district from the annual survey.",
     ["environment", "forest"], "cc-by-sa", ["environment"], False,
     [["district", "year", "forest_percent"], ["Centre", "2024", "41.5"], ["North", "2024", "67.2"]]),
    ("traffic-accidents", "provincial-police", "Road traffic accidents · Tai nạn giao thông",
     "Monthly road traffic accidents, injuries and deaths by district.",
     ["transport", "statistics"], "cc-by", ["public-services"], False,
     [["month", "district", "accidents", "injuries", "deaths"], ["2025-09", "Centre", "23", "19", "3"]]),
    ("residence-registrations", "provincial-police", "Residence registrations (internal) · Đăng ký cư trú",
     "Internal working dataset: counts of residence registrations. Not for publication.",
     ["population"], "other-closed", [], True,
     [["month", "district", "registrations"], ["2025-09", "Centre", "1210"]]),
]


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _csv_upload(name: str, rows: list[list[str]]) -> FileStorage:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return FileStorage(io.BytesIO(buffer.getvalue().encode("utf-8")), filename=f"{name}.csv", content_type="text/csv")


def _ensure_group(kind: str, data: dict[str, Any]) -> None:
    try:
        tk.get_action(f"{kind}_show")(_context(), {"id": data["name"]})
    except tk.ObjectNotFound:
        tk.get_action(f"{kind}_create")(_context(), dict(data))


def load() -> dict[str, int]:
    for unit in UNITS:
        _ensure_group("organization", unit)
    for group in GROUPS:
        _ensure_group("group", group)
    created = updated = 0
    for name, unit, title, notes, tags, license_id, groups, private, rows in DATASETS[: config.demo_datasets()]:
        data = {
            "name": name, "title": title, "notes": notes, "owner_org": unit,
            "license_id": license_id, "private": private,
            "tags": [{"name": t} for t in tags], "groups": [{"name": g} for g in groups],
        }
        try:
            existing = tk.get_action("package_show")(_context(), {"id": name})
        except tk.ObjectNotFound:
            existing = None
        if existing is None:
            package = tk.get_action("package_create")(_context(), data)
            tk.get_action("resource_create")(
                _context(),
                {"package_id": package["id"], "name": f"{title.split(' · ')[0]} (CSV)", "format": "CSV",
                 "upload": _csv_upload(name, rows)},
            )
            created += 1
        else:
            tk.get_action("package_patch")(_context(), dict(data, id=existing["id"]))
            updated += 1
    return {"organizations": len(UNITS), "groups": len(GROUPS), "created": created, "updated": updated}
