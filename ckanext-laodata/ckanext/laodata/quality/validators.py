"""The schemas' guard on the check's results (``schemas/dataset.yaml``).

``validation_status``, ``validation_report`` (resources) and
``personal_data_flag`` (datasets) are written by the check's job only
(``store.py``). On every write through the actions the field keeps its
stored value; a caller who sends another one (a unit claiming ``passed``)
gets an error naming the field, and nothing is written.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from . import store


def _stored(key: FlattenKey, data: FlattenDataDict, context: Context) -> Any:
    name = key[-1]
    if len(key) == 3 and key[0] == "resources":  # a resource's field: by the resource's id
        return store.stored_resource_fields(data.get(("resources", key[1], "id"))).get(name)
    package = context.get("package")
    stored = store.stored_flag(package) if package is not None else None
    return stored or "none"


def laodata_check_result(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> Any:
    stored = _stored(key, data, context)
    sent = data.get(key)
    if sent not in (None, "", missing) and sent != stored:
        errors[key].append(
            tk._("This is the result of the data check; only the check sets it (it is '{}')").format(
                stored if isinstance(stored, str) else ("-" if stored is None else "…")
            )
        )
        return
    if stored is None:
        data.pop(key, None)
    else:
        data[key] = stored
