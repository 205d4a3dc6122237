"""The production images built and run for real (issue 14 item 1).

Builds docker/'s images with podman on a Debian base made with debootstrap
(``docker/podman-stack build``), starts two web replicas, the worker, the scheduler and nginx on
the host's network (``docker/podman-stack up``) against a throwaway PostgreSQL and
Redis on ports of their own, and then, only through nginx over https with a
self-signed certificate: a sysadmin creates a unit and a dataset, uploads a CSV,
downloads it (as an attachment, nosniff, sandboxed), takes it through the review
workflow, and an anonymous visitor finds and downloads it. A missing or wrong
secret stops a container with a clear message and a non-zero exit.

Needs root and podman (scripts/test installs podman, runc and debootstrap);
skipped otherwise. The timings go to stdout (run with -s to see them).
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
STACK_SCRIPT = ROOT / "docker" / "podman-stack"

pytestmark = [
    pytest.mark.containers,
    pytest.mark.skipif(
        shutil.which("podman") is None, reason="podman is not installed (scripts/test installs it)"
    ),
    pytest.mark.skipif(os.geteuid() != 0, reason="the container test runs podman and debootstrap as root"),
]

CSV = b"clinic,beds\nMuang Xay,40\nNamo,12\n"
PUBLISHABLE = {  # tests/published.py: open classes that pass the publication gate
    "access_level": "open",
    "security_level": "1",
    "importance": "other",
    "personal_data": "none",
    "state_secret": "false",
}


def _free_ports(count: int) -> list[int]:
    """``count`` consecutive free ports on the loopback."""
    for _ in range(200):
        start = secrets.randbelow(20000) + 20000
        try:
            for port in range(start, start + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return list(range(start, start + count))
        except OSError:
            continue
    raise RuntimeError("no free ports")


def _run(
    args: list[str], env: dict[str, str] | None = None, timeout: int = 1800
) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout, check=False)


def _timed(label: str, started: float) -> None:
    print(f"\n[containers] {label}: {time.monotonic() - started:.0f} s")


class Services:
    """A throwaway PostgreSQL cluster and Redis server (the host's binaries) on free ports,
    standing in for compose's db and redis services, whose registry images cannot be pulled here."""

    def __init__(self, workdir: Path) -> None:
        self.dir = workdir / "services"
        self.dir.mkdir()
        shutil.chown(self.dir, "postgres")
        self.pg_port, self.redis_port = _free_ports(2)
        self.db_password = secrets.token_urlsafe(16)
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent

    def _as_postgres(self, *args: str) -> None:
        done = _run(["runuser", "-u", "postgres", "--", *args], timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self) -> None:
        pwfile = self.dir / "pw"
        pwfile.write_text(self.db_password)
        shutil.chown(pwfile, "postgres")
        data = self.dir / "data"
        self._as_postgres(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "scram-sha-256",
                          f"--pwfile={pwfile}")  # fmt: skip
        options = f"-p {self.pg_port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "pg.log"), "-o", options,
                          "-w", "start")  # fmt: skip
        env = {**os.environ, "PGPASSWORD": self.db_password}
        for sql in (
            f"CREATE ROLE laodata LOGIN PASSWORD '{self.db_password}'",
            "CREATE DATABASE laodata OWNER laodata",
        ):
            done = _run(
                ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-c", sql], env=env
            )
            assert done.returncode == 0, done.stderr
        done = _run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(self.redis_port),
                     "--save", "", "--appendonly", "no", "--dir", str(self.dir),
                     "--pidfile", str(self.dir / "redis.pid")])  # fmt: skip
        assert done.returncode == 0, done.stderr

    def stop(self) -> None:
        _run(["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"),
              "-m", "immediate", "stop"])  # fmt: skip
        pid = (self.dir / "redis.pid").read_text().strip() if (self.dir / "redis.pid").exists() else ""
        if pid.isdigit():
            os.kill(int(pid), 15)


