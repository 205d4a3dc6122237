"""``POST /dataset/<id>/submit``: the unit's submit button."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint
from werkzeug.wrappers import Response

workflow = Blueprint("laodata_workflow", __name__)


@workflow.route("/dataset/<id>/submit", methods=["POST"])
def submit(id: str) -> Response:
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        tk.get_action("laodata_dataset_submit")(context, {"id": id})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the unit's editors may submit this dataset"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as exc:
        if "id" in exc.error_dict:
            return tk.abort(400, tk._("Not a dataset id"))
        tk.h.flash_error(" ".join(str(m) for msgs in exc.error_dict.values() for m in msgs))
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(tk._("Submitted for review"))
    return tk.redirect_to("dataset.read", id=id)
