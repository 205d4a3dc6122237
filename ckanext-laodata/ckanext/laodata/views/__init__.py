"""Blueprint index: laodata's pages."""

from __future__ import annotations

from ..catalog.views import catalog
from ..quality.views import quality
from ..workflow.views import workflow

__all__ = ["catalog", "quality", "workflow"]
