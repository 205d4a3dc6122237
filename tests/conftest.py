"""Shared fixtures: real CKAN, real PostgreSQL (index included), real Redis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

# Importing the plugin module installs the search seam before CKAN's pytest
# plugin loads the test configuration (see ../shared/notes/search-seam.md).
import ckanext.laodata.plugin  # noqa: F401


@pytest.fixture(autouse=True, scope="session")
def strong_factory_passwords() -> None:
    """CKAN's user factories make passwords the portal's policy accepts."""
    from tests.factories import use_same_site_pictures, use_strong_passwords

    use_strong_passwords()
    use_same_site_pictures()


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None], clean_index: Any) -> None:
    """A fresh database with plugin migrations, and an empty search index
    (CKAN's reset_db leaves the index alone)."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("laodata")
