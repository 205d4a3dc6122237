"""The people, units and canary datasets of the role matrix (test_role_matrix.py).

Unit A holds one dataset per way of being non-public, each carrying its own
canary string (title, notes, a tag, resource name, description and file,
legal basis, area covered), plus one published dataset as the positive
control. Every dataset is moved to its status through the real workflow
actions, by the real people (editor of unit A, reviewer), so that activities,
workflow events and permission labels are the ones production writes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import FileStorage

from ckan.tests import factories, helpers

from tests.published import PUBLISHABLE

REVIEWERS = "rm-data-office"
UNIT_A = "rm-unit-a"
UNIT_B = "rm-unit-b"
GROUP = "rm-group"
COMMON_TAG = "role-matrix"

ANON = "anonymous"
EDITOR_A = "editor_a"
ADMIN_A = "admin_a"
EDITOR_B = "editor_b"
REVIEWER = "reviewer"
SYSADMIN = "sysadmin"
ROLES = (ANON, EDITOR_A, ADMIN_A, EDITOR_B, REVIEWER, SYSADMIN)
UNIT_A_ROLES = frozenset({EDITOR_A, ADMIN_A})

SHARED = {
    "access_level": "shared",
    "security_level": "3",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}
PRIVATE_LEVEL = {
    "access_level": "private",
    "security_level": "3",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}


@dataclass(frozen=True)
class Kind:
    """One way for a unit A dataset to be (or not be) public."""

    key: str
    canary: str
    classes: dict[str, str]
    steps: tuple[str, ...]  # workflow moves after creation

    @property
    def name(self) -> str:
        return "rm-" + self.key.replace("_", "-") + "-" + self.canary.rsplit("-", 1)[1]

    @property
    def tag(self) -> str:
        return self.canary.lower()


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("draft", "CANARY-DRAFT-7f3a", PUBLISHABLE, ()),
        Kind("submitted", "CANARY-SUBMITTED-2c91", SHARED, ("submit",)),  # shared, but not yet approved
        Kind("approved_private", "CANARY-PRIVLEVEL-b04e", PRIVATE_LEVEL, ("submit", "approve")),
        Kind("approved_shared", "CANARY-SHARED-5d17", SHARED, ("submit", "approve")),
        Kind("returned", "CANARY-RETURNED-e8a2", SHARED, ("submit", "return")),
        Kind(
            "unpublished",
            "CANARY-UNPUBLISHED-93cf",
            PUBLISHABLE,
            ("submit", "approve", "publish", "unpublish"),
        ),
        Kind("published", "CANARY-PUBLIC-61ad", PUBLISHABLE, ("submit", "approve", "publish")),
    )
}
PUBLISHED = "published"


def may_see(role: str, kind: str) -> bool:
    """DESIGN §5: published for everyone; the owning unit and the reviewers see
    all; members of another unit see ``shared`` datasets once approved."""
    if kind == PUBLISHED or role in UNIT_A_ROLES | {REVIEWER, SYSADMIN}:
        return True
    return role == EDITOR_B and kind == "approved_shared"


def is_staff(role: str) -> bool:
    """Who sees the staff side of a unit A dataset's review (user names, comments):
    the unit and the reviewers (DESIGN §5)."""
    return role in UNIT_A_ROLES | {REVIEWER, SYSADMIN}


def staff_traces(kind: Kind, users: dict[str, dict[str, Any]]) -> list[str]:
    """What of a dataset's review only staff may read (lower case): the user names
    of the editor and the reviewer who moved it, and the reviewer's comments."""
    return [
        users[EDITOR_A]["name"].lower(),
        users[REVIEWER]["name"].lower(),
        f"reviewed {kind.canary}".lower(),
        "wrong year",
    ]


def may_edit(role: str) -> bool:
    """Who may edit unit A's datasets (CKAN's package_update)."""
    return role in UNIT_A_ROLES | {SYSADMIN}


@dataclass
class Dataset:
    kind: Kind
    id: str
    resource_id: str
    activity_ids: list[str] = field(default_factory=list)
    view_id: str = ""  # the DataTables view of its DataStore table
    chart_view_id: str = ""  # the chart view of the same table (tables/chart.py)

    @property
    def forbidden(self) -> tuple[str, ...]:
        """What must not reach someone who may not read the dataset (lower case)."""
        return (self.kind.canary.lower(), self.kind.name, self.id, self.resource_id)


@dataclass
class World:
    users: dict[str, dict[str, Any]]  # role -> user dict with "token" (no anonymous)
    orgs: dict[str, dict[str, Any]]
    datasets: dict[str, Dataset]

    def headers(self, role: str) -> dict[str, str]:
        return {} if role == ANON else {"Authorization": self.users[role]["token"]}

    def name(self, role: str) -> str:
        return "" if role == ANON else self.users[role]["name"]


def _act(user: dict[str, Any], action: str, **data: Any) -> Any:
    return helpers.call_action(action, context={"user": user["name"], "ignore_auth": False}, **data)


