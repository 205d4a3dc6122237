"""``ckan laodata backup …`` and ``ckan laodata files …`` (``scripts/backup``, ``scripts/restore``)."""

from __future__ import annotations

import json
import pathlib
import sys
import time
from typing import Any

import click

import ckan.plugins.toolkit as tk

from . import backup as backup_mod
from . import consistency, jobs, postgres
from . import files as files_mod
from . import restore as restore_mod
from .manifest import BackupError


def _say(text: str) -> None:
    click.secho(f"==> {text}", fg="blue", err=True)


@click.group(short_help="Back up and restore the portal")
def backup() -> None:
    """Backups: databases, file storage and configuration, with a manifest of SHA-256s."""


@backup.command("create")
@click.argument("target", type=click.Path(path_type=pathlib.Path))
def create(target: pathlib.Path) -> None:
    """Back up the portal into TARGET (a new or empty directory)."""
    try:
        made = backup_mod.create(target)
    except (ValueError, postgres.DatabaseError, OSError) as exc:
        tk.error_shout(f"Backup failed: {exc}")
        sys.exit(1)
    click.secho(
        f"Backup in {target}: {len(made['databases'])} database(s), {made['storage_files']} stored file(s), "
        f"{len(made['files'])} files in the manifest, in {made['seconds']} s.",
        fg="green",
    )
    if made["redacted"]:
        click.echo("Secrets left out of the configuration: " + ", ".join(made["redacted"]))


@backup.command("verify")
@click.argument("source", type=click.Path(path_type=pathlib.Path))
def verify(source: pathlib.Path) -> None:
    """Check a backup (manifest, every file's SHA-256, versions, dumps) without restoring it."""
    try:
        found = restore_mod.check(source)
    except BackupError as exc:
        tk.error_shout(f"Backup refused: {exc}")
        sys.exit(2)
    click.secho(
        f"Backup {source} is whole: {len(found['files'])} files, made {found.get('created')}.", fg="green"
    )


@backup.command("restore")
@click.argument("source", type=click.Path(path_type=pathlib.Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the portal's data by the backup's.")
def restore(source: pathlib.Path, yes: bool) -> None:
    """Replace the portal's databases and files by the backup in SOURCE, then migrate,
    rebuild the search index and check it. Stop the portal (web and worker) first."""
    started = time.monotonic()
    _say(f"checking the backup {source}")
    try:
        found = restore_mod.check(source)
    except BackupError as exc:
        tk.error_shout(f"Backup refused, nothing was changed: {exc}")
        sys.exit(2)
    if not yes:
        click.confirm(
            f"Replace this portal's databases and files by the backup made {found.get('created')}?",
            abort=True,
        )
    _say("restoring the databases and the file storage")
    try:
        restore_mod.write(source, found)
        _say(f"databases and files restored after {time.monotonic() - started:.1f} s")
    except (postgres.DatabaseError, OSError) as exc:
        tk.error_shout(f"Restore failed: {exc}")
        sys.exit(1)
    code, step = restore_mod.after(str(tk.config["__file__"]), _say)
    if code:
        tk.error_shout(f"The backup's databases and files are restored, but {step} failed: see above")
        sys.exit(code)
    click.secho(f"Restored {source} in {time.monotonic() - started:.1f} s.", fg="green")


@backup.command("check")
def check() -> None:
    """Is the search index consistent with the database, and is every stored file as uploaded?"""
    index = consistency.check_index()
    result = files_mod.verify()
    bad = False
    for kind in ("missing", "extra", "stale"):
        if index[kind]:
            bad = True
            tk.error_shout(
                f"Search index: {len(index[kind])} dataset(s) {kind}: {', '.join(index[kind][:10])}"
            )
    _report_files(result)
    if bad or result["problems"]:
        sys.exit(1)
    click.secho(
        f"Search index consistent ({index['datasets']} datasets); {result['checked']} stored file(s) as uploaded.",
        fg="green",
    )


def _report_files(result: dict[str, Any]) -> None:
    for problem in result["problems"]:
        tk.error_shout(
            f"Stored file {problem['state']}: resource {problem['resource_id']} "
            f"of dataset {problem['package_name']} ({problem['path']})"
        )


@click.group(short_help="Stored files: their SHA-256")
def files() -> None:
    """The integrity of uploaded files."""


@files.command("verify")
@click.option("--enqueue", is_flag=True, help="Queue the check for the background worker instead.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def files_verify(enqueue: bool, as_json: bool) -> None:
    """Check every uploaded file against the SHA-256 recorded at upload; exit 1 if one
    changed or is missing."""
    if enqueue:
        job = jobs.enqueue_verify_files()
        click.echo(f"Queued {job.id}")
        return
    result = files_mod.verify()
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        _report_files(result)
    if result["problems"]:
        sys.exit(1)
    if not as_json:
        click.secho(
            f"{result['checked']} stored file(s) as uploaded; {result['recorded']} recorded for the first time.",
            fg="green",
        )
