"""Data tables (issue 12): which files the DataStore loader copies, and its report.

ckanext-xloader loads each CSV/XLSX file on CKAN's job queue into the
DataStore (its own database); ``access/datastore.py`` guards the reads.
"""
