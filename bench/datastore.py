#!/usr/bin/env python3
"""DataStore benchmark (issue 12): load throughput of the real loader and datastore_search latency.

    .venv/bin/python bench/datastore.py [--rows 1000000] [--runs 40] [--port 5106] [--file-port 5116]

1. Creates its own databases ``laodata_bench_ds`` (CKAN) and
   ``laodata_bench_ds_datastore`` (the DataStore; written by the role
   ``laodata_bench``, read by ``laodata_bench_ro``, permissions by
   ``ckan datastore set-permissions`` as scripts/run does), both dropped
   first, and its ini ``var/bench/bench-datastore.ini`` (config/ckan.ini.template
   through scripts/write_config.py; Redis database 3; the anonymous rate limit
   off), then ``ckan db init``, a sysadmin and the loader's API token.
2. Writes a CSV of N rows (id, district, category, amount, count, day,
   note: 7 columns, ~80 bytes a row), serves it over HTTP on loopback, starts
   gunicorn and, through the Action API as the sysadmin, creates a unit and a
   dataset with the CSV as a link resource, and publishes it through the
   workflow (submit, approve, publish).
3. Runs ``ckan jobs worker --burst``: ckanext-xloader fetches the file, loads
   it with PostgreSQL's COPY, counts and indexes it. The upload check of the
   same file (laodata's quality job) is cancelled first: it is measured by
   bench/validation.py. Load rows/s = N / (the loader's first log line to its
   "Express Load completed"), from the loader's own job log; the worker's wall
   time is kept too. Verifies the table holds N rows and the resource is
   active.
4. With one keep-alive anonymous client, times ``datastore_search``
   (``--runs`` each, after 3 warm-ups, seeded distinct values): an equality
   filter on a text column, full text (``q``), a sort on a numeric column, and
   paging deep into the table (offsets in the last tenth). Each must return
   records (checked).
5. Writes bench/results/datastore.json with the commit measured and the load
   average. Nothing about time is asserted.

Runs as root (``runuser -u postgres -- psql``), with PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379 (as scripts/run sets them up).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import functools
import http.server
import json
import os
import platform
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"

try:  # re-run under the project's venv when started with another python
    import ckan  # noqa: F401
except ImportError:
    if VENV_PY.exists() and Path(sys.executable).resolve() != VENV_PY.resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), *sys.argv])
    raise

import requests  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search import (  # noqa: E402  (the search benchmark's database and gunicorn helpers)
    PASSWORD,
    REDIS_URL,
    ROLE,
    ensure_database,
    pg_super,
    start_gunicorn,
    stop_gunicorn,
    summarize,
)

DB = "laodata_bench_ds"
DS_DB = "laodata_bench_ds_datastore"
READER = "laodata_bench_ro"
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "datastore.json"
SEED = 20261207
DISTRICTS = [f"District {i:03d}" for i in range(150)]
CATEGORIES = ["health", "education", "roads", "water", "agriculture", "tourism", "trade", "energy"]
WORDS = ["hospital", "school", "bridge", "market", "clinic", "well", "farm", "office", "temple", "station"]


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


def write_csv(path: Path, rows: int) -> int:
    rng = random.Random(SEED)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "district", "category", "amount", "count", "day", "note"])
        start = datetime.date(2015, 1, 1)
        for i in range(1, rows + 1):
            writer.writerow(
                [
                    i,
                    DISTRICTS[i % len(DISTRICTS)],
                    CATEGORIES[i % len(CATEGORIES)],
                    f"{rng.random() * 100000:.2f}",
                    rng.randint(0, 5000),
                    (start + datetime.timedelta(days=i % 3650)).isoformat(),
                    f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]} {i % 997}",
                ]
            )
    return path.stat().st_size


def serve_directory(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ckan(ini: Path, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(ini), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout if capture else ""


def setup(port: int) -> tuple[Path, str]:
    """Databases, ini, schema, permissions, sysadmin and the loader's token."""
    say(f"databases {DB} and {DS_DB} (fresh)")
    ensure_database(DB, fresh=True)
    ensure_database(DS_DB, fresh=True)
    if pg_super(f"SELECT 1 FROM pg_roles WHERE rolname = '{READER}'") != "1":
        pg_super(f"CREATE ROLE \"{READER}\" LOGIN PASSWORD '{PASSWORD}'")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    storage = BENCH_DIR / "storage-datastore"
    storage.mkdir(exist_ok=True)
    ini = BENCH_DIR / "bench-datastore.ini"

    def write(token: str) -> None:
        env = dict(
            os.environ,
            LAODATA_SITE_URL=f"http://127.0.0.1:{port}",
            LAODATA_DATABASE_URL=f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/{DB}",
            LAODATA_DATASTORE_WRITE_URL=f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/{DS_DB}",
            LAODATA_DATASTORE_READ_URL=f"postgresql://{READER}:{PASSWORD}@127.0.0.1:5432/{DS_DB}",
            LAODATA_XLOADER_API_TOKEN=token,
            LAODATA_STORAGE_PATH=str(storage),
            LAODATA_REDIS_URL=REDIS_URL,
        )
        template, target = str(ROOT / "config" / "ckan.ini.template"), str(ini)
        subprocess.run(
            [str(VENV_PY), str(ROOT / "scripts" / "write_config.py"), template, target], check=True, env=env
        )
        text = ini.read_text(encoding="utf-8")
        # its own job queue (the search benchmark shares Redis database 3) and no API rate limit
        text = re.sub(r"(?m)^ckan\.site_id = .*$", "ckan.site_id = laodata-bench-datastore", text)
        text = re.sub(r"(?m)^(\[app:main\])$", "\\1\nckanext.laodata.api.anonymous_rate_limit =", text)
        text = re.sub(r"(?m)^(level = )\w+$", "\\1WARNING", text)
        ini.write_text(text, encoding="utf-8")

    write("")
    say("ckan db init, plugin migrations, DataStore permissions")
    ckan(ini, "db", "init")
    ckan(ini, "db", "pending-migrations", "--apply")
    ckan(ini, "db", "upgrade", "-p", "laodata")
    sql = ckan(ini, "datastore", "set-permissions", capture=True)
    cmd = ["psql", "-v", "ON_ERROR_STOP=1", "-qAt"]
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd], input=sql, text=True, check=True, capture_output=True
    )
    ckan(
        ini, "user", "add", "bench-admin", "email=bench-admin@laodata.invalid", "password=bench-password-123"
    )
    ckan(ini, "sysadmin", "add", "bench-admin")
    token = (
        ckan(ini, "user", "token", "add", "bench-admin", "xloader", capture=True)
        .strip()
        .splitlines()[-1]
        .strip()
    )
    write(token)
    return ini, token


