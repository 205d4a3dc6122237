"""Field validators every concern uses (below access, workflow and catalog in the layers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk


def no_nul(value: Any) -> Any:
    """PostgreSQL cannot store or compare text holding NUL: refuse it by name
    instead of failing in the database."""
    if isinstance(value, str) and "\x00" in value:
        raise tk.Invalid("Must not contain NUL characters")
    return value


def max_length(limit: int) -> Callable[[Any], Any]:
    def validator(value: Any) -> Any:
        if value is not None and len(str(value)) > limit:
            raise tk.Invalid(f"At most {limit} characters (this has {len(str(value))})")
        return value

    return validator


def error_messages(error_dict: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each field's messages of a ``ValidationError.error_dict`` as text (CKAN
    gives a field one message, a list of them, or the errors of sub-records)."""
    return {field: _texts(value) for field, value in error_dict.items()}


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _texts(item)]
    return [str(value)]
