"""``ckan laodata demo …``."""

from __future__ import annotations

import click

import ckan.plugins.toolkit as tk

from . import load as demo_load


@click.group(short_help="Sample data")
def demo() -> None:
    """Sample data for trying the portal."""


@demo.command("load")
def load() -> None:
    """Create (or refresh) the sample units, groups and datasets."""
    try:
        summary = demo_load.load()
    except tk.ValidationError as exc:
        tk.error_shout(f"Demo data rejected: {exc.error_summary}")
        raise click.Abort() from exc
    click.secho(
        f"Demo data: {summary['organizations']} units, {summary['groups']} groups, "
        f"{summary['created']} datasets created, {summary['updated']} updated.",
        fg="green",
    )
