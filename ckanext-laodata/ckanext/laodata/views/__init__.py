"""Blueprint index: laodata's pages."""

from __future__ import annotations

from ..api.views import api_docs
from ..catalog.views import catalog
from ..health.views import health
from ..ops.views import ops
from ..quality.views import quality
from ..security.views import security
from ..workflow.views import workflow

__all__ = ["api_docs", "catalog", "health", "ops", "quality", "security", "workflow"]
