"""``/ckan-admin/laodata/files``: the stored files that failed their last check, for sysadmins."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

import ckan.plugins.toolkit as tk

ops = Blueprint("laodata_ops", __name__)


@ops.route("/ckan-admin/laodata/files")
def stored_files() -> Any:
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        result = tk.get_action("laodata_file_problems")(context, {})  # type: ignore[arg-type]
    except tk.NotAuthorized:
        if not tk.current_user.is_authenticated:
            return tk.redirect_to("user.login", came_from=tk.h.url_for("laodata_ops.stored_files"))
        return tk.abort(403, tk._("Only sysadmins see the checks of stored files"))
    return tk.render("laodata/ops/files.html", {"result": result})
