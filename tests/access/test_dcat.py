"""DCAT-AP export (ckanext-dcat with the laodata profile): published datasets
carry their classes as DCAT terms; nothing else reaches someone without the right."""

from __future__ import annotations

from typing import Any

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS

from ckan.tests import factories

from tests.published import PUBLISHABLE, dataset_in, published_dataset

REVIEWERS = "data-office"
EU = "http://publications.europa.eu/resource/authority/"

pytestmark = [
    pytest.mark.usefixtures("with_plugins"),
    pytest.mark.ckan_config("ckanext.laodata.workflow.reviewers_organization", REVIEWERS),
]


@pytest.fixture
def catalog(clean_db: Any) -> dict[str, Any]:
    reviewer = factories.User()
    unit = factories.Organization(name="dept-health")
    factories.Organization(name=REVIEWERS, users=[{"name": reviewer["name"], "capacity": "member"}])
    public = published_dataset(
        owner_org=unit["id"],
        name="clinics",
        title="Clinics",
        title_lo="ຄລີນິກ",
        title_vi="Phòng khám",
        notes_vi="Danh sách phòng khám",
        sector="health",
        update_frequency="monthly",
        temporal_start="2024-01-01",
        temporal_end="2024-12-31",
        resources=[{"url": "http://example.org/clinics.csv", "format": "CSV", "name": "clinics.csv"}],
    )
    hidden = dataset_in(
        "approved",
        owner_org=unit["id"],
        name="patients",
        title="CANARY-dcat-9q patients",
        access_level="private",
        security_level="3",
        sector="health",
        update_frequency="daily",
        resources=[{"url": "http://example.org/CANARY-dcat-9q.csv", "name": "CANARY-dcat-9q"}],
    )
    draft = dataset_in(
        "draft", owner_org=unit["id"], name="draft-open", title="CANARY-dcat-draft", **PUBLISHABLE
    )
    token = factories.APIToken(user=reviewer["name"])["token"]
    return {"public": public, "hidden": hidden, "draft": draft, "reviewer": token}


def _graph(body: str, fmt: str = "turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=fmt)


def _dataset_ref(graph: rdflib.Graph, name: str) -> Any:
    refs = [s for s in graph.subjects(rdflib.RDF.type, DCAT.Dataset) if str(s).endswith("/" + name)]
    assert len(refs) == 1, f"one dataset node for {name}, got {refs}"
    return refs[0]


def test_the_catalog_lists_published_datasets_with_their_classes(catalog: dict[str, Any], app: Any) -> None:
    body = app.get("/catalog.ttl", status=200).body
    graph = _graph(body)
    ref = _dataset_ref(graph, catalog["public"]["id"])
    assert set(graph.objects(ref, DCTERMS.accessRights)) == {rdflib.URIRef(EU + "access-right/PUBLIC")}
    assert set(graph.objects(ref, DCTERMS.accrualPeriodicity)) == {rdflib.URIRef(EU + "frequency/MONTHLY")}
    assert rdflib.URIRef(EU + "data-theme/HEAL") in set(graph.objects(ref, DCAT.theme))
    titles = {(str(t), t.language) for t in graph.objects(ref, DCTERMS.title)}
    assert {("ຄລີນິກ", "lo"), ("Phòng khám", "vi"), ("Clinics", None)} <= titles
    assert ("Danh sách phòng khám", "vi") in {
        (str(t), t.language) for t in graph.objects(ref, DCTERMS.description)
    }
    assert len(list(graph.objects(ref, DCAT.distribution))) == 1
    assert "CANARY" not in body
    assert "patients" not in body and "draft-open" not in body


@pytest.mark.parametrize("fmt,parser", [("jsonld", "json-ld"), ("rdf", "xml"), ("xml", "xml")])
def test_every_serialisation_of_the_catalog_is_filtered(
    catalog: dict[str, Any], app: Any, fmt: str, parser: str
) -> None:
    body = app.get(f"/catalog.{fmt}", status=200).body
    assert "CANARY" not in body
    _dataset_ref(_graph(body, parser), catalog["public"]["id"])


def test_the_catalog_ignores_include_private_even_for_a_reviewer(catalog: dict[str, Any], app: Any) -> None:
    """The feed is the public catalog: a reviewer's token does not put drafts into it."""
    body = app.get("/catalog.ttl", headers={"Authorization": catalog["reviewer"]}, status=200).body
    assert "CANARY" not in body
    body = app.get("/catalog.ttl?q=CANARY*", status=200).body
    assert "CANARY" not in body


@pytest.mark.parametrize("key", ["hidden", "draft"])
@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "rdf"])
def test_a_non_public_dataset_is_not_found(catalog: dict[str, Any], app: Any, key: str, fmt: str) -> None:
    """The 404 page repeats the address asked for (language links), nothing more:
    asked by id it does not give the name, asked by name it does not give the id."""
    for asked, other in (
        (catalog[key]["id"], catalog[key]["name"]),
        (catalog[key]["name"], catalog[key]["id"]),
    ):
        response = app.get(f"/dataset/{asked}.{fmt}", status=404)
        assert "CANARY" not in response.body
        assert other not in response.body


def test_a_reviewer_reads_a_private_dataset_as_non_public(catalog: dict[str, Any], app: Any) -> None:
    body = app.get(
        f"/dataset/{catalog['hidden']['id']}.ttl", headers={"Authorization": catalog["reviewer"]}, status=200
    ).body
    graph = _graph(body)
    ref = _dataset_ref(graph, catalog["hidden"]["id"])
    assert set(graph.objects(ref, DCTERMS.accessRights)) == {rdflib.URIRef(EU + "access-right/NON_PUBLIC")}
    assert set(graph.objects(ref, DCTERMS.accrualPeriodicity)) == {rdflib.URIRef(EU + "frequency/DAILY")}


@pytest.mark.parametrize(
    "query,status",
    [
        ("q=<script>alert(1)</script>", 200),
        ("q=title:(a OR", 400),
        ("fq=id:\x00", 400),
        pytest.param("q=" + "(" * 300 + "a" + ")" * 300, 200, id="nested-300"),
        ("q=id:* OR private:true", 200),
        ("q=a b&fq=c d=e %26 f", 200),
        ("page=-1", 409),
        ("page=abc", 409),
        ("modified_since=yesterday-ish", 409),
        ("profiles=nope", 409),
    ],
)
def test_hostile_catalog_parameters_are_a_client_error(
    catalog: dict[str, Any], app: Any, query: str, status: int
) -> None:
    response = app.get("/catalog.ttl?" + query, status=status)
    assert "CANARY" not in response.body
    assert "<script>alert" not in response.body


def test_a_deeply_nested_query_is_not_a_server_error(catalog: dict[str, Any], app: Any) -> None:
    response = app.get("/catalog.ttl?q=" + "(" * 5000 + "a" + ")" * 5000)
    assert response.status_code in (200, 400)


def test_paging_links_are_rebuilt_percent_encoded() -> None:
    from ckanext.laodata.dcat.catalog import paging_link

    args = [("q", "water supply"), ("fq", "tags:a&b"), ("page", "1"), ("utm", "x")]
    assert (
        paging_link("http://x/catalog.ttl?q=water supply&fq=tags:a&b&page=3", args)
        == "http://x/catalog.ttl?q=water+supply&fq=tags%3Aa%26b&page=3"
    )
    assert paging_link("http://x/catalog.ttl?page=2", []) == "http://x/catalog.ttl?page=2"
