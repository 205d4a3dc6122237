"""The controlled vocabularies of DESIGN §4, read from ``schemas/vocabularies.yaml``."""
from __future__ import annotations

import functools
import os
from typing import Any

import yaml

_PACKAGED = os.path.join(os.path.dirname(__file__), "schemas", "vocabularies.yaml")
_SOURCE_TREE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "schemas", "vocabularies.yaml")


@functools.lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, dict[str, Any]]]:
    path = _PACKAGED if os.path.exists(_PACKAGED) else _SOURCE_TREE
    with open(path, encoding="utf-8") as handle:
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
    return [{"value": key, "label": {lang: term[lang] for lang in ("en", "lo", "vi") if term.get(lang)}}
            for key, term in vocabularies()[name].items()]
