"""Validation schemas of the catalog actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from typing import Any

from ckan.types import Schema, Validator, ValidatorFactory

from .. import vocab
from ..validation import max_length, no_nul
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
    ignore_missing: Validator, unicode_safe: Validator, natural_number_validator: Validator,
    limit_to_configured_maximum: ValidatorFactory, one_of: ValidatorFactory, default: ValidatorFactory,
) -> Schema:
    from .status import STATUSES

    return {
        "unit": [ignore_missing, unicode_safe, no_nul],
        "sector": [ignore_missing, unicode_safe, no_nul],
        "status": [ignore_missing, one_of(list(STATUSES) + ["delivered", "outstanding"])],
        "q": [ignore_missing, unicode_safe, no_nul],
        "limit": [default(50), natural_number_validator, limit_to_configured_maximum("ckan.search.rows_max", 1000)],
        "offset": [default(0), natural_number_validator],
    }


@tk.validator_args
def entry_show(not_empty: Validator, unicode_safe: Validator) -> Schema:
    return {"code": [not_empty, unicode_safe, no_nul, laodata_catalog_code]}


@tk.validator_args
def entry_update(
    not_empty: Validator, ignore_missing: Validator, unicode_safe: Validator, isodate: Validator,
    boolean_validator: Validator,
) -> Schema:
    text = [ignore_missing, unicode_safe, no_nul]
    return {
        "code": [not_empty, unicode_safe, no_nul, laodata_catalog_code],
        "title": [ignore_missing, unicode_safe, no_nul, not_empty, max_length(500)],
        "title_lo": text, "title_vi": text, "title_en": text, "legal_basis": text, "notes": text,
        "source_system": text, "connection_legal_basis": text, "delay_note": text,
        "unit": text,
        "sector": [ignore_missing, _one_of_vocab("sector")],
        "update_frequency": [ignore_missing, _one_of_vocab("update_frequency")],
        "access_level": [ignore_missing, _one_of_vocab("access_level")],
        "security_level": [ignore_missing, unicode_safe, no_nul, _one_of_vocab("security_level")],
        "importance": [ignore_missing, _one_of_vocab("importance")],
        "personal_data": [ignore_missing, _one_of_vocab("personal_data")],
        "state_secret": [ignore_missing, boolean_validator],
        "connection_status": [ignore_missing, _one_of_vocab("connection_status")],
        "connection_requested": [ignore_missing, isodate],
        "due_date": [ignore_missing, isodate],
        "delay_reason": [ignore_missing, _one_of_vocab("delay_reason", allow_empty=True)],
    }


@tk.validator_args
def progress(ignore_missing: Validator, unicode_safe: Validator, isodate: Validator) -> Schema:
    return {"unit": [ignore_missing, unicode_safe, no_nul], "sector": [ignore_missing, unicode_safe, no_nul],
            "as_of": [ignore_missing, isodate]}
