"""Embedded PostgreSQL search backend behind CKAN's search seam (DESIGN §7)."""
