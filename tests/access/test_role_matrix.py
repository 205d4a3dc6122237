"""Role matrix (DESIGN §5, §6): every role × every read path, with canary strings.

Roles: anonymous, editor of unit A, admin of unit A, editor of unit B, a
reviewer (member of the configured reviewers' organization), a sysadmin.
Unit A holds a draft, a submitted, an approved ``private``-level, an approved
``shared``, a returned and an unpublished dataset, plus one published dataset
(tests/access/roles.py). Each path is requested through the real HTTP app and
checked both ways: no trace (canary, id, name, resource id) of a dataset the
role may not read anywhere in the response body, and the canary of each
dataset the role may read present wherever that path shows such datasets.

Some paths list public datasets only, whoever asks, by CKAN's design:
package_list, current_package_list_with_resources (sysadmins: all), the Atom
feeds, the DCAT catalog, group_show's datasets, organization_show's datasets
(unit members: all), user_show/user page (the user and sysadmins: all) and
the organization activity stream. There the published dataset must show and
nothing else is expected; every path must hide what the role may not read.

Then a smaller action matrix: who may submit, approve, publish, unpublish,
edit, bulk-publish and add collaborators to a unit A dataset.

The data is built once for the module (``world``); the read tests do not
change it. The action tests run last and work on datasets of their own,
purged afterwards.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.tests import helpers

from ckanext.laodata.config import REVIEWERS_ORGANIZATION
from tests.access.roles import (
    ADMIN_A,
    ANON,
    COMMON_TAG,
    EDITOR_A,
    EDITOR_B,
    GROUP,
    KINDS,
    PUBLISHED,
    REVIEWER,
    REVIEWERS,
    ROLES,
    SYSADMIN,
    UNIT_A,
    UNIT_A_ROLES,
    UNIT_B,
    Dataset,
    World,
    build_world,
    is_staff,
    may_edit,
    may_see,
    staff_traces,
)
from tests.published import PUBLISHABLE, dataset_in, draft, move_to, site_context

# CKAN restores its configuration before every test; the marks set it again for
# each one (the module's data is built with the reviewers' organization too).
# Activity pages show every activity of the module's data on their first page.
pytestmark = [
    pytest.mark.ckan_config(REVIEWERS_ORGANIZATION, REVIEWERS),
    pytest.mark.ckan_config("ckan.activity_list_limit", 100),
]


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(reset_db: Any, migrate_db_for: Any, reset_index: Any) -> Iterator[World]:
    """The matrix's data, built once. Plays the part of ``with_plugins`` for the
    whole module (it is function-scoped in CKAN): the plugins stay loaded until
    the module ends. Tests must not use ``clean_db`` or ``with_plugins``."""
    old = tk.config.get(REVIEWERS_ORGANIZATION)
    p.load_all()
    tk.config[REVIEWERS_ORGANIZATION] = REVIEWERS
    try:
        reset_db()
        migrate_db_for("activity")
        migrate_db_for("laodata")
        reset_index()
        yield build_world()
    finally:
        p.unload_all()
        tk.config[REVIEWERS_ORGANIZATION] = old


@pytest.fixture(scope="module")
def app(world: World) -> Any:
    """CKAN's test app, built once for the module."""
    return helpers._get_test_app()


# --- probing ----------------------------------------------------------------------


@dataclass
class Probe:
    """One role's view of the site, through the HTTP app (no cookies: only the token)."""

    app: Any
    world: World
    role: str

    def get(self, url: str, **query: Any) -> Any:
        client = self.app.test_client(use_cookies=False)
        return client.get(url, query_string=query, headers=self.world.headers(self.role))

    def action(self, action_name: str, /, **data: Any) -> Any:
        client = self.app.test_client(use_cookies=False)
        return client.post(f"/api/3/action/{action_name}", json=data, headers=self.world.headers(self.role))

    @property
    def visible(self) -> set[str]:
        return {k for k in KINDS if may_see(self.role, k)}

    @property
    def hidden(self) -> set[str]:
        return set(KINDS) - self.visible

    def ds(self, kind: str) -> Dataset:
        return self.world.datasets[kind]

    def hides(self, response: Any, kinds: Iterable[str] | None = None, echo: Iterable[str] = ()) -> None:
        """No trace of the ``kinds`` (default: those the role may not read) in the body.
        What the request itself put there is removed first: its path (pages link to
        it, e.g. the language switcher) and ``echo`` (a tag asked for)."""
        body = response.get_data(as_text=True).lower().replace(response.request.path.lower(), "")
        for text in echo:
            body = body.replace(text.lower(), "")
        kinds = self.hidden if kinds is None else kinds
        leaks = [f"{k}: {s}" for k in sorted(kinds) for s in self.ds(k).forbidden if s in body]
        assert not leaks, f"{self.role} got {response.request.url} ({response.status_code}) with {leaks}"

    def shows(self, response: Any, kinds: Iterable[str]) -> None:
        """The canary of each of ``kinds`` in the body."""
        body = response.get_data(as_text=True).lower()
        missing = [k for k in sorted(kinds) if KINDS[k].canary.lower() not in body]
        assert not missing, (
            f"{self.role} got {response.request.url} ({response.status_code}) without {missing}"
        )

    def refuses(
        self, response: Any, kind: str, statuses: tuple[int, ...] = (404,), echo: Iterable[str] = ()
    ) -> None:
        """``kind`` may not be read: no trace of any unreadable dataset, and an answer
        as if it did not exist (404)."""
        self.hides(response, echo=echo)
        assert response.status_code in statuses, (
            self.role,
            kind,
            response.request.url,
            response.status_code,
            response.get_data(as_text=True)[:300],
        )

    def ok(self, response: Any) -> Any:
        assert response.status_code == 200, (
            self.role,
            response.request.url,
            response.status_code,
            response.get_data(as_text=True)[:500],
        )
        return response

    def per_dataset(self, url: Callable[[Dataset], str], **query: Any) -> None:
        """A path about one dataset: the readable ones show their canary, the others
        answer 404 as if they did not exist."""
        for kind in KINDS:
            response = self.get(url(self.ds(kind)), **query)
            if kind in self.visible:
                self.shows(self.ok(response), [kind])
            else:
                self.refuses(response, kind)


