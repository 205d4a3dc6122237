"""Data quality: templates, upload validation and the personal-data check (issue 13)."""
