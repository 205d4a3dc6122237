#!/usr/bin/env python3
"""Search benchmark for laodata (CKAN 2.12 + the embedded PostgreSQL search backend).

    .venv/bin/python bench/search.py --datasets 1000 [--runs 200] [--port 5055]
                                     [--workers 2] [--load-procs 2] [--reuse | --resume]

1. Creates its own role/database ``laodata_bench`` / ``laodata_bench_<N>`` and
   its own ini ``var/bench/bench-<N>.ini`` (from config/ckan.ini.template via
   scripts/write_config.py, loggers at WARNING, reviewers' organization
   ``data-office``), then ``ckan db init``.
2. Loads N synthetic datasets through the workflow, as the portal's users
   would, in-process, with ``--load-procs`` processes that each build their
   own app: each unit's editor creates the dataset (``package_create``: a
   private draft, with classes that pass the publication gate) and submits
   it (``laodata_dataset_submit``); a reviewer (member of the reviewers'
   organization, no role in any unit) approves it (``laodata_dataset_review``)
   and publishes it (``laodata_dataset_publish``). Each move writes its
   workflow event, and each action reindexes the dataset, as through the API.
   Without ``--reuse``/``--resume`` the database is dropped and recreated
   first; with ``--reuse`` loading is skipped when the database already holds
   N published datasets; ``--resume`` creates or finishes only the datasets an
   interrupted run left unpublished (the load figures then cover only those).
3. Verifies what it measures, and stops if it is not so: N datasets, all
   published, public and with publishable classes; 3*N workflow events, each
   dataset with exactly submit (its unit's editor) -> approve -> publish (the
   reviewer); an anonymous ``package_search q=*:*`` over HTTP finds N.
4. Starts gunicorn on 127.0.0.1:PORT, and with one keep-alive anonymous
   client times each query kind: ``--runs`` times the same request
   (repeated, after 10 warm-up requests), then ``--runs`` requests that all
   differ (distinct: seeded words, tags, units, sorts, page shapes and
   datasets, the same sequence on every run), first with the extension's
   per-process result cache off (``ckanext.laodata.search.cache_size = 0``,
   the top-level figures), then, if the extension declares that cache, with
   its default (``http_cached``).
5. Times the repeated queries in-process with the cache off (the actions
   called directly; the HTML pages through Flask's test client) and, inside
   those calls, the backend (``PostgresSearchConnection.search``) and its SQL
   round trips alone (``store.search``).
6. Writes bench/results/search-<N>.json, with the commit measured, the files
   of the measured code with uncommitted changes, and the load average and
   ``uptime`` before loading, before measuring and at the end. Nothing about
   time is asserted.

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
from typing import Any
from urllib.parse import quote

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
# The reviewers' organization (``ckanext.laodata.workflow.reviewers_organization``)
# and its one member: a reviewer who holds no role in any unit.
REVIEWERS_ORG = ("data-office", "Provincial Data Office · Văn phòng dữ liệu tỉnh")
REVIEWER = "bench-reviewer"
USER_PASSWORD = "bench-password-123"
# every dataset's trail: (action, from, to), each written by its workflow action
TRAIL = [
    ("submit", "draft", "submitted"),
    ("approve", "submitted", "approved"),
    ("publish", "approved", "published"),
]


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
LICENSES = [
    ("cc-by", 40),
    ("cc-by-sa", 15),
    ("odc-odbl", 10),
    ("cc-zero", 10),
    ("odc-by", 5),
    ("other-open", 8),
    ("notspecified", 7),
    ("other-closed", 5),
]
FORMATS = [("CSV", 45), ("XLSX", 25), ("JSON", 15), ("PDF", 15)]
EXT = {"CSV": "csv", "XLSX": "xlsx", "JSON": "json", "PDF": "pdf"}


def _tag_vocabulary() -> list[str]:
    """About 200 tags; rank 1 ('statistics') is the most common."""
    head = [
        "statistics",
        "health",
        "education",
        "agriculture",
        "finance",
        "transport",
        "environment",
        "population",
        "justice",
        "economy",
        "thống kê",
        "y tế",
        "giáo dục",
        "nông nghiệp",
    ]
    words = head + [w for w in TITLE_WORDS_EN if w not in head] + [w for w in TITLE_WORDS_VI if w not in head]
    extra = (
        "open-data annual monthly gis geospatial budget-2024 budget-2025 sdg covid-19 climate "
        "gender youth elderly disability rural urban infrastructure public-services "
        "procurement transparency mekong provincial national district-level village-level "
        "time-series microdata api realtime archive historical forecast baseline target "
        "monitoring evaluation audit inventory register directory catalogue geojson shapefile "
        "tài chính môi trường minh bạch"
    )
    words += [w for w in extra.split() if w not in words]
    seen: dict[str, None] = {}
    for w in words:
        seen.setdefault(w, None)
    return list(seen)[:200]


TAGS = _tag_vocabulary()
TAG_WEIGHTS = [1.0 / (rank**1.1) for rank in range(1, len(TAGS) + 1)]  # Zipf-like


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def dataset_dict(i: int) -> dict[str, Any]:
    rng = random.Random(SEED * 1_000_003 + i)
    org_name, org_title = ORGS[
        min(int(rng.paretovariate(1.2)) - 1, len(ORGS) - 1)
        if rng.random() < 0.5
        else rng.randrange(len(ORGS))
    ]
    words = [
        rng.choice(TITLE_WORDS_VI) if rng.random() < 0.3 else rng.choice(TITLE_WORDS_EN)
        for _ in range(rng.randint(2, 4))
    ]
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
    notes = (
        f"{title}. Data on {rng.choice(TITLE_WORDS_EN)} and {rng.choice(TITLE_WORDS_VI)} "
        f"in {district} district, collected by {org_title.split(' · ')[0]}. "
        f"Updated {rng.choice(FREQUENCY)}."
    )
    if rng.random() < 0.4:
        filler = (rng.choice(TITLE_WORDS_EN + TITLE_WORDS_VI) for _ in range(rng.randint(8, 30)))
        notes += " " + " ".join(filler) + "."
    name = f"{_slug(title)[:80]}-{i}"
    resources = []
    for j in range(rng.randint(1, 3)):
        fmt = _weighted(rng, FORMATS)
        resources.append(
            {
                "name": f"{title} ({fmt})" if j == 0 else f"{title} part {j + 1} ({fmt})",
                "url": f"https://files.example.invalid/{name}/{j + 1}.{EXT[fmt]}",
                "format": fmt,
                "description": f"{fmt} export, {rng.choice(DISTRICTS)} district.",
            }
        )
    frequency = rng.choice(FREQUENCY)
    extras = []  # frequency and area are schema fields (update_frequency, spatial_coverage)
    if rng.random() < 0.6:
        extras.append({"key": "source", "value": org_title})
    if rng.random() < 0.3:
        extras.append({"key": "language", "value": rng.choice(["lo", "vi", "en", "lo,en", "vi,en"])})
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    classes = random.Random(SEED * 7 + i)  # its own stream: the fields above are as before the gate
    return {
        "name": name,
        "title": title,
        "notes": notes,
        "owner_org": org_name,
        # no "private": a new dataset is a private draft until a reviewer publishes it
        "license_id": _weighted(rng, LICENSES),
        "author": person,
        "maintainer": person,
        "maintainer_email": f"{_slug(person)}@example.invalid",
        "version": f"{rng.randint(1, 5)}.{rng.randint(0, 9)}",
        "tags": [{"name": t} for t in tags],
        "resources": resources,
        "extras": extras,
        "update_frequency": frequency,
        "spatial_coverage": f"{district} district",
        # classes that pass the publication gate (DESIGN §5)
        "access_level": "open",
        "security_level": classes.choice(["1", "2"]),
        "importance": classes.choice(["other", "other", "important"]),
        "personal_data": "none",
        "state_secret": "false",
    }


def editor_of(org_name: str) -> str:
    """The unit's editor who creates and submits its datasets."""
    return f"editor-{org_name}"


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
        pg_super(f'CREATE DATABASE "{db}" OWNER "{ROLE}" ENCODING \'UTF8\' TEMPLATE template0')


