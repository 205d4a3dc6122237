#!/usr/bin/env python3
"""Search benchmark for laodata (CKAN 2.12 + the embedded PostgreSQL search backend).

    .venv/bin/python bench/search.py --datasets 1000 [--runs 200] [--port 5055]
                                     [--workers 2] [--load-procs 2] [--reuse | --resume]

1. Creates its own role/database ``laodata_bench`` / ``laodata_bench_<N>`` and
   its own ini ``var/bench/bench-<N>.ini`` (from config/ckan.ini.template via
   scripts/write_config.py, loggers at WARNING), then ``ckan db init``.
2. Loads N synthetic datasets through CKAN's ``package_create`` action,
   in-process, with ``--load-procs`` processes that each build their own app.
   Without ``--reuse``/``--resume`` the database is dropped and recreated
   first; with ``--reuse`` loading is skipped when the database already holds
   N datasets; ``--resume`` loads only the datasets an interrupted run left
   out (the load figures then cover only those).
3. Starts gunicorn on 127.0.0.1:PORT, and with one keep-alive anonymous
   client times each query ``--runs`` times (after 10 warm-up requests):
   first with the extension's per-process result cache off
   (``ckanext.laodata.search.cache_size = 0``, the top-level figures: what a
   query the process has not answered before costs), then, if the extension
   declares that cache, with its default (``http_cached``: repeated queries).
4. Times the same queries in-process with the cache off (the actions called
   directly; the HTML pages through Flask's test client) and, inside those
   calls, the backend (``PostgresSearchConnection.search``) and its SQL round
   trips alone (``store.search``).
5. Writes bench/results/search-<N>.json. Nothing about time is asserted.

Must run as root (or as a user allowed to ``runuser -u postgres``); needs
PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (scripts/run sets
both up). Uses Redis database 3 so that nothing mixes with the portal's.
"""
from __future__ import annotations

import argparse
import datetime
import fcntl
import json
import math
import os
import platform
import pwd
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"

try:  # re-run under the project's venv when started with another python
    import ckan  # noqa: F401
except ImportError:
    if VENV_PY.exists() and Path(sys.executable).resolve() != VENV_PY.resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), *sys.argv])
    raise

import psycopg2  # noqa: E402  (after the venv check)
import requests  # noqa: E402

ROLE = "laodata_bench"
PASSWORD = "laodata_bench"
REDIS_URL = "redis://127.0.0.1:6379/3"
CACHE_KEY = "ckanext.laodata.search.cache_size"
WARMUP = 10
SEED = 20251121
BENCH_DIR = ROOT / "var" / "bench"
RESULTS_DIR = ROOT / "bench" / "results"


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------
# synthetic catalogue (deterministic: dataset i is the same on every run)
# --------------------------------------------------------------------------

ORGS = [
    ("department-of-health", "Department of Health · Sở Y tế"),
    ("department-of-education", "Department of Education and Sports · Sở Giáo dục"),
    ("department-of-agriculture", "Department of Agriculture and Environment · Sở Nông nghiệp"),
    ("department-of-finance", "Department of Finance · Sở Tài chính"),
    ("department-of-justice", "Department of Justice · Sở Tư pháp"),
    ("provincial-police", "Provincial Police · Công an tỉnh"),
    ("department-of-public-works", "Department of Public Works and Transport · Sở Giao thông"),
    ("department-of-energy", "Department of Energy and Mines · Sở Năng lượng"),
    ("department-of-industry", "Department of Industry and Commerce · Sở Công Thương"),
    ("department-of-planning", "Department of Planning and Investment · Sở Kế hoạch và Đầu tư"),
    ("department-of-labour", "Department of Labour and Social Welfare · Sở Lao động"),
    ("department-of-information", "Department of Information, Culture and Tourism · Sở Văn hóa"),
    ("department-of-home-affairs", "Department of Home Affairs · Sở Nội vụ"),
    ("department-of-technology", "Department of Technology and Communications · Sở Khoa học"),
    ("provincial-statistics-centre", "Provincial Statistics Centre · Cục Thống kê"),
    ("provincial-tax-office", "Provincial Tax Office · Cục Thuế"),
    ("provincial-customs", "Provincial Customs · Cục Hải quan"),
    ("provincial-hospital", "Provincial Hospital · Bệnh viện tỉnh"),
    ("district-administration", "District Administrations · Ủy ban huyện"),
    ("provincial-court", "Provincial People's Court · Tòa án tỉnh"),
]

