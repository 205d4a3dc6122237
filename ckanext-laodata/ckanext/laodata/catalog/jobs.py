"""Background jobs of the catalog (rq, through CKAN's job queue)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def record_progress_snapshot() -> None:
    """Record today's snapshot; safe to run more than once a day."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("laodata_progress_snapshot")({"user": site_user["name"]}, {})


def enqueue_progress_snapshot() -> Any:
    return tk.enqueue_job(
        record_progress_snapshot, title="laodata: progress snapshot", rq_kwargs={"timeout": 600}
    )


def run_freshness_check() -> None:
    """The freshness check (``laodata_freshness_check``); safe to run at any time:
    each lateness is told once."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("laodata_freshness_check")({"user": site_user["name"]}, {})


def enqueue_freshness_check() -> Any:
    return tk.enqueue_job(run_freshness_check, title="laodata: freshness check", rq_kwargs={"timeout": 1800})
