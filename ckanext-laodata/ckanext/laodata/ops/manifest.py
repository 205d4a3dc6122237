"""A backup's manifest: what a backup holds and the SHA-256 of every file in it.

A backup is a directory::

    manifest.json          this manifest (written last: no manifest, no backup)
    db/ckan.dump           pg_dump (custom format) of the CKAN database
    db/datastore.dump      the same of the DataStore database, when one is configured
    storage/...            every file of ``ckan.storage_path``
    config/ckan.ini        the configuration with its secrets redacted

``verify`` checks a backup before anything is written: the manifest is whole
and unedited (it carries the SHA-256 of its own content), and every file it
lists is there with its size and SHA-256, and nothing else is. Each problem
is a ``BackupError`` naming the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
from typing import Any

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be restored; ``file`` is the backup's file at fault
    (relative to the backup's directory)."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def sha256_of(path: str | pathlib.Path) -> tuple[str, int]:
    """The file's SHA-256 (hex) and size in bytes, read in chunks (also the
    stored uploads' checksum, ops/files.py)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _self_checksum(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_in(directory: pathlib.Path) -> list[str]:
    """Every file under ``directory`` (but the manifest), as sorted POSIX paths relative to it."""
    found = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        for name in names:
            relative = (pathlib.Path(root) / name).relative_to(directory).as_posix()
            if relative != MANIFEST:
                found.append(relative)
    return sorted(found)


def write(directory: pathlib.Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``manifest.json``: ``meta`` plus the format, each file's size and SHA-256,
    and the manifest's own checksum. Returns the manifest."""
    files = {}
    for relative in files_in(directory):
        sha256, size = sha256_of(directory / relative)
        files[relative] = {"sha256": sha256, "size": size}
    manifest = {**meta, "format": FORMAT, "files": files}
    manifest["checksum"] = _self_checksum(manifest)
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    tmp.rename(directory / MANIFEST)
    return manifest


def _safe(relative: Any) -> bool:
    """A path a manifest may name: relative, normalised, inside the backup."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\x00" in relative:
        return False
    path = pathlib.PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and path.as_posix() == relative


def read(directory: pathlib.Path) -> dict[str, Any]:
    """The manifest, whole and unedited, or a BackupError naming it."""
    path = directory / MANIFEST
    if not directory.is_dir():
        raise BackupError(str(directory), "no such backup directory")
    if not path.is_file():
        raise BackupError(MANIFEST, "missing: not a complete backup (the manifest is written last)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(MANIFEST, f"not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BackupError(MANIFEST, "not a laodata backup manifest (no list of files)")
    if manifest.get("checksum") != _self_checksum(manifest):
        raise BackupError(
            MANIFEST, "edited after the backup was made (its checksum does not match its content)"
        )
    if manifest.get("format") != FORMAT:
        raise BackupError(
            MANIFEST,
            f"backup format {manifest.get('format')!r}; this version of laodata reads format {FORMAT}",
        )
    return manifest


def verify(directory: pathlib.Path) -> dict[str, Any]:
    """Check the whole backup before anything is written (see the module's doc);
    the first problem found is raised as a BackupError naming its file."""
    manifest = read(directory)
    listed: dict[str, Any] = manifest["files"]
    for relative, expected in sorted(listed.items()):
        if not _safe(relative) or not isinstance(expected, dict):
            raise BackupError(
                MANIFEST, f"names a file outside the backup or without a checksum: {relative!r}"
            )
        path = directory / relative
        if path.is_symlink() or not path.is_file():
            raise BackupError(relative, "missing from the backup")
        sha256, size = sha256_of(path)
        if size != expected.get("size"):
            raise BackupError(
                relative, f"{size} bytes, the manifest says {expected.get('size')}: truncated or changed"
            )
        if sha256 != expected.get("sha256"):
            raise BackupError(relative, "SHA-256 does not match the manifest: the file is corrupt or changed")
    extra = sorted(set(files_in(directory)) - set(listed) - {MANIFEST + ".tmp"})
    if extra:
        raise BackupError(extra[0], "not in the manifest: the backup was changed after it was made")
    return manifest
