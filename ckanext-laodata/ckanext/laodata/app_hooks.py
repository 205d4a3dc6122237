"""Where an ``after_request`` hook of laodata's sits among CKAN's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def run_last(app: Any, hook: Callable[[Any], Any]) -> None:
    """Run ``hook`` after every other ``after_request`` function, CKAN's own
    included (its Cache-Control and CORS headers), so it has the last word.
    Flask runs a list's functions last registered first: the first place in the
    list is the last to run."""
    app.after_request_funcs.setdefault(None, []).insert(0, hook)
