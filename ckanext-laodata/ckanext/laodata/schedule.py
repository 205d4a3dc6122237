"""The portal's periodic tasks, and the loop that runs each when it is due.

One list of what runs and how often, used by ``./scripts/run`` and by the
containers' scheduler (``ckan laodata schedule run``): the progress
snapshot, the freshness check, disabling inactive accounts, pruning the
security audit log, re-checking stored files against their SHA-256 and
queueing the scheduled pulls that are due. Tasks that take long are queued
for the worker; the rest are quick and run here.

A task is claimed in CKAN's Redis for its interval (``SET NX EX``) before it
runs, so two schedulers (two hosts, a restart) run each task once per
interval between them. A task that fails is logged and tried again at its
next interval; it never stops the others.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any

import click

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

from .catalog import jobs as catalog_jobs
from .ops import jobs as ops_jobs
from .quality.pull import jobs as pull_jobs
from .security import accounts, audit

log = logging.getLogger(__name__)

HOUR = 3600


@dataclasses.dataclass(frozen=True)
class Task:
    name: str
    every: int  # seconds
    run: Callable[[], Any]
    what: str


TASKS = (
    Task(
        "progress-snapshot",
        6 * HOUR,
        catalog_jobs.enqueue_progress_snapshot,
        "queue today's progress snapshot",
    ),
    Task("freshness-check", 6 * HOUR, catalog_jobs.enqueue_freshness_check, "queue the freshness check"),
    Task("disable-inactive", 6 * HOUR, accounts.disable_inactive, "disable inactive accounts"),
    Task("audit-prune", 24 * HOUR, audit.prune, "prune the audit log past its retention"),
    Task("files-verify", 24 * HOUR, ops_jobs.enqueue_verify_files, "queue the check of stored files"),
    Task("pulls", 300, pull_jobs.queue_due, "queue the scheduled pulls that are due"),
)
BY_NAME = {task.name: task for task in TASKS}
# how often the loop wakes to look for due tasks
TICK = 60


def _key(task: Task) -> str:
    return f"laodata:{tk.config.get('ckan.site_id') or 'default'}:schedule:{task.name}"


def claim(task: Task) -> bool:
    """Claim ``task`` for its interval; False when it ran (anywhere) less than that ago."""
    return bool(connect_to_redis().set(_key(task), str(int(time.time())), nx=True, ex=task.every))


def forget(task: Task) -> None:
    """Make ``task`` due now (``schedule run --now``)."""
    connect_to_redis().delete(_key(task))


def run_due(tasks: tuple[Task, ...] = TASKS) -> dict[str, str]:
    """Run each task that is due: name -> ``ran``, ``failed: …``; tasks not due are left out."""
    done: dict[str, str] = {}
    for task in tasks:
        if not claim(task):
            continue
        try:
            result = task.run()
        except Exception as error:  # one task's fault never stops the others
            model.Session.rollback()
            log.exception("laodata schedule: %s failed", task.name)
            done[task.name] = f"failed: {type(error).__name__}: {error}"
            continue
        count = f" ({len(result)})" if isinstance(result, list) else ""
        done[task.name] = "ran" + count
        log.info("laodata schedule: %s ran%s", task.name, count)
    model.Session.remove()
    return done


@click.group(short_help="The periodic tasks (snapshot, freshness, accounts, audit log, files, pulls)")
def schedule() -> None:
    """Run the portal's periodic tasks, each when it is due."""


@schedule.command("list")
def list_tasks() -> None:
    """Each task, how often it runs, and what it does."""
    for task in TASKS:
        click.echo(f"{task.name:<18} every {task.every // 60:>5} min  {task.what}")


@schedule.command("run")
@click.option("--once", is_flag=True, help="Run the due tasks once and exit (for cron).")
@click.option(
    "--now", "now", multiple=True, type=click.Choice(sorted(BY_NAME)), help="Make this task due now first."
)
def run(once: bool, now: tuple[str, ...]) -> None:
    """Run each task when it is due, every minute (the scheduler process); --once for cron."""
    for name in now:
        forget(BY_NAME[name])
    while True:
        for name, outcome in run_due().items():
            click.echo(f"{name}: {outcome}", err=outcome.startswith("failed"))
        if once:
            return
        time.sleep(TICK)
