"""Which graphs a SPARQL update writes (friendship_graph.rdf.updates), checked against what
Oxigraph really changes: every graph an accepted update changes is among its targets."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from friendship_graph.errors import QueryError
from friendship_graph.rdf.updates import ALL, ANY_GRAPH, DEFAULT, NAMED, update_targets
from friendship_graph.vocab import PREFIXES

G = "https://w3id.org/friendship-graph/graph/"
ONTOLOGY = G + "ontology"
POOL = [ONTOLOGY, G + "inferred", G + "system", "http://example.org/a", "http://example.org/b"]

#: Ways of writing a graph's IRI that Oxigraph reads as that IRI.
SPELLINGS = [
    lambda iri: f"<{iri}>",
    lambda iri: "<" + "".join(f"\\u{ord(c):04X}" if c in "aeiou" else c for c in iri) + ">",
    lambda iri: f"graph:{iri.removeprefix(G)}" if iri.startswith(G) else f"<{iri}>",
    lambda iri: f"alias:{iri.rsplit('/', 1)[1]}",
]
#: Text that changes nothing but could confuse a careless scanner.
NOISE = ["", " # a comment { GRAPH <x> \r ", "\n# } ; DROP ALL\n", " ", "\t"]


@st.composite
def updates(draw: st.DrawFn) -> str:
    operations = []
    for _ in range(draw(st.integers(1, 3))):
        iri = draw(st.sampled_from(POOL))
        spell = draw(st.sampled_from(SPELLINGS))
        graph = spell(iri)
        other = draw(st.sampled_from(SPELLINGS))(draw(st.sampled_from(POOL)))
        noise = draw(st.sampled_from(NOISE))
        literal = draw(st.sampled_from(['"x"', '"} ; DROP ALL ; {"', "'''a\n}'''", '"#"']))
        op = draw(st.sampled_from([
            f"INSERT DATA {{ GRAPH {graph} {{ <a:s> <a:p> {literal} }} }}",
            f"DELETE DATA {{ GRAPH {graph} {{ <a:s> <a:p> <a:o> }} }}",
            f"DELETE WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
            f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {other} {{ ?s ?p ?o "
            f"FILTER (?o != {literal}) }} }}",
            f"WITH {graph} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
            f"WITH {graph} INSERT {{ ?s ?p 1 }} WHERE {{ GRAPH {other} {{ ?s ?p ?o }} }}",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}",
            "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
            f"CLEAR GRAPH {graph}", f"DROP SILENT GRAPH {graph}", "CLEAR DEFAULT",
            "DROP NAMED", "CLEAR ALL", f"COPY {other} TO {graph}", f"MOVE {graph} TO {other}",
            f"ADD DEFAULT TO {graph}", f"MOVE {graph} TO DEFAULT", f"CREATE SILENT GRAPH {graph}",
        ]))
        operations.append(noise + op + noise)
    return " ;\n".join(operations)


def _seeded() -> ox.Store:
    store = ox.Store()
    for graph in POOL:
        store.add(ox.Quad(ox.NamedNode("a:s"), ox.NamedNode("a:p"), ox.NamedNode("a:o"),
                          ox.NamedNode(graph)))
    store.add(ox.Quad(ox.NamedNode("a:s"), ox.NamedNode("a:p"), ox.NamedNode("a:o")))
    return store


def _graphs(store: ox.Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for quad in store:
        name = DEFAULT if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        out.setdefault(name, set()).add(str(quad.triple))
    for graph in store.named_graphs():
        out.setdefault(graph.value, set())
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(updates(), st.sampled_from([G, "http://example.org/"]))
def test_every_graph_oxigraph_changes_is_a_target(update: str, alias: str) -> None:
    text = f"PREFIX alias: <{alias}>\n{update}"
    store = _seeded()
    before = _graphs(store)
    try:
        store.update(text, prefixes=PREFIXES)
    except SyntaxError:
        return
    except (RuntimeError, OSError):  # e.g. MOVE from a graph that does not exist
        pass
    after = _graphs(store)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    targets = update_targets(text, PREFIXES)
    for graph in changed:
        assert (graph in targets or ALL in targets or ANY_GRAPH in targets
                or (NAMED in targets and graph != DEFAULT)), (text, graph, targets)


@pytest.mark.parametrize(("update", "expected"), [
    ("DROP GRAPH graph:ontology", {ONTOLOGY}),
    (r"INSERT DATA { GRAPH <https://w3id.org/friendship-graph/graph/ontolog\u0079> "
     "{ <a:a> <a:b> <a:c> } }", {ONTOLOGY}),
    ("INSERT DATA { GRAPH <http://x/a> { <a:a> <a:b> <a:c> } } # comment\r ; "
     "DROP GRAPH graph:ontology", {"http://x/a", ONTOLOGY}),
    ("MOVE graph:ontology TO <http://x/b>", {ONTOLOGY, "http://x/b"}),
    ("INSERT DATA { <a:a> <a:b> <a:c> {| <a:d> <a:e> |} }", {DEFAULT}),
    ("WITH <http://x/w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {"http://x/w"}),
    ("PREFIX : <https://w3id.org/friendship-graph/graph/> CLEAR GRAPH :system",
     {G + "system"}),
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", {ANY_GRAPH}),
    ("CLEAR ALL ; DROP NAMED", {ALL, NAMED}),
    ('INSERT DATA { GRAPH <http://x/a> { <a:a> <a:b> "} } ; DROP ALL" } }', {"http://x/a"}),
])
def test_targets(update: str, expected: set[str]) -> None:
    assert update_targets(update, PREFIXES) == expected


@pytest.mark.parametrize("update", [
    # a comparison followed by a comment, or an IRI? Oxigraph reads the comment.
    "DELETE { GRAPH <http://x/a> { ?s ?p ?o } } WHERE { ?s ?p ?o FILTER(1<2#>}}\n) }",
    "BASE <https://w3id.org/friendship-graph/graph/> DROP GRAPH <ontology>",
    "DROP GRAPH <https://w3id.org/friendship-graph/graph/x/../ontology>",
    "DROP GRAPH nope:x",
    "SELECT * WHERE { ?s ?p ?o }",
    "INSERT DATA { GRAPH ?g { <a:a> <a:b> <a:c> } }",
])
def test_ambiguous_or_unknown_text_is_refused(update: str) -> None:
    with pytest.raises(QueryError):
        update_targets(update, PREFIXES)
