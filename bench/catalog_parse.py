#!/usr/bin/env python3
"""Catalog import parsing throughput (``ckanext.laodata.catalog.importer``).

    .venv/bin/python bench/catalog_parse.py [--entries 10000] [--runs 3]

Generates N valid catalog entries (mixed sectors, frequencies and classes,
Lao/Vietnamese/English titles, required fields, due dates) and writes them
as:

- ``csv``: UTF-8 CSV with a BOM;
- ``xlsx``: a workbook written by openpyxl (inline strings, no stored
  dimension: the slowest case for openpyxl's loader);
- ``xlsx_shared_strings``: the same workbook with its text moved to a
  shared-strings table and a stored dimension, as Excel, LibreOffice and
  most exporters write it.

Times ``parse_catalog`` on each (best of ``--runs``; each run must return N
entries and no error) and writes bench/results/catalog-parse.json. Pure
Python: no database or CKAN needed. Nothing about time is asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"

try:  # re-run under the project's venv when started with another python
    import openpyxl
except ImportError:
    if VENV_PY.exists() and Path(sys.executable).resolve() != VENV_PY.resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), *sys.argv])
    raise

sys.path.insert(0, str(ROOT / "ckanext-laodata"))
from ckanext.laodata.catalog.importer import COLUMNS, parse_catalog  # noqa: E402

SECTORS = [
    "public_security",
    "health",
    "education",
    "justice",
    "finance",
    "transport",
    "agriculture_environment",
]
FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular"]
# (access_level, security_level, importance, personal_data, state_secret): consistent classes
CLASSES = [
    ("open", 1, "other", "none", "false"),
    ("open", 2, "important", "none", "false"),
    ("shared", 3, "core", "basic", "false"),
    ("private", 4, "important", "sensitive", "false"),
    ("private", 5, "core", "none", "true"),
]


def entries(count: int) -> list[dict[str, Any]]:
    rows = []
    for number in range(count):
        access, level, importance, personal, secret = CLASSES[number % len(CLASSES)]
        rows.append(
            {
                "code": f"PRV-{number:06d}",
                "title": f"Dữ liệu chuyên ngành số {number} — hồ sơ và thống kê",
                "title_lo": f"ຂໍ້ມູນຂະແໜງການ {number}",
                "title_vi": f"Dữ liệu chuyên ngành số {number}",
                "title_en": f"Sector data set {number}",
                "unit": f"unit-{number % 18:02d}",
                "sector": SECTORS[number % len(SECTORS)],
                "update_frequency": FREQUENCIES[number % len(FREQUENCIES)],
                "access_level": access,
                "security_level": level,
                "importance": importance,
                "personal_data": personal,
                "state_secret": secret,
                "source_system": "local" if number % 4 else "Ministry vertical system",
                "required_fields": "id:integer;name:string;recorded:date;amount:number",
                "due_date": f"2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                "legal_basis": "Decision 123/QĐ-UBND",
                "notes": "" if number % 3 else "Cập nhật theo quý",
            }
        )
    return rows


def as_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[name] for name in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Catalog")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[name] for name in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_INLINE = re.compile(r'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>(.*?)</t></is></c>', re.S)


def with_shared_strings(data: bytes, rows: int) -> bytes:
    """openpyxl's workbook rewritten with a shared-strings table and a
    stored dimension, the way Excel saves it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(2), len(strings))
        return f'<c r="{match.group(1)}" t="s"><v>{index}</v></c>'

    sheet = _INLINE.sub(shared, source.read("xl/worksheets/sheet1.xml").decode("utf-8"))
    sheet = sheet.replace("<sheetData>", f'<dimension ref="A1:R{rows + 1}"/><sheetData>', 1)
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)  # already escaped XML text
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = sheet.encode("utf-8")
            elif name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdShared" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            archive.writestr(name, content)
        archive.writestr("xl/sharedStrings.xml", sst)
    return buffer.getvalue()


def measure(data: bytes, filename: str, expected: int, runs: int) -> dict[str, Any]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = parse_catalog(data, filename)
        times.append(time.perf_counter() - start)
        if result.errors or len(result.entries) != expected:
            raise SystemExit(f"{filename}: {len(result.entries)} entries, errors {result.errors[:3]}")
    best = min(times)
    return {
        "bytes": len(data),
        "entries": expected,
        "runs_s": [round(value, 4) for value in times],
        "best_s": round(best, 4),
        "entries_per_s": round(expected / best),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = entries(args.entries)
    files = {"csv": (as_csv(rows), "catalog.csv")}
    xlsx = as_xlsx(rows)
    files["xlsx"] = (xlsx, "catalog.xlsx")
    files["xlsx_shared_strings"] = (with_shared_strings(xlsx, args.entries), "catalog.xlsx")

    load_start = os.getloadavg()
    results = {
        name: measure(data, filename, args.entries, args.runs) for name, (data, filename) in files.items()
    }
    report = {
        "benchmark": "catalog_parse",
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "openpyxl": openpyxl.__version__,
            "loadavg_start": [round(value, 2) for value in load_start],
            "loadavg_end": [round(value, 2) for value in os.getloadavg()],
        },
        "entries": args.entries,
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "results" / "catalog-parse.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, figures in results.items():
        print(
            f"{name:22} {figures['bytes']:>10,} bytes  best {figures['best_s']:.3f} s  "
            f"{figures['entries_per_s']:>8,} entries/s"
        )
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