def database_url(db: str) -> str:
    return f"postgresql://{ROLE}:{PASSWORD}@127.0.0.1:5432/{db}"


def write_ini(n: int, port: int, db: str) -> Path:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    ini = BENCH_DIR / f"bench-{n}.ini"
    storage = BENCH_DIR / f"storage-{n}"
    storage.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        LAODATA_SITE_URL=f"http://127.0.0.1:{port}",
        LAODATA_DATABASE_URL=database_url(db),
        LAODATA_STORAGE_PATH=str(storage),
        LAODATA_REDIS_URL=REDIS_URL,
        LAODATA_SEARCH_BACKEND="postgres",
    )
    subprocess.run(
        [
            str(VENV_PY),
            str(ROOT / "scripts" / "write_config.py"),
            str(ROOT / "config" / "ckan.ini.template"),
            str(ini),
        ],
        check=True,
        env=env,
    )
    # ckan/ckanext (and root) loggers at WARNING whatever the template says
    out, section = [], ""
    for line in ini.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\[(.+)\]\s*$", line)
        if m:
            section = m.group(1)
        elif section in ("logger_root", "logger_ckan", "logger_ckanext") and re.match(r"^\s*level\s*=", line):
            line = "level = WARNING"
        out.append(line)
        if re.match(r"^\[app:main\]\s*$", line):
            out.append(f"ckanext.laodata.workflow.reviewers_organization = {REVIEWERS_ORG[0]}")
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
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(ini), *args],
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=None if check else subprocess.DEVNULL,
    )


def count_datasets(db: str) -> tuple[int, int, int]:
    """(active datasets, of which published and public, documents in the search index)."""
    with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*), count(*) FILTER (WHERE NOT private AND extras->>'workflow_status' = "
            "'published') FROM package WHERE state = 'active' AND type = 'dataset'"
        )
        packages, published = cur.fetchone()
        cur.execute("SELECT to_regclass('laodata_search.document') IS NOT NULL")
        indexed = 0
        if cur.fetchone()[0]:
            cur.execute("SELECT count(*) FROM laodata_search.document")
            indexed = cur.fetchone()[0]
    return packages, published, indexed


