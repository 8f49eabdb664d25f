"""Injection: any string, as any parameter of any named query, is one RDF term.

For every named query (``friendship_graph.queries.list_queries()``) and every parameter,
hypothesis-generated strings give exactly the rows of the *equivalent query*: the same text
with the value inlined as a maximally escaped literal (every character a ``\\uXXXX`` escape,
built here independently of the project's binding code) - and never a SPARQL parse error.
Values a typed parameter cannot take (a non-IRI for ``iri``...) give a ParameterError.

The contrast: a query built with an f-string returns every row for ``nobody" || true || "``,
while the bound query returns none.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from friendship_graph.errors import ParameterError
from friendship_graph.queries import NamedQuery, convert_parameters, list_queries, run_query
from friendship_graph.rdf.sparql import _FORM, _WHERE, _mask
from friendship_graph.store import QueryResult, Store

JINZHONG = Path(__file__).resolve().parent.parent / "data" / "jinzhong-2019-10-30.trig"
HOSTILE = 'nobody" || true || "'
_STORE: dict[str, Store] = {}

#: A valid value per type, for the parameters not under test.
DEFAULTS = {"string": "Jinzhong", "place": "Jinzhong", "integer": "2", "date": "2019",
            "iri": "https://w3id.org/friendship-graph/id/place/cn/jinzhong"}


def store() -> Store:
    """One in-memory store with the Jinzhong data for the whole module (hypothesis runs many
    examples; a function-scoped fixture would be rebuilt for none of them)."""
    if "s" not in _STORE:
        _STORE["s"] = Store.memory()
        _STORE["s"].load_files([JINZHONG])
    return _STORE["s"]


def escape_all(text: str) -> str:
    return "".join(f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}" for c in text)


def inline(term) -> str:  # noqa: ANN001
    """The term as SPARQL text, every character of its lexical form escaped."""
    if isinstance(term, URIRef):
        return f"<{escape_all(str(term))}>"
    if isinstance(term, BNode):
        raise TypeError("parameters are never blank nodes")
    assert isinstance(term, Literal)
    text = f'"{escape_all(str(term))}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None:
        return f"{text}^^<{term.datatype}>"
    return text


def equivalent_query(query: NamedQuery, bindings: dict) -> str:
    """The query text with the bound terms inlined, fully escaped, as a ``VALUES`` block at
    the top of its WHERE group (a list of terms - a place name naming several places - gives
    one row each)."""
    masked = _mask(query.text)
    form = _FORM.search(masked)
    where = _WHERE.search(masked, form.end())
    brace = masked.find("{", where.end() if where else form.end())
    names = sorted(bindings)
    columns = [list(bindings[n]) if isinstance(bindings[n], list | tuple) else [bindings[n]]
               for n in names]
    rows = " ".join("(" + " ".join(inline(t) for t in row) + ")"
                    for row in itertools.product(*columns))
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }} "
    return query.text[:brace + 1] + block + query.text[brace + 1:]


def bindings_for(query: NamedQuery, params: dict[str, str]) -> dict:
    """What run_query binds: the converted values (and, where the project resolves place
    names to IRIs first, those IRIs)."""
    from friendship_graph import queries

    if hasattr(queries, "named_bindings"):
        return queries.named_bindings(store(), query, params)
    return convert_parameters(query, params)


def canonical(result: QueryResult) -> object:
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(" ".join(t.n3() for t in triple) for triple in result.triples)
    return sorted(tuple("" if v is None else v.n3() for v in row) for row in result.rows)


PAIRS = [(q, p) for q in list_queries() for p in q.parameters]


def _params(query: NamedQuery, name: str, value: str) -> dict[str, str]:
    params = {p.name: DEFAULTS[p.type] for p in query.parameters if p.required}
    params[name] = value
    return params


@pytest.mark.parametrize(("query", "parameter"), PAIRS,
                         ids=[f"{q.name}-{p.name}" for q, p in PAIRS])
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[12]\d{3}(-[01]\d(-[0-3]\d)?)?", fullmatch=True),  # dates, some valid
    st.integers(min_value=-10, max_value=1000).map(str),
    st.sampled_from(["https://w3id.org/friendship-graph/id/place/cn/jinzhong",
                     "Jinzhong", "晋中市", "jinzhong", "Szolnok"]),
))
@example(value=HOSTILE)
@example(value='"} } SELECT * WHERE { ?s ?p ?o } #')
@example(value="') . ?s ?p ?o . FILTER('")
@example(value="Jinzhong\n} UNION { ?s ?p ?o")
@example(value="SERVICE <http://example.org/sparql> { }")
@example(value="\x00\u2028\u202e\U0001f600晋中")
@example(value="Jinzhong")
def test_any_string_is_one_term(query: NamedQuery, parameter, value: str) -> None:  # noqa: ANN001
    params = _params(query, parameter.name, value)
    try:
        bindings = bindings_for(query, params)
    except ParameterError:
        assert parameter.type in ("iri", "integer", "date")  # strings are always accepted
        return
    result = run_query(store(), query, params)  # a SPARQL error here fails the test
    reference = store().query(equivalent_query(query, bindings))
    assert canonical(result) == canonical(reference)


@pytest.mark.parametrize(("query", "parameter"), PAIRS,
                         ids=[f"{q.name}-{p.name}" for q, p in PAIRS])
def test_hostile_value_matches_nothing_it_should_not(query: NamedQuery, parameter) -> None:  # noqa: ANN001
    """A string parameter holding a quote-breaking value does not widen the result."""
    if parameter.type not in ("string", "place"):
        pytest.skip("only free-text parameters can carry the injection")
    hostile = run_query(store(), query, _params(query, parameter.name, HOSTILE))
    nobody = run_query(store(), query, _params(query, parameter.name, "nobody"))
    assert canonical(hostile) == canonical(nobody)


# ------------------------------------------------------------------ the contrast

LABEL_QUERY = "SELECT ?thing WHERE {{ ?thing rdfs:label ?label . FILTER(STR(?label) = {}) }}"


def test_f_string_query_is_injectable_but_binding_is_not() -> None:
    everything = store().query(LABEL_QUERY.format("STR(?label)"))
    assert len(everything) > 10
    f_string = store().query(LABEL_QUERY.format(f'"{HOSTILE}"'))
    assert canonical(f_string) == canonical(everything)  # the injection returns every row
    bound = store().query(LABEL_QUERY.format("?name"), {"name": Literal(HOSTILE)})
    assert len(bound) == 0


def test_f_string_named_query_is_injectable_but_binding_is_not() -> None:
    """The same on the shipped ``partners`` query: pasting the value into its text returns the
    partnerships of every place; binding returns none."""
    partners = next((q for q in list_queries() if q.name == "partners"), None)
    if partners is None or "STR(?place)" not in partners.text:
        pytest.skip("the partners query no longer compares STR(?place)")
    pasted = re.sub(r"\bSTR\(\?place\)", f'"{HOSTILE}"', partners.text)
    injected = store().query(pasted)
    jinzhong = run_query(store(), partners, {"place": "Jinzhong"})
    assert len(jinzhong) > 0
    assert len(injected) > len(jinzhong)  # rows for every place, not one
    assert len(run_query(store(), partners, {"place": HOSTILE})) == 0
