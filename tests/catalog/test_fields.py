"""One table of an entry's fields and their limits (catalog/fields.py), used by
the importer, the entry actions and the demo (issue 10 item 3)."""
from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from ckanext.laodata.access.validators import laodata_boolean_text
from ckanext.laodata.catalog import fields, importer, model
from ckanext.laodata.demo import province

# DESIGN §6, "Catalog import file".
DESIGN_COLUMNS = (
    "code", "title", "title_lo", "title_vi", "title_en", "unit", "sector", "update_frequency", "access_level",
    "security_level", "importance", "personal_data", "state_secret", "source_system", "required_fields",
    "due_date", "legal_basis", "notes",
)


def _csv(**values: Any) -> bytes:
    row = {"code": "HEA-001", "title": "Hospitals", "unit": "dept-health", "sector": "health",
           "update_frequency": "annual", "access_level": "private", "security_level": "1", **values}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def test_one_field_table_lists_the_import_columns_once() -> None:
    assert fields.COLUMNS == DESIGN_COLUMNS
    assert importer.COLUMNS is fields.COLUMNS and importer.MANDATORY is fields.MANDATORY
    assert fields.MANDATORY == ("code", "title", "unit", "sector", "update_frequency", "access_level",
                                "security_level")
    assert province.CATALOG_COLUMNS is fields.COLUMNS
    assert model.ENTRY_FIELDS is fields.ENTRY_FIELDS
    assert set(fields.COLUMNS) <= set(fields.ENTRY_FIELDS)
    # every stored field is a column of the entry table
    assert set(fields.ENTRY_FIELDS) <= set(model.CatalogEntry.__table__.columns.keys())


WORDS = ["true", "TRUE", "Yes", "y", "1", "false", "No", "n", "0", "t", "maybe", "2"]


@pytest.mark.parametrize("word", WORDS)
def test_state_secret_reads_as_the_dataset_form(word: str) -> None:
    """The importer reads a yes/no cell with the dataset schema's own function
    (``laodata_boolean_text``), not a word list of its own."""
    result = importer.parse_catalog(_csv(state_secret=word), "catalog.csv")
    reading = laodata_boolean_text(word)
    if reading in ("true", "false"):
        assert result.errors == []
        assert result.entries[0]["state_secret"] is (reading == "true")
    else:
        assert [(error["row"], error["field"]) for error in result.errors] == [(2, "state_secret")]
