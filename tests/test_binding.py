"""Parameters are bound as RDF terms with VALUES, never pasted into the query text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from friendship_graph.errors import ParameterError, QueryError
from friendship_graph.queries import (
    bind,
    convert_parameters,
    get_query,
    parse_date_range,
    parse_query_file,
    query_form,
)
from friendship_graph.store import Store


def test_values_block_goes_into_the_where_group() -> None:
    text = 'SELECT ?x WHERE { ?x ?p ?place }'
    bound = bind(text, {"place": Literal("Jinzhong")})
    assert bound == 'SELECT ?x WHERE { VALUES (?place) { ("Jinzhong") }  ?x ?p ?place }'


def test_braces_inside_strings_iris_and_comments_are_skipped() -> None:
    text = ('# a { comment\nSELECT ("{" AS ?b) WHERE { ?x <http://x/{}> ?place }')
    bound = bind(text, {"place": Literal("a")})
    assert 'WHERE { VALUES (?place) { ("a") }' in bound


def test_construct_binds_in_the_where_group_not_the_template() -> None:
    bound = bind("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://x/a")})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/a>) }")


def test_ask_without_where() -> None:
    assert bind("ASK { ?s ?p ?o }", {"o": Literal(1)}).startswith("ASK { VALUES (?o)")
    assert query_form("PREFIX x: <http://x/> ask {}") == "ASK"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_is_exactly_one_literal(value: str) -> None:
    with Store.memory(ontology=False) as store:
        result = store.query("SELECT ?v WHERE { BIND(?x AS ?v) }", {"x": Literal(value)})
        assert [row[0] for row in result.rows] == [Literal(value)]


def test_date_parameters_cover_their_period() -> None:
    assert parse_date_range("2019") == (Literal("2019-01-01", datatype=XSD.date),
                                        Literal("2019-12-31", datatype=XSD.date))
    assert parse_date_range("2020-02")[1] == Literal("2020-02-29", datatype=XSD.date)
    assert parse_date_range("2019-10-28")[0] == parse_date_range("2019-10-28")[1]
    for bad in ("2019-13", "2019-02-30", "19", "2019/10", "yesterday"):
        with pytest.raises(ParameterError):
            parse_date_range(bad)


def test_parameter_types_and_required() -> None:
    partners = get_query("partners")
    bindings = convert_parameters(partners, {"place": "Jinzhong", "as_of": "2019"})
    assert bindings["place"] == Literal("Jinzhong")
    assert bindings["as_of_end"] == Literal("2019-12-31", datatype=XSD.date)
    with pytest.raises(ParameterError, match="needs --param place"):
        convert_parameters(partners, {})
    with pytest.raises(ParameterError, match="no parameter"):
        convert_parameters(partners, {"planet": "Mars"})


def test_bad_header_names_the_line(tmp_path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# name: q\n# param: x (colour, required): nope\nSELECT * {}\n")
    with pytest.raises(QueryError, match=r"q\.rq:2"):
        parse_query_file(path)


def test_sub_selects_that_project_a_bound_variable_get_it_too() -> None:
    text = ("SELECT ?x WHERE { ?x ?p ?from . "
            "{ SELECT ?from (COUNT(*) AS ?n) WHERE { ?a ?b ?from } GROUP BY ?from } "
            "{ SELECT ?y WHERE { ?y ?q ?from } } }")
    bound = bind(text, {"from": URIRef("http://x/a")})
    assert bound.count("VALUES (?from) { (<http://x/a>) }") == 2
    # The sub-select that does not project ?from keeps its own, unrelated ?from.
    assert "{ SELECT ?y WHERE { ?y ?q ?from } }" in bound


def test_values_reach_only_sub_selects_whose_enclosing_selects_project_them() -> None:
    text = ("SELECT * WHERE { ?s ?p ?to . { SELECT ?z WHERE { ?z ?q ?o "
            "{ SELECT ?to WHERE { ?to ?a ?b } } } } }")
    bound = bind(text, {"to": Literal(1)})
    assert bound.count("VALUES (?to)") == 1  # the nested ?to is local to SELECT ?z


def test_select_star_sub_select_gets_what_it_uses_but_does_not_assign() -> None:
    text = "SELECT ?s WHERE { { SELECT * WHERE { ?s ?p ?to BIND (1 AS ?from) } } }"
    bound = bind(text, {"from": Literal(2), "to": Literal(3)})
    inner = bound[bound.index("SELECT *"):]
    assert "VALUES (?to)" in inner and "VALUES (?from" not in inner


def test_expression_in_a_sub_select_projection_is_not_the_bound_variable() -> None:
    text = "SELECT ?s WHERE { { SELECT ?s (MIN(?o) AS ?place) WHERE { ?s ?p ?o } GROUP BY ?s } }"
    bound = bind(text, {"place": Literal("x")})
    assert bound.count("VALUES") == 1


def test_pushed_values_do_not_change_results() -> None:
    """The same answers with the VALUES in the sub-select as with the outer block only."""
    with Store.memory(ontology=False) as store:
        store.update("INSERT DATA { <http://x/a> <http://x/p> 1, 2 . <http://x/b> <http://x/p> 3 }")
        text = ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <http://x/p> ?o } "
                "GROUP BY ?s } }")
        for subject in ("http://x/a", "http://x/b", "http://x/c"):
            pushed = store.query(bind(text, {"s": URIRef(subject)})).rows
            outer = store.query(text.replace("WHERE {", f"WHERE {{ VALUES ?s {{ <{subject}> }}",
                                             1)).rows
            assert pushed == outer
