"""``ckan laodata pull run``: the due scheduled pulls (for cron), a thin wrapper over the action."""

from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

from . import jobs


@click.group(short_help="Scheduled pulls of data from units' systems")
def pull() -> None:
    """Scheduled pulls (issue 13 item 5)."""


@pull.command(short_help="Queue (or run here) the pulls that are due")
@click.option("--id", "resource_id", default=None, help="Only this resource's pull, due or not.")
@click.option("--here", is_flag=True, help="Run the pulls in this process instead of the job queue.")
def run(resource_id: str | None, here: bool) -> None:
    if here:
        ids = [resource_id] if resource_id else jobs.due()
        for rid in ids:
            click.echo(f"{rid}: {jobs.pull_resource(rid) or 'no such pull'}")
        return
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        result = tk.get_action("laodata_pull_run")(
            {"user": site_user["name"]}, {"id": resource_id} if resource_id else {}
        )
    except (tk.ValidationError, tk.ObjectNotFound) as exc:
        tk.error_shout(str(exc))
        raise click.Abort() from exc
    click.echo(f"{len(result['queued'])} pull(s) queued.")
