"""Catalog benchmarks: import throughput and the progress report at scale.

1. ``laodata_catalog_import`` of a 10,000-entry CSV and XLSX (aim: at least
   1,000 entries/s), through the action as the API runs it (parse, validate,
   write every entry and its change record in one transaction), then a
   re-import of the same file (all unchanged) and one with every title changed.
2. ``laodata_progress`` over 30,000 entries in 60 units (aim: at most 200 ms).
   Two thirds of the entries get a linked dataset; those packages and their
   resources are inserted with SQL (creating 20,000 datasets through
   ``package_create`` would take a quarter of an hour and measure CKAN, not
   the report), with the same columns CKAN writes.

Uses its own database ``laodata_bench_catalog``; writes
``bench/results/catalog.json``.

    .venv/bin/python bench/catalog.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DB = "laodata_bench_catalog"
ROLE = "laodata_bench"
SECTORS = [
    "health",
    "education",
    "justice",
    "finance",
    "transport",
    "agriculture_environment",
    "construction",
]
FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular"]
# consistent class profiles: access, security, importance, personal data
PROFILES = [
    ("open", "1", "other", "none"),
    ("open", "2", "important", "none"),
    ("shared", "3", "core", "basic"),
    ("private", "4", "core", "sensitive"),
    ("shared", "2", "core", "none"),
]


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def fresh_database(db: str = DB, name: str = "catalog") -> Path:
    """A new database ``db`` with CKAN's and laodata's tables, and its ini
    (``var/bench/bench-<name>.ini``, written from the portal's template)."""
    if psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") != "1":
        psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE}'")
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'")
    psql(f'DROP DATABASE IF EXISTS "{db}"')
    psql(f"CREATE DATABASE \"{db}\" OWNER {ROLE} TEMPLATE template0 ENCODING 'UTF8'")
    ini = ROOT / "var" / "bench" / f"bench-{name}.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        LAODATA_SITE_URL="http://127.0.0.1:5098",
        LAODATA_DATABASE_URL=f"postgresql://{ROLE}:{ROLE}@127.0.0.1:5432/{db}",
        LAODATA_STORAGE_PATH=str(ROOT / "var" / "bench" / f"storage-{name}"),
    )
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "write_config.py"),
            str(ROOT / "config" / "ckan.ini.template"),
            str(ini),
        ],
        check=True,
        env=env,
    )
    ckan = [str(Path(sys.executable).parent / "ckan"), "-c", str(ini)]
    for args in (["db", "init"], ["db", "pending-migrations", "--apply"], ["db", "upgrade", "-p", "laodata"]):
        subprocess.run(ckan + args, check=True, capture_output=True)
    return ini


def catalog_rows(count: int, units: list[str], prefix: str, title_suffix: str = "") -> list[dict[str, str]]:
    rng = random.Random(count)
    rows = []
    for i in range(count):
        access, level, importance, personal = rng.choice(PROFILES)
        rows.append(
            {
                "code": f"{prefix}-{i:06d}",
                "title": f"Dataset {i} of the province{title_suffix}",
                "title_lo": f"ຂໍ້ມູນ {i}",
                "title_vi": f"Dữ liệu số {i}",
                "title_en": f"Dataset {i}",
                "unit": units[i % len(units)],
                "sector": rng.choice(SECTORS),
                "update_frequency": rng.choice(FREQUENCIES),
                "access_level": access,
                "security_level": level,
                "importance": importance,
                "personal_data": personal,
                "state_secret": "false",
                "source_system": "local",
                "required_fields": "district;year:integer;value:number",
                "due_date": "2026-12-31",
                "legal_basis": "Decision 12/QD",
                "notes": "",
            }
        )
    return rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Catalog")
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def link_datasets(codes_units: list[tuple[str, str]], org_ids: dict[str, str]) -> int:
    """Insert one package per entry for two thirds of the entries, with a mix
    of workflow states, and an uploaded resource for most of them."""
    rng = random.Random(7)
    packages, resources = [], []
    for code, unit in codes_units:
        if rng.random() > 2 / 3:
            continue
        pid = str(uuid.uuid4())
        status = rng.choice(["draft", "submitted", "approved", "published", "returned"])
        extras = json.dumps({"catalog_code": code, "workflow_status": status})
        packages.append(
            f"('{pid}', 'ds-{code.lower()}', 'Dataset {code}', 'active', 'dataset', "
            f"'{org_ids[unit]}', true, now(), now(), '{extras}'::jsonb)"
        )
        if rng.random() < 0.9:
            resources.append(f"('{uuid.uuid4()}', '{pid}', 'data.csv', 'upload', 'active', 0, now())")
    import sqlalchemy as sa

    from ckan import model

    for i in range(0, len(packages), 2000):
        model.Session.execute(
            sa.text(
                "INSERT INTO package (id, name, title, state, type, owner_org, private, metadata_created, "
                "metadata_modified, extras) VALUES " + ", ".join(packages[i : i + 2000])
            )
        )
    for i in range(0, len(resources), 2000):
        model.Session.execute(
            sa.text(
                "INSERT INTO resource (id, package_id, url, url_type, state, position, created) VALUES "
                + ", ".join(resources[i : i + 2000])
            )
        )
    model.Session.commit()
    model.Session.execute(sa.text("ANALYZE package; ANALYZE resource; ANALYZE laodata_catalog_entry"))
    model.Session.commit()
    return len(packages)


