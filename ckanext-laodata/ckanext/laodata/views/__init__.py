"""Blueprint index: laodata's pages."""

from __future__ import annotations

from ..catalog.views import catalog
from ..health.views import health
from ..quality.views import quality
from ..security.views import security
from ..workflow.views import workflow

__all__ = ["catalog", "health", "quality", "security", "workflow"]
