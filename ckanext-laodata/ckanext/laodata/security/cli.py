"""``ckan laodata audit …`` and ``ckan laodata account …``: thin wrappers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

import ckan.plugins.toolkit as tk
from ckan.types import Context

from . import audit


def _site_context() -> Context:
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"]}


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: use a date as YYYY-MM-DD") from None


@click.group(short_help="The security audit log")
def audit_group() -> None:
    """Read, export and prune the security audit log."""


@audit_group.command("show")
@click.option("--since", help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day (YYYY-MM-DD).")
@click.option("--event", help="Only this event.")
@click.option("--user", help="Only events by or about this user name.")
@click.option("--limit", default=100, show_default=True, type=int)
def show(since: str | None, until: str | None, event: str | None, user: str | None, limit: int) -> None:
    """Print events, newest first, one line each."""
    try:
        result = tk.get_action("laodata_audit_list")(
            _site_context(),
            {"since": since, "until": until, "event": event, "user": user, "limit": limit},
        )
    except tk.ValidationError as exc:
        tk.error_shout(exc.error_summary)
        raise click.Abort() from None
    for entry in result["events"]:
        click.echo(_line(entry))


def _line(entry: dict[str, Any]) -> str:
    rest = " ".join(
        f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in entry.items() if k not in ("time", "event")
    )
    return f"{entry.get('time')} {entry.get('event')} {rest}".rstrip()


@audit_group.command("export")
@click.option("--since", help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day (YYYY-MM-DD).")
@click.option(
    "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout)."
)
def export(since: str | None, until: str | None, output: Any) -> None:
    """Write the log's lines as stored (JSON lines, oldest day first)."""
    for line in audit.lines(_day(since), _day(until)):
        output.write(line + "\n")


@audit_group.command("prune")
def prune() -> None:
    """Remove the days older than ckanext.laodata.audit.retention_days."""
    for name in audit.prune():
        click.echo(f"removed {name}")
