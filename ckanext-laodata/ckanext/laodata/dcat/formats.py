"""A file's format as DCAT-AP wants it: an EU file-type IRI and an IANA media type.

CKAN stores a resource's format as free text ("CSV", "xlsx", ".json") and its
media type as a string ("text/csv"); DCAT-AP 3 wants ``dct:format`` to be an
IRI of the EU file-type authority and ``dcat:mediaType`` an IANA IRI. A format
not in this table gets no ``dct:format`` (a literal would break the shapes).
"""

from __future__ import annotations

import re

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/{}"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/{}"

# CKAN's format (upper case, no dot) -> (EU file-type code, IANA media type)
FORMATS: dict[str, tuple[str, str]] = {
    "CSV": ("CSV", "text/csv"),
    "TSV": ("TSV", "text/tab-separated-values"),
    "XLSX": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "XLS": ("XLS", "application/vnd.ms-excel"),
    "ODS": ("ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    "JSON": ("JSON", "application/json"),
    "GEOJSON": ("GEOJSON", "application/geo+json"),
    "XML": ("XML", "application/xml"),
    "PDF": ("PDF", "application/pdf"),
    "DOCX": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "DOC": ("DOC", "application/msword"),
    "ODT": ("ODT", "application/vnd.oasis.opendocument.text"),
    "TXT": ("TXT", "text/plain"),
    "HTML": ("HTML", "text/html"),
    "ZIP": ("ZIP", "application/zip"),
    "KML": ("KML", "application/vnd.google-earth.kml+xml"),
    "SHP": ("SHP", ""),
    "JPEG": ("JPEG", "image/jpeg"),
    "JPG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "RDF": ("RDF_XML", "application/rdf+xml"),
    "TTL": ("RDF_TURTLE", "text/turtle"),
    "JSON-LD": ("JSON_LD", "application/ld+json"),
}
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def _key(fmt: str | None) -> str:
    return (fmt or "").strip().lstrip(".").upper()


def file_type_uri(fmt: str | None) -> str | None:
    """The EU file-type IRI of a CKAN format, or None if the format is not known."""
    known = FORMATS.get(_key(fmt))
    return FILE_TYPE.format(known[0]) if known else None


def media_type_uri(mimetype: str | None, fmt: str | None = None) -> str | None:
    """The IANA IRI of a media type ("text/csv"), else of the format's usual one; None if neither."""
    value = (mimetype or "").strip().lower()
    if not _MEDIA_TYPE.match(value):
        value = FORMATS.get(_key(fmt), ("", ""))[1]
    return MEDIA_TYPE.format(value) if value else None