class Api:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = token

    def call(self, action: str, **data: Any) -> Any:
        response = self.session.post(f"{self.base}/api/3/action/{action}", json=data, timeout=600)
        body = response.json()
        if not body.get("success"):
            raise RuntimeError(f"{action}: {response.status_code} {body.get('error')}")
        return body["result"]


def publish(api: Api, file_url: str) -> dict[str, Any]:
    classes = {
        "access_level": "open",
        "security_level": "1",
        "importance": "other",
        "personal_data": "none",
        "state_secret": "false",
    }
    org = api.call("organization_create", name="bench-unit", title="Bench unit")
    dataset = api.call(
        "package_create", name="bench-table", title="Bench table", owner_org=org["id"], **classes
    )
    resource = api.call("resource_create", package_id=dataset["id"], url=file_url, format="CSV", name="rows")
    api.call("laodata_dataset_submit", id=dataset["id"])
    api.call("laodata_dataset_review", id=dataset["id"], decision="approve")
    api.call("laodata_dataset_publish", id=dataset["id"])
    return resource


def load(ini: Path, api: Api, resource_id: str, rows: int) -> dict[str, Any]:
    for job in api.call("job_list"):
        if str(job.get("title") or "").startswith("laodata"):
            api.call("job_cancel", id=job["id"])  # the upload check: bench/validation.py
    say(f"ckan jobs worker --burst (xloader loads {rows:,} rows)")
    started = time.perf_counter()
    ckan(ini, "jobs", "worker", "--burst")
    wall = time.perf_counter() - started
    say(f"worker done in {wall:.1f} s; reading the loader's log")
    status = api.call("xloader_status", resource_id=resource_id)
    if status["status"] != "complete":
        raise SystemExit(f"the load did not complete: {status.get('error')}")
    logs = (status.get("task_info") or {}).get("logs") or []
    stamps = [
        datetime.datetime.fromisoformat(str(entry["timestamp"])) for entry in logs if entry.get("timestamp")
    ]
    done = [
        datetime.datetime.fromisoformat(str(e["timestamp"]))
        for e in logs
        if "Express Load completed" in str(e.get("message"))
    ]
    seconds = ((done[-1] if done else max(stamps)) - min(stamps)).total_seconds()
    resource = api.call("resource_show", id=resource_id)
    total = api.call("datastore_search", resource_id=resource_id, limit=0, include_total=True)["total"]
    if not resource.get("datastore_active") or total != rows:
        raise SystemExit(
            f"table holds {total} rows (expected {rows}), datastore_active={resource.get('datastore_active')}"
        )
    return {
        "rows": rows,
        "loader_seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds) if seconds else None,
        "worker_wall_seconds": round(wall, 1),
    }


