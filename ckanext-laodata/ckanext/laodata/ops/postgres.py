"""PostgreSQL's own tools for a backup: ``pg_dump`` (custom format), ``pg_restore``
and ``psql``, run with the connection of a database URL (the password goes in
the environment, never on a command line)."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile
from typing import IO

from sqlalchemy.engine import make_url

from .manifest import BackupError

# Drops everything the portal's role owns in the database (the schemas public,
# laodata_search, …): run in the same transaction as the restore that follows.
WIPE = """
SET lock_timeout = '30s';  -- a running portal holding locks: fail, say so, change nothing
DO $wipe$
DECLARE s text;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
END
$wipe$;
CREATE SCHEMA public;
"""


CHUNK = 1024 * 1024


class DatabaseError(Exception):
    """A PostgreSQL tool failed; the message says which and why."""


def environment(url: str) -> dict[str, str]:
    """libpq's variables for the URL's connection (PGHOST, PGDATABASE, PGPASSWORD, …)."""
    parsed = make_url(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGHOST": parsed.host,
        "PGPORT": str(parsed.port) if parsed.port else None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
    }
    env.update({k: str(v) for k, v in values.items() if v})
    return env


def database_name(url: str) -> str:
    return make_url(url).database or ""


def _run(args: list[str], url: str | None, what: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            args, env=environment(url) if url else None, capture_output=True, check=False, **kwargs
        )  # type: ignore[call-overload]
    except FileNotFoundError as exc:
        raise DatabaseError(f"{args[0]} is not installed (Debian package postgresql-client)") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DatabaseError(
            f"{what}: {message[-1] if message else f'{args[0]} exited with {done.returncode}'}"
        )
    return done


def dump(url: str, target: pathlib.Path) -> None:
    """The whole database in pg_dump's custom format, without owners and grants
    (so it restores into a database owned by another role)."""
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        url,
        f"pg_dump of {database_name(url)}",
    )


def check_dump(path: pathlib.Path, relative: str) -> None:
    """Read the whole dump (its table of contents and every data block) without
    writing anything; a BackupError naming the file if it is not a whole dump."""
    try:
        _run(["pg_restore", "--file=/dev/null", str(path)], None, "pg_restore")
    except DatabaseError as exc:
        raise BackupError(relative, f"not a complete PostgreSQL dump ({exc})") from exc


def _last_line(handle: IO[bytes]) -> str:
    handle.seek(0)
    lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else ""


def restore(url: str, path: pathlib.Path) -> None:
    """Replace the database's content by the dump's, in one transaction: the old
    content is dropped only if the whole dump loads (pg_restore's SQL is piped
    into one ``psql --single-transaction`` after the wipe)."""
    what = f"restoring {database_name(url)} (nothing was changed)"
    psql_cmd = ["psql", "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1", "--file=-"]
    reader_cmd = ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)]
    with tempfile.TemporaryFile() as psql_err, tempfile.TemporaryFile() as reader_err:
        try:
            psql = subprocess.Popen(
                psql_cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_err,
                env=environment(url),
            )
            reader = subprocess.Popen(reader_cmd, stdout=subprocess.PIPE, stderr=reader_err)
        except FileNotFoundError as exc:
            raise DatabaseError(
                f"{exc.filename} is not installed (Debian package postgresql-client)"
            ) from exc
        assert psql.stdin is not None and reader.stdout is not None
        try:
            psql.stdin.write(WIPE.encode("utf-8"))
            shutil.copyfileobj(reader.stdout, psql.stdin, CHUNK)
        except BrokenPipeError:
            pass  # psql stopped at an error: said below
        reader.stdout.close()
        if reader.wait() != 0:
            psql.kill()  # psql's input is still open: it never commits what pg_restore could not finish
            psql.wait()
            raise DatabaseError(f"{what}: pg_restore: {_last_line(reader_err)}")
        try:
            psql.stdin.close()  # the end of the script: psql commits
        except BrokenPipeError:
            pass
        if psql.wait() != 0:
            raise DatabaseError(f"{what}: psql: {_last_line(psql_err)}")
