"""What a backup copies and a restore replaces, read from the portal's configuration:
its databases, its file storage, its configuration file, and the versions of
the code and of the database schema."""

from __future__ import annotations

import os
import pathlib
import re
from importlib import metadata

import sqlalchemy as sa

import ckan
import ckan.model as model
import ckan.plugins.toolkit as tk

MIGRATIONS = pathlib.Path(__file__).resolve().parent.parent / "migration" / "laodata" / "versions"
DATASTORE_URL = "ckan.datastore.write_url"
# folders inside the storage a restore works in (never part of a backup)
WORK_PREFIX = ".laodata-"


def databases() -> dict[str, str]:
    """{name in the backup: URL}: the CKAN database, and the DataStore's when
    ``ckan.datastore.write_url`` names another database."""
    found = {"ckan": str(tk.config["sqlalchemy.url"])}
    # declared only when the datastore plugin is loaded: asked only then (no warning otherwise)
    datastore = str(tk.config[DATASTORE_URL] or "").strip() if DATASTORE_URL in tk.config else ""
    if datastore and datastore != found["ckan"]:
        found["datastore"] = datastore
    return found


def storage_path() -> pathlib.Path | None:
    path = (tk.config.get("ckan.storage_path") or "").strip()
    return pathlib.Path(path).resolve() if path else None


def config_file() -> pathlib.Path | None:
    path = tk.config.get("__file__")
    return pathlib.Path(path) if path and os.path.isfile(path) else None


def _scalar(sql: str) -> str | None:
    try:
        value = model.Session.execute(sa.text(sql)).scalar()
    except sa.exc.ProgrammingError:  # the table does not exist
        model.Session.rollback()
        return None
    return str(value) if value is not None else None


def versions() -> dict[str, str | None]:
    """The code's and the database's versions, as a manifest records them."""
    try:
        laodata_version: str | None = metadata.version("ckanext-laodata")
    except metadata.PackageNotFoundError:
        laodata_version = None
    return {
        "ckan_version": ckan.__version__,
        "laodata_version": laodata_version,
        "ckan_revision": _scalar("SELECT version_num FROM alembic_version"),
        "laodata_revision": _scalar("SELECT version_num FROM laodata_alembic_version"),
    }


def known_revisions() -> set[str]:
    """The laodata migrations this code has (a restore migrates from any of them)."""
    found = set()
    for path in MIGRATIONS.glob("*.py"):
        match = re.search(r'^revision\s*=\s*"([0-9a-f]+)"', path.read_text(encoding="utf-8"), re.M)
        if match:
            found.add(match.group(1))
    return found
