"""The header's count of new activities on a user's dashboard (issue 15, item 5).

Every logged-in page shows it. CKAN's activity plugin counts by building the
whole dashboard stream (the user's own activities and everything followed,
unbounded, merged and sorted), dictizing its newest page with the datasets'
snapshots, and counting the new ones: 200-280 ms per page on a catalogue of
10,000 datasets, growing with it.

Here the new activities are counted where they are: only activities newer than
the user's last dashboard visit, found through CKAN's indexes on
``activity (object_id, timestamp)`` and ``activity (user_id, timestamp)``,
grouped by the object they are about, so the cost follows the number of new
activities, not the catalogue's size. The dashboard's own rules still apply:

* the stream is CKAN's dashboard stream: activities from or about the user,
  from or about the users the user follows, about the datasets and groups
  followed and the public datasets of those groups;
* the user's own activities are never new, nor those of the users CKAN hides
  (``ckan.hide_activity_from_users``, by default the site user);
* CKAN's permission labels (sysadmins see all), as CKAN filters its streams;
* laodata's rule of who may read which activity (``activity.may_read_activity``),
  decided once per user for reviewers, once per unit for its staff, else once
  per object.

The count stops at ``CAP`` (the header shows ``99+``): beyond it the number does
not change what the user does, and counting it would cost reading them all.
When nothing is new (most page views) the count costs one query; the user's
labels and roles are asked only when there is something to count.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from .activity import may_read_activity
from .labels import LABELS
from .roles import is_reviewer, is_unit_staff

CAP = 100

_EPOCH = datetime.datetime(1970, 1, 1)

# The user's dashboard stream newer than :since, each branch an index range
# scan (object_id or user_id, timestamp), less the user's own activities and
# the hidden users', grouped by what decides who may read them.
NEW_ACTIVITIES = sa.text(
    """
    SELECT a.object_id, a.activity_type, p.owner_org, a.permission_labels AS labels,
           count(*) AS n, max(a.timestamp) AS newest
    FROM activity a
    LEFT JOIN package p ON p.id = a.object_id AND a.activity_type LIKE '%package'
    WHERE a.id IN (
        SELECT x.id FROM activity x WHERE x.object_id = :me AND x.timestamp > :since
        UNION ALL
        SELECT x.id FROM user_following_user f JOIN activity x ON x.user_id = f.object_id
         WHERE f.follower_id = :me AND x.timestamp > :since
        UNION ALL
        SELECT x.id FROM user_following_user f JOIN activity x ON x.object_id = f.object_id
         WHERE f.follower_id = :me AND x.timestamp > :since
        UNION ALL
        SELECT x.id FROM user_following_dataset f JOIN activity x ON x.object_id = f.object_id
         WHERE f.follower_id = :me AND x.timestamp > :since
        UNION ALL
        SELECT x.id FROM user_following_group f JOIN activity x ON x.object_id = f.object_id
         WHERE f.follower_id = :me AND x.timestamp > :since
        UNION ALL
        -- the group's datasets (CKAN's rule: public ones, in it now, or deleted while in it)
        SELECT x.id FROM user_following_group f
          JOIN member m ON m.group_id = f.object_id AND m.table_name = 'package'
          JOIN package p ON p.id = m.table_id AND NOT p.private
               AND ((m.state = 'active' AND p.state = 'active') OR (m.state = 'deleted' AND p.state = 'deleted'))
          JOIN activity x ON x.object_id = m.table_id
         WHERE f.follower_id = :me AND x.timestamp > :since
    )
    AND a.user_id <> :me
    AND a.user_id NOT IN (SELECT u.id FROM "user" u WHERE u.name = ANY(:hidden) OR u.id = ANY(:hidden))
    GROUP BY a.object_id, a.activity_type, p.owner_org, a.permission_labels
    ORDER BY newest DESC
    """
)


def _hidden_users() -> list[str]:
    """CKAN's ``ckan.hide_activity_from_users``, names or ids; by default the
    site user, whose name is the site id (CKAN's ``get_site_user``)."""
    return tk.aslist(tk.config.get("ckan.hide_activity_from_users")) or [tk.config["ckan.site_id"]]


def count_new(user: model.User) -> int:
    """How many activities on ``user``'s dashboard are new to them, up to ``CAP``."""
    dashboard = model.Dashboard.get(user.id)
    since = dashboard.activity_stream_last_viewed if dashboard is not None else None
    params: dict[str, Any] = {
        "me": user.id,
        "since": since or _EPOCH,
        "hidden": _hidden_users(),
    }
    rows = model.Session.execute(NEW_ACTIVITIES, params).all()
    if not rows:  # the usual page view: nothing new, nothing more to ask
        return 0
    labelled = _labelled(user)
    readable = _reader(user.name)
    total = 0
    for row in rows:
        if labelled(row.activity_type, row.labels) and readable(
            row.object_id or "", row.activity_type or "", row.owner_org
        ):
            total += row.n
            if total >= CAP:
                return CAP
    return total


def _labelled(user: model.User) -> Callable[[str | None, list[str] | None], bool]:
    """CKAN's permission-label filter of activity streams: a dataset's activity
    is shown to a user holding one of its labels; other activities, and every
    activity to a sysadmin, pass."""
    if user.sysadmin:
        return lambda activity_type, labels: True
    mine = set(LABELS.get_user_dataset_labels(user))

    def labelled(activity_type: str | None, labels: list[str] | None) -> bool:
        if activity_type is None or not activity_type.endswith("package"):
            return True
        return bool(mine.intersection(labels or ()))

    return labelled


def _reader(user: str) -> Callable[[str, str, str | None], bool]:
    """``may_read_activity`` for one user, deciding once what can be decided once:
    a reviewer reads every activity, a unit's staff every activity of its
    datasets (``is_staff_for``); other datasets are decided one by one (their
    collaborators)."""
    if is_reviewer(user):
        return lambda object_id, activity_type, unit: True
    unit_staff = functools.lru_cache(maxsize=None)(functools.partial(is_unit_staff, user))

    def readable(object_id: str, activity_type: str, unit: str | None) -> bool:
        if unit and "package" in activity_type and unit_staff(unit):
            return True
        return may_read_activity(user, object_id, activity_type)

    return readable


def badge(count: int | None) -> str:
    """The header's figure: the count, or ``99+`` from ``CAP`` on."""
    count = count or 0
    return f"{CAP - 1}+" if count >= CAP else str(count)


@tk.chained_action
@tk.side_effect_free
def dashboard_new_activities_count(up_func: Action, context: Context, data_dict: DataDict) -> int:
    """The number of new activities on the user's dashboard, counted up to 100
    (the user's own activities are not new). Replaces CKAN's count, which read
    the whole dashboard stream on every logged-in page."""
    tk.check_access("dashboard_new_activities_count", context, data_dict)
    user = model.User.get(context.get("user") or "")
    if user is None:
        raise tk.NotAuthorized()
    return count_new(user)
