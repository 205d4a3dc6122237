"""Pages of data quality: the data templates of a catalog entry, and the
reviewer's form clearing a dataset's personal-data flag.

``GET /catalog/<code>/template.xlsx`` and ``/catalog/<code>/template.csv``,
beside the catalog's pages (``catalog/views.py``) and for the same people:
logged-in users (an anonymous visitor is sent to log in); an unknown code is
404. The entry is read through ``laodata_catalog_entry_show``, so the rule of
who may read it is the catalog's.

``POST /dataset/<id>/personal-data/clear`` (``comment``): the form on the
dataset page, for reviewers (``laodata_personal_data_clear``); it answers
with a redirect back to the dataset and a flash message.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

from .. import locales
from ..catalog.helpers import user_context
from ..downloads import attachment
from ..forms import check_csrf_token
from ..validation import error_messages
from . import templates

quality = Blueprint("laodata_quality", __name__)


@quality.before_request
def _login_required() -> Response | None:
    """As the catalog's pages: anonymous visitors go to the login form, which
    brings them back. A form post from a browser session has its CSRF token
    checked here, as the workflow's forms do (``forms.py`` says why)."""
    if not tk.current_user.is_anonymous:
        check_csrf_token()
        return None
    return cast(Response, locales.login_redirect())


def _entry(code: str) -> dict[str, Any]:
    try:
        return tk.get_action("laodata_catalog_entry_show")(user_context(), {"code": code})
    except (tk.ObjectNotFound, tk.ValidationError):
        return tk.abort(404, tk._("There is no catalog entry with this code."))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Log in to see the catalog"))


@quality.route("/catalog/<code>/template.xlsx")
def template_xlsx(code: str) -> Response:
    entry = _entry(code)
    body = templates.to_xlsx(entry.get("required_fields"), title=entry.get("title") or "")
    return attachment(body, templates.filename(entry["code"], "xlsx"), templates.XLSX_TYPE)


@quality.route("/catalog/<code>/template.csv")
def template_csv(code: str) -> Response:
    entry = _entry(code)
    body = templates.to_csv(entry.get("required_fields"))
    return attachment(body, templates.filename(entry["code"], "csv"), "text/csv; charset=utf-8")


@quality.route("/dataset/<id>/personal-data/clear", methods=["POST"])
def clear_personal_data(id: str) -> Response:
    comment = str(request.form.get("comment") or "")
    try:
        tk.get_action("laodata_personal_data_clear")(user_context(), {"id": id, "comment": comment})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as exc:
        return tk.abort(403, str(exc) or tk._("Not allowed"))
    except tk.ValidationError as exc:
        tk.h.flash_error(" ".join(m for msgs in error_messages(exc.error_dict).values() for m in msgs))
        return cast(Response, tk.redirect_to("dataset.read", id=id))
    tk.h.flash_success(tk._("The personal-data flag is cleared"))
    return cast(Response, tk.redirect_to("dataset.read", id=id))
