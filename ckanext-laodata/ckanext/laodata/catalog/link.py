"""A dataset's link to its catalog entry (``catalog_code``), checked on every write.

The link rules (DESIGN §3, §5): the code names an existing entry; the
dataset's organization is the entry's unit; an entry has at most one dataset.
They run on every dataset write (``dataset_writes.py``), before anything is
written, and fail with a ValidationError naming ``catalog_code``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ..access.read import readable_package_ids
from .fields import CODE_MAX_LENGTH
from .model import CatalogEntry

FIELD = "catalog_code"


def catalog_code(data_dict: DataDict) -> str | None:
    """The code a dataset dict carries (a scheming field)."""
    value = data_dict.get(FIELD)
    return (str(value).strip() or None) if value else None


def _organization_name(owner_org: Any) -> str | None:
    if not owner_org:
        return None
    group = model.Group.get(str(owner_org))
    return group.name if group else None


def check_link(context: Context, data_dict: DataDict, dataset_id: str | None) -> None:
    code = catalog_code(data_dict)
    if code is None:
        return
    if "\x00" in code or len(code) > CODE_MAX_LENGTH:  # checked before the schema runs: keep it out of SQL
        raise tk.ValidationError({FIELD: [tk._("Not a catalog entry code")]})
    entry = model.Session.get(CatalogEntry, code)
    if entry is None:
        raise tk.ValidationError({FIELD: [tk._("There is no catalog entry with the code '{}'").format(code)]})
    owner = data_dict.get("owner_org")
    if owner is None and dataset_id:
        package = model.Package.get(dataset_id)
        owner = package.owner_org if package else None
    org_name = _organization_name(owner)
    if org_name != entry.unit:
        raise tk.ValidationError(
            {
                FIELD: [
                    tk._(
                        "Catalog entry {code} belongs to the unit '{unit}'; this dataset's organization is '{org}'"
                    ).format(code=code, unit=entry.unit, org=org_name or "-")
                ]
            }
        )
    query = model.Session.query(model.Package.id, model.Package.name).filter(
        model.Package.extras[FIELD].astext == code,
        model.Package.state.in_(["active", "draft"]),
        model.Package.type == "dataset",
    )
    if dataset_id:
        query = query.filter(sa.and_(model.Package.id != dataset_id, model.Package.name != dataset_id))
    other = query.first()
    if other is not None:
        # name the other dataset only to those who may read it
        if other.id in readable_package_ids(context, [other.id]):
            message = tk._("Catalog entry {code} already has a dataset: {name}").format(
                code=code, name=other.name
            )
        else:
            message = tk._("Catalog entry {code} already has a dataset").format(code=code)
        raise tk.ValidationError({FIELD: [message]})
