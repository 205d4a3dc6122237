"""The periodic tasks (schedule.py): each runs when due, once per interval
across schedulers, and one task's fault never stops the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.laodata import schedule
from ckanext.laodata.cli import laodata
from ckanext.laodata.security import accounts

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.fixture(autouse=True)
def nothing_ran() -> Iterator[None]:
    """Every task due, an empty queue."""
    for task in schedule.TASKS:
        schedule.forget(task)
    helpers.call_action("job_clear")
    yield
    for task in schedule.TASKS:
        schedule.forget(task)


def test_a_task_runs_once_per_interval_until_made_due() -> None:
    ran: list[str] = []
    task = schedule.Task("test-count", 3600, lambda: ran.append("x"), "count")
    schedule.forget(task)
    assert schedule.run_due((task,)) == {"test-count": "ran"}
    # a second scheduler (or the next tick) within the hour: claimed already
    assert schedule.run_due((task,)) == {}
    assert ran == ["x"]
    schedule.forget(task)
    assert schedule.run_due((task,)) == {"test-count": "ran"}
    assert ran == ["x", "x"]
    schedule.forget(task)


def test_a_failing_task_is_reported_and_the_others_still_run() -> None:
    ran: list[str] = []

    def broken() -> None:
        model.Session.execute(sa.text("SELECT no_such_column FROM package"))

    tasks = (
        schedule.Task("test-broken", 3600, broken, "fails"),
        schedule.Task(
            "test-after", 3600, lambda: ran.append(str(model.Session.query(model.User).count())), "x"
        ),
    )
    for task in tasks:
        schedule.forget(task)
    done = schedule.run_due(tasks)
    assert done["test-broken"].startswith("failed: ProgrammingError")
    # the session was rolled back: the next task reads the database
    assert done["test-after"] == "ran" and ran and int(ran[0]) >= 0
    # the failed one waits for its next interval, like the others
    assert schedule.run_due(tasks) == {}
    for task in tasks:
        schedule.forget(task)


def test_run_once_runs_every_periodic_task_of_the_portal(cli: Any) -> None:
    idle = factories.User()
    user = model.User.get(idle["id"])
    user.last_active = dt.datetime.utcnow() - dt.timedelta(days=400)
    model.Session.commit()

    result = cli.invoke(laodata, ["schedule", "run", "--once"])
    assert result.exit_code == 0, result.output
    outcomes = dict(line.split(": ", 1) for line in result.output.strip().splitlines())
    assert set(outcomes) == {task.name for task in schedule.TASKS}
    assert outcomes["disable-inactive"] == "ran (1)"
    assert outcomes["pulls"] == "ran (0)"
    assert not [o for o in outcomes.values() if o.startswith("failed")]
    titles = sorted(job["title"] for job in helpers.call_action("job_list"))
    assert titles == [
        "laodata: freshness check",
        "laodata: progress snapshot",
        "laodata: verify stored files",
    ]
    model.Session.expire_all()
    assert accounts.disabled(model.User.get(idle["id"]))

    # the next tick finds nothing due; --now makes one task due again
    assert cli.invoke(laodata, ["schedule", "run", "--once"]).output == ""
    again = cli.invoke(laodata, ["schedule", "run", "--once", "--now", "files-verify"])
    assert again.output.strip() == "files-verify: ran"
    unknown = cli.invoke(laodata, ["schedule", "run", "--once", "--now", "everything"])
    assert unknown.exit_code == 2 and "'everything' is not one of" in unknown.output


def test_list_names_each_task_and_its_interval(cli: Any) -> None:
    result = cli.invoke(laodata, ["schedule", "list"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert [line.split()[0] for line in lines] == [task.name for task in schedule.TASKS]
    assert "every   360 min" in lines[0] and "every     5 min" in lines[-1]
