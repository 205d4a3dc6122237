"""Pages of the target catalog (``/catalog``)."""
from __future__ import annotations

from flask import Blueprint

catalog = Blueprint("laodata", __name__)
