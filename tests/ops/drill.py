"""What the restore tests share: a scratch portal (its own database and storage,
never the test database of another suite), the ``ckan`` and ``scripts/``
commands run against an ini, and a database's content as comparable rows."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url  # noqa: F401 - used by the tests too

ROOT = pathlib.Path(__file__).resolve().parents[2]
CKAN = str(pathlib.Path(sys.executable).with_name("ckan"))


def write_ini(
    path: pathlib.Path, url: str, storage: pathlib.Path, datastore: str | None = None
) -> pathlib.Path:
    """config/test.ini with another database and storage (and a DataStore database)."""
    text = (ROOT / "config" / "test.ini").read_text(encoding="utf-8")
    text = re.sub(r"^sqlalchemy\.url = .*$", f"sqlalchemy.url = {url}", text, flags=re.M)
    text = re.sub(r"^ckan\.storage_path = .*$", f"ckan.storage_path = {storage}", text, flags=re.M)
    # the scratch portal runs without the DataStore's plugins (the backup only reads the
    # write URL) and never points at the test suite's own DataStore database
    text = re.sub(
        r"^(ckan\.plugins = .*)$",
        lambda m: m.group(1).replace(" datastore xloader datatables_view laodata_chart_view", ""),
        text,
        flags=re.M,
    )
    text = re.sub(r"^ckan\.datastore\.(write|read)_url = .*\n", "", text, flags=re.M)
    if datastore:
        text = text.replace("\n[loggers]", f"\nckan.datastore.write_url = {datastore}\n\n[loggers]", 1)
    path.write_text(text, encoding="utf-8")
    return path


def env(ini: pathlib.Path | None = None) -> dict[str, str]:
    """The environment of a command: the ini's database, not scripts/test's override."""
    overrides = (
        "CKAN_SQLALCHEMY_URL",
        "CKAN_STORAGE_PATH",
        "CKAN_DATASTORE_WRITE_URL",
        "CKAN_DATASTORE_READ_URL",
    )
    found = {k: v for k, v in os.environ.items() if k not in overrides}
    if ini is not None:
        found["LAODATA_INI"] = str(ini)
    return found


def run(
    args: list[str], ini: pathlib.Path | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=env(ini), capture_output=True, text=True, timeout=timeout, check=False
    )


def ckan(ini: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([CKAN, "-c", str(ini), *args])


def pg_super(sql: str, database: str = "postgres") -> None:
    cmd = ["psql", "-v", "ON_ERROR_STOP=1", "-qAt", "-d", database, "-c", sql]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True)


def execute(url: str, sql: str) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


def scratch_database(source_url: str, suffix: str) -> str:
    """A new empty database beside ``source_url``'s, owned by the same role; its URL."""
    url = make_url(source_url)
    name = f"{url.database}_{suffix}"
    pg_super(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg_super(f'CREATE DATABASE "{name}" OWNER "{url.username}" ENCODING \'UTF8\' TEMPLATE template0')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    pg_super(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def rows(
    url: str, tables: list[str], skip_columns: dict[str, set[str]] | None = None
) -> dict[str, list[str]]:
    """Each table's rows as sorted JSON texts (every column but those skipped)."""
    engine = sa.create_engine(url)
    out: dict[str, list[str]] = {}
    try:
        with engine.connect() as conn:
            for table in tables:
                found = []
                for (row,) in conn.execute(sa.text(f'SELECT row_to_json(t)::text FROM "{table}" t')):
                    data: dict[str, Any] = json.loads(row)
                    for column in (skip_columns or {}).get(table, set()):
                        data.pop(column, None)
                    found.append(json.dumps(data, sort_keys=True))
                out[table] = sorted(found)
    finally:
        engine.dispose()
    return out


def tables(url: str) -> list[str]:
    """The tables of the schema ``public``."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(
                r[0]
                for r in conn.execute(
                    sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
                )
            )
    finally:
        engine.dispose()


def scalar(url: str, sql: str) -> Any:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()


ANONYMOUS_SEARCH = """
import json, sys
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
client = app._wsgi_app.test_client()
found = []
for q in ("*:*", "drill"):
    answer = client.get("/api/3/action/package_search", query_string={"q": q, "rows": 1000})
    found.append(sorted(d["name"] for d in answer.get_json()["result"]["results"]))
print(json.dumps(found))
"""


def anonymous_search(ini: pathlib.Path) -> list[list[str]]:
    """The names an anonymous visitor finds through the search API of the portal of ``ini``
    (all datasets, then the word ``drill``)."""
    done = run([sys.executable, "-c", ANONYMOUS_SEARCH, str(ini)])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
