"""Blueprint index: laodata's pages."""

from __future__ import annotations

from ..catalog.views import catalog
from ..health.views import health
from ..ops.views import ops
from ..quality.views import quality
from ..workflow.views import workflow

__all__ = ["catalog", "health", "ops", "quality", "workflow"]
