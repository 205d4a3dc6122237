"""Who may read and change the target catalog (DESIGN §5, §6).

Sysadmins pass every check before these run (CKAN's rule). The catalog and
its progress are for logged-in users of the province; importing is for
catalog managers (sysadmins); reviewers may change any entry; a unit's admins
may record why their own entries are late and how the connection to a
ministry's system stands.
"""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ..access.roles import is_reviewer
from .model import CatalogEntry


def _logged_in(context: Context) -> AuthResult:
    # CKAN's API passes an AnonymousUser object for visitors: ask authz, not truthiness
    if authz.auth_is_anon_user(context):
        return {"success": False, "msg": tk._("Log in to see the catalog")}
    return {"success": True}


def laodata_catalog_import(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only catalog managers may import the catalog")}


@tk.auth_allow_anonymous_access
def laodata_catalog_entry_list(context: Context, data_dict: DataDict) -> AuthResult:
    return _logged_in(context)


@tk.auth_allow_anonymous_access
def laodata_catalog_entry_show(context: Context, data_dict: DataDict) -> AuthResult:
    return _logged_in(context)


@tk.auth_allow_anonymous_access
def laodata_progress(context: Context, data_dict: DataDict) -> AuthResult:
    return _logged_in(context)


def laodata_progress_snapshot(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins may record progress snapshots")}


def laodata_freshness_check(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins may run the freshness check")}


def laodata_catalog_entry_update(context: Context, data_dict: DataDict) -> AuthResult:
    entry = model.Session.get(CatalogEntry, str(data_dict.get("code") or ""))
    if entry is None:
        return {"success": False, "msg": tk._("No such catalog entry")}
    user = context.get("user") or ""
    if is_reviewer(user):
        return {"success": True}
    if not authz.has_user_permission_for_group_or_org(entry.unit, user, "admin"):
        return {"success": False, "msg": tk._("Only the unit's admins and reviewers may change this entry")}
    from .action import UNIT_ADMIN_FIELDS

    others = sorted(k for k in data_dict if k != "code" and k not in UNIT_ADMIN_FIELDS)
    if others:
        return {"success": False, "msg": tk._("A unit's admins may not change: {}").format(", ".join(others))}
    return {"success": True}
