"""The upload check as a background job on CKAN's queue (issue 13 items 2-3).

``queue`` runs after a write that brought a resource new data (the resource
actions in ``dataset_writes.py``, using the gate's rule of what is a change
of data, ``workflow.gate.resource_data_changed``): it marks the resource
``pending`` and enqueues ``validate_resource`` with the resource's id.

The job reads the resource again, checks its file (``validation.check_file``,
with the configured limits) and stores the report, the masked samples and
the dataset's ``personal_data_flag`` (``store.py``: no gate, no activity). It
is idempotent: the same file gives the same report and flag (a flag a
reviewer cleared stays cleared while the file is the one they saw, by its
SHA-256). Personal data found in a dataset that is already published (its
check ran after a reviewer published it) withdraws it at once with the
workflow's ``unpublish`` move. A file that cannot be read is a report (status ``error``), never a
failed job; the job fails (and rq retries it) only when the database or the
storage does. A resource held as the refresh of a published dataset is then
settled by the refresh policy (``workflow/refresh.py``: kept published with a
``refresh`` event, or sent back to review with the report as the reason).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import config, statuses
from ..catalog.model import CatalogEntry
from ..workflow import refresh
from . import store, validation

log = logging.getLogger(__name__)

RETRIES = 2


def declared_format(resource: dict[str, Any]) -> str | None:
    """``csv``/``xlsx`` when the resource says it is one (its format, else its file name); else None."""
    fmt = str(resource.get("format") or "").strip().lower().lstrip(".")
    if fmt in validation.FORMATS:
        return fmt
    if fmt:
        return None
    name = str(resource.get("url") or "").lower().rsplit("?", 1)[0]
    for ext in validation.FORMATS:
        if name.endswith("." + ext):
            return ext
    return None


def limits() -> validation.Limits:
    return validation.Limits(
        max_bytes=config.validation_max_bytes(),
        max_rows=config.validation_max_rows(),
        max_seconds=float(config.validation_max_seconds()),
    )


def queue(resource_id: str) -> None:
    """After the write is committed: mark the resource ``pending`` and queue its check
    (only uploaded CSV/XLSX files are checked; other resources lose an earlier result)."""
    resource = model.Resource.get(resource_id)
    if resource is None or not resource.package_id:
        return
    package_id: str = resource.package_id
    if (
        resource.url_type != "upload"
        or declared_format({"format": resource.format, "url": resource.url}) is None
    ):
        if any(store.stored_resource_fields(resource_id).values()):
            store.write_resource(resource_id, dict.fromkeys(store.RESOURCE_FIELDS))
            store.write_samples(package_id, resource_id, [])
            model.Session.flush()
            forget_findings(package_id)
            store.commit_and_reindex(package_id)
        return
    store.write_resource(resource_id, {"validation_status": "pending"})
    store.commit_and_reindex(package_id)
    from rq import Retry

    tk.enqueue_job(
        validate_resource,
        [resource_id],
        title=f"laodata: validate resource {resource_id}",
        rq_kwargs={"timeout": config.validation_max_seconds() + 60, "retry": Retry(max=RETRIES, interval=30)},
    )


def _with_findings(package: model.Package, but: str | None = None) -> bool:
    """Whether an active resource of the dataset (other than ``but``) has personal data in its report."""
    return any(
        r.id != but
        and r.state == "active"
        and isinstance((r.extras or {}).get("validation_report"), dict)
        and bool(r.extras["validation_report"].get("personal_data"))
        for r in package.resources
    )


def forget_findings(package_id: str) -> None:
    """After a resource's data went away (deleted, or now a link): a flag ``found``
    that no resource's report still supports becomes ``none`` (not committed)."""
    package = model.Package.get(package_id)
    if package is not None and store.stored_flag(package) == "found" and not _with_findings(package):
        store.write_flag(package_id, "none")


def after_delete(package_id: str) -> None:
    """After a resource is deleted: its dataset's flag follows the resources left."""
    model.Session.expire_all()
    forget_findings(package_id)
    store.commit_and_reindex(package_id)


def _file_path(resource: dict[str, Any]) -> str | None:
    from ckan.lib import uploader  # CKAN's storage layout: where an upload's bytes are

    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    return path if path and os.path.isfile(path) else None


def _required_fields(package: model.Package) -> Any:
    code = (package.extras or {}).get("catalog_code")
    entry = model.Session.get(CatalogEntry, code) if code else None
    return entry.required_fields if entry is not None else []


def _flag(package: model.Package, resource_id: str, report: dict[str, Any], previous: Any) -> str:
    """The dataset's flag after this resource's check (see the module's doc)."""
    flag = store.stored_flag(package) or "none"
    if report.get("personal_data"):
        same_file = isinstance(previous, dict) and previous.get("sha256") == report.get("sha256")
        return "cleared" if flag == "cleared" and same_file else "found"
    return flag if _with_findings(package, but=resource_id) else "none"


def validate_resource(resource_id: str) -> str | None:
    """The job: check one resource's file, store the report; its status (None: nothing to check)."""
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        return None
    package = model.Package.get(resource.package_id)
    if package is None or package.state == "deleted":
        return None
    as_dict = {
        "id": resource.id,
        "url": resource.url,
        "url_type": resource.url_type,
        "format": resource.format,
    }
    declared = declared_format(as_dict)
    if resource.url_type != "upload" or declared is None:
        return None
    previous = store.stored_resource_fields(resource_id).get("validation_report")
    path = _file_path(as_dict)
    if path is None:
        report: dict[str, Any] = {"format": declared, "status": "error", "message": {"code": "no_file"}}
    else:
        report = validation.check_file(path, declared, _required_fields(package), limits())
    findings = report.get("personal_data") or []
    report["personal_data"] = [{k: v for k, v in f.items() if k != "sample"} for f in findings]
    store.write_samples(package.id, resource_id, findings)
    store.write_resource(resource_id, {"validation_status": report["status"], "validation_report": report})
    flag = _flag(package, resource_id, report, previous)
    store.write_flag(package.id, flag)
    store.commit_and_reindex(package.id)
    log.info("laodata: resource %s validated: %s", resource_id, report["status"])
    # a held refresh of a published dataset: kept published, or back to review (workflow/refresh.py)
    refresh.settle(resource_id, resource.name or resource_id, report)
    if flag == "found" and statuses.status_of(model.Package.get(package.id)) == "published":
        _withdraw(package.id, resource.name or resource_id)
    return report["status"]


def _withdraw(package_id: str, resource_name: str) -> None:
    """A published dataset whose data holds personal data is withdrawn at once
    (a reviewer published it before its check ran): through the workflow's
    own move, by the site user, with the reason as the event's comment."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("laodata_dataset_unpublish")(
        {"user": site_user["name"]},
        {
            "id": package_id,
            "comment": f"The data check found personal data in '{resource_name}': "
            "withdrawn until a reviewer checks and clears it",
        },
    )
