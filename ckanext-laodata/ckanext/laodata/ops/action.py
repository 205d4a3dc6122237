"""The stored files that failed their last check (``files.py``), for sysadmins."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from . import files


@tk.side_effect_free
def laodata_file_problems(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The uploaded files whose last check (the daily job, ``ckan laodata files verify``
    or a restore) found them changed since their upload or missing from the storage.

    :returns: ``{count, results: [{resource_id, resource_name, package_id,
        package_name, state, sha256, size, verified, path}]}``; ``state`` is
        ``changed`` or ``missing``, ``sha256`` and ``size`` are the upload's.
    """
    tk.check_access("laodata_file_problems", context, data_dict)
    found = files.problems()
    return {"count": len(found), "results": found}
