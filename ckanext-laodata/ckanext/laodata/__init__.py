"""laodata: provincial data catalog and open data portal (a CKAN extension)."""