def _result(p: Probe, response: Any) -> Any:
    return p.ok(response).json["result"]


def _names(datasets: list[dict[str, Any]]) -> set[str]:
    return {d["name"] for d in datasets}


def _kind_names(kinds: Iterable[str]) -> set[str]:
    return {KINDS[k].name for k in kinds}


def _canary_tags(tags: Iterable[Any]) -> set[str]:
    names = (t["name"] if isinstance(t, dict) else t for t in tags)
    return {n for n in names if n.startswith("canary-")}


def _sample(d: Dataset) -> list[str]:
    """Activity pages to open one by one: all of the unpublished dataset (its old
    public ones included), the latest of the others."""
    return d.activity_ids if d.kind.key == "unpublished" else d.activity_ids[:1]


# --- search and listings ------------------------------------------------------------


def search_api(p: Probe) -> None:
    """package_search (include_private) and its tag/organization facet counts."""
    facets = {"facet.field": json.dumps(["tags", "organization"]), "facet.limit": -1}
    response = p.get("/api/3/action/package_search", q="canary", include_private="True", rows=100, **facets)
    result = _result(p, response)
    assert (_names(result["results"]), result["count"]) == (_kind_names(p.visible), len(p.visible))
    items = result["search_facets"]
    assert _canary_tags(i["name"] for i in items["tags"]["items"]) == {KINDS[k].tag for k in p.visible}
    assert {i["name"]: i["count"] for i in items["organization"]["items"]} == {UNIT_A: len(p.visible)}
    p.hides(response)
    everything = p.get("/api/3/action/package_search", include_private="True", rows=0, **facets)
    tags = {i["name"]: i["count"] for i in _result(p, everything)["search_facets"]["tags"]["items"]}
    assert (_canary_tags(tags), tags.get(COMMON_TAG)) == ({KINDS[k].tag for k in p.visible}, len(p.visible))
    p.hides(everything)


def search_page(p: Probe) -> None:
    """The /dataset/ page searched for the canaries (results and facets)."""
    response = p.ok(p.get("/dataset/", q="canary"))
    p.shows(response, p.visible)
    p.hides(response)


def package_list(p: Probe) -> None:
    """package_list lists public datasets only, to everyone."""
    response = p.get("/api/3/action/package_list")
    assert _result(p, response) == [KINDS[PUBLISHED].name]
    p.hides(response)


def current_package_list(p: Probe) -> None:
    """current_package_list_with_resources: public datasets (sysadmins: all)."""
    response = p.get("/api/3/action/current_package_list_with_resources", limit=100)
    expected = p.visible if p.role == SYSADMIN else {PUBLISHED}
    assert _names(_result(p, response)) == _kind_names(expected)
    p.hides(response)


def dataset_autocomplete(p: Probe) -> None:
    """/api/2/util/dataset/autocomplete (filtered by permission labels)."""
    response = p.ok(p.get("/api/2/util/dataset/autocomplete", incomplete="canary"))
    found = {r["name"] for r in response.json["ResultSet"]["Result"]}
    assert found == _kind_names(p.visible)
    p.hides(response)


def home_page(p: Probe) -> None:
    """The home page."""
    p.hides(p.ok(p.get("/")))


# --- one dataset ------------------------------------------------------------------


def package_show(p: Probe) -> None:
    """package_show by name and by id: the unreadable ones are 404 with nothing named."""
    for key in ("name", "id"):
        for kind in KINDS:
            ident = KINDS[kind].name if key == "name" else p.ds(kind).id
            response = p.get("/api/3/action/package_show", id=ident)
            if kind in p.visible:
                p.shows(p.ok(response), [kind])
            else:
                p.refuses(response, kind)


def dataset_page(p: Probe) -> None:
    """/dataset/<name>; its review history names staff and quotes comments only
    to the unit and the reviewers."""
    p.per_dataset(lambda d: f"/dataset/{d.kind.name}")
    for kind in p.visible:
        body = p.get(f"/dataset/{KINDS[kind].name}").get_data(as_text=True).lower()
        traces = staff_traces(KINDS[kind], p.world.users)
        if is_staff(p.role):
            if KINDS[kind].steps[-1:] in (("approve",), ("return",)):
                assert traces[2] in body, (p.role, kind, "the reviewer's comment is missing")
        else:
            leaks = [t for t in traces if t in body]
            assert not leaks, (p.role, kind, leaks)


