"""DCAT-AP export of laodata's fields (ckanext-dcat RDF profile)."""
