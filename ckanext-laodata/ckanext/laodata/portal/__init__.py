"""The public portal: what a citizen sees (home page, site texts, content in
the reader's language by ``language.py``'s rule, the catalog's search facets). Above ``catalog/`` in the
import order: it reads labels, vocabularies and the freshness rule, and no rule
module imports it."""