def verify_catalogue(db: str, n: int) -> dict[str, Any]:
    """What the database says of the catalogue measured: N datasets, all published,
    public and publishable, each with exactly the trail submit (by its unit's
    editor) -> approve -> publish (by the reviewer), so 3*N workflow events."""
    with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
        cur.execute("""
            SELECT count(*),
                   count(*) FILTER (WHERE extras->>'workflow_status' = 'published'),
                   count(*) FILTER (WHERE NOT private),
                   count(*) FILTER (WHERE NOT private AND extras->>'workflow_status' = 'published'),
                   count(*) FILTER (WHERE extras->>'access_level' = 'open'
                                    AND extras->>'security_level' IN ('1', '2')
                                    AND coalesce(extras->>'importance', 'other') <> 'core'
                                    AND coalesce(extras->>'personal_data', 'none') = 'none'
                                    AND coalesce(extras->>'state_secret', 'false') = 'false')
            FROM package WHERE state = 'active' AND type = 'dataset'""")
        active, published, public, published_public, publishable = cur.fetchone()
        cur.execute("SELECT action, count(*) FROM laodata_workflow_event GROUP BY action ORDER BY action")
        by_action = dict(cur.fetchall())
        trail = [f"{a}:{f}>{t}" for a, f, t in TRAIL]
        cur.execute(
            """
            SELECT count(*) FROM (
              SELECT e.package_id FROM laodata_workflow_event e
              JOIN package p ON p.id = e.package_id
              JOIN "group" g ON g.id = p.owner_org
              LEFT JOIN "user" u ON u.id = e.actor
              WHERE p.state = 'active'
              GROUP BY e.package_id
              HAVING array_agg(e.action || ':' || coalesce(e.from_status, '') || '>' || e.to_status
                               ORDER BY e.id) = %s
                 AND bool_and(CASE e.action WHEN 'submit' THEN u.name = 'editor-' || g.name
                                            ELSE u.name = %s END)) t""",
            (trail, REVIEWER),
        )
        with_trail = cur.fetchone()[0]
    events = sum(by_action.values())
    checks = {
        "datasets": active == n,
        "published": published == n,
        "public": public == n,
        "published_and_public": published_public == n,
        "publishable_classes": publishable == n,
        "workflow_events_3n": events == 3 * n,
        "each_submit_approve_publish_by_editor_then_reviewer": with_trail == n,
    }
    return {
        "datasets": active,
        "published": published,
        "public": public,
        "published_and_public": published_public,
        "publishable_classes": publishable,
        "workflow_events": events,
        "workflow_events_by_action": by_action,
        "datasets_with_full_trail": with_trail,
        "checks": checks,
        "ok": all(checks.values()),
    }


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

ACTIONS = ("package_create", "laodata_dataset_submit", "laodata_dataset_review", "laodata_dataset_publish")


