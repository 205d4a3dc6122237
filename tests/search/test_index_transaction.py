"""Index writes belong to the database transaction of the change they index
(issue 15, item 4): a change that fails to commit, is rolled back or whose
process is killed between its index write and its commit leaves the index as
the database is; a committed change is in the index.

CKAN's actions index a dataset just before they commit; a ``before_commit``
listener on CKAN's session runs after the index write and before the commit,
which is where these tests fail or stop a write. Each test first checks that the index write really
happened inside the transaction (the uncommitted row is read through the
transaction's own connection), so none passes because nothing was written.
"""

from __future__ import annotations

import json
import os
import pathlib
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.model import meta
from ckan.tests import factories, helpers

from tests.published import published_dataset, site_context

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def act(action: str, **params: Any) -> Any:
    return helpers.call_action(action, context=site_context(), **params)


def indexed(name: str, conn: Any = None) -> dict[str, Any] | None:
    """The index's row for a dataset name: title and metadata_modified (None if absent)."""
    sql = sa.text(
        "SELECT id, title_string, metadata_modified, state FROM laodata_search.document WHERE name = :n"
    )
    row = (conn or model.Session).execute(sql, {"n": name}).mappings().first()
    return dict(row) if row else None


def in_database(name: str) -> dict[str, Any] | None:
    sql = sa.text("SELECT id, title, metadata_modified, state FROM package WHERE name = :n")
    row = model.Session.execute(sql, {"n": name}).mappings().first()
    return dict(row) if row else None


def agree(name: str) -> None:
    """Database and index hold the same dataset (or neither holds it)."""
    model.Session.rollback()  # a fresh snapshot
    db, ix = in_database(name), indexed(name)
    if db is None or db["state"] == "deleted":
        assert ix is None, (db, ix)
        return
    assert ix is not None, db
    assert (ix["id"], ix["title_string"], ix["state"]) == (db["id"], db["title"], db["state"])
    # the index writes CKAN's Solr date string: 2026-12-07T23:00:00.123456Z
    assert ix["metadata_modified"].rstrip("Z") == db["metadata_modified"].isoformat()


def found(q: str) -> list[str]:
    result = helpers.call_action("package_search", q=q, include_private=True, context=site_context())
    return sorted(r["name"] for r in result["results"])


@pytest.fixture
def fail_after_indexing() -> Iterator[Callable[[str], list[Any]]]:
    """Make the next commit fail after CKAN indexed: returns what the index held
    for the named dataset, read inside the failing transaction."""
    seen: list[Any] = []
    armed: dict[str, str] = {}

    def listener(session: Any) -> None:
        name = armed.pop("name", None)
        if name is not None:
            seen.append(indexed(name, session))
            raise RuntimeError("the commit fails after the index write")

    def arm(name: str) -> list[Any]:
        armed["name"] = name
        return seen

    sa.event.listen(meta.Session, "before_commit", listener)
    try:
        yield arm
    finally:
        sa.event.remove(meta.Session, "before_commit", listener)


def test_failed_update_leaves_the_index_as_before(fail_after_indexing: Any) -> None:
    org = factories.Organization()
    ds = published_dataset(name="rice", title="Rice production", owner_org=org["id"])
    agree("rice")
    seen = fail_after_indexing("rice")

    with pytest.raises(RuntimeError):
        act("package_patch", id=ds["id"], title="Maize yields")
    model.Session.rollback()

    assert seen and seen[0]["title_string"] == "Maize yields"  # written, in the transaction
    agree("rice")
    assert indexed("rice")["title_string"] == "Rice production"
    assert found("maize") == []
    assert found("rice") == ["rice"]

    act("package_patch", id=ds["id"], title="Maize yields")  # a commit that succeeds
    agree("rice")
    assert found("maize") == ["rice"]


def test_failed_create_leaves_no_index_entry(fail_after_indexing: Any) -> None:
    org = factories.Organization()
    seen = fail_after_indexing("never")

    with pytest.raises(RuntimeError):
        act("package_create", name="never", title="Never committed", owner_org=org["id"])
    model.Session.rollback()

    assert seen and seen[0] is not None and seen[0]["title_string"] == "Never committed"
    assert in_database("never") is None
    assert indexed("never") is None
    assert found("committed") == []


def test_failed_delete_keeps_the_index_entry(fail_after_indexing: Any) -> None:
    org = factories.Organization()
    ds = published_dataset(name="ferry", title="Ferry schedule", owner_org=org["id"])
    seen = fail_after_indexing("ferry")

    with pytest.raises(RuntimeError):
        act("package_delete", id=ds["id"])
    model.Session.rollback()

    assert seen == [None]  # the delete reached the index, in the transaction
    agree("ferry")
    assert found("ferry") == ["ferry"]

    act("package_delete", id=ds["id"])
    agree("ferry")
    assert found("ferry") == []


