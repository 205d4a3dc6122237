"""The restore drill (issue 14, item 2): back up a loaded portal, wipe, restore.

The portal is the suite's test database, loaded through the actions (units,
a catalog, datasets in every workflow status with their events, uploaded
files); ``scripts/backup`` backs it up, and ``scripts/restore`` restores it
into a scratch database and storage of its own (already holding a portal, so
the restore must wipe it), never another suite's test database. Then every
row of every table, every file, the search index and what an anonymous
visitor finds are as before. Bad backups stop before anything is written,
naming the file.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
from typing import Any

import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.ops import files, manifest
from tests.factories import add_file, site_context
from tests.ops import drill
from tests.published import move, move_to
from tests.quality.fixtures import province

pytestmark = [pytest.mark.restore_drill, pytest.mark.usefixtures("with_plugins")]

STATUSES = ("draft", "submitted", "returned", "approved", "published")
# bytes that must come back identical: text in Lao, a binary blob, an empty file
FILES = {
    "draft": ("ຂໍ້ມູນ.csv", "name,ຊື່\n1,ວຽງຈັນ\n".encode()),
    "submitted": ("blob.csv", bytes(range(256)) * 40),
    "approved": ("empty.csv", b""),
    "published": ("open.csv", b"a,b\n1,2\n3,4\n"),
}


@pytest.fixture
def storage(clean_db: Any, ckan_config: Any, tmp_path: pathlib.Path) -> pathlib.Path:
    """The portal's uploads go to a storage of this test."""
    path = tmp_path / "storage"
    path.mkdir()
    ckan_config["ckan.storage_path"] = str(path)
    helpers.call_action("job_clear")
    return path


def _load() -> dict[str, Any]:
    """A small province: a unit with a catalog, datasets in every status (one
    withdrawn and published again), uploaded files, a second unit."""
    units = province()
    other = factories.Organization(name="dept-edu")
    made = {}
    for status in STATUSES:
        dataset = factories.Dataset(
            context=site_context(),
            name=f"drill-{status}",
            title=f"Drill {status}",
            owner_org=units["org"]["id"] if status != "returned" else other["id"],
            access_level="open",
            security_level="1",
            **({"catalog_code": "HEA-001"} if status == "published" else {}),
        )
        if status in FILES:
            name, body = FILES[status]
            add_file(dataset["id"], body, name)
        made[status] = move_to(dataset["id"], status)
    move(made["published"]["id"], "unpublish", "Check the figures")
    move(made["published"]["id"], "publish")
    model.Session.commit()
    return made


DATASTORE_TABLE = """
CREATE TABLE datastore_table (_id serial PRIMARY KEY, district text, count int, measured date);
INSERT INTO datastore_table (district, count, measured)
VALUES ('ຈັນທະບູລີ', 3, '2026-01-02'), ('Sikhottabong', NULL, '2026-02-03');
"""


def _uploads() -> dict[str, bytes]:
    return {
        r.id: pathlib.Path(files.path_of(r.id)).read_bytes()
        for r in model.Session.query(model.Resource).filter_by(url_type="upload", state="active")
    }


def _portal(
    tmp_path: pathlib.Path, source_url: str, datastore: str | None = None
) -> tuple[pathlib.Path, str, pathlib.Path]:
    """The scratch portal a restore goes into: its ini, database URL and storage,
    holding a portal already (CKAN's tables, a file)."""
    url = drill.scratch_database(source_url, "drill")
    storage = tmp_path / "restored"
    storage.mkdir()
    (storage / "before-restore.txt").write_text("the old storage")
    ini = drill.write_ini(tmp_path / "target.ini", url, storage, datastore)
    done = drill.ckan(ini, "db", "init")
    assert done.returncode == 0, done.stderr
    return ini, url, storage


