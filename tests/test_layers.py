"""The package's dependencies run one way (STYLE.md, "One home per rule"):
vocabularies, labels, classes and statuses ← access ← workflow ← catalog ←
views, the public portal, CLI, helpers and wiring. A module imports nothing from a layer above
its own; the search backend is infrastructure and imports no concern."""

from __future__ import annotations

import ast
import pathlib

import ckanext.laodata

PACKAGE = pathlib.Path(ckanext.laodata.__file__).parent

# Layer of each top-level module or folder of the package (higher may import lower).
LAYERS = {
    "config": 0,
    "app_hooks": 0,
    "vocab": 0,
    "labels": 0,
    "language": 0,
    "locales": 0,
    "statuses": 0,
    "validation": 0,
    "same_site": 0,  # the pictures a page may load (no outside calls)
    "contacts": 0,  # whom to ask about a dataset (dataset page and DCAT contact point)
    "forms": 0,
    "downloads": 0,
    "search": 0,
    "health": 1,
    "access": 1,
    "security": 1,  # account security and its audit log: written by access and workflow, reads access's roles
    "workflow": 2,
    "catalog": 3,
    "quality": 3,
    "dcat": 3,
    "ops": 3,  # backups, restore, stored files' SHA-256 (read by dataset_writes and the CLI)
    "tables": 3,  # the DataStore loader's choice of files and its report (reads quality's flag)
    "demo": 4,
    "portal": 4,  # the public portal's pages: reads catalog, workflow and access, imported by none of them
    "api": 4,  # the API document, its page and CORS: reads the vocabularies and the catalog
    "dataset_writes": 4,
    "views": 4,
    "logic": 4,
    "helpers": 4,
    "schedule": 4,  # the periodic tasks and their loop (scripts/run, the containers' scheduler)
    "cli": 4,
    "plugin": 4,
    "wsgi": 4,
    "migration": 4,
}
CONCERNS = {
    "access",
    "security",
    "workflow",
    "catalog",
    "quality",
    "dcat",
    "demo",
    "views",
    "portal",
    "ops",
    "api",
    "tables",
}


def _part(module: str) -> str:
    return module.split(".")[0]


def _imports(path: pathlib.Path) -> list[str]:
    """The package-relative modules ``path`` imports (``access.classes``, ``statuses``, …)."""
    relative = path.relative_to(PACKAGE).with_suffix("")
    here = list(relative.parts[:-1]) if relative.name != "__init__" else list(relative.parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names = [target] if node.module else [".".join([*base, a.name]) for a in node.names]
                found += names
            elif node.module and node.module.startswith("ckanext.laodata."):
                found.append(node.module[len("ckanext.laodata.") :])
        elif isinstance(node, ast.Import):
            found += [
                a.name[len("ckanext.laodata.") :] for a in node.names if a.name.startswith("ckanext.laodata.")
            ]
    return [f for f in found if f]


def _modules() -> list[pathlib.Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "schemas" not in p.parts)


def test_every_module_has_a_layer() -> None:
    assert {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _modules()} - {"__init__"} <= set(
        LAYERS
    )


def test_imports_run_one_way() -> None:
    wrong = []
    for path in _modules():
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for target in _imports(path):
            other = _part(target)
            if other == own or other not in LAYERS:
                continue
            if LAYERS[other] > LAYERS[own] or (own == "search" and other in CONCERNS):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_rule_modules_import_no_page_module() -> None:
    pages = {"catalog.views", "workflow.views", "quality.views", "views", "views.errors"}
    wrong = [
        f"{p.relative_to(PACKAGE)} imports {t}"
        for p in _modules()
        if not p.name == "views.py"
        and p.relative_to(PACKAGE).parts[0] not in ("views", "plugin.py", "helpers.py")
        for t in _imports(p)
        if t in pages
    ]
    assert not wrong, "\n".join(wrong)
