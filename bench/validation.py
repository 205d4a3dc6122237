#!/usr/bin/env python3
"""Upload validation and personal-data scan throughput (``ckanext.laodata.quality.validation``).

    .venv/bin/python bench/validation.py [--rows 100000] [--columns 20] [--scale 10,100]

Writes a CSV of N rows and C columns (typed: integers, numbers, dates,
booleans, vocabulary values, text, and a phone-number column so that the
personal-data scanner finds something), then, in a child process each (the
worker's shape: one job, one process), runs ``check_file`` against the
matching required fields and reports rows/s and the child's peak resident
memory (``ru_maxrss``). ``--scale`` repeats the check at multiples of N to
show whether memory stays flat as the file grows. Writes
bench/results/validation.json with the commit measured. Pure Python: no
database or CKAN needed. Nothing about time is asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"

try:  # re-run under the project's venv when started with another python
    import frictionless  # noqa: F401
except ImportError:
    if VENV_PY.exists() and Path(sys.executable).resolve() != VENV_PY.resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), *sys.argv])
    raise

sys.path.insert(0, str(ROOT / "ckanext-laodata"))
from ckanext.laodata.quality import validation  # noqa: E402

TYPES = ["integer", "string", "date", "number", "boolean", "string", "year", "integer", "number", "string"]


def required_fields(columns: int) -> list[dict[str, str]]:
    fields = [{"name": "sector", "type": "string"}, {"name": "contact", "type": "string"}]
    for index in range(columns - len(fields)):
        fields.append({"name": f"c{index:02d}", "type": TYPES[index % len(TYPES)]})
    return fields


def _cell(kind: str, row: int, col: int) -> str:
    if kind == "integer":
        return str(row * 7 + col)
    if kind == "number":
        return f"{row * 0.37 + col:.2f}"
    if kind == "date":
        return (datetime.date(2000, 1, 1) + datetime.timedelta(days=(row + col) % 9000)).isoformat()
    if kind == "boolean":
        return "true" if (row + col) % 2 else "false"
    if kind == "year":
        return str(1990 + (row + col) % 35)
    return f"Text {row % 997} ກ ệ {col}"


def write_csv(path: str, rows: int, fields: list[dict[str, str]]) -> int:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(f["name"] for f in fields)
        for row in range(rows):
            cells = ["health", f"09{row % 100_000_000:08d}"]
            cells += [_cell(f["type"], row, col) for col, f in enumerate(fields[2:])]
            writer.writerow(cells)
    return os.path.getsize(path)


def _child(path: str, fields: list[dict[str, str]], queue: Any) -> None:
    limits = validation.Limits(max_bytes=10**12, max_rows=10**8, max_seconds=10**6)
    started = time.perf_counter()
    report = validation.check_file(path, "csv", fields, limits)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(
        {
            "status": report["status"],
            "rows": report.get("rows"),
            "errors": report.get("error_count"),
            "personal_data": [(f["column"], f["kind"]) for f in report.get("personal_data", [])],
            "seconds": round(elapsed, 3),
            "peak_rss_mb": round(peak_kb / 1024, 1),
        }
    )


def measure(rows: int, columns: int) -> dict[str, Any]:
    fields = required_fields(columns)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data.csv")
        size = write_csv(path, rows, fields)
        queue: Any = multiprocessing.get_context("fork").Queue()
        child = multiprocessing.get_context("fork").Process(target=_child, args=(path, fields, queue))
        child.start()
        result = queue.get()
        child.join()
    result.update(
        {"rows_asked": rows, "columns": columns, "bytes": size, "rows_per_s": round(rows / result["seconds"])}
    )
    if result["status"] != "passed" or result["rows"] != rows:
        raise SystemExit(f"unexpected report: {result}")
    return result


def _commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": git("status", "--porcelain", "--", "ckanext-laodata"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--scale", default="", help="comma-separated multiples of --rows, e.g. 10")
    args = parser.parse_args()
    runs = [measure(args.rows, args.columns)]
    for factor in [int(f) for f in args.scale.split(",") if f.strip()]:
        runs.append(measure(args.rows * factor, args.columns))
    for run in runs:
        print(
            f"{run['rows']:>9,} rows x {run['columns']} cols ({run['bytes'] / 1048576:,.1f} MB): "
            f"{run['seconds']:.1f} s, {run['rows_per_s']:,} rows/s, peak RSS {run['peak_rss_mb']} MB, "
            f"personal data {run['personal_data']}"
        )
    out = {
        **_commit(),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "measured": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "runs": runs,
    }
    path = ROOT / "bench" / "results" / "validation.json"
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