def quality_show(p: Probe) -> None:
    """laodata_quality_show by name and by id: readers get the score, staff also
    what to fix; the unreadable ones are 404 with nothing named (issue 13)."""
    for key in ("name", "id"):
        for kind in KINDS:
            ident = KINDS[kind].name if key == "name" else p.ds(kind).id
            response = p.get("/api/3/action/laodata_quality_show", id=ident)
            if kind not in p.visible:
                p.refuses(response, kind)
                continue
            result = _result(p, response)
            assert result["name"] == KINDS[kind].name and 0 <= result["score"] <= 100
            assert set(result["parts"]) == {"metadata", "fill_rate", "validation", "freshness", "openness"}
            assert isinstance(result["fixes"], list) if is_staff(p.role) else result["fixes"] is None, (
                p.role,
                kind,
            )
            p.hides(response)


def resource_show(p: Probe) -> None:
    """resource_show."""
    for kind in KINDS:
        response = p.get("/api/3/action/resource_show", id=p.ds(kind).resource_id)
        if kind in p.visible:
            p.shows(p.ok(response), [kind])
        else:
            p.refuses(response, kind)


def resource_page(p: Probe) -> None:
    """/dataset/<id>/resource/<rid>."""
    p.per_dataset(lambda d: f"/dataset/{d.id}/resource/{d.resource_id}")


def resource_download(p: Probe) -> None:
    """/dataset/<id>/resource/<rid>/download: the uploaded file (it holds the canary)."""
    p.per_dataset(lambda d: f"/dataset/{d.id}/resource/{d.resource_id}/download")


def pull_source_show(p: Probe) -> None:
    """laodata_pull_source_show: the URL of a unit's system and its pulls, for the dataset's staff only."""
    for kind in KINDS:
        response = p.get("/api/3/action/laodata_pull_source_show", id=p.ds(kind).resource_id)
        if is_staff(p.role):
            p.shows(p.ok(response), [kind])
        elif kind in p.visible:  # may read the dataset, not its source: refused, saying nothing of it
            assert response.status_code == 403, (p.role, kind, response.status_code)
            assert KINDS[kind].canary.lower() not in response.get_data(as_text=True).lower()
            p.hides(response)
        else:
            p.refuses(response, kind)


def datastore_search(p: Probe) -> None:
    """datastore_search and datastore_info of each dataset's table (the DataStore, issue 12)."""
    for action in ("datastore_search", "datastore_info"):
        for kind in KINDS:
            response = p.action(action, resource_id=p.ds(kind).resource_id)
            if kind in p.visible:
                p.shows(p.ok(response), [kind])
            else:
                # CKAN's words for a missing table repeat the id asked for
                p.refuses(response, kind, echo=[p.ds(kind).resource_id])


def datastore_dump(p: Probe) -> None:
    """/datastore/dump/<rid>: the whole table as CSV."""
    p.per_dataset(lambda d: f"/datastore/dump/{d.resource_id}")


def table_preview(p: Probe) -> None:
    """The DataTables preview: its page and the rows its script asks for."""
    p.per_dataset(lambda d: f"/dataset/{d.id}/resource/{d.resource_id}/view/{d.view_id}")
    client = p.app.test_client(use_cookies=False)
    for kind in KINDS:
        columns = {
            "columns[0][data]": "_id",
            "columns[1][data]": "district",
            "columns[2][data]": KINDS[kind].tag,
        }
        response = client.post(
            f"/datatables/ajax/{p.ds(kind).view_id}",
            data={"draw": "1", "start": "0", "length": "10", "search[value]": "", **columns},
            headers=p.world.headers(p.role),
        )
        if kind in p.visible:
            p.shows(p.ok(response), [kind])
        else:
            p.refuses(response, kind)


def chart_preview(p: Probe) -> None:
    """The chart view (tables/chart.py): its own page, drawn from datastore_search with the
    viewer's rights (the canary is the label of its one bar)."""
    p.per_dataset(lambda d: f"/dataset/{d.id}/resource/{d.resource_id}/view/{d.chart_view_id}")


def dcat_dataset(p: Probe) -> None:
    """/dataset/<id>.ttl and .jsonld (ckanext-dcat)."""
    for fmt in ("ttl", "jsonld"):
        p.per_dataset(lambda d, fmt=fmt: f"/dataset/{d.id}.{fmt}")


