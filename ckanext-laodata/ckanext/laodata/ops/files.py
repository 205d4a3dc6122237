"""The integrity of uploaded files: each upload's SHA-256 is recorded when it is
stored (``record``, called after every write that brought a resource new data,
see ``dataset_writes.py``) and checked again by ``verify`` — the scheduled job
(``ckan laodata files verify --enqueue``), the CLI and every restore.

A file whose bytes no longer match (``changed``) or that is gone from the
storage (``missing``) keeps that state in ``laodata_file_checksum`` until its
resource gets a new upload; ``problems`` lists them for sysadmins (the
``laodata_file_problems`` action and the page ``/ckan-admin/laodata/files``),
and every check logs each problem as an error.
"""

from __future__ import annotations

import datetime
import logging
import os
from typing import Any

import sqlalchemy as sa

import ckan.model as model

from .manifest import sha256_of
from .model import FileChecksum

log = logging.getLogger(__name__)


def path_of(resource_id: str) -> str:
    """Where CKAN's storage keeps the upload of this resource."""
    from ckan.lib import uploader  # CKAN's storage layout: where an upload's bytes are

    return str(
        uploader.get_resource_uploader({"id": resource_id, "url_type": "upload"}).get_path(resource_id)
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def record(resource_id: str) -> None:
    """After a write that gave the resource new data: record its upload's SHA-256
    (a resource whose data is now a link, or is gone, loses its row). Committed."""
    resource = model.Resource.get(resource_id)
    row = model.Session.get(FileChecksum, resource_id)
    path = path_of(resource_id) if resource is not None and resource.url_type == "upload" else None
    if path is None or not os.path.isfile(path):
        if row is not None:
            model.Session.delete(row)
            model.Session.commit()
        return
    sha256, size = sha256_of(path)
    now = _now()
    if row is None:
        row = FileChecksum(resource_id=resource_id, sha256=sha256, size=size, recorded=now)
        model.Session.add(row)
    row.sha256, row.size, row.recorded, row.verified, row.state = sha256, size, now, now, "ok"
    model.Session.commit()


def _uploads() -> list[tuple[str, str]]:
    """(resource id, dataset id) of every active upload of an active or draft dataset."""
    rows = model.Session.execute(
        sa.select(model.Resource.id, model.Resource.package_id)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .where(model.Resource.url_type == "upload", model.Resource.state == "active")
        .where(model.Package.state.in_(("active", "draft")))
        .order_by(model.Resource.id)
    )
    return [(r[0], r[1]) for r in rows]


def _check(row: FileChecksum) -> str:
    path = path_of(row.resource_id)
    if not os.path.isfile(path):
        return "missing"
    sha256, size = sha256_of(path)
    return "ok" if (sha256, size) == (row.sha256, row.size) else "changed"


def verify() -> dict[str, Any]:
    """Check every upload against its recorded SHA-256; store each state. An upload
    with no record yet (stored before checksums were kept) is recorded as it is now.
    Returns ``{checked, recorded, problems: [...]}`` (``problems`` as ``problems()``)."""
    checked = recorded = 0
    now = _now()
    for resource_id, _package_id in _uploads():
        row = model.Session.get(FileChecksum, resource_id)
        if row is None:
            path = path_of(resource_id)
            if os.path.isfile(path):
                sha256, size = sha256_of(path)
                model.Session.add(
                    FileChecksum(
                        resource_id=resource_id, sha256=sha256, size=size, recorded=now, verified=now
                    )
                )
                recorded += 1
                continue
            row = FileChecksum(resource_id=resource_id, sha256="", size=0, recorded=now)
            model.Session.add(row)
        row.state = _check(row)
        row.verified = now
        checked += 1
    model.Session.commit()
    found = problems()
    for problem in found:
        log.error(
            "laodata: stored file of resource %s (dataset %s) is %s: %s",
            problem["resource_id"],
            problem["package_id"],
            problem["state"],
            problem["path"],
        )
    return {"checked": checked, "recorded": recorded, "problems": found}


def problems() -> list[dict[str, Any]]:
    """The uploads of active resources whose last check found them changed or missing."""
    rows = model.Session.execute(
        sa.select(FileChecksum, model.Resource.package_id, model.Resource.name, model.Package.name)
        .join(model.Resource, model.Resource.id == FileChecksum.resource_id)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .where(FileChecksum.state != "ok", model.Resource.state == "active")
        .order_by(model.Package.name, FileChecksum.resource_id)
    )
    return [
        {
            "resource_id": row.resource_id,
            "resource_name": resource_name or "",
            "package_id": package_id,
            "package_name": package_name,
            "state": row.state,
            "sha256": row.sha256,
            "size": row.size,
            "verified": row.verified.isoformat() if row.verified else None,
            "path": path_of(row.resource_id),
        }
        for row, package_id, resource_name, package_name in rows
    ]
