"""An RDF profile that states laodata's classes in DCAT-AP terms (DESIGN §4).

ckanext-dcat builds the graph of a dataset from its dict with the profiles
listed in ``ckanext.dcat.rdf.profiles``; this one runs after the EU DCAT-AP
profile and replaces what that profile could only guess:

- ``dct:accessRights`` from ``access_level`` (EU access-right authority:
  PUBLIC, RESTRICTED, NON_PUBLIC), so the access right always follows the
  classes that the publication gate checked;
- ``dct:accrualPeriodicity`` from ``update_frequency`` (EU frequency URIs);
- ``dcat:theme`` from ``sector`` (EU data themes);
- the Lao, Vietnamese and English titles and descriptions as language-tagged
  ``dct:title`` / ``dct:description``;
- ``dct:identifier`` of the catalog entry the dataset delivers, and the
  temporal coverage.

Only what the caller may read reaches a profile: ckanext-dcat reads datasets
through ``package_show`` and ``package_search``, which apply laodata's
permission labels.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from ckanext.dcat.profiles import RDFProfile

from .. import vocab

ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/{}"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/{}"
LANGUAGES = ("lo", "vi", "en")


def access_right_uri(access_level: str | None) -> str | None:
    term = vocab.vocabularies()["access_level"].get(str(access_level or ""))
    return ACCESS_RIGHT.format(term["dcat_access_right"]) if term else None


def frequency_uri(frequency: str | None) -> str | None:
    term = vocab.vocabularies()["update_frequency"].get(str(frequency or ""))
    return term.get("uri") if term else None


def theme_uri(sector: str | None) -> str | None:
    term = vocab.vocabularies()["sector"].get(str(sector or ""))
    return DATA_THEME.format(term["theme"]) if term and term.get("theme") else None


class LaodataDCATProfile(RDFProfile):
    """Registered as the ``laodata`` profile (``ckan.rdf.profiles`` entry point)."""

    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        self._replace(dataset_ref, DCTERMS.accessRights, access_right_uri(dataset_dict.get("access_level")))
        self._replace(
            dataset_ref, DCTERMS.accrualPeriodicity, frequency_uri(dataset_dict.get("update_frequency"))
        )
        theme = theme_uri(dataset_dict.get("sector"))
        if theme:
            g.add((dataset_ref, DCAT.theme, URIRef(theme)))

        for lang in LANGUAGES:
            for key, predicate in (("title", DCTERMS.title), ("notes", DCTERMS.description)):
                text = dataset_dict.get(f"{key}_{lang}")
                if text:
                    g.add((dataset_ref, predicate, Literal(text, lang=lang)))

        code = dataset_dict.get("catalog_code")
        if code:
            g.add((dataset_ref, DCTERMS.identifier, Literal(code)))

        start, end = dataset_dict.get("temporal_start"), dataset_dict.get("temporal_end")
        if (start or end) and not list(g.objects(dataset_ref, DCTERMS.temporal)):
            period = BNode()
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            if start:
                g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
            if end:
                g.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
            g.add((dataset_ref, DCTERMS.temporal, period))

    def _replace(self, subject: Any, predicate: Any, uri: str | None) -> None:
        if not uri:
            return
        self.g.remove((subject, predicate, None))
        self.g.add((subject, predicate, URIRef(uri)))
