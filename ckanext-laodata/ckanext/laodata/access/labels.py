"""Who may read a non-public dataset: CKAN permission labels (DESIGN §5).

CKAN's own labels stay: ``public`` for published datasets, ``member-<org>``
for the owning unit, ``creator-<user>`` and ``collaborator-<dataset>``. Added:

- ``laodata-reviewer`` on every non-public dataset, held by reviewers
  (sysadmins and members of the reviewers' organization);
- ``laodata-state`` on a ``shared`` dataset once it is approved, held by
  every member of any unit (state users). Drafts and submitted datasets stay
  with their unit and the reviewers, whatever their access level.

The same labels decide search results and facet counts (CKAN filters the
index by them) and ``package_show`` (``access/read.py``).
"""

from __future__ import annotations

import ckan.model as model
from ckan.lib.plugins import DefaultPermissionLabels

from ..statuses import SHARED_VISIBLE, status_of
from .roles import PERMISSION_LABEL as REVIEWER
from .roles import reviewers_organization_id

STATE_USERS = "laodata-state"


def shared_with_state(package: model.Package) -> bool:
    extras = package.extras or {}
    return extras.get("access_level") == "shared" and status_of(extras) in SHARED_VISIBLE


class PermissionLabels(DefaultPermissionLabels):
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        labels = super().get_dataset_labels(dataset_obj)
        if labels == ["public"]:
            return labels
        labels.append(REVIEWER)
        if dataset_obj.state == "active" and shared_with_state(dataset_obj):
            labels.append(STATE_USERS)
        return labels

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if not user_obj or user_obj.is_anonymous:
            return labels
        # CKAN's labels already name every unit the user is a member of: derive from them
        memberships = {label[len("member-") :] for label in labels if label.startswith("member-")}
        reviewers = reviewers_organization_id()
        if user_obj.sysadmin or (reviewers is not None and reviewers in memberships):
            labels.append(REVIEWER)
        if memberships:
            labels.append(STATE_USERS)
        return labels


LABELS = PermissionLabels()
