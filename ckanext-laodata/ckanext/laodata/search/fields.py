"""Field types of CKAN's index documents, mirroring CKAN's Solr schema.

CKAN's ``schema.xml`` decides how each field of an index document is matched:
``string`` fields match whole values (case-sensitive), ``text`` fields match
analysed words, dates and ints compare as such, and a set of fields is copied
into the catch-all ``text`` field that unqualified words search. The embedded
backend keeps the same typing so that the same query means the same thing on
both engines.

Here too is how an index document is stored (``index_row``): the typed values
of each field, the analysed text fields, the catch-all ``text`` field as a
tsvector, the facet terms, and the fields Solr would store.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from . import analysis

TEXT_FIELDS = frozenset(
    {
        "title",
        "notes",
        "author",
        "author_email",
        "maintainer",
        "maintainer_email",
        "res_name",
        "res_description",
        "text",
        "urls",
        "depends_on",
        "dependency_of",
        "derives_from",
        "has_derivation",
        "links_to",
        "linked_from",
        "child_of",
        "parent_of",
        "title_ngram",
        "name_ngram",
    }
)
TEXT_PREFIXES = ("extras_", "res_extras_")
# Solr "text_general": words, but no stemming (the other text fields stem).
UNSTEMMED_TEXT_FIELDS = frozenset(
    {"author", "author_email", "maintainer", "maintainer_email", "res_name", "res_description"}
)
DATE_FIELDS = frozenset({"metadata_created", "metadata_modified", "indexed_ts"})
INT_FIELDS = frozenset(
    {"views_total", "views_recent", "resources_accessed_total", "resources_accessed_recent"}
)
# Solr's schema stores only these (the catch-all dynamic field is not stored).
STORED_FIELDS = frozenset(
    {
        "index_id",
        "id",
        "site_id",
        "title",
        "entity_type",
        "dataset_type",
        "state",
        "name",
        "revision_id",
        "version",
        "url",
        "ckan_url",
        "download_url",
        "notes",
        "author",
        "author_email",
        "maintainer",
        "maintainer_email",
        "license",
        "license_id",
        "tags",
        "groups",
        "organization",
        "capacity",
        "res_name",
        "res_description",
        "res_format",
        "res_url",
        "res_type",
        "metadata_created",
        "metadata_modified",
        "indexed_ts",
        "data_dict",
        "validated_data_dict",
        "title_ngram",
        "name_ngram",
    }
)
STORED_PREFIXES = ("extras_", "res_extras_", "vocab_")
NOT_INDEXED = frozenset({"data_dict", "validated_data_dict", "_version_"})

# Copy-fields into ``text`` with their full-text weight (A highest).
WEIGHT_A = ("name", "title")
# translated titles (laodata's title_lo/title_vi/title_en, as extras) rank as titles
WEIGHT_A_PREFIXES = ("extras_title_",)
WEIGHT_B = ("tags", "groups", "organization")
WEIGHT_C = ("notes", "res_name", "res_description")
WEIGHT_D = ("text", "license", "maintainer", "author", "url", "ckan_url", "download_url", "res_url")
WEIGHT_D_PREFIXES = ("extras_", "res_extras_")
WEIGHT_B_PREFIXES = ("vocab_",)


# Single-valued string fields that CKAN filters or sorts on in nearly every
# query are real columns (btree-indexed, never detoasted from JSONB);
# permission_labels is a text[] column with a GIN index.
COLUMN_FIELDS = (
    "site_id",
    "id",
    "name",
    "state",
    "dataset_type",
    "entity_type",
    "capacity",
    "metadata_modified",
    "metadata_created",
    "title_string",
)
ARRAY_COLUMN_FIELDS = ("permission_labels",)
COLUMNS = COLUMN_FIELDS + ARRAY_COLUMN_FIELDS
# Facet fields (CKAN's `search.facets` plus laodata's classes, and every
# `vocab_*`) are also kept as a compact, GIN-indexed array of
# "field<US>value" terms: facet counts unnest that array instead of the
# JSONB, and exact matches on these fields use the index. Changing the set
# needs `ckan search-index rebuild`.
FACET_SEPARATOR = "\x1f"
DEFAULT_FACET_FIELDS = (
    "organization",
    "groups",
    "tags",
    "res_format",
    "license_id",
    "owner_org",  # CKAN counts datasets per organization with a facet on it (every listing page)
    "sector",
    "access_level",
    "security_level",
    "update_frequency",
    "importance",
    "personal_data",
    "workflow_status",
    "source_system",
    "dataset_type",
    "capacity",
)
_facet_fields: set[str] = set(DEFAULT_FACET_FIELDS)
MAX_TERM_VALUE = 200


def set_facet_fields(names: Iterable[str]) -> None:
    _facet_fields.clear()
    _facet_fields.update(DEFAULT_FACET_FIELDS)
    _facet_fields.update(n for n in names if n)


def is_term_field(field: str) -> bool:
    """Kept in the term array (so facets and exact matches use it)."""
    return (
        (field in _facet_fields or field.startswith("vocab_")) and not is_text(field) and not is_date(field)
    )


def term(field: str, value: str) -> str:
    return f"{field}{FACET_SEPARATOR}{value}"


def is_text(field: str) -> bool:
    return field in TEXT_FIELDS or field.startswith(TEXT_PREFIXES)


def is_stemmed(field: str) -> bool:
    return is_text(field) and field not in UNSTEMMED_TEXT_FIELDS


def is_date(field: str) -> bool:
    return field in DATE_FIELDS or field.endswith("_date")


def is_int(field: str) -> bool:
    return field in INT_FIELDS


def is_stored(field: str) -> bool:
    return field in STORED_FIELDS or field.startswith(STORED_PREFIXES) or field.endswith("_date")


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return [value]


def to_solr_string(value: Any) -> str:
    """The string a Solr string field would hold for ``value``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return solr_date(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def solr_date(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S") + (
        f".{value.microsecond // 1000:03d}Z" if value.microsecond else "Z"
    )


def comparable_date(value: datetime.datetime) -> str:
    """Fixed-width UTC form, so that text order is time order."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_date(value: Any) -> str | None:
    """The indexed form of a date value; None when it is not a date."""
    if isinstance(value, datetime.datetime):
        return comparable_date(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return comparable_date(parsed)


def field_values(field: str, value: Any) -> list[str]:
    """The indexed (matchable, facetable) values of one field."""
    out: list[str] = []
    for item in as_list(value):
        if is_date(field):
            date = normalize_date(item)
            if date is not None:
                out.append(date)
        else:
            out.append(to_solr_string(item))
    return out


def padded_tokens(values: Iterable[str], stem: bool) -> str:
    """Analysed text of a field: tokens separated by spaces, values by `` | ``.

    Padding with spaces lets a word or a phrase be found with a plain
    substring test on `` word ``; the bar stops a phrase crossing two values.
    """
    parts = [" ".join(analysis.tokens(v, stem=stem)) for v in values]
    return " " + " | ".join(p for p in parts if p) + " "


def _weight(field: str) -> str | None:
    if field in WEIGHT_A or field.startswith(WEIGHT_A_PREFIXES):
        return "A"
    if field in WEIGHT_B or field.startswith(WEIGHT_B_PREFIXES):
        return "B"
    if field in WEIGHT_C:
        return "C"
    if field in WEIGHT_D or field.startswith(WEIGHT_D_PREFIXES):
        return "D"
    return None


def tsvector_literal(doc: dict[str, Any]) -> str:
    """A tsvector in PostgreSQL's input syntax for the catch-all ``text`` field.

    Built here rather than with ``to_tsvector`` so that indexing uses exactly
    the analysis the query side uses (accent folding, Lao segmentation).
    Positions run on across fields, with a gap between values so that
    phrases do not match across them.
    """
    positions: dict[str, list[str]] = {}
    pos = 1
    for field in sorted(doc):
        weight = _weight(field)
        if weight is None:
            continue
        for value in as_list(doc[field]):
            for token in analysis.tokens(to_solr_string(value), stem=True):
                # PostgreSQL's last position is 16383: later words keep it (as
                # to_tsvector does) rather than being lost
                positions.setdefault(token, []).append(f"{min(pos, 16383)}{weight}")
                pos += 1
            pos += 5
    return " ".join(f"{tsquote(tok)}:{','.join(p[:256])}" for tok, p in positions.items())


def tsquote(token: str) -> str:
    """Quote one lexeme for tsvector/tsquery input syntax."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def index_row(doc: dict[str, Any]) -> dict[str, Any]:
    """Split a CKAN index document into the columns the store keeps."""
    fields: dict[str, list[str]] = {}
    ftext: dict[str, str] = {}
    columns: dict[str, Any] = {name: None for name in COLUMN_FIELDS}
    columns["permission_labels"] = []
    for key, value in doc.items():
        if key in NOT_INDEXED:
            continue
        values = field_values(key, value)
        if not values:
            continue
        if is_text(key):  # words only: kept out of `fields` to keep it small
            ftext[key] = padded_tokens(values, stem=is_stemmed(key))
        elif key in columns and key not in ARRAY_COLUMN_FIELDS:
            columns[key] = values[0]
        elif key in ARRAY_COLUMN_FIELDS:
            columns[key] = values
        else:
            fields[key] = list(dict.fromkeys(values))  # a document counts once per value
    terms = {
        term(key, value)
        for key, values in list(fields.items()) + [(c, [columns[c]]) for c in COLUMN_FIELDS if columns[c]]
        if is_term_field(key)
        for value in values
        if len(value) <= MAX_TERM_VALUE
    }
    stored = {k: v for k, v in doc.items() if is_stored(k) and v is not None}
    return {
        "index_id": str(doc["index_id"]),
        "columns": columns,
        "facet_terms": sorted(terms),
        "fields": fields,
        "ftext": ftext,
        "tsv": tsvector_literal(doc),
        "stored": stored,
    }
