"""``ckan laodata …`` commands (index module: re-exports the concerns' groups)."""

from __future__ import annotations

import click

from .catalog.cli import catalog, freshness, progress
from .demo.cli import demo
from .ops.cli import backup, files
from .quality.pull.cli import pull
from .schedule import schedule
from .security.cli import account, audit_group

__all__ = ["laodata"]


@click.group(short_help="laodata: provincial data catalog commands")
def laodata() -> None:
    """Commands of the laodata extension."""


laodata.add_command(catalog)
laodata.add_command(progress)
laodata.add_command(demo)
laodata.add_command(backup)
laodata.add_command(files)
laodata.add_command(pull)
laodata.add_command(freshness)
laodata.add_command(audit_group, name="audit")
laodata.add_command(account)
laodata.add_command(schedule)
