"""scripts/lib.sh (issue 9, item 11): the apt step waits, bounded by
LAODATA_APT_LOCK_TIMEOUT, while another apt or dpkg process (unattended
upgrades after boot) holds their locks, says so naming the holder, and gives
up with a clear message when the wait runs out.

The lock is held as apt and dpkg hold it (fcntl, in a child process); the
package installed is ``apt`` itself, always installed where apt-get is, and
APT_CONFIG points apt at no sources, so that ``apt-get update`` fetches and
cleans nothing and no network is needed (apt still takes every lock)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock", "/var/lib/apt/lists/lock")
_HOLD = r"""
import fcntl, os, sys, time
fds = [os.open(path, os.O_RDWR | os.O_CREAT, 0o640) for path in sys.argv[1:]]
for fd in fds:
    fcntl.lockf(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()  # until the test closes it
"""

pytestmark = [
    pytest.mark.skipif(
        shutil.which("apt-get") is None, reason="apt-get is missing: not a Debian or Ubuntu system"
    ),
    pytest.mark.skipif(os.geteuid() != 0, reason="only root can take apt's and dpkg's locks"),
]


@contextmanager
def _held() -> Iterator[int]:
    """Hold apt's and dpkg's locks in a child process; yields its pid."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, *LOCKS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def apt_env(tmp_path: Path) -> dict[str, str]:
    """The environment of the apt step: apt configured with no sources."""
    conf = tmp_path / "apt.conf"
    (tmp_path / "sources.list.d").mkdir()
    conf.write_text(
        f'Dir::Etc::SourceList "/dev/null";\nDir::Etc::SourceParts "{tmp_path}/sources.list.d";\n'
        'APT::Get::List-Cleanup "false";\n'  # keep the machine's package lists
        'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n',
        encoding="utf-8",
    )
    return dict(os.environ, APT_CONFIG=str(conf))


def _apt_install(env: dict[str, str]) -> subprocess.Popen[str]:
    """The lib's apt step (apt-get update and install) for a package that is installed."""
    return subprocess.Popen(
        ["bash", "-c", f'source "{ROOT}/scripts/lib.sh"; apt_install apt'],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_apt_waits_for_the_dpkg_lock(apt_env: dict[str, str]) -> None:
    with _held() as holder:
        # the lock is real to apt: apt-get alone fails at once
        bare = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-upgrade", "apt"],
            env=apt_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert bare.returncode != 0 and f"held by process {holder}" in bare.stderr, bare.stderr
        step = _apt_install(apt_env)
        try:
            out, err = step.communicate(timeout=4)
        except subprocess.TimeoutExpired:
            pass  # still waiting: release the lock
        else:
            pytest.fail(f"the apt step returned while the lock was held: {step.returncode} {out} {err}")
    out, err = step.communicate(timeout=120)
    assert step.returncode == 0, out + err
    assert "waiting" in out and f"process {holder} " in out and "LAODATA_APT_LOCK_TIMEOUT" in out, out


def test_apt_gives_up_on_the_dpkg_lock_after_the_timeout(apt_env: dict[str, str]) -> None:
    # held until the step has returned, longer than its 2 s
    with _held() as holder:
        started = time.monotonic()
        step = _apt_install(dict(apt_env, LAODATA_APT_LOCK_TIMEOUT="2"))
        out, err = step.communicate(timeout=60)
        took = time.monotonic() - started
    assert step.returncode != 0, out + err
    assert f"process {holder} " in out, out
    assert "gave up after 2s" in err and "LAODATA_APT_LOCK_TIMEOUT" in err, err
    assert 2 <= took < 30


def test_apt_lock_timeout_must_be_seconds(apt_env: dict[str, str]) -> None:
    step = _apt_install(dict(apt_env, LAODATA_APT_LOCK_TIMEOUT="ten"))
    out, err = step.communicate(timeout=60)
    assert step.returncode != 0, out + err
    assert "LAODATA_APT_LOCK_TIMEOUT" in err and "'ten'" in err, err