def test_restore_drill(storage: pathlib.Path, tmp_path: pathlib.Path) -> None:
    made = _load()
    source_url = str(tk.config["sqlalchemy.url"])
    before_files = _uploads()
    assert len(before_files) == len(FILES)
    # a DataStore database beside it (ckan.datastore.write_url), with a table of data
    datastore = drill.scratch_database(source_url, "drill_ds")
    drill.execute(datastore, DATASTORE_TABLE)
    source_ini = drill.write_ini(tmp_path / "source.ini", source_url, storage, datastore)
    backup = tmp_path / "backup"

    done = drill.run([str(drill.ROOT / "scripts" / "backup"), str(backup)], source_ini)
    assert done.returncode == 0, done.stderr
    written = json.loads((backup / "manifest.json").read_text())
    assert {"db/ckan.dump", "db/datastore.dump", "config/source.ini"} <= set(written["files"])
    assert "app:main:ckan.datastore.write_url" in written["redacted"]
    assert "app:main:SECRET_KEY" in written["redacted"]
    assert "laodata-test-secret" not in (backup / "config" / "source.ini").read_text()
    # every upload, and the security audit log, which lives in the storage (security/audit.py)
    stored = [f for f in storage.rglob("*") if f.is_file()]
    assert written["storage_files"] == len(stored)
    assert len([f for f in stored if "resources" in f.parts]) == len(FILES)

    # a portal without a DataStore database cannot take the backup: refused, naming the dump
    ini, url, target_storage = _portal(tmp_path, source_url)
    done = drill.ckan(ini, "laodata", "backup", "verify", str(backup))
    assert done.returncode == 2 and "db/datastore.dump: a dump of the DataStore database" in done.stderr

    target_datastore = drill.scratch_database(source_url, "drill_ds_target")
    drill.execute(target_datastore, "CREATE TABLE old_resource (x int)")
    ini = drill.write_ini(tmp_path / "target.ini", url, target_storage, target_datastore)
    try:
        done = drill.run([str(drill.ROOT / "scripts" / "restore"), str(backup), "--yes"], ini)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Search index consistent" in done.stdout + done.stderr

        # every row of every table (the index is rebuilt, the files' last check is new)
        names = drill.tables(source_url)
        assert drill.tables(url) == names
        assert {"laodata_catalog_entry", "laodata_workflow_event", "laodata_file_checksum"} <= set(names)
        skip = {"laodata_file_checksum": {"verified"}}
        assert drill.rows(url, names, skip) == drill.rows(source_url, names, skip)
        # the events table is append-only (a reset test database keeps earlier tests'
        # events): the drill's datasets' own events, 1+2+2+3, and withdrawn and published again
        ids = ", ".join(f"'{d['id']}'" for d in made.values())
        drill_events = f"SELECT count(*) FROM laodata_workflow_event WHERE package_id IN ({ids})"
        assert drill.scalar(url, drill_events) == drill.scalar(source_url, drill_events) == 10
        assert drill.scalar(url, "SELECT count(*) FROM laodata_catalog_entry") == 2

        # every file, byte for byte; the old storage is gone
        for resource_id, body in before_files.items():
            relative = pathlib.Path(files.path_of(resource_id)).relative_to(storage)
            assert (target_storage / relative).read_bytes() == body
        assert not (target_storage / "before-restore.txt").exists()
        assert not [p for p in target_storage.iterdir() if p.name.startswith(".laodata-")]

        # the index holds exactly the datasets, and anonymous visitors find only the published one
        indexed = drill.scalar(url, "SELECT array_agg(id ORDER BY id) FROM laodata_search.document")
        stored = drill.scalar(url, "SELECT array_agg(id ORDER BY id) FROM package WHERE state <> 'deleted'")
        assert indexed == stored and len(stored) == len(made)
        assert drill.anonymous_search(ini) == [["drill-published"], ["drill-published"]]

        # the DataStore database: its tables replaced by the backup's
        assert drill.tables(target_datastore) == drill.tables(datastore) == ["datastore_table"]
        assert drill.rows(target_datastore, ["datastore_table"]) == drill.rows(datastore, ["datastore_table"])
    finally:
        for scratch in (url, datastore, target_datastore):
            drill.drop_database(scratch)


# (what is done to the backup, the file the refusal names)
def _truncate(backup: pathlib.Path) -> str:
    dump = backup / "db" / "ckan.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    return "db/ckan.dump"


def _truncate_and_rewrite_manifest(backup: pathlib.Path) -> str:
    """A truncated dump whose manifest was made again (the checksums agree): pg_restore's read finds it."""
    found = json.loads((backup / "manifest.json").read_text())
    _truncate(backup)
    (backup / "manifest.json").unlink()
    meta = {k: v for k, v in found.items() if k not in ("files", "checksum", "format")}
    manifest.write(backup, meta)
    return "db/ckan.dump"


def _remove_a_file(backup: pathlib.Path) -> str:
    victim = [p for p in sorted((backup / "storage").rglob("*")) if p.is_file()]
    victim[0].unlink()
    return victim[0].relative_to(backup).as_posix()


def _edit_manifest(backup: pathlib.Path) -> str:
    path = backup / "manifest.json"
    text, edits = re.subn(
        r'"storage_files": (\d+)', lambda m: f'"storage_files": {int(m.group(1)) + 1}', path.read_text()
    )
    assert edits == 1
    path.write_text(text)
    return "manifest.json"


