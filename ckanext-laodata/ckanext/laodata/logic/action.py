"""Action index: every action laodata registers or chains (API reference)."""
from __future__ import annotations

from ..access.action import group_list, organization_list

__all__ = ["group_list", "organization_list"]
