"""Packaging (issue 9, item 10): the schemas and vocabularies ship inside
``ckanext.laodata`` (``ckanext/laodata/schemas`` is a link to the top-level
``schemas/``, their single source), are read through the package, and the ini
files point scheming at them in its ``module:file`` form, so that a
non-editable ``pip install .`` gives a portal with its vocabularies."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from importlib import metadata, resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INIS = (ROOT / "config" / "test.ini", ROOT / "config" / "ckan.ini.template")
SCHEMA_SETTINGS = ("scheming.dataset_schemas", "scheming.organization_schemas")
# what a build of the repository root never reads; the rest is copied as it is
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".pytest_cache"
)

# Run by the throwaway venv's interpreter, from a directory outside the
# repository: load the vocabularies through ckanext.laodata.vocab, and the
# schema files as ckanext-scheming 3.1.0 resolves "module:file"
# (plugins.py _load_schema_module_path: the file next to the module's
# __init__.py), recording every file opened.
_PROBE = r"""
import inspect, json, os, sys
opened = []
def audit(event, args):
    if event == "open" and isinstance(args[0], str):
        opened.append(os.path.realpath(args[0]))
sys.addaudithook(audit)
import yaml
from ckanext.laodata import vocab
names = sorted(vocab.vocabularies())
schemas = {}
for setting, value in json.loads(sys.argv[1]).items():
    module, file_name = value.split(":", 1)
    path = os.path.join(os.path.dirname(inspect.getfile(__import__(module, fromlist=[""]))), file_name)
    with open(path, encoding="utf-8") as handle:
        schema = yaml.safe_load(handle)
    fields = schema.get("dataset_fields", []) + schema.get("resource_fields", []) + schema.get("fields", [])
    schemas[setting] = {
        "path": os.path.realpath(path),
        "type": schema.get("dataset_type") or schema.get("organization_type"),
        "choices": {f["field_name"]: len(vocab.choices(f["laodata_vocabulary"]))
                    for f in fields if "laodata_vocabulary" in f},
    }
print(json.dumps({"vocabularies": names, "schemas": schemas,
                  "vocabulary_files": [p for p in opened if p.endswith("vocabularies.yaml")]}))
"""


def _scheming_settings(ini: Path) -> dict[str, str]:
    parser = configparser.RawConfigParser(strict=False)
    parser.read(ini, encoding="utf-8")
    return {key: parser.get("app:main", key) for key in SCHEMA_SETTINGS}


def _run(*args: str | os.PathLike[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("ini", INIS, ids=lambda p: p.name)
def test_ini_files_point_scheming_at_the_package(ini: Path) -> None:
    for key, value in _scheming_settings(ini).items():
        assert value.startswith("ckanext.laodata:schemas/"), f"{ini.name}: {key} = {value}"


def test_packaged_schemas_are_the_top_level_schemas() -> None:
    packaged = resources.files("ckanext.laodata") / "schemas"
    for name in ("dataset.yaml", "organization.yaml", "vocabularies.yaml"):
        assert os.path.samefile(str(packaged / name), ROOT / "schemas" / name), name


@pytest.mark.parametrize("ini", INIS, ids=lambda p: p.name)
def test_scheming_loads_the_schemas_the_ini_files_name(ini: Path) -> None:
    from ckanext.scheming.plugins import _load_schema

    settings = _scheming_settings(ini)
    assert _load_schema(settings["scheming.dataset_schemas"])["dataset_type"] == "dataset"
    assert _load_schema(settings["scheming.organization_schemas"])["organization_type"] == "organization"


def test_vocabularies_load_from_a_non_editable_install(tmp_path: Path) -> None:
    # `pip install .` builds a wheel from the repository root and installs it;
    # do both, the build from a copy of the tree so that it leaves the shared
    # working tree (and its editable install's egg-info) alone.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=_NOT_SOURCE)
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        tmp_path / "dist",
        src,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("ckanext_laodata-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps")
    installed = _run(*pip, "--no-index", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    # vocab.py needs PyYAML only; the same release as here, from pip's cache,
    # find-links or index
    yaml_req = f"PyYAML=={metadata.version('PyYAML')}"
    got_yaml = _run(*pip, "--only-binary", ":all:", yaml_req, cwd=tmp_path)
    if got_yaml.returncode != 0:
        why = got_yaml.stderr.strip()[-300:]
        pytest.skip(f"pip cannot install {yaml_req} into the throwaway venv: {why}")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env_root = os.path.realpath(env_dir)
    for ini in INIS:
        probe = _run(python, "-I", "-c", _PROBE, json.dumps(_scheming_settings(ini)), cwd=elsewhere)
        assert probe.returncode == 0, f"{ini.name}: {probe.stderr}"
        result = json.loads(probe.stdout)
        assert {"access_level", "security_level", "sector", "update_frequency"} <= set(result["vocabularies"])
        assert result["vocabulary_files"], "vocabularies.yaml was not opened"
        for path in result["vocabulary_files"]:
            assert path.startswith(env_root + os.sep), path
        dataset = result["schemas"]["scheming.dataset_schemas"]
        unit = result["schemas"]["scheming.organization_schemas"]
        assert (dataset["type"], unit["type"]) == ("dataset", "organization")
        for schema in (dataset, unit):
            assert schema["path"].startswith(env_root + os.sep), f"{ini.name}: {schema['path']}"
        # the fields that take their choices from a vocabulary get them
        assert dataset["choices"] and all(dataset["choices"].values()), dataset["choices"]
        assert unit["choices"] and all(unit["choices"].values()), unit["choices"]


def test_the_browser_tests_npm_packages_are_pinned_and_installed_by_scripts_test() -> None:
    """axe-core (issue 11, item 8): an exact version in package.json, the same in
    the lockfile with its integrity hash, and scripts/test installs it (npm ci)."""
    root = Path(__file__).resolve().parents[1]
    wanted = json.loads((root / "package.json").read_text())["devDependencies"]
    locked = json.loads((root / "package-lock.json").read_text())["packages"]
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert locked[f"node_modules/{name}"]["version"] == version
        assert locked[f"node_modules/{name}"]["integrity"].startswith("sha512-")
    assert "ensure_node_packages" in (root / "scripts" / "test").read_text()
    assert "npm ci" in (root / "scripts" / "lib.sh").read_text()
