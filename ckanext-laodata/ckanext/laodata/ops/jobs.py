"""The scheduled check of every stored file (``files.verify``) as a job on CKAN's queue."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from . import files


def verify_files() -> int:
    """The job: check every upload against its SHA-256; the number of problems (each logged)."""
    return len(files.verify()["problems"])


def enqueue_verify_files() -> Any:
    return tk.enqueue_job(verify_files, title="laodata: verify stored files", rq_kwargs={"timeout": 6 * 3600})
