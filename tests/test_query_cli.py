"""`friendship-graph query` for CONSTRUCT / DESCRIBE (RDF in any format) and ASK (exit status),
and the named query catalogue through the CLI, on a store holding the Jinzhong report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from friendship_graph.cli import main
from friendship_graph.vocab import FG, ID

JINZHONG = Path(__file__).resolve().parent.parent / "data" / "jinzhong-2019-10-30.trig"
CONSTRUCT = "CONSTRUCT { ?p fg:partner ?x } WHERE { ?p fg:partner ?x }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(main, ["--store", str(path), "load", str(JINZHONG)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return str(path)


def run(store_path: str, *args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["--store", store_path, *args], catch_exceptions=False)


def partner_count(graph: Graph) -> int:
    return len(list(graph.triples((None, FG.partner, None))))


@pytest.mark.parametrize(("fmt", "rdflib_format"), [
    (None, "turtle"), ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml"),
    ("n3", "n3"),
])
def test_construct_in_rdf_formats(store_path: str, fmt: str | None, rdflib_format: str) -> None:
    args = ["query", CONSTRUCT] + (["--format", fmt] if fmt else [])
    result = run(store_path, *args)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format=rdflib_format)
    assert partner_count(graph) == 16  # 8 partnerships, 2 partners each
    if fmt is None:
        assert "@prefix fg:" in result.stdout  # Turtle by default, with the project's prefixes


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_construct_in_dataset_formats(store_path: str, fmt: str) -> None:
    result = run(store_path, "query", CONSTRUCT, "--format", fmt)
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(data=result.stdout, format={"trig": "trig", "nq": "nquads"}[fmt])
    assert len(dataset) == 16


def test_describe(store_path: str) -> None:
    iri = ID["place/cn/jinzhong"]
    result = run(store_path, "query", f"DESCRIBE <{iri}>")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert (iri, FG.country, ID["country/cn"]) in graph


def test_format_help_says_which_default_applies_to_which_query_form() -> None:
    text = " ".join(CliRunner().invoke(main, ["query", "--help"]).output.split())
    assert "SELECT and ASK: table (their default)" in text
    assert "CONSTRUCT and DESCRIBE: ttl (their default)" in text
    assert "[default: table]" not in text  # one default per query form, not one for all


def test_default_format_per_query_form(store_path: str) -> None:
    select = run(store_path, "query", "SELECT ?p WHERE { ?p fg:partner ?x } LIMIT 1")
    assert select.exit_code == 0 and "row(s)" in select.stdout  # a table
    construct = run(store_path, "query", CONSTRUCT)
    assert partner_count(Graph().parse(data=construct.stdout, format="turtle")) == 16
    assert run(store_path, "query", CONSTRUCT, "--format", "table").stdout == construct.stdout


def test_no_rows_for_a_known_place_says_0_rows_on_stderr(store_path: str) -> None:
    # Shanxi is in the store (the province of Jinzhong) but has no partnership of its own.
    table = run(store_path, "query", "partners", "--param", "place=Shanxi")
    assert table.exit_code == 0
    assert table.stderr == "0 rows\n"
    csv = run(store_path, "query", "partners", "--param", "place=Shanxi", "--format", "csv")
    assert csv.exit_code == 0 and csv.stderr == ""  # machine formats: the data only
    assert csv.stdout.startswith("partner,") and csv.stdout.count("\n") == 1
    found = run(store_path, "query", "partners", "--param", "place=Jinzhong")
    assert found.exit_code == 0 and found.stderr == ""


def test_unknown_rdf_format_is_one_line(store_path: str) -> None:
    result = run(store_path, "query", CONSTRUCT, "--format", "csv")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "error:" in result.output


@pytest.mark.parametrize(("query", "code", "text"), [
    ("ASK { ?p fg:partner ?x }", 0, "true"),
    ("ASK { ?p fg:partner fg:Nothing }", 1, "false"),
    ("ASK WHERE { ?p fg:status fgc:intended }", 0, "true"),
])
def test_ask_prints_true_or_false_and_sets_the_exit_status(store_path: str, query: str,
                                                          code: int, text: str) -> None:
    result = run(store_path, "query", query)
    assert (result.exit_code, result.stdout.strip()) == (code, text)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_in_sparql_result_formats(store_path: str, fmt: str) -> None:
    result = run(store_path, "query", "ASK { ?p fg:partner fg:Nothing }", "--format", fmt)
    assert result.exit_code == 1
    if fmt == "json":
        assert json.loads(result.stdout) == {"head": {}, "boolean": False}
    else:
        assert "<boolean>false</boolean>" in result.stdout


def test_named_construct_query_network(store_path: str) -> None:
    result = run(store_path, "query", "network", "--param", "place=Szolnok")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert set(graph.subjects(FG.partner, None)) == {ID["partnership/jinzhong-szolnok"]}
    nt = run(store_path, "query", "network", "-p", "place=Szolnok", "-p", "depth=2",
             "--format", "nt")
    assert len(Graph().parse(data=nt.stdout, format="nt")) > len(graph)


@pytest.mark.parametrize(("name", "params"), [
    ("partners", ["place=晋中"]), ("agreements", ["kind=LetterOfIntent"]),
    ("events", ["place=Pingyao", "from=2019"]), ("visits", ["place=Jinzhong"]),
    ("timeline", ["place=Jinzhong"]), ("countries", []), ("country-pairs", []),
    ("path", ["from=Kyakhta", "to=Provins"]), ("sources", ["subject=Pingyao County"]),
    ("search", ["text=hoi an"]),
])
def test_named_select_queries_through_the_cli(store_path: str, name: str,
                                              params: list[str]) -> None:
    args = ["query", name, "--format", "json"]
    for param in params:
        args += ["--param", param]
    result = run(store_path, *args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"], name


def test_queries_lists_the_catalogue() -> None:
    result = CliRunner().invoke(main, ["queries", "--format", "json"], catch_exceptions=False)
    names = {q["name"] for q in json.loads(result.stdout)}
    assert {"partners", "agreements", "events", "visits", "timeline", "countries",
            "country-pairs", "path", "network", "sources", "search"} <= names


def test_missing_required_parameter_is_one_line(store_path: str) -> None:
    result = run(store_path, "query", "path", "--param", "from=Jinzhong")
    assert result.exit_code == 2
    assert "--param to=VALUE" in result.output and "Traceback" not in result.output


def test_hostile_values_through_the_cli_return_nothing(store_path: str) -> None:
    for value in ['x" || true || "', '"}', "\\", "a\nb", "}"]:
        result = run(store_path, "query", "partners", "--param", f"place={value}",
                     "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["results"]["bindings"] == []
    assert URIRef("x")  # keep the import used
