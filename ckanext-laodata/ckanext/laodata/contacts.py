"""Whom to ask about a dataset: its contact person, else its unit's contact.

One home for the rule, read by the dataset page (``h.laodata_dataset_contact``)
and by the DCAT profile (``dcat:contactPoint``).
"""

from __future__ import annotations

from typing import Any

import ckan.model as model


def dataset_contact(pkg: dict[str, Any]) -> dict[str, str]:
    """``{name, email, phone}``: the dataset's maintainer if it names one, else its unit's contact."""
    name = (pkg.get("maintainer") or "").strip()
    email = (pkg.get("maintainer_email") or "").strip()
    if name or email:
        return {"name": name, "email": email, "phone": ""}
    unit = model.Group.get((pkg.get("organization") or {}).get("id") or pkg.get("owner_org") or "")
    extras: dict[str, Any] = getattr(unit, "extras", None) or {}  # the unit's schema fields
    return {
        "name": extras.get("contact_name", ""),
        "email": extras.get("contact_email", ""),
        "phone": extras.get("contact_phone", ""),
    }
