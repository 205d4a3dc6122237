"""The roles around a dataset: who reviews (sysadmins, and members of the configured
reviewers' organization), and who is staff for a dataset (its unit and the reviewers).

A reviewer who is also an editor or admin of a unit may not review that
unit's datasets: nobody approves or publishes their own unit's data.
"""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model

from .. import config

PERMISSION_LABEL = "laodata-reviewer"


def _user(name_or_id: str | None) -> model.User | None:
    return model.User.get(name_or_id) if name_or_id else None


def reviewers_organization_id() -> str | None:
    """The id of the configured reviewers' organization, if it exists and is active."""
    name = config.reviewers_organization()
    org = model.Group.get(name) if name else None
    if org is None or org.state != "active" or not org.is_organization:
        return None
    return org.id


def is_reviewer(user_name: str | None) -> bool:
    user = _user(user_name)
    if user is None or user.state != "active":
        return False
    if user.sysadmin:
        return True
    org_id = reviewers_organization_id()
    return org_id is not None and authz.has_user_permission_for_group_or_org(org_id, user.name, "read")


def may_review(user_name: str | None, owner_org: str | None) -> bool:
    """A reviewer who holds no editing role in the dataset's unit."""
    if not is_reviewer(user_name):
        return False
    user = _user(user_name)
    assert user is not None
    if user.sysadmin or not owner_org:
        return True
    return not authz.has_user_permission_for_group_or_org(owner_org, user.name, "update_dataset")


def is_staff_for(user_name: str | None, package: model.Package) -> bool:
    """Whether the user may see the staff side of a dataset's review (who did
    what, and the comments): reviewers, and the members of its unit (any
    capacity) and its collaborators."""
    user = _user(user_name)
    if user is None or user.state != "active":
        return False
    if is_unit_staff(user.name, package.owner_org):
        return True
    return authz.user_is_collaborator_on_dataset(user.id, package.id)


def is_unit_staff(user_name: str | None, unit_id: str | None) -> bool:
    """Whether the user may see the staff side of a unit's work: its members
    (any capacity) and the reviewers."""
    user = _user(user_name)
    if user is None or user.state != "active":
        return False
    if is_reviewer(user.name):
        return True
    return bool(unit_id) and authz.has_user_permission_for_group_or_org(unit_id, user.name, "read")
