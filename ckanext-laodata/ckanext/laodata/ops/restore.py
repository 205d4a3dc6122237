"""``scripts/restore``: put a backup (``backup.py``) back into the portal.

Everything is checked before anything is written (``check``): the manifest and
every file's SHA-256 (``manifest.verify``), that the backup was made by a
version of laodata this code can migrate from and the same CKAN release, that
each dump is a whole PostgreSQL dump, and that the portal has a database for
each dump and a storage for the files. Each problem names the backup's file.

Then (``write``): the files are staged inside the storage; each database is
replaced in one transaction (old content dropped only if the dump loads
whole); the staged files replace the storage's. The command line then runs,
each as its own ``ckan`` process, CKAN's and laodata's migrations, a rebuild
of the search index and ``ckan laodata backup check`` (index consistent,
every file as uploaded).
"""

from __future__ import annotations

import datetime
import pathlib
import shutil
import subprocess
import sys
import time
from typing import Any

import ckan
import ckan.model as model

from . import manifest, postgres, sources
from .manifest import MANIFEST, BackupError


def _release(version: Any) -> str:
    return ".".join(str(version or "").split(".")[:2])


def check(source: pathlib.Path) -> dict[str, Any]:
    """Every check of the module's doc; the manifest, or a BackupError naming the file."""
    found = manifest.verify(source)
    revision = found.get("laodata_revision")
    if revision is not None and revision not in sources.known_revisions():
        raise BackupError(
            MANIFEST,
            f"a backup of another version of laodata (database migration {revision}, made by "
            f"ckanext-laodata {found.get('laodata_version')}), which this code cannot migrate from: "
            "restore it with the version that made it",
        )
    if _release(found.get("ckan_version")) != _release(ckan.__version__):
        raise BackupError(
            MANIFEST,
            f"a backup of CKAN {found.get('ckan_version')}; this portal runs CKAN {ckan.__version__}",
        )
    targets = sources.databases()
    dumps = found.get("databases")
    if not isinstance(dumps, dict) or "ckan" not in dumps:
        raise BackupError(MANIFEST, "lists no dump of the CKAN database")
    for name, relative in sorted(dumps.items()):
        if relative not in found["files"]:
            raise BackupError(MANIFEST, f"names the dump {relative!r}, which is not among its files")
        if name not in targets:
            raise BackupError(
                relative,
                "a dump of the DataStore database, but this portal has none "
                "(set ckan.datastore.write_url first)"
                if name == "datastore"
                else f"a dump of a database ({name}) this portal does not have",
            )
        postgres.check_dump(source / relative, relative)
    if found.get("storage_files") and sources.storage_path() is None:
        raise BackupError("storage", "the backup holds files but ckan.storage_path is not set")
    return found


def _stage(source: pathlib.Path, storage: pathlib.Path, stamp: str) -> pathlib.Path:
    """Copy the backup's files into a work folder inside the storage (same file system)."""
    staged = storage / f"{sources.WORK_PREFIX}restore-{stamp}"
    storage.mkdir(parents=True, exist_ok=True)
    if (source / "storage").is_dir():
        shutil.copytree(source / "storage", staged)
    else:
        staged.mkdir()
    return staged


def _swap(storage: pathlib.Path, staged: pathlib.Path, stamp: str) -> None:
    """The staged files replace the storage's (renames within the storage, which may be a mount point)."""
    old = storage / f"{sources.WORK_PREFIX}old-{stamp}"
    old.mkdir()
    for entry in list(storage.iterdir()):
        if not entry.name.startswith(sources.WORK_PREFIX):
            entry.rename(old / entry.name)
    for entry in list(staged.iterdir()):
        entry.rename(storage / entry.name)
    staged.rmdir()
    shutil.rmtree(old)


def write(source: pathlib.Path, found: dict[str, Any]) -> None:
    """Replace the databases and the storage by the backup's (after ``check``)."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    storage = sources.storage_path()
    staged = _stage(source, storage, stamp) if storage is not None else None
    # this process's own connections must not hold locks on what the restore drops
    model.Session.remove()
    if model.meta.engine is not None:
        model.meta.engine.dispose()
    targets = sources.databases()
    try:
        for name, relative in sorted(found["databases"].items()):
            postgres.restore(targets[name], source / relative)
    except Exception:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise
    if storage is not None and staged is not None:
        _swap(storage, staged, stamp)


def ckan_command() -> list[str]:
    """This installation's ``ckan`` command (beside the running Python)."""
    beside = pathlib.Path(sys.executable).with_name("ckan")
    return [str(beside)] if beside.exists() else ["ckan"]


# After the write, each in its own process (a fresh start on the restored database).
AFTER = (
    ("CKAN's migrations", ["db", "upgrade"]),
    ("the plugins' migrations", ["db", "pending-migrations", "--apply"]),
    ("laodata's migrations", ["db", "upgrade", "-p", "laodata"]),
    ("rebuilding the search index", ["search-index", "rebuild"]),
    ("checking the index and every file", ["laodata", "backup", "check"]),
)


def after(ini: str, say: Any) -> tuple[int, str]:
    """Run the steps of ``AFTER``: the exit code and name of the first that fails ((0, "") if none)."""
    for what, args in AFTER:
        say(what)
        started = time.monotonic()
        done = subprocess.run([*ckan_command(), "-c", ini, *args], check=False)
        if done.returncode != 0:
            return done.returncode, what
        say(f"{what}: done in {time.monotonic() - started:.1f} s")
    return 0, ""
