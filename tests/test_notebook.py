"""Query results in notebooks: ``QueryResult.to_dataframe()`` (pandas) and ``_repr_html_``
(every value escaped), on the sample and on the bundled store."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from friendship_graph.queries import run_query
from friendship_graph.store import QueryResult, Store

pandas = pytest.importorskip("pandas")


def test_a_named_query_as_a_data_frame(jinzhong_store: Store) -> None:
    frame = run_query(jinzhong_store, "partners", {"place": "晋中"}).to_dataframe()
    assert list(frame.columns[:3]) == ["partner", "partnerLabel", "partnerLabelZh"]
    assert "Hội An" in set(frame["partnerLabel"])
    starts = [v for v in frame["start"] if v is not None]
    assert starts and all(isinstance(v, dt.date) for v in starts)
    assert frame["partner"].str.startswith("https://w3id.org/friendship-graph/id/").all()


def test_ask_and_construct_as_data_frames(jinzhong_store: Store) -> None:
    assert jinzhong_store.query("ASK { ?s ?p ?o }").to_dataframe()["boolean"].tolist() == [True]
    frame = jinzhong_store.query("CONSTRUCT WHERE { ?s a fg:City } LIMIT 3").to_dataframe()
    assert list(frame.columns) == ["subject", "predicate", "object"] and len(frame) == 3


def test_unbound_values_and_blank_nodes() -> None:
    result = QueryResult("select", ["a", "b"], [(BNode("x1"), None), (URIRef("urn:x"),
                                                                      Literal(3))])
    frame = result.to_dataframe()
    assert frame.values.tolist() == [["_:x1", None], ["urn:x", 3]]


labels = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@given(labels, labels)
def test_the_notebook_table_escapes_every_value(name: str, text: str) -> None:
    result = QueryResult("select", ["x"], [(Literal(text, lang="en"),), (URIRef("urn:" + name),)])
    shown = result._repr_html_()
    cells = re.findall(r"<td>(.*?)</td>", shown, re.DOTALL)
    assert [html.unescape(c) for c in cells] == [text, "urn:" + name]
    assert "<script" not in shown.replace("&lt;script", "")


def test_the_notebook_table_shows_the_first_rows_and_counts_all() -> None:
    result = QueryResult("select", ["n"], [(Literal(i),) for i in range(120)])
    shown = result._repr_html_()
    assert shown.count("<tr>") == 51 and "120 row(s), the first 50 shown" in shown


@pytest.mark.slow
def test_on_the_bundled_store() -> None:
    from friendship_graph.store.default import default_store

    with default_store() as world:
        frame = run_query(world, "countries").to_dataframe()
    assert len(frame) > 100 and frame.columns[0] == "country"
