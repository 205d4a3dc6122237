"""Validation schemas of the catalog actions."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Schema, Validator, ValidatorFactory

from .. import vocab
from ..validation import count_value, max_length, no_nul, one_value, text_value
from . import fields
from .fields import CODE_MAX_LENGTH


def _one_of_vocab(name: str, allow_empty: bool = False) -> Validator:
    allowed = vocab.keys(name)

    def validator(value: Any) -> Any:
        if allow_empty and value in ("", None):
            return None
        if str(value) not in allowed:
            raise tk.Invalid(f"Unknown value '{value}': use one of {', '.join(allowed)}")
        return str(value)

    return validator


def laodata_catalog_code(value: Any) -> Any:
    """A catalog entry code: at most ``CODE_MAX_LENGTH`` characters, the limit
    the importer and the entry actions apply (the dataset's ``catalog_code``)."""
    return max_length(CODE_MAX_LENGTH)(value)


@tk.validator_args
def catalog_import(ignore_missing: Validator, boolean_validator: Validator, not_missing: Validator) -> Schema:
    return {"upload": [not_missing], "dry_run": [ignore_missing, boolean_validator]}


@tk.validator_args
def entry_list(
    ignore_missing: Validator,
    unicode_safe: Validator,
    natural_number_validator: Validator,
    limit_to_configured_maximum: ValidatorFactory,
    one_of: ValidatorFactory,
    default: ValidatorFactory,
) -> Schema:
    from .status import STATUSES

    return {
        "unit": [ignore_missing, one_value, text_value, unicode_safe, no_nul],
        "sector": [ignore_missing, one_value, text_value, _one_of_vocab("sector", allow_empty=True)],
        "status": [
            ignore_missing,
            one_value,
            text_value,
            one_of(list(STATUSES) + ["delivered", "outstanding"]),
        ],
        "q": [ignore_missing, one_value, text_value, unicode_safe, no_nul],
        "limit": [
            default(50),
            count_value,
            natural_number_validator,
            limit_to_configured_maximum("ckan.search.rows_max", 1000),
        ],
        "offset": [default(0), count_value, natural_number_validator],
    }


@tk.validator_args
def entry_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"code": [not_empty, unicode_safe, no_nul, laodata_catalog_code]}


@tk.validator_args
def entry_update(
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    isodate: Validator,
    boolean_validator: Validator,
) -> Schema:
    """The code, and any other field of an entry by its kind and limits
    (``fields.FIELDS``), except those only an import sets."""
    schema: Schema = {}
    for field in fields.FIELDS:
        rules = _entry_rules(field, not_empty, ignore_missing, unicode_safe, isodate, boolean_validator)
        if rules is not None:
            schema[field.name] = rules
    return schema


def _entry_rules(
    field: fields.Field,
    not_empty: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    isodate: Validator,
    boolean_validator: Validator,
) -> list[Validator] | None:
    """The validators of one field in ``entry_update``; ``None``: not editable."""
    text = [ignore_missing, unicode_safe, no_nul]
    if field.kind == fields.CODE:
        return [not_empty, unicode_safe, no_nul, laodata_catalog_code]
    if field.kind in (fields.TEXT, fields.UNIT):  # a unit's name is checked by the action
        rules = text + ([not_empty] if field.mandatory and field.kind == fields.TEXT else [])
        return rules + ([max_length(field.max_length)] if field.max_length else [])
    if field.kind == fields.VOCABULARY and field.vocabulary:
        return [ignore_missing, _one_of_vocab(field.vocabulary, allow_empty=field.default is None)]
    if field.kind == fields.LEVEL and field.vocabulary:  # a level may come as a number
        return text + [_one_of_vocab(field.vocabulary)]
    if field.kind == fields.BOOLEAN:
        return [ignore_missing, boolean_validator]
    if field.kind == fields.DATE:
        return [ignore_missing, isodate]
    return None  # FIELD_LIST: the data's fields come with the import file


@tk.validator_args
def progress(ignore_missing: Validator, unicode_safe: Validator, isodate: Validator) -> Schema:
    return {
        "unit": [ignore_missing, one_value, text_value, unicode_safe, no_nul],
        "sector": [ignore_missing, one_value, text_value, _one_of_vocab("sector", allow_empty=True)],
        "as_of": [ignore_missing, one_value, text_value, isodate],
    }


_TRUE, _FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off", "")


def strict_bool(value: Any) -> bool:
    """A yes/no parameter; anything else is refused (CKAN's boolean_validator reads
    any unknown word as false, so a mistyped ``dry_run`` would run for real)."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):  # JSON 0, 1, lists: not a yes or no
        raise tk.Invalid(tk._("Give true or false"))
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise tk.Invalid(tk._("Give true or false"))


@tk.validator_args
def freshness_check(ignore_missing: Validator) -> Schema:
    return {"dry_run": [ignore_missing, strict_bool]}
