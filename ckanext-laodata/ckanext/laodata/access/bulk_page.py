"""The organization page's bulk "make public / make private" form.

The publication gate refuses those requests with a ValidationError naming the
datasets and the failed condition (``workflow/gate.py``), but CKAN's view only
catches NotAuthorized, so the refusal would be a 500. This wraps that one view
(CKAN internals: its endpoint name) to show the refusal as a flash message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from ..validation import error_messages

ENDPOINT = "organization.bulk_process"


def _show_refusals(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except tk.ValidationError as exc:
            tk.h.flash_error(" ".join(m for msgs in error_messages(exc.error_dict).values() for m in msgs))
            return tk.redirect_to(ENDPOINT, id=kwargs.get("id"))

    return wrapper


def install(app: Any) -> Any:
    if ENDPOINT in app.view_functions:
        app.view_functions[ENDPOINT] = _show_refusals(app.view_functions[ENDPOINT])
    return app