def workflow_history(p: Probe) -> None:
    """laodata_workflow_history (the review comments carry the canary): the unit
    and the reviewers get every event with its actor and comment; anyone else
    who may read the dataset only when it was published or withdrawn, with no
    staff name and no comment."""
    for kind in KINDS:
        response = p.get("/api/3/action/laodata_workflow_history", id=KINDS[kind].name)
        if kind not in p.visible:
            p.refuses(response, kind)
            continue
        events = _result(p, response)
        if is_staff(p.role):
            if KINDS[kind].steps[-1:] in (("approve",), ("return",)):
                p.shows(response, [kind])
            assert len(events) == len(KINDS[kind].steps)
            assert {e["actor"] for e in events} <= {p.world.name(EDITOR_A), p.world.name(REVIEWER)}
        else:
            assert [e["action"] for e in events] == [
                s for s in KINDS[kind].steps if s in ("publish", "unpublish")
            ]
            assert all(
                e["actor"] is None and e["actor_fullname"] is None and e["comment"] == "" for e in events
            )
            p.hides(response, kinds=())
            body = response.get_data(as_text=True).lower()
            leaks = [t for t in staff_traces(KINDS[kind], p.world.users) if t in body]
            assert not leaks, (p.role, kind, leaks)


def write_errors(p: Probe) -> None:
    """Writes by those who may not edit are refused; to those who may not read the
    dataset the refusal names nothing (no id, name, canary). Every attempt is made
    before the failures are reported."""
    if may_edit(p.role):
        return
    problems: list[str] = []
    for kind in KINDS:
        d = p.ds(kind)
        attempts = [
            p.action(
                "package_update", id=d.kind.name, name=d.kind.name, notes="overwritten", owner_org=UNIT_A
            ),
            p.action("package_patch", id=d.kind.name, notes="overwritten"),
            p.action("resource_patch", id=d.resource_id, description="overwritten"),  # asked by id: echoed
            p.action("package_delete", id=d.kind.name),
            p.action("package_owner_org_update", id=d.kind.name, organization_id=UNIT_B),
            p.get(f"/dataset/edit/{d.kind.name}"),
        ]
        for response in attempts:
            try:
                if kind in p.visible:
                    assert response.status_code == 403, (
                        p.role,
                        kind,
                        response.request.url,
                        response.status_code,
                    )
                else:  # CKAN's own write actions: a refusal that names nothing
                    p.refuses(
                        response,
                        kind,
                        (403, 404),
                        echo=[d.resource_id] if "resource_patch" in response.request.path else [],
                    )
            except AssertionError as err:
                problems.append(f"{err} {response.get_data(as_text=True)[:300]}")
    unchanged = helpers.call_action(
        "package_search",
        q="notes:overwritten",
        include_private=True,
        context={"ignore_auth": True, "user": p.world.name(SYSADMIN)},
    )
    assert unchanged["count"] == 0
    assert not problems, "\n".join(problems)


# --- activity ---------------------------------------------------------------------


def _names_no_staff(p: Probe, response: Any, followed: Iterable[str] = ()) -> None:
    """Neither the user names of those who worked on unit A's datasets nor the
    reviewers' comments are in the body (DESIGN §5: staff names are for staff),
    leaving aside the request's own path and the ``followed`` users (a dashboard
    lists whom its owner follows)."""
    body = response.get_data(as_text=True).lower().replace(response.request.path.lower(), "")
    for name in followed:
        body = body.replace(p.world.name(name).lower(), "")
    leaks = {t for k in KINDS for t in staff_traces(KINDS[k], p.world.users) if t in body}
    assert not leaks, (p.role, response.request.url, response.status_code, sorted(leaks))


def _staff_tool(p: Probe, response: Any, staff: bool, shows: Iterable[str]) -> None:
    """An activity stream: to ``staff`` it shows ``shows`` and nothing they may not
    read; to others it is refused (403) and names no one."""
    if staff:
        p.shows(p.ok(response), shows)
        p.hides(response)
    else:
        assert response.status_code == 403, (p.role, response.request.url, response.status_code)
        p.hides(response)
        _names_no_staff(p, response)


def package_activity(p: Probe) -> None:
    """package_activity_list (the unpublished dataset's old public activities too):
    for the unit and the reviewers; others may read the dataset, not who changed it."""
    for kind in KINDS:
        response = p.get("/api/3/action/package_activity_list", id=KINDS[kind].name, limit=100)
        if kind in p.visible:
            _staff_tool(p, response, is_staff(p.role), [kind])
        else:
            p.refuses(response, kind)


def dataset_activity_page(p: Probe) -> None:
    """/dataset/activity/<name>, and the tab that leads to it on the dataset page."""
    for kind in KINDS:
        response = p.get(f"/dataset/activity/{KINDS[kind].name}")
        if kind in p.visible:
            _staff_tool(p, response, is_staff(p.role), [kind])
            page = p.ok(p.get(f"/dataset/{KINDS[kind].name}")).get_data(as_text=True)
            assert (f"/dataset/activity/{KINDS[kind].name}" in page) == is_staff(p.role), (p.role, kind)
        else:
            p.refuses(response, kind)


