"""Index a dataset's translated titles and descriptions as CKAN indexes extras.

The scheming schema keeps ``title_lo``/``title_vi``/``title_en`` and
``notes_*`` as top-level fields, and CKAN indexes a top-level field under its
own name, which Solr's schema stores as an unsearched string. Copying them to
``extras_<field>`` gives both engines the same treatment as an extra: Solr's
``extras_*`` dynamic field is text and is copied into the default search field,
and the embedded backend weighs ``extras_title_*`` as titles.
"""

from __future__ import annotations

from typing import Any

TRANSLATED = ("title_lo", "title_vi", "title_en", "notes_lo", "notes_vi", "notes_en")


def add_translations(index_doc: dict[str, Any]) -> dict[str, Any]:
    for name in TRANSLATED:
        value = index_doc.get(name)
        if value and not index_doc.get(f"extras_{name}"):
            index_doc[f"extras_{name}"] = value
    return index_doc