def advance(data: dict[str, Any], latencies: dict[str, list[float]]) -> None:
    """Bring dataset ``data`` to ``published`` from wherever it is, with the
    public actions: ``package_create`` (a private draft) and
    ``laodata_dataset_submit`` as its unit's editor, then
    ``laodata_dataset_review`` (approve) and ``laodata_dataset_publish`` as
    the reviewer. Each move writes its workflow event; each action reindexes."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    def call(action: str, user: str, payload: dict[str, Any]) -> dict[str, Any]:
        t0 = time.perf_counter()
        result = tk.get_action(action)({"user": user}, payload)
        latencies[action].append(time.perf_counter() - t0)
        return result

    editor = editor_of(data["owner_org"])
    package = model.Package.get(data["name"])
    if package is None:
        created = call("package_create", editor, dict(data))
        package_id, status = created["id"], created.get("workflow_status")
        if status != "draft" or not created["private"]:
            raise RuntimeError(f"{data['name']}: created {status!r}, private={created['private']}")
    else:  # --resume, or a retry after a failed move
        package_id, status = package.id, str((package.extras or {}).get("workflow_status") or "draft")
    if status in ("draft", "returned"):
        status = call("laodata_dataset_submit", editor, {"id": package_id})["workflow_status"]
    if status == "submitted":
        status = call("laodata_dataset_review", REVIEWER, {"id": package_id, "decision": "approve"})[
            "workflow_status"
        ]
    if status == "approved":
        published = call("laodata_dataset_publish", REVIEWER, {"id": package_id})
        status = published["workflow_status"]
        if published["private"]:
            raise RuntimeError(f"{data['name']}: published but private")
    if status != "published":
        raise RuntimeError(f"{data['name']}: ended '{status}', not published")


def load_worker(ini: str, indices: list[int], queue: Any) -> None:
    """One loading process: its own app; each dataset created and moved to published."""
    try:
        import ckan.model as model

        app = build_app(Path(ini))
        latencies: dict[str, list[float]] = {name: [] for name in ACTIONS}
        retries = 0
        with app._wsgi_app.test_request_context():
            done = 0
            for i in indices:
                data = dataset_dict(i)
                for attempt in range(1, 6):
                    try:
                        advance(data, latencies)
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


def setup_units(ini: Path) -> None:
    """The 20 units, each with its editor, and the reviewers' organization with
    the reviewer (idempotent: --resume runs it again)."""
    import ckan.plugins.toolkit as tk

    app = build_app(ini)
    with app._wsgi_app.test_request_context():
        ctx = site_user_context()

        def ensure_user(name: str) -> None:
            try:
                tk.get_action("user_show")(dict(ctx), {"id": name})
            except tk.ObjectNotFound:
                tk.get_action("user_create")(
                    dict(ctx), {"name": name, "email": f"{name}@example.invalid", "password": USER_PASSWORD}
                )

        def ensure_org(name: str, title: str, user: str, role: str) -> None:
            try:
                tk.get_action("organization_show")(dict(ctx), {"id": name})
            except tk.ObjectNotFound:
                tk.get_action("organization_create")(dict(ctx), {"name": name, "title": title})
            tk.get_action("organization_member_create")(
                dict(ctx), {"id": name, "username": user, "role": role}
            )

        ensure_user(REVIEWER)
        ensure_org(*REVIEWERS_ORG, REVIEWER, "member")
        for name, title in ORGS:
            ensure_user(editor_of(name))
            ensure_org(name, title, editor_of(name), "editor")


def load(ini: Path, n: int, procs: int, indices: list[int] | None = None) -> dict[str, Any]:
    """Create datasets ``indices`` (default: all of 0..n-1) and move each to published."""
    import multiprocessing as mp

    setup_units(ini)
    spawn = mp.get_context("spawn")
    queue = spawn.Queue()
    todo = list(range(n)) if indices is None else list(indices)
    existing = n - len(todo)
    workers = [
        spawn.Process(target=load_worker, args=(str(ini), todo[k::procs], queue), daemon=True)
        for k in range(procs)
    ]
    say(
        f"loading {len(todo)} datasets ({existing} already published) with {procs} process(es): "
        f"package_create + submit (unit editor), approve + publish (reviewer)"
    )
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    loaded, finished, retries = 0, 0, 0
    latencies: dict[str, list[float]] = {name: [] for name in ACTIONS}
    last_print, last_loaded = t0, 0
    step = max(len(todo) // 20, 10)
    next_mark = step
    curve: list[tuple[float, int, float]] = []  # (seconds, datasets published, datasets/s since last point)
    while finished < procs:
        try:
            kind, payload = queue.get(timeout=5)
        except Exception:
            if any(w.exitcode not in (None, 0) for w in workers):
                raise RuntimeError("a loading process died; see the output above") from None
            continue
        if kind == "progress":
            loaded += payload
            now = time.perf_counter()
            if loaded >= next_mark or now - last_print > 30:
                rate = loaded / (now - t0)
                recent = (loaded - last_loaded) / (now - last_print)
                eta = (len(todo) - loaded) / rate if rate else float("nan")
                curve.append((round(now - t0, 1), existing + loaded, round(recent, 2)))
                total = existing + loaded
                say(
                    f"  {total}/{n} ({100 * total / n:.0f}%)  {rate:.1f} datasets/s "
                    f"(last {recent:.1f}/s)  eta {eta:.0f}s"
                )
                last_print, last_loaded = now, loaded
                while next_mark <= loaded:
                    next_mark += step
        elif kind == "done":
            finished += 1
            for name, values in payload["latencies"].items():
                latencies[name] += values
            retries += payload["retries"]
        else:
            for w in workers:
                if w.is_alive():
                    w.terminate()
            raise RuntimeError(f"loading failed: {payload}")
    for w in workers:
        w.join()
    seconds = time.perf_counter() - t0
    calls = sum(len(v) for v in latencies.values())
    result = {
        "datasets": n,
        "datasets_loaded": len(todo),
        "existing_before": existing,
        "method": "in-process actions, each dataset: package_create + laodata_dataset_submit as the unit's "
        "editor, laodata_dataset_review (approve) + laodata_dataset_publish as a reviewer "
        "(member of the reviewers' organization); every action reindexes the dataset",
        "processes": procs,
        "seconds": round(seconds, 1),
        "datasets_per_s": round(len(todo) / seconds, 2),
        "actions_per_s": round(calls / seconds, 2),
        "curve_seconds_total_rate": curve,
        "actions": {name: summarize(values) for name, values in latencies.items()},
        "retries": retries,
        "at": datetime.datetime.now().isoformat(timespec="seconds"),
        **code_version(),
    }
    p50 = {name.replace("laodata_dataset_", ""): result["actions"][name]["p50_ms"] for name in ACTIONS}
    say(
        f"loaded {len(todo)} datasets in {seconds:.0f}s: {len(todo) / seconds:.1f} datasets/s, "
        f"{calls / seconds:.1f} actions/s with {procs} processes; p50 ms {p50}; {retries} retries"
    )
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
    ("show", dataset name) for package_show, ("page", path) for an HTML page.
    Each is sent again and again (a repeated query)."""
    top_tag = TAGS[0]
    one = dataset_dict(n // 2)["name"]
    return {
        "q_all": ("search", {"q": "*:*"}),
        "q_word": ("search", {"q": "water"}),
        "q_word_vi": ("search", {"q": "nước"}),  # accent-folded on both sides: also matches "nuoc"
        "fq_org": ("search", {"fq": f"organization:{ORGS[1][0]}"}),
        "fq_tag_facets": ("search", {"fq": f'tags:"{top_tag}"', "facet.field": FACETS}),
        "sort_title": ("search", {"q": "*:*", "sort": "title_string asc"}),
        "rows0": ("search", {"q": "*:*", "rows": 0}),
        "dataset_page": ("page", "/dataset"),
        "dataset_page_q": ("page", "/dataset?q=water"),
        # not searches, but they read the index too: package_show looks the
        # dataset up in the search index (CKAN's cached validated data_dict)
        "package_show": ("show", one),
        "dataset_read_page": ("page", f"/dataset/{one}"),
    }


FACETS = ["organization", "tags", "res_format", "license_id"]
SORTS = [
    "score desc, metadata_modified desc",
    "title_string asc",
    "title_string desc",
    "metadata_modified desc",
]
WORDS_EN = list(dict.fromkeys(TITLE_WORDS_EN + [t for t in TAGS if re.fullmatch(r"[a-z]+", t)]))


def _spread(rng: random.Random, items: list[Any], count: int) -> list[tuple[Any, int]]:
    """``count`` distinct (item, page) pairs: every item on page 0 (shuffled),
    then every item on page 1, and so on, as far as needed."""
    out: list[tuple[Any, int]] = []
    page = 0
    while len(out) < count:
        batch = list(items)
        rng.shuffle(batch)
        out += [(item, page) for item in batch]
        page += 1
    return out[:count]


def distinct_queries(n: int, count: int) -> dict[str, list[tuple[str, Any]]]:
    """For each query kind of ``queries``, ``count`` requests of that kind that
    are all different (so no cache of any layer has answered one before):
    words and tags from the catalogue's vocabularies, units, sorts, pages and
    datasets, from a fixed seed (the same sequence on every run)."""
    rng = random.Random(SEED + 15)
    orgs = [o for o, _ in ORGS]
    pages = max(1, (n + 19) // 20)
    out: dict[str, list[tuple[str, Any]]] = {}
    # *:* (listed, or sorted by title): a different page shape each time (rows 10-39, pages 1..)
    shapes = _spread(rng, list(range(10, 40)), count)
    out["q_all"] = [("search", {"q": "*:*", "rows": r, "start": p * r}) for r, p in shapes]
    out["sort_title"] = [
        ("search", {"q": "*:*", "sort": "title_string asc", "rows": r, "start": p * r})
        for r, p in _spread(rng, list(range(10, 40)), count)
    ]
    out["q_word"] = [("search", {"q": w, "start": 20 * p}) for w, p in _spread(rng, WORDS_EN, count)]
    out["q_word_vi"] = [("search", {"q": w, "start": 20 * p}) for w, p in _spread(rng, TITLE_WORDS_VI, count)]
    out["fq_org"] = [
        ("search", {"fq": f"organization:{o}", "sort": srt, "start": 20 * p})
        for (o, srt), p in _spread(rng, [(o, srt) for o in orgs for srt in SORTS], count)
    ]
    out["fq_tag_facets"] = [
        ("search", {"fq": f'tags:"{t}"', "facet.field": FACETS, "start": 20 * p})
        for t, p in _spread(rng, TAGS, count)
    ]
    counts = (
        [f'tags:"{t}"' for t in TAGS]
        + [f"organization:{o}" for o in orgs]
        + [f'organization:{o} tags:"{t}"' for o in orgs for t in TAGS]
    )
    out["rows0"] = [("search", {"q": "*:*", "fq": fq, "rows": 0}) for fq in counts[:count]]
    facet_paths = (
        [f"/dataset?tags={quote(t)}" for t in TAGS]
        + [f"/dataset?organization={o}" for o in orgs]
        + [f"/dataset?res_format={f}" for f, _ in FORMATS]
        + [f"/dataset?license_id={lic}" for lic, _ in LICENSES]
    )
    listing: list[str] = []
    for level in (
        [f"/dataset?page={k}" for k in range(1, pages + 1)] + facet_paths,
        [f"{path}&page=2" for path in facet_paths],
        [f"{path}&sort={quote('title_string asc')}" for path in facet_paths],
    ):
        rng.shuffle(level)
        listing += level
    while len(listing) < count:  # only for a tiny catalogue
        listing += [f"{path}&page={len(listing)}" for path in facet_paths]
    out["dataset_page"] = [("page", path) for path in listing[:count]]
    out["dataset_page_q"] = [
        ("page", f"/dataset?q={quote(w)}" + (f"&page={p + 1}" if p else ""))
        for w, p in _spread(rng, WORDS_EN + TITLE_WORDS_VI, count)
    ]
    picks = [dataset_dict(i)["name"] for i in rng.sample(range(n), min(n, 2 * count))]
    if len(picks) < 2 * count:  # a catalogue smaller than the runs: names repeat
        picks = (picks * (2 * count // max(len(picks), 1) + 1))[: 2 * count]
    out["package_show"] = [("show", name) for name in picks[:count]]
    out["dataset_read_page"] = [("page", f"/dataset/{name}") for name in picks[count:]]
    return out


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
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--chdir",
            str(ROOT),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            "-",
            "ckanext.laodata.wsgi:application",
        ],
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
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


def _http_request(session: requests.Session, base: str, name: str, kind: str, data: Any) -> requests.Response:
    if kind == "page":
        url, params = f"{base}{data}", None
    elif kind == "show":
        url, params = f"{base}/api/3/action/package_show", {"id": data}
    else:
        url, params = f"{base}/api/3/action/package_search", http_params(data)
    resp = session.get(url, params=params, timeout=120)
    if resp.status_code != 200:
        raise RuntimeError(f"{name}: HTTP {resp.status_code} for {url} {params}: {resp.text[:300]}")
    _ = resp.content  # read the whole body, as a client would
    return resp


def _hits(kind: str, resp: requests.Response) -> int | None:
    if kind == "page":
        return page_hits(resp.text)
    if kind == "show":
        return 1
    return resp.json()["result"]["count"]


def anonymous_count(port: int) -> int:
    """What an anonymous client finds with ``package_search q=*:*`` (private ones included if it could)."""
    resp = requests.get(
        f"http://127.0.0.1:{port}/api/3/action/package_search",
        params={"q": "*:*", "rows": 0, "include_private": "true"},
        timeout=60,
    )
    resp.raise_for_status()
    return int(resp.json()["result"]["count"])


def measure_http(port: int, runs: int, n: int) -> dict[str, dict[str, Any]]:
    """Repeated queries: each kind sent ``runs`` times the same (after warm-up)."""
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()  # one anonymous keep-alive client
    out: dict[str, dict[str, Any]] = {}
    for name, (kind, data) in queries(n).items():
        for _ in range(WARMUP):
            _http_request(session, base, name, kind, data)
        times = []
        last = None
        for _ in range(runs):
            t0 = time.perf_counter()
            last = _http_request(session, base, name, kind, data)
            times.append(time.perf_counter() - t0)
        assert last is not None
        hits = _hits(kind, last)
        out[name] = dict(summarize(times), hits=hits, bytes=len(last.content))
        say(
            f"  http {name:17s} p50 {out[name]['p50_ms']:8.2f} ms  p95 {out[name]['p95_ms']:8.2f} ms  "
            f"mean {out[name]['mean_ms']:8.2f} ms  hits {hits}"
        )
    session.close()
    return out


def measure_http_distinct(port: int, runs: int, n: int) -> dict[str, dict[str, Any]]:
    """Distinct queries: per kind, ``WARMUP`` then ``runs`` requests that all differ."""
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    out: dict[str, dict[str, Any]] = {}
    for name, sequence in distinct_queries(n, WARMUP + runs).items():
        for kind, data in sequence[:WARMUP]:
            _http_request(session, base, name, kind, data)
        times, hits = [], []
        for kind, data in sequence[WARMUP:]:
            t0 = time.perf_counter()
            resp = _http_request(session, base, name, kind, data)
            times.append(time.perf_counter() - t0)
            hits.append(_hits(kind, resp))
        counted = sorted(h for h in hits if h is not None)
        out[name] = dict(
            summarize(times),
            distinct_requests=len({json.dumps(d, sort_keys=True) for _, d in sequence}),
            hits_min=counted[0] if counted else None,
            hits_median=counted[len(counted) // 2] if counted else None,
            hits_max=counted[-1] if counted else None,
            zero_hit_requests=sum(1 for h in counted if h == 0),
        )
        say(
            f"  http distinct {name:17s} p50 {out[name]['p50_ms']:8.2f} ms  "
            f"p95 {out[name]['p95_ms']:8.2f} ms  "
            f"hits {out[name]['hits_min']}..{out[name]['hits_max']}"
        )
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
            out[name] = dict(
                summarize(total),
                hits=hits,
                backend_search=summarize(backend),
                backend_sql=summarize(sql),
                backend_calls_per_run=calls,
            )
            say(
                f"  in-process {name:17s} p50 {out[name]['p50_ms']:8.2f} ms  backend p50 "
                f"{out[name]['backend_search']['p50_ms']:7.2f} ms  "
                f"sql p50 {out[name]['backend_sql']['p50_ms']:7.2f} ms"
                f"  ({calls} backend call(s)/run)"
            )
    finally:
        timer.restore()
    return out


def machine_info(db: str) -> dict[str, Any]:
    import ckan

    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in open("/proc/cpuinfo")
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "mem_total_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ckan": ckan.__version__,
        "loadavg_start": os.getloadavg(),  # when the measurements start (after loading)
        "uptime_start": uptime(),
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


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def code_version() -> dict[str, Any]:
    """The commit measured, and the files of the code measured (the extension,
    its config, and this benchmark) with uncommitted changes."""
    try:
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run(
            git + ["rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            git
            + [
                "status",
                "--porcelain",
                "--",
                "ckanext-laodata",
                "config",
                "schemas",
                "setup.py",
                "requirements.txt",
                "bench/search.py",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        files = sorted({line[3:] for line in dirty.splitlines() if line.strip()})
        return {"git_commit": commit, "laodata_uncommitted_changes": bool(files), "uncommitted_files": files}
    except (OSError, subprocess.CalledProcessError):
        return {}


# --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, required=True, help="catalogue size N")
    parser.add_argument("--runs", type=int, default=200, help="timed runs per query (repeated, and distinct)")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--load-procs", type=int, default=2, help="processes loading through the actions")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="skip loading when the bench database already holds N published datasets",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the bench database; create or finish only the datasets not yet published",
    )
    parser.add_argument("--skip-inprocess", action="store_true")
    args = parser.parse_args()
    n = args.datasets
    db = f"laodata_bench_{n}"
    started = {
        "loadavg_before_load": os.getloadavg(),
        "uptime_before": uptime(),
        "code_at_start": code_version(),
    }

    # a plain `kill` should still stop gunicorn: turn SIGTERM into SystemExit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    # one run per catalogue size at a time: two would share the database
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    lock = open(BENCH_DIR / f"bench-{n}.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(
            f"another bench/search.py --datasets {n} is running (var/bench/bench-{n}.lock)"
        ) from None

    say(f"benchmark: {n} datasets, database {db}, port {args.port}; {started['uptime_before']}")
    if port_in_use(args.port):  # before loading, not after
        raise SystemExit(f"127.0.0.1:{args.port} is already in use: pick another --port")
    reuse = resume = False
    if args.reuse or args.resume:
        ensure_database(db, fresh=False)
        try:
            packages, published, _ = count_datasets(db)
        except psycopg2.Error:
            packages = published = -1
        reuse = args.reuse and packages == n and published == n
        resume = not reuse and args.resume and packages > 0
        say(
            f"database holds {packages} datasets, {published} published: "
            + (
                "reusing it"
                if reuse
                else "finishing the unpublished ones"
                if resume
                else "reloading from scratch"
            )
        )
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
        packages, _, indexed = count_datasets(db)
        reindex = {
            "seconds": round(seconds, 1),
            "indexed_after": indexed,
            "at": datetime.datetime.now().isoformat(timespec="seconds"),
            **code_version(),
        }
        say(f"  {seconds:.0f}s; {indexed} documents indexed for {packages} datasets")

    load_file = BENCH_DIR / f"load-{n}.json"
    if reuse:
        load_info = json.loads(load_file.read_text()) if load_file.exists() else {"datasets": n}
        load_info["reused"] = True
    else:
        todo = None
        if resume:
            with psycopg2.connect(database_url(db)) as conn, conn.cursor() as cur:
                cur.execute(
                    "SELECT name FROM package WHERE type = 'dataset' AND state = 'active' "
                    "AND extras->>'workflow_status' = 'published'"
                )
                done = {row[0] for row in cur.fetchall()}
            todo = [i for i in range(n) if dataset_dict(i)["name"] not in done]
        load_info = load(ini, n, args.load_procs, todo)
        load_file.write_text(json.dumps(load_info, indent=2))
        load_info["reused"] = False
    if reindex:
        load_info["reindex_missing"] = reindex
    packages, published, indexed = count_datasets(db)
    if packages != n or published != n or indexed != n:
        raise RuntimeError(f"{packages} datasets, {published} published, {indexed} indexed (wanted {n})")
    verified = verify_catalogue(db, n)
    say(
        f"verified in the database: {verified['published_and_public']} of {verified['datasets']} datasets "
        f"published and public ({verified['publishable_classes']} with publishable classes); "
        f"{verified['workflow_events']} workflow events {verified['workflow_events_by_action']} "
        f"(3 x {n} = {3 * n}); {verified['datasets_with_full_trail']} with the trail submit (editor) -> "
        f"approve -> publish (reviewer)"
    )
    if not verified["ok"]:
        raise RuntimeError(f"the catalogue is not what the benchmark claims: {verified['checks']}")

    # a fresh planner view of the freshly loaded table
    pg_super("ANALYZE", db=db)

    results: dict[str, Any] = {
        "benchmark": "search",
        "datasets": n,
        "measured_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            **machine_info(db),
            "loadavg_before_load": started["loadavg_before_load"],
            "uptime_before_load": started["uptime_before"],
        },
        "settings": {
            "runs": args.runs,
            "warmup": WARMUP,
            "gunicorn_workers": args.workers,
            "client": "one anonymous requests.Session (keep-alive) on 127.0.0.1",
            "search_backend": "postgres",
            "repeated": "each query kind sent WARMUP + runs times, the same request",
            "distinct": "per kind, WARMUP + runs requests that all differ (seeded words, tags, "
            "units, sorts, page shapes, datasets; the same sequence every run)",
        },
        "load": load_info,
        "verified": verified,
        "query_params": {k: {kind: v} for k, (kind, v) in queries(n).items()},
        "query_params_distinct_first": {
            k: [{kind: v} for kind, v in seq[WARMUP : WARMUP + 5]]
            for k, seq in distinct_queries(n, WARMUP + args.runs).items()
        },
    }

    cache = cache_setting()
    results["settings"]["result_cache"] = cache
    passes = [("nocache", nocache_ini(ini))] + ([("cached", ini)] if cache["declared"] else [])
    http: dict[str, dict[str, Any]] = {}
    distinct: dict[str, dict[str, Any]] = {}
    for label, pass_ini in passes:
        proc = None
        log = BENCH_DIR / f"gunicorn-{n}.log"
        try:
            say(
                f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{args.port}, "
                f"{'result cache off' if label == 'nocache' else 'result cache as configured by default'}"
            )
            proc = start_gunicorn(pass_ini, args.port, args.workers, log)
            found = anonymous_count(args.port)
            verified.setdefault("anonymous_package_search_count", {})[label] = found
            say(f"anonymous package_search q=*:* (include_private=true) finds {found} (wanted {n})")
            if found != n:
                raise RuntimeError(f"an anonymous search finds {found} datasets, not the {n} published")
            say(f"HTTP ({label}), repeated: {WARMUP} warm-up then {args.runs} runs per query")
            http[label] = measure_http(args.port, args.runs, n)
            say(f"HTTP ({label}), distinct: {WARMUP} warm-up then {args.runs} different requests per kind")
            distinct[label] = measure_http_distinct(args.port, args.runs, n)
        finally:
            stop_gunicorn(proc)
    verified["checks"]["anonymous_package_search_count"] = all(
        v == n for v in verified["anonymous_package_search_count"].values()
    )

    inproc: dict[str, Any] = {}
    if not args.skip_inprocess:
        say(
            "in-process, result cache off: package_search/package_show called directly "
            "(the HTML pages through Flask's test client)"
        )
        app = build_app(nocache_ini(ini))
        inproc = measure_inprocess(app, args.runs, n)

    results["queries"] = {}
    for name, stats in http["nocache"].items():
        entry = dict(stats)  # HTTP, result cache off, repeated
        if name in http.get("cached", {}):
            entry["http_cached"] = http["cached"][name]
        if name in inproc:
            entry["inprocess"] = inproc[name]
        if name in distinct.get("nocache", {}):
            entry["distinct"] = dict(distinct["nocache"][name])
            if name in distinct.get("cached", {}):
                entry["distinct"]["http_cached"] = distinct["cached"][name]
        results["queries"][name] = entry
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["machine"]["uptime_end"] = uptime()
    if code_version() != started["code_at_start"]:  # commit or dirty files
        results["warning"] = (
            "the repository changed during the run (another session committed?): "
            f"at start {json.dumps(started['code_at_start'])}, "
            f"at end {json.dumps(code_version())}"
        )
        say(results["warning"])
    results["finished"] = datetime.datetime.now().isoformat(timespec="seconds")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"search-{n}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"wrote {out.relative_to(ROOT)}")
    print_table(results)


def print_table(results: dict[str, Any]) -> None:
    load = results["load"]
    v = results["verified"]
    print(
        f"\n{results['datasets']} datasets: {v['published_and_public']} published and public, "
        f"anonymous q=*:* finds {v.get('anonymous_package_search_count')}, "
        f"{v['workflow_events']} workflow events; load {load.get('seconds', '?')} s "
        f"({load.get('datasets_per_s', '?')} datasets/s)"
    )
    m = results["machine"]
    print(
        f"load average before loading {m.get('loadavg_before_load')}, start {m['loadavg_start']}, "
        f"end {m['loadavg_end']}; commit {m.get('git_commit')}"
    )
    print("HTTP with the result cache off unless 'cached'; 'distinct' = every request another query")
    print(
        f"{'query':18s} {'hits':>7s} | {'rep p50':>8s} {'p95':>8s} | {'dist p50':>8s} {'p95':>8s} | "
        f"{'inproc p50':>10s} {'backend':>8s} {'sql':>7s} | {'cached p50':>10s} {'dist cached p50':>15s}"
    )
    nan = float("nan")
    for name, q in results["queries"].items():
        ip = q.get("inprocess", {})
        d = q.get("distinct", {})
        print(
            f"{name:18s} {str(q['hits']):>7s} | {q['p50_ms']:8.2f} {q['p95_ms']:8.2f} | "
            f"{d.get('p50_ms', nan):8.2f} {d.get('p95_ms', nan):8.2f} | "
            f"{ip.get('p50_ms', nan):10.2f} "
            f"{ip.get('backend_search', {}).get('p50_ms', nan):8.2f} "
            f"{ip.get('backend_sql', {}).get('p50_ms', nan):7.2f} | "
            f"{q.get('http_cached', {}).get('p50_ms', nan):10.2f} "
            f"{d.get('http_cached', {}).get('p50_ms', nan):15.2f}"
        )


if __name__ == "__main__":
    main()
