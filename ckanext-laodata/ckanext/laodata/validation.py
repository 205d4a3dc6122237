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


def one_value(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A parameter that takes one value, given twice (``?limit=1&limit=2``
    reaches an action as a list): refuse it by name, and stop there so that
    the next validators (``int()`` in CKAN's) never see the list."""
    if isinstance(data.get(key), (list, tuple, dict)):
        errors[key].append("Give one value")
        raise tk.StopOnError


def count_value(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A count (``limit``, ``offset``) given as a boolean, a list or an object:
    refuse it by name (CKAN's ``int()`` would read ``false`` as 0)."""
    if isinstance(data.get(key), (bool, list, tuple, dict)):
        errors[key].append("Must be a whole number")
        raise tk.StopOnError


def text_value(key: Any, data: dict[Any, Any], errors: dict[Any, Any], context: Any) -> None:
    """A text parameter given as a number, a boolean, a list or an object
    (JSON bodies can): refuse it by name rather than reading ``str()`` of it."""
    value = data.get(key)
    if value is not None and not isinstance(value, str) and value is not tk.missing:
        errors[key].append("Must be text")
        raise tk.StopOnError


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
