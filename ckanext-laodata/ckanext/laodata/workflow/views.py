"""Workflow pages and buttons.

- ``POST /dataset/<id>/submit|review|publish|unpublish``: the forms on the
  dataset page (CSRF-protected by CKAN); each answers with a redirect back to
  the dataset and a flash message, or the refused condition.
- ``GET /catalog/review``: the reviewers' queue (submitted datasets, and
  approved ones waiting to be published), filtered, sorted and paged by
  ``queue.py``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from werkzeug.wrappers import Response

import ckan.plugins.toolkit as tk
from ckan.types import Context

from .. import locales
from ..access.classes import publication_failures
from ..forms import check_csrf_token
from ..statuses import status_of
from ..validation import error_messages
from . import notify
from . import queue as review_queue

workflow = Blueprint("laodata_workflow", __name__)


workflow.before_request(check_csrf_token)


def _context() -> Context:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _act(id: str, action: str, data: dict[str, Any], done: str) -> Response:
    try:
        tk.get_action(action)(_context(), {**data, "id": id})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized as exc:
        return tk.abort(403, str(exc) or tk._("Not allowed"))
    except tk.ValidationError as exc:
        if "id" in exc.error_dict:
            return tk.abort(400, tk._("Not a dataset id"))
        tk.h.flash_error(" ".join(m for msgs in error_messages(exc.error_dict).values() for m in msgs))
        return tk.redirect_to("dataset.read", id=id)
    tk.h.flash_success(done)
    return tk.redirect_to("dataset.read", id=id)


def _comment() -> str:
    return str(request.form.get("comment") or "")


@workflow.route("/dataset/<id>/submit", methods=["POST"])
def submit(id: str) -> Response:
    return _act(id, "laodata_dataset_submit", {}, tk._("Submitted for review"))


@workflow.route("/dataset/<id>/review", methods=["POST"])
def review(id: str) -> Response:
    decision = str(request.form.get("decision") or "")
    done = tk._("Approved") if decision == "approve" else tk._("Returned to the unit")
    return _act(id, "laodata_dataset_review", {"decision": decision, "comment": _comment()}, done)


@workflow.route("/dataset/<id>/publish", methods=["POST"])
def publish(id: str) -> Response:
    return _act(id, "laodata_dataset_publish", {}, tk._("Published on the open portal"))


@workflow.route("/dataset/<id>/unpublish", methods=["POST"])
def unpublish(id: str) -> Response:
    return _act(
        id, "laodata_dataset_unpublish", {"comment": _comment()}, tk._("Withdrawn from the open portal")
    )


@workflow.route("/catalog/review")
def queue() -> Any:
    try:
        tk.check_access("laodata_review_queue", _context())
    except tk.NotAuthorized:
        if not tk.current_user.is_authenticated:
            return locales.login_redirect()
        return tk.abort(403, tk._("Only reviewers of the data office see the review queue"))
    try:
        query = review_queue.parse(request.args)
    except tk.ValidationError as exc:
        reasons = "; ".join(f"{field}: {' '.join(m)}" for field, m in error_messages(exc.error_dict).items())
        return tk.abort(400, tk._("The request was refused: {}").format(reasons))
    found = review_queue.search(_context(), query)
    if query.page > found["pages"]:
        return tk.redirect_to("laodata_workflow.queue", **query.params(page=found["pages"]))
    return tk.render("laodata/review.html", {"queue": found, "query": query})


# --- template helpers ----------------------------------------------------------------------


def laodata_workflow_status(package: dict[str, Any]) -> str:
    return status_of(package)


def laodata_workflow_history(package: dict[str, Any]) -> list[dict[str, Any]]:
    """The dataset's events for its page, as ``laodata_workflow_history`` tells
    the viewer (the staff side only to the unit and the reviewers)."""
    return tk.get_action("laodata_workflow_history")(_context(), {"id": package["id"]})


def laodata_return_reason(package: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The reviewer's latest reason (from the dataset's history), while it is returned."""
    if status_of(package) != "returned":
        return None
    return next((e for e in reversed(history) if e["action"] == "return"), None)


def laodata_notices() -> dict[str, Any]:
    """The logged-in user's workflow notices, for the dashboard (``notify.notices_for``)."""
    return notify.notices_for(tk.current_user.name if tk.current_user.is_authenticated else None)


def laodata_may(action: str, package: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, _context(), {"id": package["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def laodata_publication_failures(package: dict[str, Any]) -> list[str]:
    """Why the publication gate would refuse to publish ``package`` (empty: it may be
    published), in the UI language: the page shows them instead of a button that fails."""
    return list(publication_failures(package, tk._).values())
