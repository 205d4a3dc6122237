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
  (the coordinating office) and its languages as IRIs;
- the classes DCAT-AP has no term for (``security_level``, ``importance``,
  ``personal_data``, ``state_secret``) and the ``sector`` key, as literals
  of laodata's own terms (``CLASS_TERMS``, namespace ``urn:laodata:``): two
  sectors may share one EU theme, so the theme alone cannot name the sector.

``parse_dataset`` reads back what ``graph_from_dataset`` writes, so that a
national portal harvesting a province's feed (ckanext-dcat's RDF harvester,
``dcat/harvest.py``) keeps the classes, frequency, sector, titles and
descriptions per language, coverage and the publishing unit (kept as
``publisher_name``/``publisher_uri``; ``dcat/harvest.py`` decides which local
unit the dataset lands in), with the unit's name (``laodata:unit``) as
``publisher_unit``. The province's catalog code is kept as the
``identifier`` extra, not as ``catalog_code``: the harvesting portal has no
such catalog entry.

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
LAODATA = Namespace("urn:laodata:")
# laodata's own terms for the dataset fields DCAT-AP has no property for
CLASS_TERMS = {
    "sector": LAODATA.sector,
    "security_level": LAODATA.securityLevel,
    "importance": LAODATA.importance,
    "personal_data": LAODATA.personalData,
    "state_secret": LAODATA.stateSecret,
}
# the name (URL slug) of the dataset's unit; the publisher IRI names it by id, which no other portal knows
UNIT_TERM = LAODATA.unit
UNIT_EXTRA = "publisher_unit"
# what the EU profile's parser puts in extras that the dataset schema has as fields
SCHEMA_EXTRAS = ("temporal_start", "temporal_end")


def access_right_uri(access_level: str | None) -> str | None:
    term = vocab.vocabularies()["access_level"].get(str(access_level or ""))
    return ACCESS_RIGHT.format(term["dcat_access_right"]) if term else None


def frequency_uri(frequency: str | None) -> str | None:
    term = vocab.vocabularies()["update_frequency"].get(str(frequency or ""))
    return term.get("uri") if term else None


def theme_uri(sector: str | None) -> str | None:
    term = vocab.vocabularies()["sector"].get(str(sector or ""))
    return DATA_THEME.format(term["theme"]) if term and term.get("theme") else None


def _key_of(vocabulary: str, uri: str | None, write: Any) -> str | None:
    """The one key of ``vocabulary`` whose IRI (``write(key)``) is ``uri``; None when none or several."""
    if not uri:
        return None
    found = [key for key in vocab.vocabularies()[vocabulary] if write(key) == uri]
    return found[0] if len(found) == 1 else None


def access_level_of(uri: str | None) -> str | None:
    return _key_of("access_level", uri, access_right_uri)


def frequency_of(uri: str | None) -> str | None:
    return _key_of("update_frequency", uri, frequency_uri)


def sector_of(uri: str | None) -> str | None:
    return _key_of("sector", uri, theme_uri)


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

        self._laodata_terms(dataset_dict, dataset_ref)

    def _laodata_terms(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        for field, term in CLASS_TERMS.items():
            value = dataset_dict.get(field)
            if value not in (None, ""):
                self.g.add((dataset_ref, term, Literal(str(value))))
        unit = (dataset_dict.get("organization") or {}).get("name")
        if unit:
            self.g.add((dataset_ref, UNIT_TERM, Literal(unit)))

    def parse_dataset(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> dict[str, Any]:
        """Read back what ``graph_from_dataset`` wrote; runs after the EU profile's parser."""
        g = self.g
        extras = dataset_dict.setdefault("extras", [])
        for item in list(extras):
            if item.get("key") in SCHEMA_EXTRAS:  # schema fields: scheming refuses them as extras
                extras.remove(item)
                dataset_dict[item["key"]] = item["value"]

        def first(predicate: Any) -> str | None:
            value = next(iter(g.objects(dataset_ref, predicate)), None)
            return str(value) if value is not None else None

        access = access_level_of(first(DCTERMS.accessRights))
        if access:
            dataset_dict["access_level"] = access
        frequency = frequency_of(first(DCTERMS.accrualPeriodicity))
        if frequency:
            dataset_dict["update_frequency"] = frequency
        themes = [sector_of(str(t)) for t in g.objects(dataset_ref, DCAT.theme)]
        known = [t for t in themes if t]
        if len(known) == 1:
            dataset_dict["sector"] = known[0]
        for field, term in CLASS_TERMS.items():
            value = first(term)
            if value is not None and value in vocab.vocabularies()[field]:
                dataset_dict[field] = value

        unit = first(UNIT_TERM)
        if unit:
            extras.append({"key": UNIT_EXTRA, "value": unit})

        self._parse_texts(dataset_dict, dataset_ref)

        for location in g.objects(dataset_ref, DCTERMS.spatial):
            name = next(iter(g.objects(location, LOCN.geographicName)), None)
            if name is not None:
                dataset_dict["spatial_coverage"] = str(name)
                break
        return dataset_dict

    def _parse_texts(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """Titles and descriptions: the language-tagged ones per language, the untagged one as the
        dataset's own (the EU parser may have picked a tagged one)."""
        for predicate, key in ((DCTERMS.title, "title"), (DCTERMS.description, "notes")):
            for literal in self.g.objects(dataset_ref, predicate):
                lang = getattr(literal, "language", None)
                if lang in LANGUAGES:
                    dataset_dict[f"{key}_{lang}"] = str(literal)
            plain = [o for o in self.g.objects(dataset_ref, predicate) if not getattr(o, "language", None)]
            if plain:
                dataset_dict[key] = str(plain[0])

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
