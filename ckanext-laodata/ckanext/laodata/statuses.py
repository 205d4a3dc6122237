"""The review workflow's statuses and moves (DESIGN §5), and where a status is stored.

Pure values and one accessor. A dataset's ``workflow_status`` is one of
``STATUSES``, stored in the package's extras (CKAN's scheming keeps the field
there); ``status_of`` reads it from a dataset dict, a package's extras or a
package, ``draft`` when unset. ``MOVES`` says, for each workflow action, from
which statuses it may start and where it leads; ``workflow/grant.py`` is the
only way a move is stored.
"""

from __future__ import annotations

from typing import Any, NamedTuple

STATUSES = ("draft", "submitted", "returned", "approved", "published")
SUBMITTABLE = ("draft", "returned")
FIELD = "workflow_status"


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

# Statuses in which a reviewer has accepted the dataset: editing its classes,
# its data or its unit sends it back for review (``submitted``).
REVIEWED = ("approved", "published")

# Statuses in which a ``shared`` dataset is visible to state users of any unit
# (drafts and submitted ones stay with their unit and the reviewers).
SHARED_VISIBLE = ("approved", "published")


def status_of(package: Any) -> str:
    """The status of a dataset dict, a package's extras or a ``model.Package`` (``draft`` when unset)."""
    if not isinstance(package, dict):
        package = getattr(package, "extras", None) or {}
    return str(package.get(FIELD) or "draft")