def main() -> None:
    ini = fresh_database()
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(str(ini)))
    from werkzeug.datastructures import FileStorage

    import ckan.plugins.toolkit as tk

    results: dict[str, Any] = {}
    with app._wsgi_app.test_request_context():  # type: ignore[attr-defined]
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        ctx = lambda: {"user": site}  # noqa: E731
        units = [f"unit-{i:02d}" for i in range(60)]
        org_ids = {u: tk.get_action("organization_create")(ctx(), {"name": u})["id"] for u in units}

        def do_import(data: bytes, name: str) -> dict[str, Any]:
            return tk.get_action("laodata_catalog_import")(
                ctx(), {"upload": FileStorage(io.BytesIO(data), filename=name)}
            )

        rows = catalog_rows(10_000, units, "CSV")
        for label, data, name in (
            ("csv_10000_new", as_csv(rows), "c.csv"),
            ("csv_10000_unchanged", as_csv(rows), "c.csv"),
            ("csv_10000_all_titles_changed", as_csv(catalog_rows(10_000, units, "CSV", " (rev)")), "c.csv"),
            ("xlsx_10000_new", as_xlsx(catalog_rows(10_000, units, "XLS")), "c.xlsx"),
        ):
            seconds, result = timed(lambda: do_import(data, name))
            results[label] = {
                "seconds": round(seconds, 2),
                "entries_per_s": round(10_000 / seconds),
                "created": result["created"],
                "updated": result["updated"],
                "unchanged": result["unchanged"],
                "bytes": len(data),
            }
            print(f"import {label:32s} {seconds:6.2f} s  {10_000 / seconds:8.0f} entries/s")

        # the CSV and XLSX imports above made 20,000 entries; 10,000 more make 30,000
        seconds, _ = timed(lambda: do_import(as_csv(catalog_rows(10_000, units, "MORE")), "m.csv"))
        import sqlalchemy as sa

        from ckan import model

        pairs = [
            tuple(r) for r in model.Session.execute(sa.text("SELECT code, unit FROM laodata_catalog_entry"))
        ]
        linked = link_datasets(pairs, org_ids)  # type: ignore[arg-type]
        samples = []
        report: dict[str, Any] = {}
        for _ in range(3):
            tk.get_action("laodata_progress")(ctx(), {})
        for _ in range(30):
            seconds, report = timed(lambda: tk.get_action("laodata_progress")(ctx(), {}))
            samples.append(seconds * 1000)
        results["progress_30000_entries_60_units"] = {
            "entries": report["target"],
            "units": report["units_total"],
            "linked_datasets": linked,
            "delivered": report["delivered"],
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(sorted(samples)[int(0.95 * (len(samples) - 1))], 1),
            "runs": len(samples),
        }
        print(
            f"progress over {report['target']} entries: p50 {results['progress_30000_entries_60_units']['p50_ms']} ms"
        )
        unit_samples = []
        for i in range(30):
            seconds, _ = timed(lambda: tk.get_action("laodata_progress")(ctx(), {"unit": units[i % 60]}))
            unit_samples.append(seconds * 1000)
        results["progress_one_unit"] = {"p50_ms": round(statistics.median(unit_samples), 1), "runs": 30}

    out = {
        "benchmark": "catalog",
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": psql("SHOW server_version"),
        },
        "results": results,
    }
    path = ROOT / "bench" / "results" / "catalog.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