def test_failed_purge_keeps_the_index_entry(fail_after_indexing: Any) -> None:
    org = factories.Organization()
    ds = published_dataset(name="purged", title="Purged schedule", owner_org=org["id"])
    seen = fail_after_indexing("purged")

    with pytest.raises(RuntimeError):
        act("dataset_purge", id=ds["id"])
    model.Session.rollback()

    assert seen == [None]
    agree("purged")
    assert found("purged") == ["purged"]

    act("dataset_purge", id=ds["id"])
    agree("purged")
    assert in_database("purged") is None
    assert found("purged") == []


def test_failed_resource_change_leaves_the_index_as_before(fail_after_indexing: Any) -> None:
    """A resource added (as the DataStore's flag and uploads do, through
    resource_create/resource_patch) is indexed with its dataset's commit."""
    org = factories.Organization()
    ds = published_dataset(name="tables", title="Tables", owner_org=org["id"])
    fail_after_indexing("tables")

    with pytest.raises(RuntimeError):
        act("resource_create", package_id=ds["id"], url="http://example.org/a.csv", format="CSV", name="a")
    model.Session.rollback()

    agree("tables")
    assert found("res_format:CSV") == []
    act("resource_create", package_id=ds["id"], url="http://example.org/a.csv", format="CSV", name="a")
    agree("tables")
    assert found("res_format:CSV") == ["tables"]


def test_rollback_of_a_deferred_commit_writes_nothing() -> None:
    org = factories.Organization()
    ds = published_dataset(name="bus", title="Bus schedule", owner_org=org["id"])
    context = {**site_context(), "defer_commit": True}
    helpers.call_action("package_patch", context=context, id=ds["id"], title="Tram schedule")
    model.Session.rollback()
    agree("bus")
    assert found("tram") == []


# --- a write killed between its index write and its commit ----------------------

KILLED_WRITE = """
import json, sys, time
import sqlalchemy as sa
from ckan.cli import load_config
from ckan.config.middleware import make_app
from ckan.model import meta
import ckan.plugins.toolkit as tk

app = make_app(load_config(sys.argv[1]))
action, params = sys.argv[2], json.loads(sys.argv[3])

def stop_here(session):
    # runs in the commit, after the action wrote the index in this transaction
    row = session.execute(
        sa.text("SELECT title_string FROM laodata_search.document WHERE name = :n"), {"n": params["name"]}
    ).first()
    pid = session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    print(json.dumps({"indexed": row[0] if row else None, "backend": pid}), flush=True)
    time.sleep(600)

with app._wsgi_app.test_request_context():
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    sa.event.listen(meta.Session, "before_commit", stop_here)
    tk.get_action(action)({"user": user, "ignore_auth": True}, params)
print("committed", flush=True)
"""


def kill_between_index_and_commit(action: str, **params: Any) -> dict[str, Any]:
    """Run ``action`` in another process and SIGKILL it once its index write is
    made and its commit not; return what it saw in the index just before."""
    model.Session.remove()  # hold no snapshot or lock the other process could wait on
    ini = ROOT / "config" / "test.ini"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITE, str(ini), action, json.dumps(params)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 180
        line = ""
        while not line.startswith("{"):
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "the write did not reach its commit in time"
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "the writer exited"
        seen: dict[str, Any] = json.loads(line)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # PostgreSQL ends the dead client's transaction (a rollback) when it sees the socket close
    deadline = time.monotonic() + 60
    while model.Session.execute(
        sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": seen["backend"]}
    ).scalar():
        assert time.monotonic() < deadline, "the killed writer's transaction is still open"
        model.Session.rollback()
        time.sleep(0.2)
    model.Session.rollback()
    return seen


def test_update_killed_between_index_write_and_commit() -> None:
    org = factories.Organization()
    ds = published_dataset(name="rice", title="Rice production", owner_org=org["id"])

    seen = kill_between_index_and_commit("package_patch", id=ds["id"], name="rice", title="Maize yields")

    assert seen["indexed"] == "Maize yields"  # the index write was made before the kill
    agree("rice")
    assert indexed("rice")["title_string"] == "Rice production"
    assert found("maize") == []
    act("package_patch", id=ds["id"], title="Maize yields")  # nothing left locked
    agree("rice")
    assert found("maize") == ["rice"]


def test_create_killed_between_index_write_and_commit() -> None:
    org = factories.Organization()
    model.Session.commit()

    seen = kill_between_index_and_commit(
        "package_create", name="orphan", title="Never committed", owner_org=org["id"]
    )

    assert seen["indexed"] == "Never committed"
    assert in_database("orphan") is None
    agree("orphan")
    assert found("committed") == []