def searches(rows: int, runs: int) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(SEED)
    deep = max(0, rows - rows // 10)
    return {
        "filter": [{"filters": {"district": rng.choice(DISTRICTS)}, "limit": 100} for _ in range(runs + 3)],
        "full_text": [{"q": rng.choice(WORDS), "limit": 100} for _ in range(runs + 3)],
        "sort": [
            {
                "sort": rng.choice(["amount desc", "amount asc", "count desc"]),
                "limit": 100,
                "offset": rng.randint(0, 900),
            }
            for _ in range(runs + 3)
        ],
        "deep_paging": [
            {"limit": 100, "offset": rng.randint(deep, max(deep, rows - 100))} for _ in range(runs + 3)
        ],
    }


def measure(base: str, resource_id: str, rows: int, runs: int) -> dict[str, Any]:
    anonymous = requests.Session()
    out: dict[str, Any] = {}
    for name, params_list in searches(rows, runs).items():
        seconds = []
        for index, params in enumerate(params_list):
            t0 = time.perf_counter()
            response = anonymous.post(
                f"{base}/api/3/action/datastore_search",
                json={"resource_id": resource_id, **params},
                timeout=120,
            )
            elapsed = time.perf_counter() - t0
            body = response.json()
            if response.status_code != 200 or not body["result"]["records"]:
                raise SystemExit(f"{name} {params}: {response.status_code} {str(body)[:300]}")
            if index >= 3:
                seconds.append(elapsed)
        out[name] = {**summarize(seconds), "example": params_list[3]}
        say(f"{name}: p50 {out[name]['p50_ms']} ms, p95 {out[name]['p95_ms']} ms")
    return out


def _commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty": git("status", "--porcelain", "--", "ckanext-laodata"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--port", type=int, default=5106)
    parser.add_argument("--file-port", type=int, default=5116)
    args = parser.parse_args()
    load_before = os.getloadavg()
    ini, token = setup(args.port)
    files = BENCH_DIR / "datastore-files"
    files.mkdir(exist_ok=True)
    say(f"writing a CSV of {args.rows:,} rows")
    size = write_csv(files / "rows.csv", args.rows)
    server = serve_directory(files, args.file_port)
    gunicorn = start_gunicorn(ini, args.port, 2, BENCH_DIR / "gunicorn-datastore.log")
    base = f"http://127.0.0.1:{args.port}"
    try:
        api = Api(base, token)
        say("creating and publishing the dataset through the API")
        resource = publish(api, f"http://127.0.0.1:{args.file_port}/rows.csv")
        loaded = load(ini, api, resource["id"], args.rows)
        say(f"loaded {args.rows:,} rows in {loaded['loader_seconds']} s: {loaded['rows_per_s']:,} rows/s")
        load_measure = os.getloadavg()
        latency = measure(base, resource["id"], args.rows, args.runs)
    finally:
        stop_gunicorn(gunicorn)
        server.shutdown()
    out = {
        **_commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_before_search": load_measure,
            "load_end": os.getloadavg(),
        },
        "measured": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "file": {"rows": args.rows, "columns": 7, "bytes": size},
        "load": loaded,
        "datastore_search": latency,
    }
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
