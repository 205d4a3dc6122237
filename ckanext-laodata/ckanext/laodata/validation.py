"""Field validators every concern uses (below access, workflow and catalog in the layers)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Validator


def no_nul(value: Any) -> Any:
    """PostgreSQL cannot store or compare text holding NUL: refuse it by name
    instead of failing in the database."""
    if isinstance(value, str) and "\x00" in value:
        raise tk.Invalid("Must not contain NUL characters")
    return value


def max_length(limit: int) -> Validator:
    def validator(value: Any) -> Any:
        if value is not None and len(str(value)) > limit:
            raise tk.Invalid(f"At most {limit} characters (this has {len(str(value))})")
        return value

    return validator
