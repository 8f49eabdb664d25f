"""The ontology loads, and every term has English and Chinese labels and a definition."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from friendship_graph.ontology import load_ontology, ontology_files
from friendship_graph.vocab import FG, FGC


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def _terms(onto) -> list[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             SKOS.Concept, SKOS.ConceptScheme)
    return sorted({t for k in kinds for t in onto.graph.subjects(RDF.type, k)
                   if isinstance(t, URIRef) and (str(t).startswith(str(FG))
                                                 or str(t).startswith(str(FGC)))})


def test_core_is_first_and_versioned(onto) -> None:
    assert ontology_files()[0].name == "core.ttl"
    versions = list(onto.graph.objects(URIRef("https://w3id.org/friendship-graph/ontology"),
                                       OWL.versionInfo))
    assert versions


def test_there_are_many_terms(onto) -> None:
    assert len(_terms(onto)) > 100


def test_every_term_has_both_labels_and_a_definition(onto) -> None:
    problems = []
    for term in _terms(onto):
        langs = {o.language for o in onto.graph.objects(term, RDFS.label) if isinstance(o, Literal)}
        if not {"en", "zh"} <= langs:
            problems.append(f"{term}: labels in {sorted(filter(None, langs))}")
        if onto.graph.value(term, SKOS.definition) is None:
            problems.append(f"{term}: no skos:definition")
    assert not problems, "\n".join(problems)


def test_hierarchy_and_annotations(onto) -> None:
    assert FG.PrefectureLevelCity in onto.subclasses(FG.Place)
    assert FG.SisterCityPartnership in onto.subclasses(FG.Partnership)
    assert onto.projected_as(FG.PrefectureLevelCity) == FG.NodeProjection
    assert onto.projected_as(FG.Twinning) == FG.EdgeProjection
    assert onto.annotation(FG.County, FG.nodeColor) == "#59a14f"
    assert onto.label(FG.County, "zh") == "县"
    assert onto.most_specific({FG.City, FG.PrefectureLevelCity, FG.Place}, FG.Place) == \
        FG.PrefectureLevelCity


def test_alignments_to_wikidata(onto) -> None:
    p190 = URIRef("http://www.wikidata.org/prop/direct/P190")
    assert (FG.twinnedWith, SKOS.exactMatch, p190) in onto.graph


def _allowed(graph, value) -> list[URIRef]:  # noqa: ANN001
    """A domain or range as a list of classes or datatypes (the members of a union)."""
    from rdflib import BNode
    from rdflib.collection import Collection

    if isinstance(value, BNode):
        return list(Collection(graph, graph.value(value, OWL.unionOf)))
    return [value]


def _is_datatype(iri: URIRef) -> bool:
    return str(iri).startswith(str(XSD)) or iri in (RDF.langString, RDFS.Literal)


@pytest.mark.slow
def test_domains_and_ranges_hold_on_the_bundled_data(onto) -> None:
    """The ontology states no domain or range the bundled data (the world network and the
    Jinzhong report) breaks: every subject of a property is an instance of (a class below)
    its domain, every value of its range, for unions any member."""
    from collections import defaultdict

    from friendship_graph.store.default import default_store

    graph = onto.graph
    properties = sorted(p for p in set(graph.subjects(RDFS.domain, None))
                        | set(graph.subjects(RDFS.range, None)) if str(p).startswith(str(FG)))
    assert len(properties) > 50
    broken = []
    with default_store() as store:
        for prop in properties:
            for link, end in ((RDFS.domain, "s"), (RDFS.range, "o")):
                for value in graph.objects(prop, link):
                    allowed = _allowed(graph, value)
                    if allowed == [RDFS.Resource]:
                        continue
                    if all(_is_datatype(a) for a in allowed):
                        found = {row[0] for row in store.query(
                            f"SELECT DISTINCT (DATATYPE(?o) AS ?d) WHERE {{ ?s <{prop}> ?o }}"
                        ).rows}
                        wrong = sorted(str(d) for d in found if d not in allowed)
                    else:
                        below = {c for a in allowed
                                 for c in graph.transitive_subjects(RDFS.subClassOf, a)}
                        types = defaultdict(set)
                        for thing, kind in store.query(
                                f"SELECT ?x ?t WHERE {{ ?s <{prop}> ?o BIND (?{end} AS ?x) "
                                "OPTIONAL { ?x a ?t } }").rows:
                            types[thing].add(kind)
                        wrong = sorted(str(x) for x, kinds in types.items() if not kinds & below)
                    if wrong:
                        broken.append(f"{prop} {link.fragment}: {wrong[:3]}")
    assert not broken, "\n".join(broken)
