"""The fields of a catalog entry and their limits, stated once (DESIGN §3, §6).

One table, ``FIELDS``, gives each field of an entry its kind, whether it is
mandatory, its vocabulary, its longest value, its default and its place in
the import file. Everything else derives from it:

- the import file's columns (``COLUMNS``, ``MANDATORY``) and the importer's
  checks (``importer/rows.py``, ``importer/header.py``);
- the entry actions' schema (``schema.py``: ``entry_update``) and the stored
  entry's field list (``ENTRY_FIELDS``, used by ``model.py``, ``action.py``
  and the exports);
- the dataset's ``catalog_code`` field (validator ``laodata_catalog_code``,
  named by ``schemas/dataset.yaml``) and the link check run on every dataset
  write (``link.py``), which use ``CODE_MAX_LENGTH``;

so an entry that can be imported can always be delivered, and no path
accepts a value the others refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The longest entry code. The column (``laodata_catalog_entry.code``,
# migration 001) and the dataset's ``catalog_code`` extra are text without a
# length limit, so the limit is a rule of the catalog, not of the database:
# 64 characters is more than any real code needs (codes such as
# ``HEA-001`` or ``SO-YTE.2025.BV-0001``) and keeps codes usable in URLs,
# file names and spreadsheet cells.
CODE_MAX_LENGTH = 64
# What an entry code may hold.
CODE_PATTERN = re.compile(r"[A-Za-z0-9._-]+")
# The longest title, in any language (the dataset schema's title fields
# have the same limit: ``laodata_max_length(500)`` in ``schemas/dataset.yaml``).
TITLE_MAX_LENGTH = 500

# Kinds of field:
CODE = "code"  # the entry's key: CODE_PATTERN, at most CODE_MAX_LENGTH
TEXT = "text"  # free text (trimmed, NFC)
UNIT = "unit"  # the name of an organization
VOCABULARY = "vocabulary"  # a key of ``vocabulary`` (schemas/vocabularies.yaml)
LEVEL = "level"  # a vocabulary of numbers: a spreadsheet's 3 or 3.0 is "3"
BOOLEAN = "boolean"
DATE = "date"
FIELD_LIST = "field_list"  # the data's mandatory fields: ``name[:type]`` items

# Frictionless Table Schema field types, the types a FIELD_LIST item may name.
FIELD_LIST_TYPES = (
    "string",
    "number",
    "integer",
    "boolean",
    "date",
    "datetime",
    "time",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "object",
    "array",
    "any",
)


@dataclass(frozen=True)
class Field:
    """One field of a catalog entry."""

    name: str
    kind: str
    mandatory: bool = False
    vocabulary: str | None = None
    max_length: int | None = None
    default: Any = ""
    # Its place among the import file's columns (DESIGN §6); None: not imported.
    column: int | None = None
    # Also a field of the dataset schema (schemas/dataset.yaml): a dataset
    # started from the entry carries it.
    on_dataset: bool = False


def _vocabulary(name: str, **options: Any) -> Field:
    return Field(name, VOCABULARY, vocabulary=name, **options)


# In the order the entry is stored, shown by the API and exported.
FIELDS: tuple[Field, ...] = (
    Field("code", CODE, mandatory=True, max_length=CODE_MAX_LENGTH, column=1),
    Field("title", TEXT, mandatory=True, max_length=TITLE_MAX_LENGTH, column=2),
    Field("title_lo", TEXT, max_length=TITLE_MAX_LENGTH, on_dataset=True, column=3),
    Field("title_vi", TEXT, max_length=TITLE_MAX_LENGTH, on_dataset=True, column=4),
    Field("title_en", TEXT, max_length=TITLE_MAX_LENGTH, on_dataset=True, column=5),
    Field("unit", UNIT, mandatory=True, column=6),
    _vocabulary("sector", mandatory=True, on_dataset=True, column=7),
    _vocabulary("update_frequency", mandatory=True, on_dataset=True, column=8),
    _vocabulary("access_level", mandatory=True, on_dataset=True, column=9),
    Field("security_level", LEVEL, mandatory=True, vocabulary="security_level", on_dataset=True, column=10),
    _vocabulary("importance", default="other", on_dataset=True, column=11),
    _vocabulary("personal_data", default="none", on_dataset=True, column=12),
    Field("state_secret", BOOLEAN, default=False, on_dataset=True, column=13),
    Field("source_system", TEXT, default="local", on_dataset=True, column=14),
    _vocabulary("connection_status", default="not_requested"),
    Field("connection_requested", DATE, default=None),
    Field("connection_legal_basis", TEXT),
    Field("required_fields", FIELD_LIST, default=(), column=15),
    Field("legal_basis", TEXT, on_dataset=True, column=17),
    Field("notes", TEXT, column=18),
    Field("due_date", DATE, default=None, column=16),
    _vocabulary("delay_reason", default=None),
    Field("delay_note", TEXT),
)
BY_NAME: dict[str, Field] = {field.name: field for field in FIELDS}

# The stored entry's fields (the import file, the API and the pages share them).
ENTRY_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS)
# The import file's columns, in their order, and those it must have.
IMPORTED: tuple[Field, ...] = tuple(sorted((f for f in FIELDS if f.column), key=lambda f: f.column or 0))
COLUMNS: tuple[str, ...] = tuple(field.name for field in IMPORTED)
MANDATORY: tuple[str, ...] = tuple(field.name for field in IMPORTED if field.mandatory)
DATE_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS if field.kind == DATE)
# The entry's fields a dataset started from it carries.
DATASET_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS if field.on_dataset)