class Stack:
    def __init__(self, workdir: Path, services: Services) -> None:
        self.dir = workdir
        self.services = services
        web, web2, self.http_port, self.https_port = _free_ports(4)
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.secrets = workdir / "secrets"
        self.tls = workdir / "tls"
        self.conf = workdir / "containers.conf"
        self.conf.write_text("[containers]\ndefault_ulimits = []\n")
        self.env = {
            **os.environ,
            "CONTAINERS_CONF": str(self.conf),
            "LAODATA_STACK": f"laodata-test-{os.getpid()}",
            "LAODATA_STACK_SECRETS": str(self.secrets),
            "LAODATA_STACK_TLS": str(self.tls),
            "LAODATA_SITE_URL": self.url,
            "LAODATA_DB_HOST": "127.0.0.1",
            "LAODATA_DB_PORT": str(services.pg_port),
            "LAODATA_REDIS_URL": f"redis://127.0.0.1:{services.redis_port}/0",
            "LAODATA_WORKERS": "2",
            "WEB_REPLICAS": "2",
            "WEB_PORT": str(web),
            "NGINX_HTTP_PORT": str(self.http_port),
            "NGINX_HTTPS_PORT": str(self.https_port),
        }
        self.cert = self.tls / "cert.pem"

    def make_secrets(self) -> None:
        self.secrets.mkdir()
        (self.secrets / "laodata_secret_key").write_text(secrets.token_urlsafe(48))
        (self.secrets / "laodata_db_password").write_text(self.services.db_password)
        self.tls.mkdir()
        done = _run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                     "-keyout", str(self.tls / "key.pem"), "-out", str(self.cert), "-subj", "/CN=localhost",
                     "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])  # fmt: skip
        assert done.returncode == 0, done.stderr

    def script(self, *args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
        return _run([str(STACK_SCRIPT), *args], env=self.env, timeout=timeout)

    def podman(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return _run(
            ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", *args], env=self.env, timeout=timeout
        )

    def token(self) -> str:
        for args in (("user", "add", "admin", "email=admin@laodata.invalid", f"password={secrets.token_urlsafe(16)}"),
                     ("sysadmin", "add", "admin")):  # fmt: skip
            done = self.script("ckan", *args, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
        done = self.script("ckan", "user", "token", "add", "admin", "container-test", timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout.strip().splitlines()[-1].strip()


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="laodata-containers-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def services(workdir: Path) -> Iterator[Services]:
    running = Services(workdir)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def built(workdir: Path, services: Services) -> Stack:
    stack = Stack(workdir, services)
    stack.make_secrets()
    started = time.monotonic()
    done = stack.script("build")
    assert done.returncode == 0, done.stdout + done.stderr
    _timed("base (if missing) and both images built", started)
    for image in ("localhost/laodata-app:latest", "localhost/laodata-nginx:latest"):
        size = stack.podman("image", "inspect", "--format", "{{.Size}}", image).stdout.strip()
        print(f"[containers] {image}: {int(size) / 1e6:.0f} MB")
    return stack


@pytest.fixture(scope="module")
def stack(built: Stack) -> Iterator[Stack]:
    started = time.monotonic()
    done = built.script("up")
    try:
        assert done.returncode == 0, done.stdout + done.stderr
        _timed("stack started (2 web replicas, worker, scheduler, nginx)", started)
        yield built
    finally:
        logs = built.podman("logs", "--tail", "40", f"{built.env['LAODATA_STACK']}-web-1").stdout
        built.script("down", timeout=300)
        built.podman("volume", "rm", "-f", f"{built.env['LAODATA_STACK']}-storage")
        if done.returncode != 0:
            print(logs)


class Client:
    def __init__(self, stack: Stack, token: str | None = None) -> None:
        self.base = stack.url
        self.cert = str(stack.cert)
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = token

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        url = path if path.startswith("https://") else self.base + path
        return self.session.get(url, verify=self.cert, timeout=60, **kwargs)

    def action(self, action_name: str, files: dict[str, Any] | None = None, **data: Any) -> dict[str, Any]:
        url = f"{self.base}/api/3/action/{action_name}"
        if files:
            response = self.session.post(url, data=data, files=files, verify=self.cert, timeout=60)
        else:
            response = self.session.post(url, json=data, verify=self.cert, timeout=60)
        assert response.status_code == 200, f"{action_name}: {response.status_code} {response.text[:500]}"
        return response.json()["result"]

    def search(self, q: str) -> list[str]:
        response = self.get("/api/3/action/package_search", params={"q": q})
        assert response.status_code == 200, response.text
        return [d["name"] for d in response.json()["result"]["results"]]


def test_a_dataset_goes_from_upload_to_anonymous_search_through_nginx(stack: Stack) -> None:
    started = time.monotonic()
    admin = Client(stack, stack.token())
    anonymous = Client(stack)

    unit = admin.action("organization_create", name="health", title="Department of Health", unit_code="HEA")
    dataset = admin.action("package_create", name="clinics", title="Provincial clinics", owner_org=unit["id"],
                           notes="Clinics and their beds", license_id="cc-by", **PUBLISHABLE)  # fmt: skip
    resource = admin.action(
        "resource_create",
        files={"upload": ("clinics.csv", CSV, "text/csv")},
        package_id=dataset["id"],
        name="Clinics",
        format="CSV",
    )
    assert resource["url"].startswith(stack.url + "/dataset/")

    download = admin.get(resource["url"])
    assert download.status_code == 200 and download.content == CSV
    assert download.headers["Content-Disposition"] == "attachment; filename=clinics.csv"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert download.headers["Strict-Transport-Security"].startswith("max-age=31536000")

    # not published yet: invisible to a visitor on every path
    assert "clinics" not in anonymous.search("clinics")
    assert anonymous.get(resource["url"]).status_code in (403, 404)
    assert anonymous.get("/dataset/clinics").status_code in (403, 404)

    admin.action("laodata_dataset_submit", id=dataset["id"])
    admin.action("laodata_dataset_review", id=dataset["id"], decision="approve")
    published = admin.action("laodata_dataset_publish", id=dataset["id"])
    assert published["workflow_status"] == "published" and published["private"] is False

    assert anonymous.search("clinics") == ["clinics"]
    public = anonymous.get(resource["url"])
    assert public.status_code == 200 and public.content == CSV
    assert public.headers["Content-Disposition"].startswith("attachment")
    _timed("API scenario through nginx", started)


def test_nginx_redirects_to_https_compresses_and_caches_static_files(stack: Stack) -> None:
    plain = requests.get(f"http://127.0.0.1:{stack.http_port}/dataset", allow_redirects=False, timeout=30)
    assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

    home = Client(stack).get("/")
    assert home.status_code == 200
    assert home.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assets = re.findall(r'(/webassets/[^"\']+\.(?:css|js))', home.text)
    assert assets, "the home page links no /webassets/ file"
    asset = Client(stack).get(assets[0], headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers.get("Content-Encoding") == "gzip"

    health = Client(stack).get("/api/laodata/health")
    assert health.json() == {"status": "ok", "database": "ok", "redis": "ok", "search": "ok"}


def test_containers_report_healthy(stack: Stack) -> None:
    name = stack.env["LAODATA_STACK"]
    for container in (f"{name}-web-1", f"{name}-web-2", f"{name}-worker", f"{name}-scheduler"):
        done = stack.podman("healthcheck", "run", container)
        assert done.returncode == 0, f"{container}: {done.stdout} {done.stderr}"


def test_the_worker_runs_queued_jobs(stack: Stack) -> None:
    import redis

    done = stack.script("ckan", "jobs", "test", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    job_id = re.search(r"Added test job (\S+) to queue", done.stdout).group(1)
    queue = redis.Redis.from_url(stack.env["LAODATA_REDIS_URL"])
    for _ in range(60):
        status = queue.hget(f"rq:job:{job_id}", "status")
        if status == b"finished":
            return
        time.sleep(1)
    pytest.fail(f"the worker did not run job {job_id}: status {status!r}")


def test_the_scheduler_runs_the_periodic_tasks(stack: Stack) -> None:
    """Its first tick runs every task (README, "Periodic tasks"); none fails."""
    name = f"{stack.env['LAODATA_STACK']}-scheduler"
    wanted = {"progress-snapshot: ran", "freshness-check: ran", "files-verify: ran", "pulls: ran (0)"}
    for _ in range(90):
        done = stack.podman("logs", name)
        logs = done.stdout + done.stderr
        if all(line in logs for line in wanted):
            assert "failed:" not in logs, logs[-2000:]
            return
        time.sleep(1)
    pytest.fail(f"the scheduler did not run its tasks: {logs[-2000:]}")


def test_an_upload_over_the_limit_is_refused_by_nginx(stack: Stack) -> None:
    too_big = b"x" * (52 * 1024 * 1024)
    response = requests.post(f"{stack.url}/api/3/action/resource_create", data=too_big, verify=str(stack.cert),
                             headers={"Content-Type": "application/octet-stream"}, timeout=120)  # fmt: skip
    assert response.status_code == 413


def test_log_in_floods_are_rate_limited(stack: Stack) -> None:
    statuses = [Client(stack).get("/user/login").status_code for _ in range(20)]
    assert statuses[0] == 200
    assert 429 in statuses


def _app_run(stack: Stack, secrets_dir: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    """The app image run once with the stack's settings (``settings`` override them)."""
    names = ("LAODATA_SITE_URL", "LAODATA_DB_HOST", "LAODATA_DB_PORT", "LAODATA_REDIS_URL")
    values = {
        **{name: stack.env[name] for name in names},
        "LAODATA_PORT": "9",
        "LAODATA_WAIT_SECONDS": "5",
        **settings,
    }
    environment = [arg for name, value in values.items() for arg in ("-e", f"{name}={value}")]
    return stack.podman(
        "run", "--rm", "--network", "host", *environment, "--volume", f"{secrets_dir}:/run/secrets:ro,U",
        "localhost/laodata-app:latest", *args,
    )  # fmt: skip


def test_a_missing_secret_stops_the_app_with_a_clear_message(built: Stack, workdir: Path) -> None:
    partial = workdir / "partial-secrets"
    partial.mkdir()
    shutil.copy(built.secrets / "laodata_secret_key", partial / "laodata_secret_key")
    for role in ("web", "worker"):
        done = _app_run(built, partial, role)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "laodata: cannot start" in done.stderr
        assert "secret laodata_db_password is missing" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_short_secret_key_and_a_wrong_password_are_refused(built: Stack, workdir: Path) -> None:
    weak = workdir / "weak-secrets"
    weak.mkdir()
    (weak / "laodata_secret_key").write_text("short")
    (weak / "laodata_db_password").write_text("not-the-password")
    done = _app_run(built, weak, "web")
    assert done.returncode == 2 and "laodata_secret_key is shorter than 32 characters" in done.stderr

    (weak / "laodata_secret_key").write_text(secrets.token_urlsafe(48))
    done = _app_run(built, weak, "web")
    assert done.returncode == 3, done.stderr
    assert "refused the connection" in done.stderr and "password authentication failed" in done.stderr


def test_bad_settings_are_all_named_and_an_absent_database_stops_the_start(built: Stack) -> None:
    done = _app_run(built, built.secrets, "web", LAODATA_SITE_URL="data.example.gov.la", LAODATA_DB_PORT="five",
                    LAODATA_SEARCH_BACKEND="elastic")  # fmt: skip
    assert done.returncode == 2
    for problem in ("LAODATA_SITE_URL='data.example.gov.la' is not a https or http URL",
                    "LAODATA_DB_PORT='five' is not a whole number",
                    "LAODATA_SEARCH_BACKEND must be postgres or solr, not 'elastic'"):  # fmt: skip
        assert problem in done.stderr

    (closed,) = _free_ports(1)
    done = _app_run(built, built.secrets, "web", LAODATA_DB_PORT=str(closed), LAODATA_WAIT_SECONDS="3")
    assert done.returncode == 3
    assert f"PostgreSQL at 127.0.0.1:{closed} (database laodata) did not answer in time" in done.stderr


def test_nginx_without_a_certificate_does_not_start(built: Stack, workdir: Path) -> None:
    empty = workdir / "no-tls"
    empty.mkdir()
    done = built.podman("run", "--rm", "--network", "none", "--volume", f"{empty}:/etc/nginx/tls:ro",
                        "localhost/laodata-nginx:latest")  # fmt: skip
    assert done.returncode == 2
    assert "/etc/nginx/tls/cert.pem is missing" in done.stderr
