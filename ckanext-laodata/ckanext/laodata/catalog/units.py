"""Units (organizations): their schema validators, used by
``schemas/organization.yaml``, and the names and titles the catalog pages show."""

from __future__ import annotations

import re
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError, missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from .. import language
from ..labels import laodata_lang
from .model import CatalogEntry

UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,15}$")


def laodata_unit_code(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    """A unit code is 1-16 capital letters, digits, '-' or '_', and no other
    active organization has it."""
    value = data.get(key)
    if value in (None, "", missing):
        data.pop(key, None)
        raise StopOnError  # nothing to store
    code = str(value).strip().upper()
    if not UNIT_CODE.match(code):
        errors[key].append(tk._("A unit code is 1-16 capital letters, digits, '-' or '_' (e.g. HEA)"))
        return
    group = context.get("group")
    own_id = group.id if group is not None else data.get(("id",))
    holders = model.Session.query(model.Group.name).filter(
        model.group_table.c.extras["unit_code"].astext == code,
        model.Group.state == "active",
        model.Group.is_organization.is_(True),
    )
    if own_id not in (None, missing):
        holders = holders.filter(model.Group.id != own_id)
    other = holders.first()
    if other is not None:
        errors[key].append(
            tk._("The unit code {code} is already used by {unit}").format(code=code, unit=other[0])
        )
        return
    data[key] = code


PHONE = re.compile(r"^\+?[0-9 ()./-]{3,30}$")


def laodata_phone(value: Any) -> Any:
    """A telephone number: digits, spaces and ``+ ( ) . / -``, at most 30 characters."""
    if value in (None, "", missing):
        return value
    if not PHONE.match(str(value)):
        raise tk.Invalid(tk._("A telephone number holds digits, spaces and + ( ) . / - only (at most 30)"))
    return value


def unit_titles(lang: str | None = None) -> dict[str, str]:
    """``{name: title}`` of every active unit (its name when it has no title),
    in ``lang`` by the content fallback rule (``language.py``); the UI language by default."""
    lang = lang or laodata_lang()
    rows = model.Session.query(model.Group.name, model.Group.title, model.group_table.c.extras).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    return {
        name: language.translated({"title": title, **(extras or {})}, "title", lang) or name
        for name, title, extras in rows
    }


def units_with_entries() -> list[str]:
    """The names of the units that have catalog entries."""
    return [name for (name,) in model.Session.query(CatalogEntry.unit).distinct()]


def organization(name: str) -> dict[str, Any] | None:
    """``{id, name, title}`` of the active unit of this name, or None."""
    unit = model.Group.get(name)
    if unit is None or not unit.is_organization or unit.state != "active":
        return None
    return {"id": unit.id, "name": unit.name, "title": unit.title or unit.name}
