"""The legal classes of a dataset (DESIGN §4, §5): one table, every check derived from it.

``CEILINGS`` says, for each class and each of its values, the most open
access level that value allows (``open`` > ``shared`` > ``private``), and
``METADATA_ONLY`` which values take no data at all. From them:

- ``class_errors``: an ``access_level`` more open than a class allows (the
  dataset form, the catalog import and the entry actions);
- ``publication_failures``: what keeps a dataset from being published (the
  publication gate: it must be ``open`` and every class must allow ``open``);
- ``metadata_only``: catalogued by metadata only (no file upload or data link).

Pure functions over plain values; messages name the field that breaks the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OPEN, SHARED, PRIVATE = "open", "shared", "private"
ACCESS_RANK = {OPEN: 0, SHARED: 1, PRIVATE: 2}
CLASS_FIELDS = ("access_level", "security_level", "importance", "personal_data", "state_secret")
# What the personal-data check of the data found (DESIGN §6): ``found`` blocks publication.
PERSONAL_DATA_FLAG = "personal_data_flag"
PERSONAL_DATA_FOUND = "found"

# For each class (every class field but access_level itself), each value's
# most open access level.
CEILINGS: dict[str, dict[str, str]] = {
    "security_level": {"1": OPEN, "2": OPEN, "3": SHARED, "4": PRIVATE, "5": PRIVATE},
    "importance": {"core": SHARED, "important": OPEN, "other": OPEN},
    "personal_data": {"none": OPEN, "basic": SHARED, "sensitive": PRIVATE},
    "state_secret": {"true": PRIVATE, "false": OPEN},
}
# Values whose datasets are catalogued by metadata only.
METADATA_ONLY: dict[str, frozenset[str]] = {
    "security_level": frozenset({"4", "5"}),
    "state_secret": frozenset({"true"}),
}
# What a class left empty means (security_level has no default: it must be given).
DEFAULTS = {"importance": "other", "personal_data": "none", "state_secret": "false"}

# The words a yes/no class (state_secret) is written with, in forms, files and the API.
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")


def boolean_text(value: Any) -> str | None:
    """``True``/``"yes"``/``1`` → ``"true"``; ``False``/``"no"``/``0`` → ``"false"``;
    anything else → None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return "true"
    if text in FALSE_WORDS:
        return "false"
    return None


def as_bool(value: Any) -> bool:
    return boolean_text(value) == "true"


def same_text(text: str) -> str:
    """The default 'translation' of the rule messages: none."""
    return text


def class_value(values: dict[str, Any], field: str) -> str:
    """A class as the table spells it (``state_secret`` as ``true``/``false``), or its default."""
    value = values.get(field)
    if value in (None, ""):
        return DEFAULTS.get(field, "")
    if field == "state_secret":
        return "true" if as_bool(value) else "false"
    return str(value).strip()


def ceiling(field: str, value: str) -> str | None:
    """The most open access level ``value`` of class ``field`` allows (None: not a value of it)."""
    return CEILINGS[field].get(value)


def metadata_only(security_level: Any, state_secret: Any) -> bool:
    """Levels 4-5 and state secrets are catalogued by metadata only."""
    values = {"security_level": security_level, "state_secret": state_secret}
    return any(class_value(values, field) in taken for field, taken in METADATA_ONLY.items())


def _too_open_reason(field: str, value: str, allowed: str, _: Callable[[str], str]) -> str:
    """Why ``value`` of ``field`` does not allow a more open level than ``allowed``."""
    if field == "security_level":
        if allowed == SHARED:
            return _("security level 3 allows at most 'shared'")
        return _("security level {} requires 'private'").format(value)
    if field == "importance":
        return _("core data is never 'open'")
    if field == "personal_data":
        if allowed == SHARED:
            return _("data with personal data is never 'open'")
        return _("sensitive personal data requires 'private'")
    return _("a state secret requires 'private'")


def class_errors(values: dict[str, Any], _: Callable[[str], str] = same_text) -> dict[str, list[str]]:
    """Errors, by field, for classes that contradict each other: an
    ``access_level`` more open than one of the other classes allows.

    ``values`` holds ``access_level``, ``security_level``, ``importance``,
    ``personal_data`` and ``state_secret`` (missing ones take their defaults;
    values outside the vocabularies are left to their own field's check).
    ``_`` translates the messages (the dataset form passes CKAN's gettext; the
    catalog import reports in English).
    """
    access = str(values.get("access_level") or "")
    if access not in ACCESS_RANK:
        return {}
    reasons = []
    for field in CEILINGS:
        value = class_value(values, field)
        allowed = ceiling(field, value)
        if allowed is not None and ACCESS_RANK[access] < ACCESS_RANK[allowed]:
            reasons.append(_too_open_reason(field, value, allowed, _))
    if not reasons:
        return {}
    return {
        "access_level": [
            _("Access level '{access}' is not allowed: {reasons}").format(
                access=access, reasons="; ".join(reasons)
            )
        ]
    }


def _unpublishable_reason(field: str, value: str, _: Callable[[str], str]) -> str:
    shown = value or "-"
    if field == "access_level":
        return _("only an 'open' dataset is published (this one is '{}')").format(shown)
    if field == "security_level":
        return _("only security levels 1-2 are published (this one is {})").format(shown)
    if field == "importance":
        return _("core data is never published")
    if field == "personal_data":
        return _("a dataset holding personal data is never published")
    return _("a state secret is never published")


def publication_failures(values: dict[str, Any], _: Callable[[str], str] = same_text) -> dict[str, str]:
    """The publication gate's failed conditions, by field (empty: it may be public):
    the dataset is ``open``, each of its classes allows ``open``, and the
    personal-data check of its data has found nothing a reviewer has not
    cleared (``personal_data_flag``, set by ``quality/jobs.py``)."""
    failures: dict[str, str] = {}
    access = str(values.get("access_level") or "")
    if access != OPEN:
        failures["access_level"] = _unpublishable_reason("access_level", access, _)
    for field in CEILINGS:
        value = class_value(values, field)
        if ceiling(field, value) != OPEN:
            failures[field] = _unpublishable_reason(field, value, _)
    if values.get(PERSONAL_DATA_FLAG) == PERSONAL_DATA_FOUND:
        failures[PERSONAL_DATA_FLAG] = _(
            "the data check found personal data in its files; a reviewer must check it and clear it first"
        )
    return failures
