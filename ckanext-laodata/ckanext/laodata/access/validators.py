"""Dataset schema validators for the classes (DESIGN §4), used by ``schemas/dataset.yaml``.

``laodata_dataset_rules`` runs once per dataset after the field validators
(scheming's ``after_validators``), when every class holds its final value, and
files each broken rule under the field that breaks it.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from .classes import CLASS_FIELDS, boolean_text, class_errors


def laodata_boolean_text(value: Any) -> Any:
    """A yes/no word as ``"true"``/``"false"`` (``classes.boolean_text``);
    anything else is left for the choices validator to refuse by name."""
    return boolean_text(value) or value


def _value(data: FlattenDataDict, name: str) -> Any:
    value = data.get((name,))
    return None if value is missing else value


def laodata_dataset_rules(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """The rules between a dataset's fields: the classes agree with each other,
    and the period's start is not after its end."""
    if any(errors.get((name,)) for name in CLASS_FIELDS):
        return  # an unknown value is reported by its own field
    for field, messages in class_errors({name: _value(data, name) for name in CLASS_FIELDS}, tk._).items():
        errors.setdefault((field,), []).extend(messages)
    start, end = _value(data, "temporal_start"), _value(data, "temporal_end")
    if start and end and not errors.get(("temporal_start",)) and not errors.get(("temporal_end",)):
        if str(start) > str(end):
            errors.setdefault(("temporal_end",), []).append(
                tk._("The period cannot end ({end}) before it starts ({start})").format(end=end, start=start)
            )