def _other_version(backup: pathlib.Path) -> str:
    """A genuine manifest (its checksum agrees) of a database at a migration this code does not have."""
    path = backup / "manifest.json"
    found = json.loads(path.read_text())
    found["laodata_revision"] = "0ddba11c0ffee"
    found["checksum"] = manifest._self_checksum(found)
    path.write_text(json.dumps(found))
    return "manifest.json"


def _no_manifest(backup: pathlib.Path) -> str:
    (backup / "manifest.json").unlink()  # a backup cut short: the manifest is written last
    return "manifest.json"


def _extra_file(backup: pathlib.Path) -> str:
    (backup / "storage" / "planted.sh").write_text("echo hi")
    return "storage/planted.sh"


DAMAGES = {
    "truncated dump": (_truncate, "truncated"),
    "truncated dump, manifest made again": (_truncate_and_rewrite_manifest, "not a complete PostgreSQL dump"),
    "file missing": (_remove_a_file, "missing from the backup"),
    "manifest edited": (_edit_manifest, "edited after the backup was made"),
    "another version": (_other_version, "another version of laodata"),
    "partial backup": (_no_manifest, "not a complete backup"),
    "file added": (_extra_file, "not in the manifest"),
}


def test_bad_backups_stop_before_writing(storage: pathlib.Path, tmp_path: pathlib.Path) -> None:
    unit = factories.Organization()
    dataset = factories.Dataset(context=site_context(), name="drill-one", owner_org=unit["id"])
    add_file(dataset["id"], b"a\n1\n", "one.csv")
    model.Session.commit()
    source_url = str(tk.config["sqlalchemy.url"])
    source_ini = drill.write_ini(tmp_path / "source.ini", source_url, storage)
    pristine = tmp_path / "backup"
    done = drill.ckan(source_ini, "laodata", "backup", "create", str(pristine))
    assert done.returncode == 0, done.stderr

    ini, url, target_storage = _portal(tmp_path, source_url)
    drill.pg_super("CREATE TABLE drill_marker (x int)", drill.make_url(url).database)
    try:
        wrong = []
        for what, (damage, words) in DAMAGES.items():
            backup = tmp_path / what.replace(" ", "-").replace(",", "")
            shutil.copytree(pristine, backup)
            named = damage(backup)
            done = drill.ckan(ini, "laodata", "backup", "restore", str(backup), "--yes")
            said = done.stdout + done.stderr
            if done.returncode != 2 or f"{named}:" not in said or words not in said:
                wrong.append(f"{what}: exit {done.returncode}, expected '{named}: ...{words}': {said[-400:]}")
        assert not wrong, "\n".join(wrong)
        # nothing was written: the target's own table and file are still there, no work folder left
        assert drill.scalar(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'drill_marker'") == 1
        assert (target_storage / "before-restore.txt").exists()
        assert [p.name for p in target_storage.iterdir()] == ["before-restore.txt"]
    finally:
        drill.drop_database(url)


def test_a_file_changed_before_the_backup_is_reported_after_the_restore(
    storage: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    """The backup keeps the file as the storage had it; the SHA-256 recorded at its
    upload travels in the database, so the restore's check finds the change."""
    dataset = factories.Dataset(
        context=site_context(), name="drill-tampered", owner_org=factories.Organization()["id"]
    )
    resource = add_file(dataset["id"], b"a\n1\n", "one.csv")
    model.Session.commit()
    pathlib.Path(files.path_of(resource["id"])).write_bytes(b"a\n666\n")
    source_url = str(tk.config["sqlalchemy.url"])
    backup = tmp_path / "backup"
    done = drill.ckan(
        drill.write_ini(tmp_path / "source.ini", source_url, storage),
        "laodata",
        "backup",
        "create",
        str(backup),
    )
    assert done.returncode == 0, done.stderr

    ini, url, _target_storage = _portal(tmp_path, source_url)
    try:
        done = drill.ckan(ini, "laodata", "backup", "restore", str(backup), "--yes")
        assert done.returncode == 1, done.stdout + done.stderr
        assert f"Stored file changed: resource {resource['id']} of dataset drill-tampered" in done.stderr
        assert "restored, but checking the index and every file failed" in done.stderr
        assert (
            drill.scalar(url, "SELECT state FROM laodata_file_checksum") == "changed"
        )  # for the sysadmins' page
    finally:
        drill.drop_database(url)
