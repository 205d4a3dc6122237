"""Validator index: the validators the scheming schemas in ``schemas/`` name."""

from __future__ import annotations

from ..access.validators import laodata_boolean_text, laodata_dataset_rules
from ..catalog.schema import laodata_catalog_code
from ..catalog.units import laodata_phone, laodata_unit_code
from ..quality.validators import laodata_check_result
from ..same_site import laodata_same_site_image
from ..validation import max_length as laodata_max_length
from ..validation import no_nul as laodata_no_nul
from ..workflow.validators import laodata_workflow_status

__all__ = [
    "laodata_boolean_text",
    "laodata_catalog_code",
    "laodata_check_result",
    "laodata_dataset_rules",
    "laodata_max_length",
    "laodata_no_nul",
    "laodata_phone",
    "laodata_same_site_image",
    "laodata_unit_code",
    "laodata_workflow_status",
]