TITLE_WORDS_EN = (
    "water supply school road population rice forest budget hospital district village census "
    "electricity tourism trade export import price market rainfall river bridge vaccination "
    "education teacher student poverty labour employment land mining coffee livestock fishery "
    "traffic accident court police tax revenue expenditure investment enterprise bank loan energy "
    "solar hydropower waste flood drought weather boundary address facility clinic pharmacy "
    "nutrition birth death marriage registration vehicle permit inspection survey indicator "
    "households income housing sanitation irrigation crops harvest malaria dengue maternal "
    "literacy enrolment scholarship tariffs customs procurement contracts complaints judgments "
    "prisons fires emergency ambulance airport bus routes markets festivals temples hotels"
).split()
TITLE_WORDS_VI = (
    "nước|y tế|trường học|đường bộ|dân số|lúa gạo|rừng|ngân sách|bệnh viện|huyện|làng|điều tra|"
    "điện|du lịch|thương mại|giá cả|thị trường|lượng mưa|sông|cầu|giáo dục|nghèo đói|lao động|"
    "đất đai|khai khoáng|cà phê|chăn nuôi|thủy sản|giao thông|tai nạn|tòa án|thuế|đầu tư|"
    "doanh nghiệp|năng lượng|rác thải|lũ lụt|hạn hán|thời tiết|bản đồ|hộ gia đình|thu nhập|"
    "nhà ở|vệ sinh|thủy lợi|mùa vụ|sốt xuất huyết|bà mẹ|học sinh|giáo viên|hải quan|đấu thầu"
).split("|")
QUALIFIERS = (
    "by district|by village|by month|by year|statistics|register|list|indicators|"
    "annual report|quarterly summary|survey results|locations|coverage|inventory"
).split("|")
DISTRICTS = "Centre North South East West Riverside Highland Border Lakeside Valley".split()
FIRST = "Somchai Bounmy Khamphet Vanh Noy Phonesavanh Thanh Lan Minh Huong Tuan Mai Dao Keo".split()
LAST = "Phommachanh Sisavath Vongsa Nguyễn Trần Lê Phạm Hoàng Keomany Souvannavong".split()
FREQUENCY = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular"]
LICENSES = [("cc-by", 40), ("cc-by-sa", 15), ("odc-odbl", 10), ("cc-zero", 10), ("odc-by", 5),
            ("other-open", 8), ("notspecified", 7), ("other-closed", 5)]
FORMATS = [("CSV", 45), ("XLSX", 25), ("JSON", 15), ("PDF", 15)]
EXT = {"CSV": "csv", "XLSX": "xlsx", "JSON": "json", "PDF": "pdf"}


def _tag_vocabulary() -> list[str]:
    """About 200 tags; rank 1 ('statistics') is the most common."""
    head = ["statistics", "health", "education", "agriculture", "finance", "transport", "environment",
            "population", "justice", "economy", "thống kê", "y tế", "giáo dục", "nông nghiệp"]
    words = head + [w for w in TITLE_WORDS_EN if w not in head] + [w for w in TITLE_WORDS_VI if w not in head]
    extra = ("open-data annual monthly gis geospatial budget-2024 budget-2025 sdg covid-19 climate "
             "gender youth elderly disability rural urban infrastructure public-services "
             "procurement transparency mekong provincial national district-level village-level "
             "time-series microdata api realtime archive historical forecast baseline target "
             "monitoring evaluation audit inventory register directory catalogue geojson shapefile "
             "tài chính môi trường minh bạch")
    words += [w for w in extra.split() if w not in words]
    seen: dict[str, None] = {}
    for w in words:
        seen.setdefault(w, None)
    return list(seen)[:200]