def activity_by_id(p: Probe) -> None:
    """activity_show / activity_data_show, and the history and changes pages, of
    each activity (someone may have kept the id from when the dataset was public).
    CKAN shows an activity's data to those who may edit the dataset."""
    for kind in KINDS:
        d = p.ds(kind)
        for activity_id in d.activity_ids:
            for action in ("activity_show", "activity_data_show"):
                response = p.get(f"/api/3/action/{action}", id=activity_id, include_data="true")
                if kind in p.visible and may_edit(p.role):
                    p.shows(p.ok(response), [kind])
                elif kind not in p.visible or not is_staff(p.role):
                    p.refuses(response, kind, (403, 404))  # an activity id, not the dataset's
                    _names_no_staff(p, response)
        for activity_id in _sample(d):
            urls = [f"/dataset/{d.id}/history/{activity_id}"]
            if activity_id != d.activity_ids[-1]:  # the first activity has no changes to show
                urls.append(f"/dataset/changes/{activity_id}")
            for url in urls:
                response = p.get(url)
                if kind in p.visible and may_edit(p.role):
                    p.shows(p.ok(response), [kind])
                elif kind not in p.visible or not is_staff(p.role):
                    p.refuses(response, kind, (403, 404))
                    _names_no_staff(p, response)


def _activity_stream(p: Probe, response: Any) -> None:
    p.shows(p.ok(response), p.visible)
    p.hides(response)


def _public_stream(p: Probe, response: Any) -> None:
    """CKAN's organization streams carry the activities of public datasets only,
    and only unit A's members and the reviewers may read unit A's."""
    _staff_tool(p, response, is_staff(p.role), [PUBLISHED])
    p.hides(response, ["unpublished"])  # its old public activities are gone too


def organization_activity(p: Probe) -> None:
    """organization_activity_list of unit A."""
    _public_stream(p, p.get("/api/3/action/organization_activity_list", id=UNIT_A, limit=100))


def recent_activity(p: Probe) -> None:
    """recently_changed_packages_activity_list: the whole site's changes, for the reviewers."""
    response = p.get("/api/3/action/recently_changed_packages_activity_list", limit=100)
    _staff_tool(p, response, p.role in (REVIEWER, SYSADMIN), p.visible)


def _user_stream(p: Probe, response: Any) -> None:
    """Unit A's editor's stream: for that editor and the reviewers."""
    _staff_tool(p, response, p.role in (EDITOR_A, REVIEWER, SYSADMIN), p.visible)


def user_activity(p: Probe) -> None:
    """user_activity_list of unit A's editor (who created every dataset)."""
    _user_stream(p, p.get("/api/3/action/user_activity_list", id=p.world.name(EDITOR_A), limit=100))


def dashboard_activity(p: Probe) -> None:
    """dashboard_activity_list (everyone follows unit A and its editor): only the
    activities its owner may read as staff."""
    response = p.get("/api/3/action/dashboard_activity_list", limit=100)
    if p.role == ANON:
        assert response.status_code == 403
        p.hides(response)
    elif is_staff(p.role):
        _activity_stream(p, response)
    else:
        p.hides(p.ok(response), KINDS)
        _names_no_staff(p, response, followed=[EDITOR_A])
    # the header's count of new activities (access/dashboard.py) counts what this
    # list marks new: no more (nothing its owner may not read), no fewer
    counted = p.get("/api/3/action/dashboard_new_activities_count")
    if p.role == ANON:
        assert counted.status_code == 403
        return
    listed = _result(p, response)
    new = sum(1 for a in listed if a.get("is_new"))
    assert (_result(p, counted) == new) if len(listed) < 100 else (_result(p, counted) >= new), (p.role, new)


def dashboard_page(p: Probe) -> None:
    """/dashboard/ (anonymous: sent to log in)."""
    response = p.ok(p.get("/dashboard/"))
    if is_staff(p.role):
        p.shows(response, p.visible)
    else:
        _names_no_staff(p, response, followed=[EDITOR_A])
    p.hides(response)


# What the review queue holds: submitted, and approved (once withdrawn, too).
QUEUE_STATUS = {
    "submitted": "submitted",
    "approved_private": "approved",
    "approved_shared": "approved",
    "unpublished": "approved",
}


def review_queue(p: Probe) -> None:
    """/catalog/review, plain and with each filter (issue 11): the reviewers get
    what waits in unit A, filtered, and filter counts of those only; anyone else
    is refused (anonymous: sent to log in) and learns nothing of any dataset."""
    for query in ({}, {"unit": UNIT_A}, {"status": "submitted"}, {"status": "approved", "unit": UNIT_A}):
        response = p.get("/catalog/review", **query)
        if p.role in (REVIEWER, SYSADMIN):
            body = p.ok(response).get_data(as_text=True)
            listed = {k for k, status in QUEUE_STATUS.items() if query.get("status", status) == status}
            p.shows(response, listed)
            p.hides(response, set(KINDS) - listed)
            waiting = "1 dataset waits" if len(listed) == 1 else f"{len(listed)} datasets wait"
            assert waiting in body, (p.role, query)
            assert f'<option value="{UNIT_A}" selected>Unit A ({len(listed)})</option>' in body or (
                "unit" not in query and f'<option value="{UNIT_A}">Unit A ({len(listed)})</option>' in body
            ), (p.role, query)
        else:
            body = response.get_data(as_text=True)
            if p.role == ANON:  # the login form (the test client follows the redirect)
                assert response.request.path.endswith("/user/login") and "laodata-queue" not in body
            else:
                assert response.status_code == 403, (p.role, response.status_code)
            p.hides(response, set(KINDS))


