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

from ..workflow.reviewers import PERMISSION_LABEL as REVIEWER, is_reviewer
from ..workflow.state import SHARED_VISIBLE

STATE_USERS = "laodata-state"


def shared_with_state(package: model.Package) -> bool:
    extras = package.extras or {}
    return extras.get("access_level") == "shared" and extras.get("workflow_status") in SHARED_VISIBLE


def is_state_user(user: model.User) -> bool:
    """A member of at least one active unit (organization)."""
    return model.Session.query(model.Member.id).join(
        model.Group, model.Group.id == model.Member.group_id
    ).filter(
        model.Member.table_name == "user", model.Member.table_id == user.id, model.Member.state == "active",
        model.Group.is_organization.is_(True), model.Group.state == "active",
    ).first() is not None


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
        if is_reviewer(user_obj.name):
            labels.append(REVIEWER)
        if is_state_user(user_obj):
            labels.append(STATE_USERS)
        return labels


LABELS = PermissionLabels()
