"""One table of an entry's fields and their limits (catalog/fields.py), used by
the importer, the entry actions and the demo (issue 10 item 3)."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import pytest
import yaml
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.laodata.access.classes import CLASS_FIELDS
from ckanext.laodata.access.validators import laodata_boolean_text
from ckanext.laodata.catalog import fields, importer, model, schema
from ckanext.laodata.demo import province

# DESIGN §6, "Catalog import file".
DESIGN_COLUMNS = (
    "code",
    "title",
    "title_lo",
    "title_vi",
    "title_en",
    "unit",
    "sector",
    "update_frequency",
    "access_level",
    "security_level",
    "importance",
    "personal_data",
    "state_secret",
    "source_system",
    "required_fields",
    "due_date",
    "legal_basis",
    "notes",
)


def _csv(**values: Any) -> bytes:
    row = {
        "code": "HEA-001",
        "title": "Hospitals",
        "unit": "dept-health",
        "sector": "health",
        "update_frequency": "annual",
        "access_level": "private",
        "security_level": "1",
        **values,
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def test_one_field_table_lists_the_import_columns_once() -> None:
    assert fields.COLUMNS == DESIGN_COLUMNS
    assert importer.COLUMNS is fields.COLUMNS and importer.MANDATORY is fields.MANDATORY
    assert fields.MANDATORY == (
        "code",
        "title",
        "unit",
        "sector",
        "update_frequency",
        "access_level",
        "security_level",
    )
    assert province.CATALOG_COLUMNS is fields.COLUMNS
    assert model.ENTRY_FIELDS is fields.ENTRY_FIELDS
    assert set(fields.COLUMNS) <= set(fields.ENTRY_FIELDS)
    # every stored field is a column of the entry table
    assert set(fields.ENTRY_FIELDS) <= set(model.CatalogEntry.__table__.columns.keys())


def test_one_field_table_gives_the_entry_actions_their_fields() -> None:
    editable = {field.name for field in fields.FIELDS if field.kind != fields.FIELD_LIST}
    assert set(schema.entry_update()) == editable
    assert "required_fields" not in editable  # set by an import only


def test_the_fields_a_dataset_carries_are_dataset_schema_fields() -> None:
    """A dataset started from an entry is prefilled with the entry's
    ``on_dataset`` fields: each must be a field of the dataset schema, and every
    class of the dataset must come from the entry."""
    with (resources.files("ckanext.laodata") / "schemas" / "dataset.yaml").open("rb") as handle:
        dataset_fields = {f["field_name"] for f in yaml.safe_load(handle)["dataset_fields"]}
    assert set(fields.DATASET_FIELDS) <= dataset_fields
    assert set(CLASS_FIELDS) <= set(fields.DATASET_FIELDS)
    assert {"title_lo", "title_vi", "title_en", "sector", "update_frequency"} <= set(fields.DATASET_FIELDS)


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


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_entry_update_title_translation_limit() -> None:
    """A title in any language: at most 500 characters through the API too,
    as through the import file and on the dataset (``schemas/dataset.yaml``)."""
    factories.Organization(name="dept-health")
    upload = FileStorage(io.BytesIO(_csv(access_level="open")), filename="catalog.csv")
    helpers.call_action("laodata_catalog_import", context={"ignore_auth": True}, upload=upload)
    limit = fields.TITLE_MAX_LENGTH
    assert limit == 500
    for name in ("title", "title_lo", "title_vi", "title_en"):
        assert fields.BY_NAME[name].max_length == limit
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action("laodata_catalog_entry_update", code="HEA-001", **{name: "x" * (limit + 1)})
        assert list(err.value.error_dict) == [name]
        parsed = importer.parse_catalog(_csv(**{name: "x" * (limit + 1)}), "catalog.csv")
        assert [error["field"] for error in parsed.errors] == [name]
        entry = helpers.call_action("laodata_catalog_entry_update", code="HEA-001", **{name: "y" * limit})
        assert entry[name] == "y" * limit
