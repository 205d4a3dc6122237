"""The reader's language for content: the one rule choosing which of a record's
translations a page shows.

A dataset keeps its title and description in ``title``/``notes`` (as entered,
in the language its unit wrote them: its primary language) and in
``title_lo``/``title_vi``/``title_en`` and ``notes_*``; a unit likewise in
``title`` and ``title_lo``/``title_vi``/``title_en``. A page in language L shows
the first non-empty of:

    the L translation → the primary field → English → Lao → Vietnamese

so a Vietnamese reader gets ``title_vi`` when it is filled, and otherwise the
text as its unit entered it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("lo", "vi", "en")  # the portal's languages, in the picker's order
FALLBACK = ("en", "lo", "vi")  # after the reader's language and the primary field

PRIMARY = ""  # the suffix of the primary field: ``title`` itself


def order(lang: str) -> list[str]:
    """The suffixes tried for a reader of ``lang``, in order (``""`` is the primary field)."""
    out: list[str] = []
    for suffix in (lang if lang in LANGUAGES else "en", PRIMARY, *FALLBACK):
        if suffix not in out:
            out.append(suffix)
    return out


def field_value(data: Mapping[str, Any], name: str) -> str:
    """A field's text, top-level or among ``extras`` (``[{key, value}]``, as a
    unit's dict has it before its schema is applied); empty when blank."""
    value = data.get(name)
    extras = data.get("extras")
    if value in (None, "") and isinstance(extras, list):
        value = next((e.get("value") for e in extras if isinstance(e, dict) and e.get("key") == name), None)
    elif value in (None, "") and isinstance(extras, dict):
        value = extras.get(name)
    return value.strip() if isinstance(value, str) else ""


def translated(data: Mapping[str, Any], name: str, lang: str) -> str:
    """The text of ``name`` (``title``, ``notes``) for a reader of ``lang``, by the fallback order."""
    for suffix in order(lang):
        value = field_value(data, f"{name}_{suffix}" if suffix else name)
        if value:
            return value
    return ""