def _create(kind: Kind, editor: dict[str, Any]) -> tuple[str, str]:
    c = kind.canary
    pkg = _act(
        editor,
        "package_create",
        name=kind.name,
        owner_org=UNIT_A,
        title=f"{c} District hospitals",
        notes=f"Canary dataset {c}: beds per district.",
        tags=[{"name": kind.tag}, {"name": COMMON_TAG}],
        groups=[{"name": GROUP}],
        legal_basis=f"Decree {c} on health data",
        spatial_coverage=f"{c} district",
        **kind.classes,
    )
    resource = _act(
        editor,
        "resource_create",
        package_id=pkg["id"],
        name=f"{c} beds table",
        description=f"Resource of {c}",
        format="CSV",
        upload=FileStorage(io.BytesIO(f"district,beds\n{c},60\n".encode()), filename=f"{kind.key}.csv"),
    )
    # where the unit's system serves this data (laodata_pull_source_show: staff only)
    _act(editor, "laodata_pull_source_set", id=resource["id"], url=pull_url(kind), schedule="daily")
    return pkg["id"], resource["id"]


def pull_url(kind: Kind) -> str:
    """The pull source of a canary dataset's resource (it holds the canary)."""
    return f"https://{kind.tag}.example.org/data.csv"


def _table(kind: Kind, resource_id: str) -> tuple[str, str]:
    """The resource's DataStore table (a canary column and row), its DataTables view and its
    chart view, made with the DataStore's API as the loader does; returns the views' ids."""
    site = {"user": helpers.call_action("get_site_user")["name"]}
    helpers.call_action(
        "datastore_create",
        context=dict(site),
        resource_id=resource_id,
        force=True,
        fields=[{"id": "district", "type": "text"}, {"id": kind.tag, "type": "int"}],
        records=[{"district": kind.canary, kind.tag: 60}],
    )
    view = helpers.call_action(
        "resource_view_create",
        context=dict(site),
        resource_id=resource_id,
        view_type="datatables_view",
        title="Table",
    )
    chart = helpers.call_action(
        "resource_view_create",
        context=dict(site),
        resource_id=resource_id,
        view_type="laodata_chart_view",
        title="Chart",
    )
    return str(view["id"]), str(chart["id"])


def build_world() -> World:
    """Users, units, a group and the canary datasets, through the real actions.

    Expects an empty database and index, loaded plugins and the reviewers'
    organization configured as ``REVIEWERS``.
    """
    users: dict[str, dict[str, Any]] = {SYSADMIN: factories.Sysadmin()}
    for role in (EDITOR_A, ADMIN_A, EDITOR_B, REVIEWER):
        users[role] = factories.User(name=f"rm-{role.replace('_', '-')}")
    for user in users.values():
        user["token"] = factories.APIToken(user=user["name"])["token"]
    orgs = {
        UNIT_A: factories.Organization(
            name=UNIT_A,
            title="Unit A",
            users=[
                {"name": users[EDITOR_A]["name"], "capacity": "editor"},
                {"name": users[ADMIN_A]["name"], "capacity": "admin"},
            ],
        ),
        UNIT_B: factories.Organization(
            name=UNIT_B, title="Unit B", users=[{"name": users[EDITOR_B]["name"], "capacity": "editor"}]
        ),
        REVIEWERS: factories.Organization(
            name=REVIEWERS,
            title="Data office",
            users=[{"name": users[REVIEWER]["name"], "capacity": "member"}],
        ),
    }
    factories.Group(
        name=GROUP, title="Role matrix group", users=[{"name": users[EDITOR_A]["name"], "capacity": "member"}]
    )

    editor, reviewer = users[EDITOR_A], users[REVIEWER]
    datasets: dict[str, Dataset] = {}
    for kind in KINDS.values():
        package_id, resource_id = _create(kind, editor)
        for step in kind.steps:
            if step == "submit":
                _act(editor, "laodata_dataset_submit", id=package_id)
            elif step in ("approve", "return"):
                _act(
                    reviewer,
                    "laodata_dataset_review",
                    id=package_id,
                    decision=step,
                    comment=f"Reviewed {kind.canary}",
                )
            elif step == "publish":
                _act(reviewer, "laodata_dataset_publish", id=package_id)
            else:
                _act(reviewer, "laodata_dataset_unpublish", id=package_id, comment="Wrong year")
        # the DataStore table once the dataset has its status (as a loader finishing later would);
        # the status check below then also shows that it changes neither status nor visibility
        view_id, chart_view_id = _table(kind, resource_id)
        stored = helpers.call_action("package_show", id=package_id)
        expected_status = (
            "draft"
            if not kind.steps
            else {
                "submit": "submitted",
                "approve": "approved",
                "return": "returned",
                "publish": "published",
                "unpublish": "approved",
            }[kind.steps[-1]]
        )
        assert (stored["workflow_status"], stored["private"]) == (expected_status, kind.key != PUBLISHED)
        activities = helpers.call_action(
            "package_activity_list", context={"user": users[SYSADMIN]["name"]}, id=package_id, limit=100
        )
        assert activities, kind.key
        # the people's activities: the DataStore's own flag update (datastore_active, by the site
        # user) is left out; the "changes" page of an activity that follows it answers 404
        # (activity_diff finds no dataset in its data; noted in issue 12's report)
        site_user_id = helpers.call_action("get_site_user")["id"]
        people = [a["id"] for a in activities if a["user_id"] != site_user_id]
        datasets[kind.key] = Dataset(kind, package_id, resource_id, people, view_id, chart_view_id)

    # Everyone logged in follows unit A and its editor, so that their dashboards
    # carry unit A's activities (filtered by what they may read).
    for role, user in users.items():
        _act(user, "follow_group", id=UNIT_A)
        if role != EDITOR_A:
            _act(user, "follow_user", id=editor["name"])
    return World(users=users, orgs=orgs, datasets=datasets)
