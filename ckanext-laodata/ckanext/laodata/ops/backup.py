"""``scripts/backup``: the portal's databases, file storage and configuration
(secrets redacted) into one directory, with a manifest (``manifest.py``).

The databases are dumped first and the files copied after, so every file a
dump's resources name is in the backup (CKAN never deletes an upload's file).
The manifest is written last: a backup cut short has none, and a restore
refuses it.
"""

from __future__ import annotations

import datetime
import pathlib
import shutil
import time
from typing import Any

from . import manifest, postgres, redact, sources


def _copy_storage(source: pathlib.Path, target: pathlib.Path) -> int:
    """Copy every regular file of the storage; returns how many."""
    count = 0
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if relative.parts[0].startswith(sources.WORK_PREFIX) or path.is_symlink() or not path.is_file():
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / relative)
        count += 1
    return count


def create(target: pathlib.Path) -> dict[str, Any]:
    """Make a backup in ``target`` (a new or empty directory); returns the manifest
    plus ``seconds``. Raises ``ValueError`` when ``target`` is not usable and
    ``postgres.DatabaseError`` when a dump fails."""
    started = time.monotonic()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ValueError(f"{target}: exists and is not an empty directory")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)  # the dumps hold every account's hashed password and the unpublished data
    meta: dict[str, Any] = {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        **sources.versions(),
        "databases": {},
    }
    (target / "db").mkdir()
    for name, url in sources.databases().items():
        relative = f"db/{name}.dump"
        postgres.dump(url, target / relative)
        meta["databases"][name] = relative
    storage = sources.storage_path()
    meta["storage"] = "storage" if storage is not None else None
    meta["storage_files"] = _copy_storage(storage, target / "storage") if storage and storage.is_dir() else 0
    ini = sources.config_file()
    meta["config"] = None
    meta["redacted"] = []
    if ini is not None:
        text, meta["redacted"] = redact.redact(ini.read_text(encoding="utf-8"))
        (target / "config").mkdir()
        (target / "config" / ini.name).write_text(text, encoding="utf-8")
        meta["config"] = f"config/{ini.name}"
    written = manifest.write(target, meta)
    return {**written, "seconds": round(time.monotonic() - started, 2)}