def user_activity_page(p: Probe) -> None:
    """/user/activity/<editor A>."""
    _user_stream(p, p.get(f"/user/activity/{p.world.name(EDITOR_A)}"))


def organization_activity_page(p: Probe) -> None:
    """/organization/activity/<unit A>, and the tab that leads to it on the unit's page."""
    _public_stream(p, p.get(f"/organization/activity/{UNIT_A}"))
    page = p.ok(p.get(f"/organization/{UNIT_A}")).get_data(as_text=True)
    assert (f"/organization/activity/{UNIT_A}" in page) == is_staff(p.role), p.role


# --- DCAT and feeds -----------------------------------------------------------------


def dcat_catalog(p: Probe) -> None:
    """/catalog.ttl, .jsonld and .rdf list published datasets only."""
    for fmt in ("ttl", "jsonld", "rdf"):
        response = p.ok(p.get(f"/catalog.{fmt}"))
        p.shows(response, [PUBLISHED])
        p.hides(response)


def feeds(p: Probe) -> None:
    """The Atom feeds: site, unit A, group, common tag, custom query."""
    for url, query in (
        ("/feeds/dataset.atom", {}),
        (f"/feeds/organization/{UNIT_A}.atom", {}),
        (f"/feeds/group/{GROUP}.atom", {}),
        (f"/feeds/tag/{COMMON_TAG}.atom", {}),
        ("/feeds/custom.atom", {"q": "canary"}),
    ):
        response = p.ok(p.get(url, **query))
        p.shows(response, [PUBLISHED])
        p.hides(response)


def tag_feeds(p: Probe) -> None:
    """/feeds/tag/<canary tag>.atom of every dataset (the tag in the URL is echoed)."""
    for kind in KINDS:
        response = p.ok(p.get(f"/feeds/tag/{KINDS[kind].tag}.atom"))
        if kind == PUBLISHED:
            p.shows(response, [kind])
        p.hides(response, echo=[KINDS[kind].tag])


# --- tags -------------------------------------------------------------------------


def tag_autocomplete(p: Probe) -> None:
    """/api/2/util/tag/autocomplete."""
    response = p.ok(p.get("/api/2/util/tag/autocomplete", incomplete="canary"))
    assert _canary_tags(t["Name"] for t in response.json["ResultSet"]["Result"]) == {
        KINDS[k].tag for k in p.visible
    }
    p.hides(response)


def tag_list(p: Probe) -> None:
    """tag_list, names and all fields."""
    for query in ({}, {"all_fields": "true"}):
        response = p.get("/api/3/action/tag_list", **query)
        assert _canary_tags(_result(p, response)) == {KINDS[k].tag for k in p.visible}
        p.hides(response)


def tag_search(p: Probe) -> None:
    """tag_search."""
    response = p.get("/api/3/action/tag_search", q="canary")
    result = _result(p, response)
    assert (_canary_tags(result["results"]), result["count"]) == (
        {KINDS[k].tag for k in p.visible},
        len(p.visible),
    )
    p.hides(response)


def tag_show(p: Probe) -> None:
    """tag_show (CKAN lists public datasets only): a tag found only on datasets the
    role may not read does not exist for it, as in tag_list (the tag asked for is echoed)."""
    for kind in KINDS:
        response = p.get("/api/3/action/tag_show", id=KINDS[kind].tag, include_datasets="true")
        if kind in p.visible:
            p.ok(response)
            if kind == PUBLISHED:
                p.shows(response, [kind])
            else:
                p.hides(response, [kind], echo=[KINDS[kind].tag])  # not a public dataset
        else:
            p.refuses(response, kind, echo=[KINDS[kind].tag])


# --- organizations, groups, users ------------------------------------------------


def organization_page(p: Probe) -> None:
    """/organization/<unit A> (searches with include_private, by labels)."""
    response = p.ok(p.get(f"/organization/{UNIT_A}"))
    p.shows(response, p.visible)
    p.hides(response)


def organization_show(p: Probe) -> None:
    """organization_show with datasets: CKAN includes private ones for the unit's members."""
    response = p.get("/api/3/action/organization_show", id=UNIT_A, include_datasets="true")
    expected = p.visible if p.role in (EDITOR_A, ADMIN_A, SYSADMIN) else {PUBLISHED}
    result = _result(p, response)
    assert (_names(result["packages"]), result["package_count"]) == (_kind_names(expected), len(expected))
    p.hides(response)


def organization_list(p: Probe) -> None:
    """organization_list with all fields: unit A's package_count is what the role may read."""
    response = p.get("/api/3/action/organization_list", all_fields="true")
    counts = {o["name"]: o["package_count"] for o in _result(p, response)}
    assert counts == {UNIT_A: len(p.visible), UNIT_B: 0, REVIEWERS: 0}
    p.hides(response)


def member_list(p: Probe) -> None:
    """member_list of unit A's datasets."""
    response = p.get("/api/3/action/member_list", id=UNIT_A, object_type="package")
    assert {m[0] for m in _result(p, response)} == {p.ds(k).id for k in p.visible}
    p.hides(response)


def group_page(p: Probe) -> None:
    """/group/<group> (searches with include_private, by labels)."""
    response = p.ok(p.get(f"/group/{GROUP}"))
    p.shows(response, p.visible)
    p.hides(response)


