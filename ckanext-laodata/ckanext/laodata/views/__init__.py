"""Blueprint index: laodata's pages."""

from __future__ import annotations

from ..catalog.views import catalog
from ..health.views import health
from ..workflow.views import workflow

__all__ = ["catalog", "health", "workflow"]
