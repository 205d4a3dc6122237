"""Who may see the checks of stored files: sysadmins (CKAN lets sysadmins through
every auth function, so everyone else is refused here)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


def laodata_file_problems(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": False, "msg": tk._("Only sysadmins see the checks of stored files")}