def group_show(p: Probe) -> None:
    """group_show with datasets (public ones, in CKAN) and group_list's package_count."""
    response = p.get("/api/3/action/group_show", id=GROUP, include_datasets="true")
    assert _names(_result(p, response)["packages"]) == _kind_names([PUBLISHED])
    p.hides(response)
    listed = p.get("/api/3/action/group_list", all_fields="true")
    assert {g["name"]: g["package_count"] for g in _result(p, listed)} == {GROUP: len(p.visible)}
    p.hides(listed)


def _user_scope(p: Probe) -> set[str]:
    """CKAN lists a user's private datasets to that user and to sysadmins."""
    return p.visible if p.role in (EDITOR_A, SYSADMIN) else {PUBLISHED}


def user_page(p: Probe) -> None:
    """/user/<editor A> (user profiles name staff: for logged-in users only)."""
    response = p.get(f"/user/{p.world.name(EDITOR_A)}")
    if p.role == ANON:
        assert response.status_code == 403, response.status_code
    else:
        p.shows(p.ok(response), _user_scope(p))
    p.hides(response)


def user_show(p: Probe) -> None:
    """user_show of editor A with datasets (for logged-in users only)."""
    response = p.get("/api/3/action/user_show", id=p.world.name(EDITOR_A), include_datasets="true")
    if p.role == ANON:
        assert response.status_code == 403, response.status_code
    else:
        assert _names(_result(p, response)["datasets"]) == _kind_names(_user_scope(p))
    p.hides(response)


def stored_file_checks(p: Probe) -> None:
    """laodata_file_problems and /ckan-admin/laodata/files (the stored files' checks): sysadmins only."""
    api = p.get("/api/3/action/laodata_file_problems")
    page = p.get("/ckan-admin/laodata/files")
    if p.role == SYSADMIN:
        assert _result(p, api)["count"] == 0
        p.ok(page)
    else:
        assert api.status_code == 403, api.status_code
        if p.role == ANON:  # sent to log in
            assert page.request.path.endswith("/user/login"), page.request.path
        else:
            assert page.status_code == 403, page.status_code
    p.hides(api)
    p.hides(page)


def audit_log(p: Probe) -> None:
    """The security audit log (its page, export and action): sysadmins only;
    it names the datasets that moved, were refused or were downloaded."""
    for response in (
        p.get("/ckan-admin/audit"),
        p.get("/ckan-admin/audit/export.jsonl"),
        p.get("/api/3/action/laodata_audit_list"),
    ):
        if p.role == SYSADMIN:
            assert response.status_code == 200, response.status_code
        else:
            assert response.status_code == 403, response.status_code
            p.hides(response)


PATHS: dict[str, Callable[[Probe], None]] = {
    f.__name__: f
    for f in (
        search_api,
        search_page,
        package_list,
        current_package_list,
        dataset_autocomplete,
        home_page,
        package_show,
        quality_show,
        dataset_page,
        resource_show,
        resource_page,
        resource_download,
        pull_source_show,
        datastore_search,
        datastore_dump,
        table_preview,
        chart_preview,
        dcat_dataset,
        workflow_history,
        package_activity,
        dataset_activity_page,
        activity_by_id,
        organization_activity,
        recent_activity,
        user_activity,
        dashboard_activity,
        dashboard_page,
        review_queue,
        user_activity_page,
        organization_activity_page,
        dcat_catalog,
        feeds,
        tag_feeds,
        tag_autocomplete,
        tag_list,
        tag_search,
        tag_show,
        organization_page,
        organization_show,
        organization_list,
        member_list,
        group_page,
        group_show,
        user_page,
        user_show,
        write_errors,
        stored_file_checks,
        audit_log,
    )
}


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("role", ROLES)
def test_read_path(app: Any, world: World, role: str, path: str) -> None:
    """What ``role`` gets from ``path``: nothing of what it may not read, all it may."""
    PATHS[path](Probe(app, world, role))


# --- action matrix ------------------------------------------------------------------


@dataclass(frozen=True)
class ActionCase:
    status: str  # the dataset's status before the action
    allowed: frozenset[str]  # roles that may do it (DESIGN §5)
    data: dict[str, Any]
    after: tuple[str, bool]  # (workflow_status, private) once done


