"""Where the check's results are kept: written by the job only, behind the actions' back.

``validation_status``/``validation_report`` (resource) and
``personal_data_flag`` (dataset) are results of the check, not metadata a
unit edits: the schemas' validator ``laodata_check_result`` keeps their
stored value on every write through the actions (and refuses another one),
and only this module changes them, by writing the rows directly. So a
check changes nothing a unit wrote, sends no dataset back to review (the
gate runs on action writes only), and makes no activity; the search index
is refreshed from the database (``search.seam.reindex``).
"""

from __future__ import annotations

from typing import Any

import ckan.model as model

from ..search import seam
from .model import PersonalDataSample

RESOURCE_FIELDS = ("validation_status", "validation_report")
FLAG = "personal_data_flag"
FLAGS = ("none", "found", "cleared")


def stored_resource_fields(resource_id: str | None) -> dict[str, Any]:
    resource = model.Resource.get(resource_id) if resource_id else None
    extras = (resource.extras or {}) if resource is not None else {}
    return {name: extras.get(name) for name in RESOURCE_FIELDS}


def stored_flag(package: model.Package | None) -> str | None:
    return (package.extras or {}).get(FLAG) if package is not None else None


def write_resource(resource_id: str, values: dict[str, Any]) -> None:
    """Set (a value) or remove (None) the resource's check fields; committed by the caller."""
    resource = model.Resource.get(resource_id)
    if resource is None:
        return
    extras = dict(resource.extras or {})
    for name, value in values.items():
        if value is None:
            extras.pop(name, None)
        else:
            extras[name] = value
    resource.extras = extras


def write_flag(package_id: str, flag: str) -> None:
    package = model.Package.get(package_id)
    if package is None:
        return
    package.extras = {**(package.extras or {}), FLAG: flag}


def write_samples(package_id: str, resource_id: str, findings: list[dict[str, Any]]) -> None:
    """The masked samples of one resource's findings (replacing its earlier ones)."""
    model.Session.query(PersonalDataSample).filter(PersonalDataSample.resource_id == resource_id).delete()
    for finding in findings:
        model.Session.add(
            PersonalDataSample(
                resource_id=resource_id,
                column=finding["column"],
                kind=finding["kind"],
                package_id=package_id,
                sample=finding["sample"],
            )
        )


def samples(package_id: str) -> dict[tuple[str, str, str], str]:
    """``{(resource_id, column, kind): masked sample}`` of a dataset."""
    rows = model.Session.query(PersonalDataSample).filter(PersonalDataSample.package_id == package_id)
    return {(r.resource_id, r.column, r.kind): r.sample for r in rows}


def commit_and_reindex(package_id: str) -> None:
    model.Session.commit()
    seam.reindex(package_id)
