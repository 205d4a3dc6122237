"""Consistency rules between a dataset's classes (DESIGN §4, §5).

Pure functions over plain values, shared by the catalog import, the dataset
schema validators and the publication gate. Messages name the field that
breaks the rule.
"""
from __future__ import annotations

from typing import Any, Callable

ACCESS_RANK = {"open": 0, "shared": 1, "private": 2}
CLASS_FIELDS = ("access_level", "security_level", "importance", "personal_data", "state_secret")


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "y")


def metadata_only(security_level: Any, state_secret: Any) -> bool:
    """Levels 4-5 and state secrets are catalogued by metadata only."""
    return str(security_level).strip() in ("4", "5") or as_bool(state_secret)


def same_text(text: str) -> str:
    """The default 'translation' of the rule messages: none."""
    return text


def class_errors(values: dict[str, Any], _: Callable[[str], str] = same_text) -> dict[str, list[str]]:
    """Errors, by field, for classes that contradict each other.

    ``values`` holds ``access_level``, ``security_level``, ``importance``,
    ``personal_data`` and ``state_secret`` (missing ones take their defaults).
    ``_`` translates the messages (the dataset form passes CKAN's gettext; the
    catalog import reports in English).
    """
    access = str(values.get("access_level") or "")
    if access not in ACCESS_RANK:
        return {}
    level = str(values.get("security_level") or "").strip()
    importance = str(values.get("importance") or "other")
    personal = str(values.get("personal_data") or "none")
    secret = as_bool(values.get("state_secret") or False)
    reasons: list[str] = []
    if level == "3" and access == "open":
        reasons.append(_("security level 3 allows at most 'shared'"))
    if level in ("4", "5") and access != "private":
        reasons.append(_("security level {} requires 'private'").format(level))
    if importance == "core" and access == "open":
        reasons.append(_("core data is never 'open'"))
    if personal == "basic" and access == "open":
        reasons.append(_("data with personal data is never 'open'"))
    if personal == "sensitive" and access != "private":
        reasons.append(_("sensitive personal data requires 'private'"))
    if secret and access != "private":
        reasons.append(_("a state secret requires 'private'"))
    if not reasons:
        return {}
    return {"access_level": [_("Access level '{access}' is not allowed: {reasons}").format(
        access=access, reasons="; ".join(reasons))]}
