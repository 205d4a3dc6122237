"""Fixtures of the account-security tests: an audit log of their own, and
Redis's log-in counters cleared between tests."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

import ckan.plugins.toolkit as tk

from ckanext.laodata import config
from ckanext.laodata.security import audit

STRONG = "Str0ng-enough-pass"


@pytest.fixture
def audit_dir(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    folder = tmp_path / "audit"
    monkeypatch.setitem(tk.config, config.AUDIT_DIRECTORY, str(folder))
    return folder


@pytest.fixture
def events(audit_dir: pathlib.Path) -> Any:
    """The audit log's events so far, oldest first (a function)."""

    def read(event: str | None = None) -> list[dict[str, Any]]:
        return list(reversed(audit.read(event=event)))

    return read
