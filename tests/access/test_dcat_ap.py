"""The DCAT-AP 3 export is complete and valid: each property the issue asks
for is in the graph, and the catalog passes the DCAT-AP 3.0.1 SHACL shapes
(tests/fixtures/dcat-ap-3.0.1) with no violation. Dataset pages carry the
dataset as schema.org JSON-LD."""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from ckan.tests import factories

from tests.factories import add_file
from tests.published import dataset_in, draft, move_to, published_dataset

REVIEWERS = "data-office"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = rdflib.Namespace("http://www.w3.org/ns/locn#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES = pathlib.Path(__file__).parent.parent / "fixtures" / "dcat-ap-3.0.1"
CC_BY = "http://www.opendefinition.org/licenses/cc-by"

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


@pytest.fixture
def catalog(clean_db: Any) -> dict[str, Any]:
    unit = factories.Organization(
        name="dept-health", contact_name="Health office", contact_email="health@example.org"
    )
    factories.Organization(name=REVIEWERS, title="Provincial data office")
    clinics = published_dataset(
        owner_org=unit["id"],
        name="clinics",
        title="Clinics",
        sector="health",
        update_frequency="monthly",
        license_id="cc-by",
        maintainer="Dr Somphone",
        maintainer_email="somphone@example.org",
        temporal_start="2024-01-01",
        temporal_end="2024-12-31",
        spatial_coverage="Whole province",
        resources=[
            {"url": "http://example.org/clinics.csv", "format": "CSV", "name": "clinics.csv"},
            {"url": "http://example.org/clinics.xlsx", "format": "xlsx", "name": "clinics.xlsx"},
            {"url": "http://example.org/clinics.json", "format": ".JSON", "name": "clinics.json"},
            {"url": "http://example.org/clinics.foo", "format": "FOO<script>", "name": "odd"},
        ],
    )
    schools = published_dataset(
        owner_org=unit["id"],
        name="schools",
        title="Schools",
        sector="education",
        update_frequency="annual",
        license_id="cc-by",
        resources=[{"url": "http://example.org/schools.pdf", "format": "PDF", "name": "schools.pdf"}],
    )
    hidden = dataset_in("draft", owner_org=unit["id"], name="hidden", title="CANARY-ap-hidden")
    return {"clinics": clinics, "schools": schools, "hidden": hidden, "unit": unit}


def _graph(app: Any, path: str = "/catalog.ttl") -> rdflib.Graph:
    return rdflib.Graph().parse(data=app.get(path, status=200).body, format="turtle")


def _ref(graph: rdflib.Graph, dataset: dict[str, Any]) -> Any:
    refs = [s for s in graph.subjects(RDF.type, DCAT.Dataset) if str(s).endswith("/" + dataset["id"])]
    assert len(refs) == 1
    return refs[0]


def _distribution(graph: rdflib.Graph, ref: Any, name: str) -> Any:
    found = [d for d in graph.objects(ref, DCAT.distribution) if str(graph.value(d, DCTERMS.title)) == name]
    assert len(found) == 1, name
    return found[0]


def _violations(data: rdflib.Graph) -> list[str]:
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "range.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, inference="none")
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) == SH.Violation:
            out.append(
                f"{report.value(result, SH.focusNode)} {report.value(result, SH.resultPath)}: "
                f"{report.value(result, SH.resultMessage)}"
            )
    return out


