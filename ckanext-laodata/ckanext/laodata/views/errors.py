"""Errors that are the visitor's, not the portal's: a 400, never a 500.

A search query the engine cannot read, on every page.

CKAN's own search page and its Action API turn ``SearchQueryError`` into a
400, but other views that search on the visitor's behalf do not: the DCAT
catalog (``/catalog.ttl?q=...``) and the feeds (``/feeds/custom.atom?q=...``)
let it through as a 500. This error handler answers 400 with CKAN's error
page for all of them, whichever search backend raised it.

A NUL character in any text sent to an action or page. PostgreSQL cannot
store it, and psycopg2 refuses to send it with a ``ValueError`` before the
statement runs (so nothing is written), which CKAN answers with a 500 on
every action that looks a dataset, unit, tag or user up by the id it was
given. On pages one error handler for it covers them all. CKAN's API view
catches every exception itself (as a 500), so API requests are checked before
the action runs instead: any NUL in the query string, the form fields (not the
uploaded files) or the JSON body is a 400 in CKAN's JSON error shape.

A method a route does not take (405): CKAN's error page drops the ``Allow``
header HTTP requires, so it is answered here with it (JSON under ``/api/``).

A refusal that a page of CKAN's does not expect. The activity plugin's user and
unit stream pages call their list actions without catching ``NotAuthorized``
(CKAN never refused them); laodata keeps those streams for staff
(``access/activity.py``), so the refusal is answered with CKAN's 403 page.
Likewise "not found" from an action that a page does not expect (the DataTables
preview's data asks ``resource_view_show``, which answers not found to those
who may not read the dataset: ``access/datastore.py``) is CKAN's 404 page.
"""

from __future__ import annotations

import json
import re
from typing import Any

import flask
from werkzeug.exceptions import MethodNotAllowed

import ckan.plugins.toolkit as tk

from ..search.seam import SearchQueryError


def _bad_query(exc: SearchQueryError) -> tuple[str, int]:
    content = tk._("The search query could not be read: {reason}").format(reason=exc)
    return tk.render(
        "error_document_template.html", {"code": 400, "name": tk._("Bad request"), "content": content}
    ), 400


NUL_REFUSED = "A string literal cannot contain NUL (0x00) characters."  # psycopg2's message


def _nul_message() -> str:
    return tk._("Text must not contain NUL characters")


def _nul_in_text(exc: ValueError) -> Any:
    if str(exc) != NUL_REFUSED:
        raise exc  # any other ValueError stays a server error
    return tk.render(
        "error_document_template.html", {"code": 400, "name": tk._("Bad request"), "content": _nul_message()}
    ), 400


def has_nul(value: Any) -> bool:
    """Whether a NUL character is in ``value`` or any string nested in it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_nul(v) for v in value)
    return False


# laodata's actions take parameters named like identifiers. CKAN's API turns form
# field names into nested keys before validating, and some names (an empty one
# beside one with brackets) make its validation fail with a TypeError: a 500.
_PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_LAODATA_ACTION = re.compile(r"^/api/(3/)?action/laodata_")


def _refuse_nul_in_api() -> Any:
    request = flask.request
    if not request.path.startswith("/api/"):
        return None
    sent: list[Any] = [list(request.args.items(multi=True)), list(request.form.items(multi=True))]
    body = request.get_json(silent=True) if request.is_json else None
    sent.append(body)
    if any(has_nul(v) for v in sent):
        return _api_error(_nul_message())
    if _LAODATA_ACTION.match(request.path):
        names = [*request.args.keys(), *request.form.keys(), *request.files.keys()]
        names += list(body) if isinstance(body, dict) else []
        bad = sorted(
            {repr(name) for name in names if not (isinstance(name, str) and _PARAMETER_NAME.match(name))}
        )
        if bad:
            return _api_error(tk._("Unknown parameter: {}").format(bad[0][:80]))
    return None


def _api_error(message: str) -> flask.Response:
    body = {"success": False, "error": {"__type": "Validation Error", "message": message}}
    return flask.Response(json.dumps(body), status=400, content_type="application/json;charset=utf-8")


def _refused(exc: tk.NotAuthorized) -> tuple[str, int]:
    return tk.render(
        "error_document_template.html",
        {"code": 403, "name": tk._("Not authorized"), "content": str(exc) or tk._("Not authorized")},
    ), 403


def _method_not_allowed(exc: MethodNotAllowed) -> Any:
    """CKAN's error page drops the ``Allow`` header HTTP requires on a 405."""
    allow = ", ".join(sorted(exc.valid_methods or ()))
    if flask.request.path.startswith("/api/"):
        body = {"success": False, "error": {"__type": "Method Not Allowed", "message": f"Use {allow}"}}
        response = flask.Response(json.dumps(body), status=405, content_type="application/json;charset=utf-8")
    else:
        page = tk.render(
            "error_document_template.html",
            {"code": 405, "name": tk._("Method not allowed"), "content": tk._("Method not allowed")},
        )
        response = flask.Response(page, status=405)
    if allow:
        response.headers["Allow"] = allow
    return response


def _not_found(exc: tk.ObjectNotFound) -> tuple[str, int]:
    return tk.render(
        "error_document_template.html", {"code": 404, "name": tk._("Not found"), "content": tk._("Not found")}
    ), 404


def install(app: Any) -> Any:
    app.register_error_handler(MethodNotAllowed, _method_not_allowed)
    app.register_error_handler(SearchQueryError, _bad_query)
    app.register_error_handler(tk.NotAuthorized, _refused)
    app.register_error_handler(tk.ObjectNotFound, _not_found)
    app.register_error_handler(ValueError, _nul_in_text)
    app.before_request(_refuse_nul_in_api)
    return app
