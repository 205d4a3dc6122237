"""The review workflow's state machine and the publication gate (DESIGN §5).

Pure functions over plain values. A dataset's ``workflow_status`` is one of
``STATUSES``; ``MOVES`` says, for each workflow action, from which statuses it
may start and where it leads. The publication gate lists the conditions that
keep a dataset from being public, each naming its field.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from ..access.classes import CLASS_FIELDS, as_bool, same_text

STATUSES = ("draft", "submitted", "returned", "approved", "published")
SUBMITTABLE = ("draft", "returned")


class Move(NamedTuple):
    sources: tuple[str, ...]
    target: str


MOVES: dict[str, Move] = {
    "submit": Move(SUBMITTABLE, "submitted"),
    "approve": Move(("submitted",), "approved"),
    "return": Move(("submitted",), "returned"),
    "publish": Move(("approved",), "published"),
    "unpublish": Move(("published",), "approved"),
}

# Fields whose change on an approved or published dataset sends it back for
# review: the classes (they decide who may see it) and its data (resources).
REVIEWED_FIELDS = CLASS_FIELDS

# States in which a 'shared' dataset is visible to state users of any unit.
SHARED_VISIBLE = ("approved", "published")


def status_of(package: dict[str, Any]) -> str:
    """The status in a dataset dict or a package's extras (``draft`` when unset)."""
    return str(package.get("workflow_status") or "draft")


def gate_failures(package: dict[str, Any], _: Callable[[str], str] = same_text) -> dict[str, str]:
    """The publication gate's failed conditions, by field (empty: it may be public)."""
    failures: dict[str, str] = {}
    if str(package.get("access_level") or "") != "open":
        failures["access_level"] = _("only an 'open' dataset is published (this one is '{}')").format(
            package.get("access_level") or "-")
    if str(package.get("security_level") or "") not in ("1", "2"):
        failures["security_level"] = _("only security levels 1-2 are published (this one is {})").format(
            package.get("security_level") or "-")
    if str(package.get("importance") or "other") == "core":
        failures["importance"] = _("core data is never published")
    if str(package.get("personal_data") or "none") != "none":
        failures["personal_data"] = _("a dataset holding personal data is never published")
    if as_bool(package.get("state_secret") or False):
        failures["state_secret"] = _("a state secret is never published")
    return failures