def test_the_catalog_passes_the_dcat_ap_3_shapes(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 2
    assert _violations(graph) == []


def test_the_shapes_check_can_fail(catalog: dict[str, Any], app: Any) -> None:
    """The same check finds the literal format ckanext-dcat writes without the laodata profile."""
    graph = _graph(app)
    dist = next(iter(graph.objects(_ref(graph, catalog["clinics"]), DCAT.distribution)))
    graph.add((dist, DCTERMS["format"], rdflib.Literal("CSV")))
    assert any("format" in v for v in _violations(graph))


def test_concepts_are_typed_and_labelled(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    ref = _ref(graph, catalog["clinics"])
    theme = rdflib.URIRef(EU + "data-theme/HEAL")
    assert (theme, RDF.type, SKOS.Concept) in graph
    labels = {(str(t), t.language) for t in graph.objects(theme, SKOS.prefLabel)}
    assert {("Health", "en"), ("ສາທາລະນະສຸກ", "lo"), ("Y tế", "vi")} <= labels
    rights = graph.value(ref, DCTERMS.accessRights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in graph
    frequency = graph.value(ref, DCTERMS.accrualPeriodicity)
    assert (frequency, RDF.type, DCTERMS.Frequency) in graph


def test_distributions_carry_format_media_type_and_licence(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    ref = _ref(graph, catalog["clinics"])
    for name, file_type, media in (
        ("clinics.csv", "CSV", "text/csv"),
        ("clinics.xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("clinics.json", "JSON", "application/json"),
    ):
        dist = _distribution(graph, ref, name)
        assert set(graph.objects(dist, DCTERMS["format"])) == {rdflib.URIRef(EU + "file-type/" + file_type)}
        assert set(graph.objects(dist, DCAT.mediaType)) == {rdflib.URIRef(IANA + media)}
        assert set(graph.objects(dist, DCTERMS.license)) == {rdflib.URIRef(CC_BY)}
        assert (rdflib.URIRef(CC_BY), RDF.type, DCTERMS.LicenseDocument) in graph
    odd = _distribution(graph, ref, "odd")
    assert list(graph.objects(odd, DCTERMS["format"])) == []  # an unknown format: no literal, no IRI
    assert "<script>" not in graph.serialize(format="turtle")


def test_an_uploaded_file_has_a_download_url(catalog: dict[str, Any], app: Any) -> None:
    uploaded = draft("published", owner_org=catalog["unit"]["id"], name="uploaded", license_id="cc-by")
    resource = add_file(uploaded["id"], filename="schools.csv", name="schools-upload", format="CSV")
    move_to(uploaded["id"], "published")
    graph = _graph(app)
    dist = _distribution(graph, _ref(graph, uploaded), "schools-upload")
    urls = [str(u) for u in graph.objects(dist, DCAT.downloadURL)]
    assert len(urls) == 1 and urls[0].endswith("/download/schools.csv") and resource["id"] in urls[0]
    assert _violations(graph) == []


def test_the_contact_point_is_the_maintainer_else_the_unit(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    for key, name, email in (
        ("clinics", "Dr Somphone", "somphone@example.org"),
        ("schools", "Health office", "health@example.org"),
    ):
        points = list(graph.objects(_ref(graph, catalog[key]), DCAT.contactPoint))
        assert len(points) == 1
        assert (points[0], RDF.type, VCARD.Organization) in graph
        assert str(graph.value(points[0], VCARD.fn)) == name
        assert graph.value(points[0], VCARD.hasEmail) == rdflib.URIRef("mailto:" + email)


def test_temporal_and_spatial_coverage(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    ref = _ref(graph, catalog["clinics"])
    period = graph.value(ref, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2024-01-01"
    assert str(graph.value(period, DCAT.endDate)) == "2024-12-31"
    place = graph.value(ref, DCTERMS.spatial)
    assert (place, RDF.type, DCTERMS.Location) in graph
    assert str(graph.value(place, LOCN.geographicName)) == "Whole province"
    assert graph.value(_ref(graph, catalog["schools"]), DCTERMS.spatial) is None


def test_the_catalog_names_its_publisher_languages_and_description(catalog: dict[str, Any], app: Any) -> None:
    graph = _graph(app)
    (cat,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(cat, DCTERMS.description) is not None
    publisher = graph.value(cat, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert str(graph.value(publisher, FOAF.name)) == "Provincial data office"
    assert set(graph.objects(cat, DCTERMS.language)) == {
        rdflib.URIRef(EU + "language/" + code) for code in ("LAO", "VIE", "ENG")
    }
    assert "CANARY" not in graph.serialize(format="turtle")


def _json_ld(body: str) -> list[dict[str, Any]]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return [json.loads(b) for b in blocks]


@pytest.mark.parametrize("signed_in", [False, True], ids=["lean-public-page", "signed-in-page"])
def test_a_dataset_page_carries_schema_org_json_ld(
    catalog: dict[str, Any], app: Any, signed_in: bool
) -> None:
    """On the visitor's lean page (portal/scripts.py: only laodata's public script) and on a signed-in page."""
    headers = (
        {"Authorization": factories.APIToken(user=factories.User()["name"])["token"]} if signed_in else {}
    )
    body = app.get(f"/dataset/{catalog['clinics']['name']}", headers=headers, status=200).body
    assert ("_laodata-public.js" in body) is not signed_in
    (data,) = _json_ld(body)
    nodes = data.get("@graph", [data])
    (dataset,) = [n for n in nodes if n.get("@type") in ("schema:Dataset", "Dataset")]
    assert "Clinics" in json.dumps(dataset, ensure_ascii=False)
    assert "clinics.csv" in json.dumps(data)
    assert any(n.get("@type") in ("schema:DataDownload", "DataDownload") for n in nodes)


def test_a_hidden_dataset_page_gives_no_json_ld(catalog: dict[str, Any], app: Any) -> None:
    response = app.get(f"/dataset/{catalog['hidden']['name']}", status=404)
    assert "application/ld+json" not in response.body
    assert "CANARY" not in response.body


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_the_demo_province_catalog_passes_the_shapes(app: Any) -> None:
    """Every page of the loaded reference province's catalog (DESIGN §8), checked as one graph."""
    from ckanext.laodata.demo import load

    load.load()
    graph, page, datasets = rdflib.Graph(), 1, 0
    while True:
        body = app.get(f"/catalog.ttl?page={page}", status=200).body
        part = rdflib.Graph().parse(data=body, format="turtle")
        found = len(list(part.subjects(RDF.type, DCAT.Dataset)))
        if not found:
            break
        datasets += found
        graph += part
        page += 1
    assert datasets > 100
    assert _violations(graph) == []


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_a_hostile_title_cannot_close_the_json_ld_script(app: Any) -> None:
    """The JSON-LD sits inside <script>: a title with "</script>" must not end it
    (ckanext-dcat writes it with JSONEncoderForHTML; this guards that choice)."""
    hostile = '</script><script>alert("x")</script> & <!--'
    unit = factories.Organization()
    dataset = published_dataset(
        owner_org=unit["id"],
        name="hostile",
        title=hostile,
        notes=hostile,
        resources=[{"url": "http://example.org/a.csv", "format": "CSV", "name": hostile}],
    )
    body = app.get(f"/dataset/{dataset['name']}", status=200).body
    assert '<script>alert("x")' not in body
    (data,) = _json_ld(body)
    assert json.dumps(hostile)[1:-1] in json.dumps(data)  # the title comes back whole
