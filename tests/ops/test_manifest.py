"""A backup's manifest and the configuration it keeps (no database needed):
every way a backup can be bad is a BackupError naming the file; secrets never
reach the backup's copy of the configuration."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

from ckanext.laodata.ops import manifest, redact
from ckanext.laodata.ops.manifest import BackupError


@pytest.fixture
def backup(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "backup"
    (root / "db").mkdir(parents=True)
    (root / "db" / "ckan.dump").write_bytes(b"PGDMP" + bytes(range(256)))
    (root / "storage" / "resources" / "abc").mkdir(parents=True)
    (root / "storage" / "resources" / "abc" / "def").write_bytes("ຂໍ້ມູນ".encode())
    manifest.write(root, {"databases": {"ckan": "db/ckan.dump"}})
    return root


def _refused(root: pathlib.Path) -> BackupError:
    with pytest.raises(BackupError) as caught:
        manifest.verify(root)
    return caught.value


def test_a_whole_backup_passes(backup: pathlib.Path) -> None:
    found = manifest.verify(backup)
    assert sorted(found["files"]) == ["db/ckan.dump", "storage/resources/abc/def"]


def _rewrite(root: pathlib.Path, change: dict[str, object]) -> None:
    """A manifest changed and its checksum made to agree (a careful forgery or another version)."""
    found = json.loads((root / "manifest.json").read_text())
    found.update(change)
    found["checksum"] = manifest._self_checksum(found)
    (root / "manifest.json").write_text(json.dumps(found))


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "db/../../x", "db//ckan.dump", "", "storage\\x"]
)
def test_a_manifest_naming_a_file_outside_the_backup_is_refused(backup: pathlib.Path, name: str) -> None:
    found = json.loads((backup / "manifest.json").read_text())
    _rewrite(backup, {"files": {**found["files"], name: {"sha256": "0" * 64, "size": 1}}})
    error = _refused(backup)
    assert error.file == "manifest.json" and "outside the backup" in error.message


def test_a_symlink_in_place_of_a_file_is_refused(backup: pathlib.Path, tmp_path: pathlib.Path) -> None:
    target = backup / "storage" / "resources" / "abc" / "def"
    (tmp_path / "elsewhere").write_bytes(target.read_bytes())
    target.unlink()
    os.symlink(tmp_path / "elsewhere", target)
    assert _refused(backup).file == "storage/resources/abc/def"


@pytest.mark.parametrize("text", ["", "{", "[]", '{"files": 3}', "\xff"])
def test_a_manifest_that_is_not_one_is_refused(backup: pathlib.Path, text: str) -> None:
    (backup / "manifest.json").write_text(text, encoding="latin-1")
    assert _refused(backup).file == "manifest.json"


def test_a_changed_byte_is_named(backup: pathlib.Path) -> None:
    path = backup / "db" / "ckan.dump"
    body = bytearray(path.read_bytes())
    body[10] ^= 1
    path.write_bytes(bytes(body))
    error = _refused(backup)
    assert (error.file, "SHA-256 does not match" in error.message) == ("db/ckan.dump", True)


def test_another_format_is_refused(backup: pathlib.Path) -> None:
    _rewrite(backup, {"format": 2})
    assert "format 2" in _refused(backup).message


def test_no_directory(tmp_path: pathlib.Path) -> None:
    with pytest.raises(BackupError, match="no such backup directory"):
        manifest.verify(tmp_path / "nothing")


INI = """[app:main]
use = egg:ckan
SECRET_KEY = s3cr3t-value
beaker.session.secret = another
sqlalchemy.url = postgresql://ckan:pa:ss@db.internal:5432/ckan
ckan.datastore.write_url = postgresql://writer:w-pass@db/datastore
ckan.redis.url = redis://:redis-pass@redis:6379/0
smtp.password =
ckanext.some.api_key = k-123
multi.token = first
  continued-secret
ckan.site_url = https://data.example.gov.la
# password = not a setting
"""


def test_secrets_are_redacted_and_listed() -> None:
    text, keys = redact.redact(INI)
    for secret in (
        "s3cr3t-value",
        "another",
        "pa:ss",
        "w-pass",
        "redis-pass",
        "k-123",
        "first",
        "continued-secret",
    ):
        assert secret not in text, secret
    assert (
        "https://data.example.gov.la" in text and "postgresql://ckan:<redacted>@db.internal:5432/ckan" in text
    )
    assert keys == [
        "app:main:SECRET_KEY",
        "app:main:beaker.session.secret",
        "app:main:sqlalchemy.url",
        "app:main:ckan.datastore.write_url",
        "app:main:ckan.redis.url",
        "app:main:ckanext.some.api_key",
        "app:main:multi.token",
    ]
    assert "# password = not a setting" in text
