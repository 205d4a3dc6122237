"""The demo's datasets reach their statuses through the review workflow: every
status is backed by the events of the moves that reached it (issue 9, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model

from ckanext.laodata.demo import load, province
from ckanext.laodata.workflow.events import workflow_event

PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "approved": ["submit", "approve"],
    "published": ["submit", "approve", "publish"],
}


def _trail() -> dict[str, tuple[str, list[str]]]:
    """``{dataset name: (stored status, [event actions])}``."""
    actions: dict[str, list[str]] = {}
    for package_id, action in model.Session.execute(
        sa.select(workflow_event.c.package_id, workflow_event.c.action).order_by(workflow_event.c.id)
    ):
        actions.setdefault(package_id, []).append(action)
    packages = model.Session.query(model.Package.id, model.Package.name, model.Package.extras)
    return {
        name: (str((extras or {}).get("workflow_status") or "draft"), actions.get(pid, []))
        for pid, name, extras in packages
    }


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_demo_statuses_each_have_their_events() -> None:
    first: dict[str, Any] = load.load()
    planned = {e.dataset.name: e.dataset.workflow_status for e in province.entries() if e.dataset}
    trail = _trail()
    assert {name: status for name, (status, _) in trail.items()} == planned
    # a published dataset whose data check found personal data was cleared by the reviewer
    # before it was published: an event that does not change the status (issue 13)
    cleared = {name for name, (_, actions) in trail.items() if "personal_data_clear" in actions}
    assert cleared and all(planned[name] == "published" for name in cleared)
    assert {
        name: [a for a in actions if a != "personal_data_clear"] for name, (_, actions) in trail.items()
    } == {name: PATHS[status] for name, status in planned.items()}
    assert all(trail[name][1][-2:] == ["personal_data_clear", "publish"] for name in cleared)
    assert first["moves"] == sum(len(PATHS[s]) for s in planned.values())
    second = load.load()  # nothing left to move, no event added
    assert second["moves"] == 0
    assert _trail() == trail
