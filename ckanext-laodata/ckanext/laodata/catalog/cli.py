"""``ckan laodata catalog …`` and ``ckan laodata progress``: thin wrappers over the actions."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

import click
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ..validation import error_messages
from . import status


def _site_context() -> Context:
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"]}


def _shout_errors(exc: tk.ValidationError) -> None:
    errors = exc.error_dict.get("errors")
    if isinstance(errors, list):
        for message in error_messages(exc.error_dict).get("upload", []):
            tk.error_shout(message)
        for err in (e for e in errors if isinstance(e, dict)):
            where = ", ".join(
                p
                for p in (
                    f"row {err['row']}" if err.get("row") else "",
                    f"column {err['field']}" if err.get("field") else "",
                )
                if p
            )
            tk.error_shout(f"{where}: {err['message']}" if where else err["message"])
    else:
        tk.error_shout(exc.error_summary)


@click.group(short_help="The target catalog")
def catalog() -> None:
    """Import the target catalog and record progress snapshots."""


@catalog.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and count changes; write nothing.")
def import_(path: str, dry_run: bool) -> None:
    """Import (or re-import) the target catalog from a CSV or XLSX FILE."""
    with open(path, "rb") as handle:
        upload = FileStorage(handle, filename=os.path.basename(path))
        try:
            result = tk.get_action("laodata_catalog_import")(
                _site_context(), {"upload": upload, "dry_run": dry_run}
            )
        except tk.ValidationError as exc:
            _shout_errors(exc)
            raise click.Abort() from exc
    where = f" (sheet {result['sheet']})" if result.get("sheet") else ""
    verb = "would be" if dry_run else "were"
    click.secho(
        f"{result['created']} entries {verb} created, {result['updated']} updated, "
        f"{result['unchanged']} unchanged{where}.",
        fg="green",
    )


@catalog.command("snapshot")
@click.option("--enqueue", is_flag=True, help="Leave it to the background worker (CKAN's job queue).")
def snapshot(enqueue: bool) -> None:
    """Record today's per-unit delivery counts (safe to repeat within a day)."""
    if enqueue:
        from .jobs import enqueue_progress_snapshot

        job = enqueue_progress_snapshot()
        click.echo(f"Snapshot job {job.id} queued.")
        return
    result = tk.get_action("laodata_progress_snapshot")(_site_context(), {})
    click.echo(f"Snapshot of {result['units']} units recorded for {result['day']}.")


@click.command(short_help="Delivery progress of the target catalog")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("--unit", default=None, help="Only this unit (organization name).")
@click.option("--as-of", "as_of", default=None, help="A past date (YYYY-MM-DD) with a snapshot.")
def progress(fmt: str, unit: str | None, as_of: str | None) -> None:
    """Print how many catalog datasets each unit has delivered."""
    data: dict[str, Any] = {k: v for k, v in {"unit": unit, "as_of": as_of}.items() if v}
    try:
        report = tk.get_action("laodata_progress")(_site_context(), data)
    except (tk.ValidationError, tk.ObjectNotFound) as exc:
        tk.error_shout(getattr(exc, "error_summary", None) or str(exc))
        raise click.Abort() from exc
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    columns = ["unit", "target", "delivered", "approved", "published", "percent", "complete"]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in report["units"]:
            writer.writerow([row[c] for c in columns])
        click.echo(buffer.getvalue(), nl=False)
        return
    click.echo(f"As of {report['as_of']}: {status.headline(report)}")
    width = max([len(u["unit"]) for u in report["units"]] + [4])
    click.echo(f"{'unit':<{width}}  target  delivered  approved  published  percent")
    for row in report["units"]:
        mark = " ✓" if row["complete"] else ""
        click.echo(
            f"{row['unit']:<{width}}  {row['target']:>6}  {row['delivered']:>9}  {row['approved']:>8}  "
            f"{row['published']:>9}  {row['percent']:>6.1f}%{mark}"
        )


@click.group(short_help="Freshness of the delivered data")
def freshness() -> None:
    """Stale datasets and overdue entries, told to units and the coordinating office."""


@freshness.command("check")
@click.option("--dry-run", is_flag=True, help="Count what would be told; send and record nothing.")
@click.option("--enqueue", is_flag=True, help="Leave it to the background worker (CKAN's job queue).")
def freshness_check(dry_run: bool, enqueue: bool) -> None:
    """Send each unit and the coordinating office a digest of what has become late."""
    if enqueue:
        from .jobs import enqueue_freshness_check

        job = enqueue_freshness_check()
        click.echo(f"Freshness check job {job.id} queued.")
        return
    try:
        result = tk.get_action("laodata_freshness_check")(_site_context(), {"dry_run": dry_run})
    except tk.ValidationError as exc:
        tk.error_shout(exc.error_summary)
        raise click.Abort() from exc
    click.echo(
        f"{result['late']} late: {result['stale']} stale datasets, {result['overdue']} overdue entries."
    )
    verb = "would be told" if dry_run else "told"
    for unit in result["units"]:
        mailed = "" if dry_run else f" (mailed to {unit.get('mailed', 0)})"
        click.echo(f"  {unit['unit']}: {unit['new']} new of {unit['late']} late {verb}{mailed}")
    office = result["office"]
    click.echo(f"  coordinating office: {office['new']} new, {office['escalations']} escalated {verb}")
    for failure in result["failed"]:
        tk.error_shout(f"not sent: {failure}")
