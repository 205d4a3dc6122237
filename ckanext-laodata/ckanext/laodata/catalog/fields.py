"""Limits of a catalog entry's fields that more than one write path checks.

One definition, used by the importer (``importer.py``), the entry actions
(``schema.py``), the dataset's ``catalog_code`` field (validator
``laodata_catalog_code``, named by ``schemas/dataset.yaml``) and the link
check run on every dataset write (``link.py``): an entry that can be
imported can always be delivered, and no path accepts a code the others
refuse.
"""
from __future__ import annotations

# The longest entry code. The column (``laodata_catalog_entry.code``,
# migration 001) and the dataset's ``catalog_code`` extra are text without a
# length limit, so the limit is a rule of the catalog, not of the database:
# 64 characters is more than any real code needs (codes such as
# ``HEA-001`` or ``SO-YTE.2025.BV-0001``) and keeps codes usable in URLs,
# file names and spreadsheet cells.
CODE_MAX_LENGTH = 64
