"""What may be uploaded as a resource (issue 13 item 8): the file types and the size.

Checked on ``resource_create``/``resource_update`` before anything is
written (``dataset_writes.py``), with an error on ``upload`` that names the
limit: the types are ``ckanext.laodata.quality.upload_formats`` (by the
file name's extension), the size is CKAN's ``ckan.max_resource_size`` (MB),
which CKAN itself only checks while storing the file, with a message that
does not say the limit.
"""

from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import DataDict

from .. import config


def _size(upload: Any) -> int | None:
    stream = getattr(upload, "stream", None)
    if stream is None or not hasattr(stream, "seek"):
        return None
    try:
        here = stream.tell()
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(here)
    except (OSError, ValueError):
        return None
    return int(size)


def check_upload(data_dict: DataDict) -> None:
    """Refuse an upload of a type that is not accepted or larger than allowed."""
    upload = data_dict.get("upload")
    name = getattr(upload, "filename", None)
    if upload in (None, "") or not isinstance(name, str) or not name:
        return
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    allowed = [t.lower().lstrip(".") for t in config.upload_formats()]
    if allowed and extension not in allowed:
        raise tk.ValidationError(
            {
                "upload": [
                    tk._("Files of type '{type}' are not accepted; the accepted types are: {types}").format(
                        type=extension or "-", types=", ".join(allowed)
                    )
                ]
            }
        )
    size = _size(upload)
    limit_mb = int(tk.config.get("ckan.max_resource_size") or 0)
    if size is not None and limit_mb and size > limit_mb * 1024 * 1024:
        raise tk.ValidationError(
            {
                "upload": [
                    tk._("The file is {size:.1f} MB; the largest file accepted is {limit} MB").format(
                        size=size / 1048576, limit=limit_mb
                    )
                ]
            }
        )