ACTIONS: dict[str, ActionCase] = {
    "laodata_dataset_submit": ActionCase(
        "draft", frozenset({EDITOR_A, ADMIN_A, SYSADMIN}), {}, ("submitted", True)
    ),
    "laodata_dataset_review": ActionCase(
        "submitted", frozenset({REVIEWER, SYSADMIN}), {"decision": "approve"}, ("approved", True)
    ),
    "laodata_dataset_publish": ActionCase(
        "approved", frozenset({REVIEWER, SYSADMIN}), {}, ("published", False)
    ),
    "laodata_dataset_unpublish": ActionCase(
        "published", frozenset({REVIEWER, SYSADMIN}), {"comment": "Wrong year"}, ("approved", True)
    ),
    "package_update": ActionCase(
        "draft",
        frozenset({EDITOR_A, ADMIN_A, SYSADMIN}),
        {"notes": "edited", "owner_org": UNIT_A, **PUBLISHABLE},
        ("draft", True),
    ),
    # a published dataset with an uploaded file, in a theme group its unit is not a member of:
    # its metadata is edited in place (it stays published), new data sends it back for review
    "package_patch": ActionCase(
        "published",
        frozenset({EDITOR_A, ADMIN_A, SYSADMIN}),
        {"notes": "edited", "title": "Beds per district (typo fixed)"},
        ("published", False),
    ),
    "resource_create": ActionCase(
        "published",
        frozenset({EDITOR_A, ADMIN_A, SYSADMIN}),
        {"url": "http://example.com/beds-2026.csv", "name": "2026"},
        ("submitted", True),
    ),
    # a resource's description is metadata: fixed in place, the dataset stays published
    "resource_patch": ActionCase(
        "published",
        frozenset({EDITOR_A, ADMIN_A, SYSADMIN}),
        {"description": "Beds per district (typo fixed)"},
        ("published", False),
    ),
    # the gate: nobody makes a dataset public but by publishing it
    "bulk_update_public": ActionCase("approved", frozenset(), {}, ("approved", True)),
    # collaborators are not enabled (ckan.auth.allow_dataset_collaborators): nobody adds one
    "package_collaborator_create": ActionCase("draft", frozenset(), {"capacity": "editor"}, ("draft", True)),
}


def _stored(package_id: str) -> tuple[str, bool, str]:
    model.Session.remove()
    row = model.Session.execute(
        sa.select(
            model.package_table.c.extras, model.package_table.c.private, model.package_table.c.notes
        ).where(model.package_table.c.id == package_id)
    ).one()
    return (row.extras or {}).get("workflow_status", "draft"), row.private, row.notes or ""


THEME = "rm-theme"


def _grouped_with_upload(name: str) -> dict[str, Any]:
    """A published unit A dataset with an uploaded file, which a sysadmin has
    added to a theme group nobody of unit A belongs to."""
    dataset = draft("published", name=name, owner_org=UNIT_A, notes="before")
    helpers.call_action(
        "resource_create",
        context=site_context(),
        package_id=dataset["id"],
        name="beds",
        upload=FileStorage(io.BytesIO(b"district,beds\nA,60\n"), filename="beds.csv"),
    )
    if not model.Group.get(THEME):
        helpers.call_action("group_create", context=site_context(), name=THEME, title="Health theme")
    helpers.call_action(
        "member_create",
        context=site_context(),
        id=THEME,
        object=dataset["id"],
        object_type="package",
        capacity="public",
    )
    return move_to(dataset["id"], "published")


@pytest.fixture
def target(world: World, request: Any) -> Iterator[dict[str, Any]]:
    """A unit A dataset in the status the action starts from; purged afterwards."""
    action, role = request.node.callspec.params["action"], request.node.callspec.params["role"]
    name = f"act-{action.replace('_', '-')}-{role.replace('_', '-')}"[:100]
    if action in ("package_patch", "resource_create", "resource_patch"):
        dataset = _grouped_with_upload(name)
    else:
        dataset = dataset_in(
            ACTIONS[action].status, name=name, owner_org=UNIT_A, notes="before", **PUBLISHABLE
        )
    yield dataset
    helpers.call_action("dataset_purge", context={"user": world.name(SYSADMIN)}, id=dataset["id"])


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_action(app: Any, world: World, target: dict[str, Any], role: str, action: str) -> None:
    """``role`` may or may not do ``action`` on a unit A dataset, as DESIGN §5 says;
    a refusal changes nothing and, to those who may not read it, names nothing."""
    case = ACTIONS[action]
    probe = Probe(app, world, role)
    data: dict[str, Any] = dict(case.data)
    if action == "bulk_update_public":
        data.update(datasets=[target["id"]], org_id=world.orgs[UNIT_A]["id"])
    elif action == "package_collaborator_create":
        data.update(id=target["id"], user_id=world.name(EDITOR_B))
    elif action == "resource_create":
        data["package_id"] = target["name"]
    elif action == "resource_patch":
        data["id"] = target["resources"][0]["id"]
    else:
        data["id"] = target["name"]
    if action == "package_update":
        data["name"] = target["name"]
    before = _stored(target["id"])
    response = probe.action(action, **data)
    body = response.get_data(as_text=True)
    if role in case.allowed:
        assert response.status_code == 200 and response.json["success"], (role, action, body[:500])
        status, private, notes = _stored(target["id"])
        assert (status, private) == case.after
        if action in ("package_update", "package_patch"):
            assert notes == "edited"
        return
    assert response.status_code in (403, 404, 409), (role, action, response.status_code, body[:500])
    assert _stored(target["id"]) == before, (role, action, "changed the dataset")
    readable = case.status == "published" or role in UNIT_A_ROLES | {REVIEWER, SYSADMIN}
    if not readable:
        low = body.lower()
        assert target["id"] not in low and target["name"] not in low, (role, action, body[:500])
        if action.startswith("laodata_"):  # laodata's actions: as if it did not exist
            assert response.status_code == 404, (role, action, response.status_code, body[:500])
