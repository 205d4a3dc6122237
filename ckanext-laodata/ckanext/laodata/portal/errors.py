"""The error pages' words, in the reader's language (``error_document_template.html``).

CKAN renders every error (400, 403, 404, 500, ...) with one template and
werkzeug's English name and description ("Not Found", "The requested URL was
not found on the server..."). laodata's page says, in the page's language,
what happened and what the visitor can do next (search, the home page, log
in). A description given by the code that refused (laodata's 400 and 403
reasons, CKAN's "Dataset not found") is kept below it; werkzeug's generic
English descriptions and CKAN's "Internal server error" are dropped.
"""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import default_exceptions

import ckan.plugins.toolkit as tk

# what CKAN's 500 handler passes as the page's content
_CKAN_500 = "Internal server error"


def _headings() -> dict[int, str]:
    return {
        400: tk._("The request could not be read"),
        401: tk._("Please log in to see this page"),
        403: tk._("You may not open this page"),
        404: tk._("Page not found"),
        405: tk._("This page cannot be opened that way"),
        409: tk._("This change conflicts with another"),
        413: tk._("The file is too large"),
        429: tk._("Too many requests: please wait a moment"),
        500: tk._("Something went wrong on our side"),
        503: tk._("The portal is busy or under maintenance"),
    }


def _explanations() -> dict[int, str]:
    return {
        404: tk._(
            "The address may be mistyped, or the page may have moved or been withdrawn. "
            "Search the datasets or start again from the home page."
        ),
        500: tk._(
            "The portal could not answer this request. Please try again in a moment; "
            "if it happens again, tell the portal's team what you were doing."
        ),
        503: tk._("Please try again in a few minutes."),
    }


def _status(code: Any) -> int:
    # CKAN's 500 handler passes the code as a one-item list
    if isinstance(code, (list, tuple)):
        code = code[0] if code else 500
    try:
        return int(code)
    except (TypeError, ValueError):
        return 500


def _generic(status: int, content: str) -> bool:
    """Whether ``content`` is werkzeug's or CKAN's generic English text for the status."""
    exception = default_exceptions.get(status)
    return content in (_CKAN_500, getattr(exception, "description", None))


def error_page(code: Any, name: Any, content: Any) -> dict[str, Any]:
    """The page's status, heading, explanation and (when specific) the refusal's own text."""
    status = _status(code)
    text = str(content or "").strip()
    heading = _headings().get(status) or str(name or "") or tk._("Something went wrong on our side")
    return {
        "code": status,
        "heading": heading,
        "explanation": _explanations().get(status, ""),
        "detail": "" if not text or _generic(status, text) else text,
    }
