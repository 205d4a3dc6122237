"""Blueprint index: laodata's pages."""
from __future__ import annotations

from ..catalog.views import catalog

__all__ = ["catalog"]
