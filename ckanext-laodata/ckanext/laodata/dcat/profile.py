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
- ``dct:identifier`` of the catalog entry the dataset delivers, the
  temporal and spatial coverage;
- the contact point (contacts.py: the maintainer, else the unit's contact);
- per distribution: ``dct:format`` and ``dcat:mediaType`` as IRIs
  (formats.py), the dataset's licence, and ``dcat:downloadURL`` of an
  uploaded file;
- for the catalog: its titles and descriptions per language, its publisher
  (the coordinating office) and its languages as IRIs.

Every IRI it writes is typed with the class DCAT-AP 3's SHACL shapes expect
(tests/fixtures/dcat-ap-3.0.1), and concepts carry their Lao, Vietnamese and
English labels.

Only what the caller may read reaches a profile: ckanext-dcat reads datasets
through ``package_show`` and ``package_search``, which apply laodata's
permission labels.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

import ckan.model as model
from ckanext.dcat.profiles import RDFProfile
from ckanext.dcat.utils import resource_uri

from .. import config, contacts, vocab
from . import formats

ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/{}"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/{}"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/{}"
LANGUAGES = ("lo", "vi", "en")
LANGUAGE_CODES = {"lo": "LAO", "vi": "VIE", "en": "ENG"}  # the EU language authority's codes
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")


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
        access = dataset_dict.get("access_level")
        self._replace(dataset_ref, DCTERMS.accessRights, access_right_uri(access))
        self._type(DCTERMS.accessRights, dataset_ref, DCTERMS.RightsStatement, "access_level", access)
        frequency = dataset_dict.get("update_frequency")
        self._replace(dataset_ref, DCTERMS.accrualPeriodicity, frequency_uri(frequency))
        self._type(DCTERMS.accrualPeriodicity, dataset_ref, DCTERMS.Frequency, "update_frequency", frequency)
        sector = dataset_dict.get("sector")
        theme = theme_uri(sector)
        if theme:
            g.add((dataset_ref, DCAT.theme, URIRef(theme)))
            g.add((URIRef(theme), RDF.type, SKOS.Concept))
            self._labels(URIRef(theme), "sector", sector)
        # any theme the EU profile wrote from elsewhere is a concept too
        for concept in g.objects(dataset_ref, DCAT.theme):
            g.add((concept, RDF.type, SKOS.Concept))
            if not list(g.objects(concept, SKOS.prefLabel)):
                g.add((concept, SKOS.prefLabel, Literal(str(concept).rsplit("/", 1)[-1])))

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

        place = (dataset_dict.get("spatial_coverage") or "").strip()
        if place:
            location = BNode()
            g.add((location, RDF.type, DCTERMS.Location))
            g.add((location, LOCN.geographicName, Literal(place)))
            g.add((dataset_ref, DCTERMS.spatial, location))

        self._contact_point(dataset_dict, dataset_ref)
        for resource in dataset_dict.get("resources") or []:
            self._distribution(dataset_dict, resource)

    def graph_from_catalog(self, catalog_dict: dict[str, Any] | None, catalog_ref: Any) -> None:
        g = self.g
        plain = config.ckan_site_text("site_title") or "laodata"
        for text, predicate in (("site_title", DCTERMS.title), ("intro_text", DCTERMS.description)):
            for lang in LANGUAGES:
                value = config.site_text(text, lang)
                if value:
                    g.add((catalog_ref, predicate, Literal(value, lang=lang)))
        if not list(g.objects(catalog_ref, DCTERMS.description)):
            about = config.ckan_site_text("intro_text") or config.ckan_site_text("about")
            g.add(
                (catalog_ref, DCTERMS.description, Literal(about or f"{plain}: open data catalog", lang="en"))
            )

        g.remove((catalog_ref, DCTERMS.language, None))
        for lang in LANGUAGES:
            language = URIRef(LANGUAGE.format(LANGUAGE_CODES[lang]))
            g.add((catalog_ref, DCTERMS.language, language))
            g.add((language, RDF.type, DCTERMS.LinguisticSystem))
        for homepage in g.objects(catalog_ref, FOAF.homepage):
            g.add((homepage, RDF.type, FOAF.Document))

        if not list(g.objects(catalog_ref, DCTERMS.publisher)):
            office = model.Group.get(config.reviewers_organization() or "")
            # an IRI, not a blank node: every page of the catalog names the same publisher
            publisher = URIRef(f"{catalog_ref}#publisher")
            g.add((publisher, RDF.type, FOAF.Agent))
            g.add((publisher, FOAF.name, Literal((office.title if office else "") or plain)))
            g.add((catalog_ref, DCTERMS.publisher, publisher))

    def _contact_point(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        g = self.g
        contact = contacts.dataset_contact(dataset_dict)
        if not (contact["name"] or contact["email"]):
            return
        for old in list(g.objects(dataset_ref, DCAT.contactPoint)):
            g.remove((old, None, None))
        g.remove((dataset_ref, DCAT.contactPoint, None))
        point = BNode()
        g.add((point, RDF.type, VCARD.Organization))
        g.add((point, RDF.type, VCARD.Kind))  # stated: the shapes are checked without inference
        g.add((point, VCARD.fn, Literal(contact["name"] or contact["email"])))
        if contact["email"]:
            g.add((point, VCARD.hasEmail, URIRef("mailto:" + quote(contact["email"], safe="@+."))))
        g.add((dataset_ref, DCAT.contactPoint, point))

    def _distribution(self, dataset_dict: dict[str, Any], resource: dict[str, Any]) -> None:
        g = self.g
        distribution = URIRef(resource_uri(resource))
        g.remove((distribution, DCTERMS["format"], None))
        file_type = formats.file_type_uri(resource.get("format"))
        if file_type:
            g.add((distribution, DCTERMS["format"], URIRef(file_type)))
            g.add((URIRef(file_type), RDF.type, DCTERMS.MediaTypeOrExtent))
        g.remove((distribution, DCAT.mediaType, None))
        media_type = formats.media_type_uri(resource.get("mimetype"), resource.get("format"))
        if media_type:
            g.add((distribution, DCAT.mediaType, URIRef(media_type)))
            g.add((URIRef(media_type), RDF.type, DCTERMS.MediaType))

        licence = dataset_dict.get("license_url")
        if licence and str(licence).startswith(("http://", "https://")):
            g.remove((distribution, DCTERMS.license, None))
            g.add((distribution, DCTERMS.license, URIRef(licence)))
            g.add((URIRef(licence), RDF.type, DCTERMS.LicenseDocument))

        url = resource.get("url") or ""
        if resource.get("url_type") == "upload" and url.startswith(("http://", "https://")):
            g.add((distribution, DCAT.downloadURL, URIRef(url)))

    def _type(self, predicate: Any, subject: Any, cls: Any, vocabulary: str, key: Any) -> None:
        """Type each object of ``predicate`` as ``cls``, labelled from ``vocabulary`` if it names ``key``."""
        for obj in self.g.objects(subject, predicate):
            if isinstance(obj, URIRef):
                self.g.add((obj, RDF.type, cls))
                if key is not None and vocab.vocabularies().get(vocabulary, {}).get(str(key)):
                    self._labels(obj, vocabulary, key)

    def _labels(self, concept: Any, vocabulary: str, key: Any) -> None:
        for lang in LANGUAGES:
            self.g.add((concept, SKOS.prefLabel, Literal(vocab.label(vocabulary, str(key), lang), lang=lang)))

    def _replace(self, subject: Any, predicate: Any, uri: str | None) -> None:
        if not uri:
            return
        self.g.remove((subject, predicate, None))
        self.g.add((subject, predicate, URIRef(uri)))