TAGS = _tag_vocabulary()
TAG_WEIGHTS = [1.0 / (rank ** 1.1) for rank in range(1, len(TAGS) + 1)]  # Zipf-like


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def dataset_dict(i: int) -> dict[str, Any]:
    rng = random.Random(SEED * 1_000_003 + i)
    org_name, org_title = ORGS[min(int(rng.paretovariate(1.2)) - 1, len(ORGS) - 1)
                               if rng.random() < 0.5 else rng.randrange(len(ORGS))]
    words = [rng.choice(TITLE_WORDS_VI) if rng.random() < 0.3 else rng.choice(TITLE_WORDS_EN)
             for _ in range(rng.randint(2, 4))]
    title = " ".join(words).capitalize() + " " + rng.choice(QUALIFIERS)
    if rng.random() < 0.5:
        title += f" {rng.randint(2010, 2025)}"
    tags: list[str] = []
    want = rng.randint(2, 6)
    while len(tags) < want:
        tag = rng.choices(TAGS, weights=TAG_WEIGHTS)[0]
        if tag not in tags:
            tags.append(tag)
    district = rng.choice(DISTRICTS)
    notes = (f"{title}. Data on {rng.choice(TITLE_WORDS_EN)} and {rng.choice(TITLE_WORDS_VI)} "
             f"in {district} district, collected by {org_title.split(' · ')[0]}. "
             f"Updated {rng.choice(FREQUENCY)}.")
    if rng.random() < 0.4:
        notes += " " + " ".join(rng.choice(TITLE_WORDS_EN + TITLE_WORDS_VI) for _ in range(rng.randint(8, 30))) + "."
    name = f"{_slug(title)[:80]}-{i}"
    resources = []
    for j in range(rng.randint(1, 3)):
        fmt = _weighted(rng, FORMATS)
        resources.append({
            "name": f"{title} ({fmt})" if j == 0 else f"{title} part {j + 1} ({fmt})",
            "url": f"https://files.example.invalid/{name}/{j + 1}.{EXT[fmt]}",
            "format": fmt,
            "description": f"{fmt} export, {rng.choice(DISTRICTS)} district.",
        })
    extras = [{"key": "frequency", "value": rng.choice(FREQUENCY)},
              {"key": "spatial_coverage", "value": f"{district} district"}]
    if rng.random() < 0.6:
        extras.append({"key": "source", "value": org_title})
    if rng.random() < 0.3:
        extras.append({"key": "language", "value": rng.choice(["lo", "vi", "en", "lo,en", "vi,en"])})
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return {
        "name": name,
        "title": title,
        "notes": notes,
        "owner_org": org_name,
        "private": False,
        "license_id": _weighted(rng, LICENSES),
        "author": person,
        "maintainer": person,
        "maintainer_email": f"{_slug(person)}@example.invalid",
        "version": f"{rng.randint(1, 5)}.{rng.randint(0, 9)}",
        "tags": [{"name": t} for t in tags],
        "resources": resources,
        "extras": extras,
    }


# --------------------------------------------------------------------------
# database, config, CKAN app
# --------------------------------------------------------------------------

