"""``ckan laodata audit …`` and ``ckan laodata account …``: thin wrappers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from . import accounts, audit, lockout, second_factor


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


def _user(name: str) -> Any:
    user = model.User.get(name)
    if user is None:
        tk.error_shout(f"no account named {name!r}")
        raise click.Abort()
    return user


@click.group(short_help="Account locks and inactive accounts")
def account() -> None:
    """Unlock, enable and disable accounts (sysadmin commands)."""


@account.command("unlock")
@click.argument("name")
def unlock(name: str) -> None:
    """Clear the failed log-ins of account NAME (user name or e-mail)."""
    user = _user(name)
    was = lockout.unlock(lockout.account_key(user.id, user.name))
    audit.record(audit.ACCOUNT_UNLOCKED, user=user.name, was_locked=was)
    click.echo(f"{user.name}: {'unlocked' if was else 'was not locked; failures cleared'}")


@account.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Re-enable account NAME, disabled for inactivity."""
    user = _user(name)
    was = accounts.enable(user)
    click.echo(f"{user.name}: {'enabled' if was else 'was not disabled'}")


@account.command("disable-inactive")
def disable_inactive() -> None:
    """Disable the accounts inactive for ckanext.laodata.accounts.inactive_days (run daily)."""
    for name in accounts.disable_inactive():
        click.echo(f"disabled {name}")


@account.command("reset-second-factor")
@click.argument("name")
def reset_second_factor(name: str) -> None:
    """Forget the TOTP key and recovery codes of account NAME (a lost device):
    it enrols again at its next log-in."""
    user = _user(name)
    was = second_factor.reset(user)
    audit.record(audit.SECOND_FACTOR_RESET, user=user.name)
    click.echo(f"{user.name}: {'second factor reset' if was else 'had no second factor'}")
