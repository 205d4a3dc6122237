"""Which files are copied into the DataStore (ckanext-xloader's ``IXloader.can_upload``).

Every CSV or XLSX file (``ckanext.xloader.formats``) of a dataset is loaded,
whatever the dataset's review status, so the unit and the reviewers preview
the table before publication; who may read a table is decided by the
dataset's read policy (``access/datastore.py``), not by whether it is
loaded. One exception: a dataset in which the upload check found personal
data (``personal_data_flag = found``) is not copied into a second database
until a reviewer clears it (a table loaded before the finding stays, readable
only by those who may read the withdrawn dataset).
"""

from __future__ import annotations

import ckan.model as model

from ..quality import store


def can_load(resource_id: str) -> bool:
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state != "active":
        return False
    package = model.Package.get(resource.package_id)
    if package is None or package.state == "deleted":
        return False
    return store.stored_flag(package) != "found"