def pg_super(sql: str, db: str = "postgres") -> str:
    cmd = ["psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-d", db, "-c", sql]
    if pwd.getpwuid(os.geteuid()).pw_name != "postgres":
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def ensure_database(db: str, fresh: bool) -> None:
    """Like scripts/lib.sh ensure_database; ``fresh`` drops the database first."""
    if pg_super(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'") != "1":
        pg_super(f"CREATE ROLE \"{ROLE}\" LOGIN PASSWORD '{PASSWORD}'")
    else:
        pg_super(f"ALTER ROLE \"{ROLE}\" LOGIN PASSWORD '{PASSWORD}'")
    if fresh:
        pg_super(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    if pg_super(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") != "1":
        pg_super(f"CREATE DATABASE \"{db}\" OWNER \"{ROLE}\" ENCODING 'UTF8' TEMPLATE template0")


def database_url(db: str) -> str:
    return f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/{db}"


def write_ini(n: int, port: int, db: str) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    ini = BENCH_DIR / f"bench-{n}.ini"
    storage = BENCH_DIR / f"storage-{n}"
    storage.mkdir(exist_ok=True)
    env = dict(os.environ, LAODATA_SITE_URL=f"http://127.0.0.1:{port}", LAODATA_DATABASE_URL=database_url(db),
               LAODATA_STORAGE_PATH=str(storage), LAODATA_REDIS_URL=REDIS_URL, LAODATA_SEARCH_BACKEND="postgres")
    subprocess.run([str(VENV_PY), str(ROOT / "scripts" / "write_config.py"),
                    str(ROOT / "config" / "ckan.ini.template"), str(ini)], check=True, env=env)
    # ckan/ckanext (and root) loggers at WARNING whatever the template says
    out, section = [], ""
    for line in ini.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\[(.+)\]\s*$", line)
        if m:
            section = m.group(1)
        elif section in ("logger_root", "logger_ckan", "logger_ckanext") and re.match(r"^\s*level\s*=", line):
            line = "level = WARNING"
        out.append(line)
    ini.write_text("\n".join(out) + "\n", encoding="utf-8")
    # the same with the extension's per-process result cache off: what a query
    # the process has not seen yet costs
    nocache: list[str] = []
    for line in out:
        nocache.append(line)
        if re.match(r"^\[app:main\]\s*$", line):
            nocache.append(f"{CACHE_KEY} = 0")
    nocache_ini(ini).write_text("\n".join(nocache) + "\n", encoding="utf-8")
    os.chmod(nocache_ini(ini), 0o600)
    return ini


def nocache_ini(ini: Path) -> Path:
    return ini.with_name(ini.stem + "-nocache.ini")


def cache_setting() -> dict[str, Any]:
    """Whether the extension has a result cache, and its default size."""
    path = ROOT / "ckanext-laodata" / "ckanext" / "laodata" / "config_declaration.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    m = re.search(re.escape(CACHE_KEY) + r"\s*\n\s*type:\s*\w+\s*\n\s*default:\s*(\S+)", text)
    return {"declared": CACHE_KEY in text, "default": m.group(1) if m else None}


def ckan_cli(ini: Path, *args: str, check: bool = True) -> None:
    subprocess.run([str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(ini), *args], check=check,
                   stdout=subprocess.DEVNULL, stderr=None if check else subprocess.DEVNULL)


def count_datasets(db: str) -> tuple[int, int]:
    """(active public datasets in CKAN's tables, documents in the search index)."""
    with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM package WHERE state = 'active' AND type = 'dataset'")
        packages = cur.fetchone()[0]
        cur.execute("SELECT to_regclass('laodata_search.document') IS NOT NULL")
        indexed = 0
        if cur.fetchone()[0]:
            cur.execute("SELECT count(*) FROM laodata_search.document")
            indexed = cur.fetchone()[0]
    return packages, indexed


def build_app(ini: Path) -> Any:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    return make_app(load_config(str(ini)))


def site_user_context() -> dict[str, Any]:
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"]}


# --------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------

def load_worker(ini: str, indices: list[int], queue: Any) -> None:
    """One loading process: its own app, package_create for each index."""
    try:
        import ckan.model as model
        import ckan.plugins.toolkit as tk

        app = build_app(Path(ini))
        latencies: list[float] = []
        retries = 0
        with app._wsgi_app.test_request_context():
            base = site_user_context()
            done = 0
            for i in indices:
                data = dataset_dict(i)
                for attempt in range(1, 6):
                    t0 = time.perf_counter()
                    try:
                        tk.get_action("package_create")(dict(base), dict(data))
                        latencies.append(time.perf_counter() - t0)
                        break
                    except Exception:  # a tag created concurrently by the other process, a deadlock...
                        model.Session.rollback()
                        model.Session.remove()
                        if attempt == 5:
                            raise
                        retries += 1
                        time.sleep(0.05 * attempt)
                done += 1
                if done % 10 == 0:
                    queue.put(("progress", 10))
            if done % 10:
                queue.put(("progress", done % 10))
        queue.put(("done", {"latencies": latencies, "retries": retries}))
    except BaseException as exc:  # report, then fail
        import traceback

        queue.put(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
        raise


def load(ini: Path, n: int, procs: int, indices: list[int] | None = None) -> dict[str, Any]:
    """package_create datasets ``indices`` (default: all of 0..n-1)."""
    import multiprocessing as mp

    import ckan.plugins.toolkit as tk

    app = build_app(ini)
    with app._wsgi_app.test_request_context():
        ctx = site_user_context()
        for name, title in ORGS:
            try:
                tk.get_action("organization_show")(dict(ctx), {"id": name})
            except tk.ObjectNotFound:
                tk.get_action("organization_create")(dict(ctx), {"name": name, "title": title})
    spawn = mp.get_context("spawn")
    queue = spawn.Queue()
    todo = list(range(n)) if indices is None else list(indices)
    existing = n - len(todo)
    workers = [spawn.Process(target=load_worker, args=(str(ini), todo[k::procs], queue), daemon=True)
               for k in range(procs)]
    say(f"loading {len(todo)} datasets ({existing} already there) with {procs} process(es) through package_create")
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    loaded, finished, latencies, retries = 0, 0, [], 0
    last_print, last_loaded = t0, 0
    step = max(len(todo) // 20, 10)
    next_mark = step
    curve: list[tuple[float, int, float]] = []  # (seconds, datasets in the DB, datasets/s since last point)
    while finished < procs:
        try:
            kind, payload = queue.get(timeout=5)
        except Exception:
            if any(w.exitcode not in (None, 0) for w in workers):
                raise RuntimeError("a loading process died; see the output above")
            continue
        if kind == "progress":
            loaded += payload
            now = time.perf_counter()
            if loaded >= next_mark or now - last_print > 30:
                rate = loaded / (now - t0)
                recent = (loaded - last_loaded) / (now - last_print)
                eta = (len(todo) - loaded) / rate if rate else float("nan")
                curve.append((round(now - t0, 1), existing + loaded, round(recent, 2)))
                say(f"  {existing + loaded}/{n} ({100 * (existing + loaded) / n:.0f}%)  {rate:.1f} datasets/s "
                    f"(last {recent:.1f}/s)  eta {eta:.0f}s")
                last_print, last_loaded = now, loaded
                while next_mark <= loaded:
                    next_mark += step
        elif kind == "done":
            finished += 1
            latencies += payload["latencies"]
            retries += payload["retries"]
        else:
            for w in workers:
                if w.is_alive():
                    w.terminate()
            raise RuntimeError(f"loading failed: {payload}")
    for w in workers:
        w.join()
    seconds = time.perf_counter() - t0
    result = {
        "datasets": n,
        "datasets_loaded": len(todo),
        "existing_before": existing,
        "processes": procs,
        "seconds": round(seconds, 1),
        "datasets_per_s": round(len(todo) / seconds, 2),
        "curve_seconds_total_rate": curve,
        "package_create": summarize(latencies),
        "retries": retries,
        "at": datetime.datetime.now().isoformat(timespec="seconds"),
        **code_version(),
    }
    say(f"loaded {len(todo)} datasets in {seconds:.0f}s: {len(todo) / seconds:.1f} datasets/s "
        f"(package_create p50 {result['package_create']['p50_ms']} ms with {procs} processes; {retries} retries)")
    return result


# --------------------------------------------------------------------------
# timing helpers
# --------------------------------------------------------------------------

def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def summarize(seconds: list[float]) -> dict[str, Any]:
    values = sorted(s * 1000 for s in seconds)
    return {
        "p50_ms": round(percentile(values, 0.50), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "mean_ms": round(statistics.fmean(values), 2) if values else None,
        "min_ms": round(values[0], 2) if values else None,
        "max_ms": round(values[-1], 2) if values else None,
        "runs": len(values),
    }


def queries(n: int) -> dict[str, tuple[str, Any]]:
    """name -> (kind, payload): ("search", package_search data_dict),
    ("show", dataset name) for package_show, ("page", path) for an HTML page."""
    top_tag = TAGS[0]
    one = dataset_dict(n // 2)["name"]
    return {
        "q_all": ("search", {"q": "*:*"}),
        "q_word": ("search", {"q": "water"}),
        "q_word_vi": ("search", {"q": "nước"}),  # accent-folded on both sides: also matches "nuoc"
        "fq_org": ("search", {"fq": f"organization:{ORGS[1][0]}"}),
        "fq_tag_facets": ("search", {"fq": f'tags:"{top_tag}"',
                                     "facet.field": ["organization", "tags", "res_format", "license_id"]}),
        "sort_title": ("search", {"q": "*:*", "sort": "title_string asc"}),
        "rows0": ("search", {"q": "*:*", "rows": 0}),
        "dataset_page": ("page", "/dataset"),
        # not searches, but they read the index too: package_show looks the
        # dataset up in the search index (CKAN's cached validated data_dict)
        "package_show": ("show", one),
        "dataset_read_page": ("page", f"/dataset/{one}"),
    }


def http_params(data: dict[str, Any]) -> dict[str, str]:
    return {k: json.dumps(v) if isinstance(v, list) else str(v) for k, v in data.items()}


_DATASETS_FOUND = re.compile(r"([\d,.\s]+)\s+datasets?\s+found", re.IGNORECASE)


def page_hits(html: str) -> int | None:
    m = _DATASETS_FOUND.search(html)
    return int(re.sub(r"\D", "", m.group(1))) if m else None


# --------------------------------------------------------------------------
# gunicorn
# --------------------------------------------------------------------------

def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_gunicorn(ini: Path, port: int, workers: int, log: Path) -> subprocess.Popen:
    if port_in_use(port):
        raise SystemExit(f"127.0.0.1:{port} is already in use: pick another --port")
    env = dict(os.environ, LAODATA_INI=str(ini))
    env.pop("CKAN_INI", None)
    handle = open(log, "ab")
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(ROOT), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--error-logfile", "-", "ckanext.laodata.wsgi:application"],
        env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )
    handle.close()
    url = f"http://127.0.0.1:{port}/api/3/action/status_show"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log}")
        try:
            if requests.get(url, timeout=2).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on port {port}; see {log}")


def stop_gunicorn(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    say("stopping gunicorn")
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the master and its workers
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------

def measure_http(port: int, runs: int, n: int) -> dict[str, dict[str, Any]]:
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()  # one anonymous keep-alive client
    out: dict[str, dict[str, Any]] = {}
    for name, (kind, data) in queries(n).items():
        if kind == "page":
            url, params = f"{base}{data}", None
        elif kind == "show":
            url, params = f"{base}/api/3/action/package_show", {"id": data}
        else:
            url, params = f"{base}/api/3/action/package_search", http_params(data)

        def call() -> requests.Response:
            resp = session.get(url, params=params, timeout=120)
            if resp.status_code != 200:
                raise RuntimeError(f"{name}: HTTP {resp.status_code}: {resp.text[:300]}")
            return resp

        for _ in range(WARMUP):
            call()
        times = []
        last = None
        for _ in range(runs):
            t0 = time.perf_counter()
            last = call()
            last.content  # body fully read
            times.append(time.perf_counter() - t0)
        if kind == "page":
            hits = page_hits(last.text)
        elif kind == "show":
            hits = 1
        else:
            hits = last.json()["result"]["count"]
        out[name] = dict(summarize(times), hits=hits, bytes=len(last.content))
        say(f"  http {name:17s} p50 {out[name]['p50_ms']:8.2f} ms  p95 {out[name]['p95_ms']:8.2f} ms  "
            f"mean {out[name]['mean_ms']:8.2f} ms  hits {hits}")
    session.close()
    return out


class BackendTimer:
    """Wraps PostgresSearchConnection.search and store.search to time them."""

    def __init__(self) -> None:
        from ckanext.laodata.search import connection, store

        self.backend = 0.0
        self.sql = 0.0
        self.calls = 0
        self._conn_cls, self._store = connection.PostgresSearchConnection, store
        self._orig_search = connection.PostgresSearchConnection.search
        self._orig_store = store.search
        timer = self

        def timed_search(conn_self: Any, *args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return timer._orig_search(conn_self, *args, **kwargs)
            finally:
                timer.backend += time.perf_counter() - t0
                timer.calls += 1

        def timed_store(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return timer._orig_store(*args, **kwargs)
            finally:
                timer.sql += time.perf_counter() - t0

        connection.PostgresSearchConnection.search = timed_search
        store.search = timed_store

    def reset(self) -> None:
        self.backend = self.sql = 0.0
        self.calls = 0

    def restore(self) -> None:
        self._conn_cls.search = self._orig_search
        self._store.search = self._orig_store


def measure_inprocess(app: Any, runs: int, n: int) -> dict[str, dict[str, Any]]:
    import ckan.plugins.toolkit as tk

    timer = BackendTimer()
    out: dict[str, dict[str, Any]] = {}
    flask_app = app._wsgi_app
    client = flask_app.test_client()
    try:
        for name, (kind, data) in queries(n).items():
            if kind == "page":
                def call(path: str = data, name: str = name) -> Any:
                    resp = client.get(path)
                    if resp.status_code != 200:
                        raise RuntimeError(f"{name}: in-process status {resp.status_code}")
                    return page_hits(resp.get_data(as_text=True))
            elif kind == "show":
                show = tk.get_action("package_show")

                def call(ref: str = data) -> Any:
                    with flask_app.test_request_context():
                        show({}, {"id": ref})
                        return 1
            else:
                action = tk.get_action("package_search")

                def call(data_dict: dict[str, Any] = data) -> Any:
                    with flask_app.test_request_context():
                        return action({}, dict(data_dict))["count"]  # anonymous, like the HTTP client

            for _ in range(WARMUP):
                call()
            total, backend, sql = [], [], []
            hits = None
            for _ in range(runs):
                timer.reset()
                t0 = time.perf_counter()
                hits = call()
                total.append(time.perf_counter() - t0)
                backend.append(timer.backend)
                sql.append(timer.sql)
            calls = timer.calls
            out[name] = dict(summarize(total), hits=hits, backend_search=summarize(backend),
                             backend_sql=summarize(sql), backend_calls_per_run=calls)
            say(f"  in-process {name:17s} p50 {out[name]['p50_ms']:8.2f} ms  backend p50 "
                f"{out[name]['backend_search']['p50_ms']:7.2f} ms  sql p50 {out[name]['backend_sql']['p50_ms']:7.2f} ms"
                f"  ({calls} backend call(s)/run)")
    finally:
        timer.restore()
    return out


def machine_info(db: str) -> dict[str, Any]:
    import ckan

    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name")), platform.processor()),
        "mem_total_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ckan": ckan.__version__,
        "loadavg_start": os.getloadavg(),
    }
    try:
        import gunicorn

        info["gunicorn"] = gunicorn.__version__
    except ImportError:
        pass
    with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        info["postgres"] = cur.fetchone()[0]
        for setting in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
            cur.execute(f"SHOW {setting}")
            info[f"pg_{setting}"] = cur.fetchone()[0]
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('laodata_search.document'))")
        info["search_table_size"] = cur.fetchone()[0]
    info.update(code_version())
    return info


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the extension had uncommitted changes."""
    try:
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--", "ckanext-laodata", "config", "setup.py",
                                      "requirements.txt"], capture_output=True, text=True, check=True).stdout
        files = sorted({line[3:] for line in dirty.splitlines() if line.strip()})
        return {"git_commit": commit, "laodata_uncommitted_changes": bool(files), "uncommitted_files": files}
    except (OSError, subprocess.CalledProcessError):
        return {}


# --------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, required=True, help="catalogue size N")
    parser.add_argument("--runs", type=int, default=200, help="timed runs per query")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--load-procs", type=int, default=2, help="processes running package_create")
    parser.add_argument("--reuse", action="store_true",
                        help="skip loading when the bench database already holds N datasets")
    parser.add_argument("--resume", action="store_true",
                        help="keep the bench database and load only the datasets it lacks")
    parser.add_argument("--skip-inprocess", action="store_true")
    args = parser.parse_args()
    n = args.datasets
    db = f"laodata_bench_{n}"

    # a plain `kill` should still stop gunicorn: turn SIGTERM into SystemExit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    # one run per catalogue size at a time: two would share the database
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    lock = open(BENCH_DIR / f"bench-{n}.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(f"another bench/search.py --datasets {n} is running (var/bench/bench-{n}.lock)")

    say(f"benchmark: {n} datasets, database {db}, port {args.port}")
    reuse = resume = False
    if args.reuse or args.resume:
        ensure_database(db, fresh=False)
        try:
            packages, _ = count_datasets(db)
        except psycopg2.Error:
            packages = -1
        reuse = packages == n
        resume = not reuse and args.resume and packages > 0
        say(f"database holds {packages} datasets: "
            f"{'reusing it' if reuse else 'loading the missing ones' if resume else 'reloading from scratch'}")
    if not (reuse or resume):
        ensure_database(db, fresh=True)
    ini = write_ini(n, args.port, db)
    say(f"config {ini.relative_to(ROOT)}; ckan db init")
    ckan_cli(ini, "db", "init")
    ckan_cli(ini, "db", "pending-migrations", "--apply", check=False)

    reindex = None
    if reuse or resume:
        # The index is derived data: the extension drops its table when the
        # table layout changes (store.SCHEMA_VERSION), and an interrupted load
        # can leave a dataset out. Index whatever is missing, as scripts/run does.
        say("ckan search-index rebuild -o (index the datasets missing from the search index)")
        t0 = time.perf_counter()
        ckan_cli(ini, "search-index", "rebuild", "-o")
        seconds = time.perf_counter() - t0
        packages, indexed = count_datasets(db)
        reindex = {"seconds": round(seconds, 1), "indexed_after": indexed, "at": datetime.datetime.now().isoformat(timespec="seconds"), **code_version()}
        say(f"  {seconds:.0f}s; {indexed} documents indexed for {packages} datasets")

    load_file = BENCH_DIR / f"load-{n}.json"
    if reuse:
        load_info = json.loads(load_file.read_text()) if load_file.exists() else {"datasets": n}
        load_info["reused"] = True
    else:
        todo = None
        if resume:
            with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
                cur.execute("SELECT name FROM package WHERE type = 'dataset'")
                have = {row[0] for row in cur.fetchall()}
            todo = [i for i in range(n) if dataset_dict(i)["name"] not in have]
        load_info = load(ini, n, args.load_procs, todo)
        load_file.write_text(json.dumps(load_info, indent=2))
        load_info["reused"] = False
    if reindex:
        load_info["reindex_missing"] = reindex
    packages, indexed = count_datasets(db)
    if packages != n or indexed != n:
        raise RuntimeError(f"{packages} datasets, {indexed} indexed (wanted {n})")

    # a fresh planner view of the freshly loaded table
    pg_super("ANALYZE", db=db)

    results: dict[str, Any] = {
        "benchmark": "search",
        "datasets": n,
        "measured_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": machine_info(db),
        "settings": {"runs": args.runs, "warmup": WARMUP, "gunicorn_workers": args.workers,
                     "client": "one anonymous requests.Session (keep-alive) on 127.0.0.1",
                     "search_backend": "postgres"},
        "load": load_info,
        "query_params": {k: {kind: v} for k, (kind, v) in queries(n).items()},
    }

    cache = cache_setting()
    results["settings"]["result_cache"] = cache
    passes = [("nocache", nocache_ini(ini))] + ([("cached", ini)] if cache["declared"] else [])
    http: dict[str, dict[str, Any]] = {}
    for label, pass_ini in passes:
        proc = None
        log = BENCH_DIR / f"gunicorn-{n}.log"
        try:
            say(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{args.port}, "
                f"{'result cache off' if label == 'nocache' else 'result cache as configured by default'}")
            proc = start_gunicorn(pass_ini, args.port, args.workers, log)
            say(f"HTTP ({label}): {WARMUP} warm-up then {args.runs} runs per query")
            http[label] = measure_http(args.port, args.runs, n)
        finally:
            stop_gunicorn(proc)

    inproc: dict[str, Any] = {}
    if not args.skip_inprocess:
        say("in-process, result cache off: package_search/package_show called directly "
            "(the HTML pages through Flask's test client)")
        app = build_app(nocache_ini(ini))
        inproc = measure_inprocess(app, args.runs, n)

    results["queries"] = {}
    for name, stats in http["nocache"].items():
        entry = dict(stats)  # HTTP, result cache off
        if name in http.get("cached", {}):
            entry["http_cached"] = http["cached"][name]
        if name in inproc:
            entry["inprocess"] = inproc[name]
        results["queries"][name] = entry
    results["machine"]["loadavg_end"] = os.getloadavg()
    if code_version() != {k: results["machine"].get(k) for k in code_version()}:  # commit or dirty files
        results["warning"] = "the code changed during the measurement: " + json.dumps(code_version())
        say(results["warning"])
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"search-{n}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {out.relative_to(ROOT)}")
    print_table(results)


def print_table(results: dict[str, Any]) -> None:
    print(f"\n{results['datasets']} datasets; load {results['load'].get('datasets_per_s', '?')} datasets/s")
    print("HTTP and in-process with the result cache off; 'cached' = HTTP p50 with the extension's cache")
    print(f"{'query':18s} {'hits':>7s} | {'http p50':>9s} {'p95':>8s} {'mean':>8s} | "
          f"{'inproc p50':>10s} {'backend p50':>11s} {'sql p50':>8s} | {'cached p50':>10s}")
    for name, q in results["queries"].items():
        ip = q.get("inprocess", {})
        print(f"{name:18s} {str(q['hits']):>7s} | {q['p50_ms']:9.2f} {q['p95_ms']:8.2f} {q['mean_ms']:8.2f} | "
              f"{ip.get('p50_ms', float('nan')):10.2f} "
              f"{ip.get('backend_search', {}).get('p50_ms', float('nan')):11.2f} "
              f"{ip.get('backend_sql', {}).get('p50_ms', float('nan')):8.2f} | "
              f"{q.get('http_cached', {}).get('p50_ms', float('nan')):10.2f}")


if __name__ == "__main__":
    main()
