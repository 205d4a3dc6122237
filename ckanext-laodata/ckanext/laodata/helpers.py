"""Template helpers index (``h.laodata_*``)."""
from __future__ import annotations

__all__: list[str] = []
