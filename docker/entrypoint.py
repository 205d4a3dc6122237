"""Entrypoint of the laodata application image.

    web      check the settings, wait for PostgreSQL and Redis, migrate, serve with gunicorn
    worker   the same checks and migrations, then `ckan jobs worker`
    scheduler  the same checks and migrations, then `ckan laodata schedule run` (the periodic tasks)
    check    only the checks (exit 0 when the container could start)
    ckan ARGS...  a CKAN command with the generated configuration (e.g. `ckan sysadmin add admin`)

Settings come from the environment, secrets from files (compose/podman secrets in
/run/secrets, or LAODATA_SECRETS_DIR). Anything missing or wrong stops the container
before it serves anything, with one line per problem and exit status 2 (settings) or
3 (a service refused or never answered).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import quote, urlsplit

SECRETS_DIR = os.environ.get("LAODATA_SECRETS_DIR", "/run/secrets")
TEMPLATE = os.environ.get("LAODATA_INI_TEMPLATE", "/etc/laodata/ckan.ini.template")
INI = os.environ.get("LAODATA_INI", "/run/laodata/ckan.ini")
# Any constant shared by every replica: the migrations run under this PostgreSQL
# advisory lock, so replicas starting together migrate one after the other.
MIGRATION_LOCK = 7_311_402_014
EXIT_SETTINGS = 2
EXIT_SERVICES = 3


class StartupError(Exception):
    def __init__(self, problems: list[str], status: int) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.status = status


def _secret(name: str, problems: list[str], min_length: int = 1) -> str:
    path = os.path.join(SECRETS_DIR, name)
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().strip()
    except FileNotFoundError:
        problems.append(f"secret {name} is missing: no file {path}")
        return ""
    except OSError as error:
        problems.append(f"secret {name} cannot be read from {path}: {error.strerror}")
        return ""
    if len(value) < min_length:
        problems.append(
            f"secret {name} ({path}) is empty"
            if not value
            else f"secret {name} is shorter than {min_length} characters"
        )
    return value


def _url(name: str, schemes: tuple[str, ...], problems: list[str], required: bool = True) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        if required:
            problems.append(f"{name} is not set")
        return ""
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname:
        problems.append(f"{name}={value!r} is not a {' or '.join(schemes)} URL with a host")
    return value


def _int(name: str, default: int, problems: list[str]) -> int:
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or not 0 < int(value) < 65536:
        problems.append(f"{name}={value!r} is not a whole number between 1 and 65535")
        return default
    return int(value)


def settings() -> dict[str, str | int]:
    """Every setting the portal needs, checked; all problems at once."""
    problems: list[str] = []
    found: dict[str, str | int] = {
        "site_url": _url("LAODATA_SITE_URL", ("https", "http"), problems),
        "redis_url": _url("LAODATA_REDIS_URL", ("redis", "rediss"), problems),
        "db_host": os.environ.get("LAODATA_DB_HOST", "").strip(),
        "db_port": _int("LAODATA_DB_PORT", 5432, problems),
        "db_name": os.environ.get("LAODATA_DB_NAME", "laodata").strip(),
        "db_user": os.environ.get("LAODATA_DB_USER", "laodata").strip(),
        "port": _int("LAODATA_PORT", 5000, problems),
        "workers": _int("LAODATA_WORKERS", 2, problems),
        "wait_seconds": _int("LAODATA_WAIT_SECONDS", 60, problems),
        "search_backend": os.environ.get("LAODATA_SEARCH_BACKEND", "postgres").strip(),
        "storage_path": os.environ.get("LAODATA_STORAGE_PATH", "/var/lib/ckan/storage"),
        "secret_key": _secret("laodata_secret_key", problems, min_length=32),
        "db_password": _secret("laodata_db_password", problems),
    }
    if not found["db_host"]:
        problems.append("LAODATA_DB_HOST is not set")
    if not found["db_name"] or not found["db_user"]:
        problems.append("LAODATA_DB_NAME and LAODATA_DB_USER must not be empty")
    if found["search_backend"] not in ("postgres", "solr"):
        problems.append(f"LAODATA_SEARCH_BACKEND must be postgres or solr, not {found['search_backend']!r}")
    found["solr_url"] = _url(
        "LAODATA_SOLR_URL", ("http", "https"), problems, found["search_backend"] == "solr"
    )
    storage = str(found["storage_path"])
    if not os.path.isdir(storage) or not os.access(storage, os.W_OK | os.X_OK):
        problems.append(
            f"LAODATA_STORAGE_PATH {storage} is not a directory this user ({os.getuid()}) can write"
        )
    if problems:
        raise StartupError(problems, EXIT_SETTINGS)
    return found


def database_url(found: dict[str, str | int]) -> str:
    user, password = quote(str(found["db_user"]), safe=""), quote(str(found["db_password"]), safe="")
    return f"postgresql://{user}:{password}@{found['db_host']}:{found['db_port']}/{found['db_name']}"


def write_ini(found: dict[str, str | int]) -> None:
    sys.path.insert(0, "/opt/laodata")
    import write_config

    os.makedirs(os.path.dirname(INI), mode=0o700, exist_ok=True)
    os.environ.update(
        {
            "LAODATA_DATABASE_URL": database_url(found),
            "LAODATA_STORAGE_PATH": str(found["storage_path"]),
            "LAODATA_SEARCH_BACKEND": str(found["search_backend"]),
            "LAODATA_WEBASSETS_PATH": os.environ.get("LAODATA_WEBASSETS_PATH", "/var/lib/ckan/webassets"),
            # behind the project's nginx (one proxy) unless told otherwise
            "LAODATA_TRUSTED_PROXIES": os.environ.get("LAODATA_TRUSTED_PROXIES", "1"),
        }
    )
    if found["solr_url"]:
        os.environ["LAODATA_SOLR_URL"] = str(found["solr_url"])
    write_config.main(TEMPLATE, INI, secret=str(found["secret_key"]))
    # the database password travels in the ini only, not in the environment of CKAN's processes
    del os.environ["LAODATA_DATABASE_URL"]


# Errors a retry will not mend: stop at once rather than wait.
_FATAL_DB = ("password authentication failed", "does not exist", "no pg_hba.conf entry")


def wait_for_database(found: dict[str, str | int], deadline: float) -> None:
    import psycopg2

    where = f"PostgreSQL at {found['db_host']}:{found['db_port']} (database {found['db_name']})"
    while True:
        try:
            psycopg2.connect(database_url(found), connect_timeout=5).close()
            return
        except psycopg2.OperationalError as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
            if any(marker in str(error) for marker in _FATAL_DB):
                raise StartupError([f"{where} refused the connection: {reason}"], EXIT_SERVICES) from None
            if time.monotonic() > deadline:
                raise StartupError([f"{where} did not answer in time: {reason}"], EXIT_SERVICES) from None
        time.sleep(1)


def wait_for_redis(found: dict[str, str | int], deadline: float) -> None:
    import redis

    client = redis.Redis.from_url(str(found["redis_url"]), socket_timeout=5, socket_connect_timeout=5)
    where = f"Redis at {urlsplit(str(found['redis_url'])).hostname}:{urlsplit(str(found['redis_url'])).port or 6379}"
    while True:
        try:
            client.ping()
            return
        except (redis.AuthenticationError, redis.ResponseError) as error:
            raise StartupError([f"{where} refused the connection: {error}"], EXIT_SERVICES) from None
        except redis.RedisError as error:
            if time.monotonic() > deadline:
                raise StartupError([f"{where} did not answer in time: {error}"], EXIT_SERVICES) from None
        time.sleep(1)


def ckan(*args: str) -> list[str]:
    return ["/opt/venv/bin/ckan", "-c", INI, *args]


def migrate(found: dict[str, str | int]) -> None:
    """CKAN's tables, its plugins' pending migrations and laodata's, as scripts/run does,
    one replica at a time."""
    import psycopg2

    connection = psycopg2.connect(database_url(found), connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        for step in (
            ("db", "init"),
            ("db", "pending-migrations", "--apply"),
            ("db", "upgrade", "-p", "laodata"),
            ("translation", "js"),  # the strings CKAN's scripts show, in lo/vi (locales.py)
        ):
            done = subprocess.run(ckan(*step), capture_output=True, text=True, check=False)
            if done.returncode != 0:
                output = (done.stderr or done.stdout).strip().splitlines()[-20:]
                raise StartupError([f"`ckan {' '.join(step)}` failed:", *output], EXIT_SERVICES)
    finally:
        connection.close()  # releases the advisory lock


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "web"
    if command not in ("web", "worker", "scheduler", "check", "ckan"):
        print(
            f"laodata: unknown command {command!r} (web, worker, scheduler, check, ckan ...)", file=sys.stderr
        )
        return EXIT_SETTINGS
    try:
        found = settings()
        write_ini(found)
        if command == "ckan":
            os.execv(ckan(*argv[1:])[0], ckan(*argv[1:]))
        deadline = time.monotonic() + int(found["wait_seconds"])
        wait_for_database(found, deadline)
        wait_for_redis(found, deadline)
        if command == "check":
            print("laodata: settings, secrets, PostgreSQL and Redis are fine")
            return 0
        migrate(found)
    except StartupError as error:
        print("laodata: cannot start:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return error.status
    with open(os.path.join(os.path.dirname(INI), "role"), "w", encoding="utf-8") as handle:
        handle.write(command)  # read by the HEALTHCHECK (docker/healthcheck.py)
    if command == "worker":
        os.execv(ckan()[0], ckan("jobs", "worker"))
    if command == "scheduler":
        os.execv(ckan()[0], ckan("laodata", "schedule", "run"))
    gunicorn = [
        "/opt/venv/bin/gunicorn",
        "--bind",
        f"{os.environ.get('LAODATA_BIND_HOST', '0.0.0.0')}:{found['port']}",
        "--workers",
        str(found["workers"]),
        "--timeout",
        os.environ.get("LAODATA_TIMEOUT", "120"),
        "--worker-tmp-dir",
        "/dev/shm",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "ckanext.laodata.wsgi:application",
    ]
    os.execv(gunicorn[0], gunicorn)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
