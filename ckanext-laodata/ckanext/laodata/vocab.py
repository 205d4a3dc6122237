"""The controlled vocabularies of DESIGN §4, read from ``schemas/vocabularies.yaml``.

The schemas ship inside the package: ``ckanext/laodata/schemas`` links to the
repository's top-level ``schemas/`` (their single source), and a build copies
the files into the wheel, so an editable and a non-editable install both read
them here, through the package.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


@functools.lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, dict[str, Any]]]:
    source = resources.files("ckanext.laodata") / "schemas" / "vocabularies.yaml"
    with source.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {name: {str(k): v for k, v in terms.items()} for name, terms in data.items()}


def keys(name: str) -> list[str]:
    return list(vocabularies()[name])


def label(name: str, key: str, lang: str = "en") -> str:
    term = vocabularies().get(name, {}).get(str(key))
    if not term:
        return str(key)
    return term.get(lang) or term.get("en") or str(key)


def choices(name: str) -> list[dict[str, Any]]:
    """The terms of a vocabulary as scheming choices: ``{value, label: {en, lo, vi}}``."""
    return [
        {"value": key, "label": {lang: term[lang] for lang in ("en", "lo", "vi") if term.get(lang)}}
        for key, term in vocabularies()[name].items()
    ]
