"""``ckan laodata …`` commands (index module: re-exports the concerns' groups)."""

from __future__ import annotations

import click

from .catalog.cli import catalog, progress
from .demo.cli import demo
from .security.cli import account, audit_group

__all__ = ["laodata"]


@click.group(short_help="laodata: provincial data catalog commands")
def laodata() -> None:
    """Commands of the laodata extension."""


laodata.add_command(catalog)
laodata.add_command(progress)
laodata.add_command(demo)
laodata.add_command(audit_group, name="audit")
laodata.add_command(account)
