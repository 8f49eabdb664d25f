"""The CLI contract: load, validate, query, queries, stats, init, remove; errors are one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from friendship_graph.cli import main

DATA = Path(__file__).parent / "data"
SMALL = DATA / "store" / "small.ttl"
BAD_LAST = DATA / "store" / "bad-last-line.ttl"
FIVE = {"Hội An", "Luang Prabang", "Szolnok", "Wals-Siezenheim", "Province of Como"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def partners(*args: str) -> dict[str, str]:
    result = run("query", "partners", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {r["partnerLabel"]["value"]: r["status"]["value"].rsplit("/", 1)[-1] for r in rows}


@pytest.mark.parametrize("place", ["Jinzhong", "晋中", "jinzhong", "晋中市",
                                   "https://w3id.org/friendship-graph/id/place/cn/jinzhong"])
def test_partners_of_jinzhong_from_the_default_store(place: str) -> None:
    found = partners("--param", f"place={place}")
    established = {label for label, status in found.items() if status == "established"}
    assert established == FIVE
    # the letter of intent for friendly exchange with the German town is intended, not established
    assert [s for label, s in found.items() if label not in FIVE] == ["intended"]


def test_partners_of_pingyao() -> None:
    assert partners("-p", "place=Pingyao") == {"Provins": "established", "Kyakhta": "intended"}


@pytest.mark.parametrize("value", ['x" || true || "', '"', "'", "a\nb", "}", "\\", "} UNION {",
                                   "<http://x>", ""])
def test_hostile_parameter_values_return_nothing(value: str) -> None:
    result = run("query", "partners", "--param", f"place={value}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"] == []


@pytest.mark.parametrize("fmt,check", [
    ("csv", lambda out: out.startswith("partner,partnerLabel")),
    ("tsv", lambda out: out.startswith("?partner\t?partnerLabel")),
    ("json", lambda out: "bindings" in json.loads(out)["results"]),
    ("xml", lambda out: "<sparql" in out),
    ("table", lambda out: "Szolnok" in out and "row(s)" in out),
])
def test_result_formats(fmt: str, check) -> None:
    result = run("query", "partners", "-p", "place=Jinzhong", "--format", fmt)
    assert result.exit_code == 0
    assert check(result.stdout)


def test_ask_sets_the_exit_status() -> None:
    yes = run("query", "ASK { ?p fg:partner ?x }")
    no = run("query", "ASK { ?p fg:partner fg:Nothing }")
    assert (yes.exit_code, yes.stdout.strip()) == (0, "true")
    assert (no.exit_code, no.stdout.strip()) == (1, "false")


def test_construct_prints_turtle() -> None:
    result = run("query", "CONSTRUCT { ?a fg:twinnedWith ?b } WHERE { ?a fg:twinnedWith ?b }")
    assert result.exit_code == 0
    assert "fg:twinnedWith" in result.stdout


def test_query_from_file(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p fg:partner ?x }")
    result = run("query", "-f", str(path), "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[1].isdigit()


def test_queries_lists_names_parameters_and_descriptions() -> None:
    result = run("queries", "--format", "json")
    named = {q["name"]: q for q in json.loads(result.stdout)}
    assert "partners" in named
    params = {p["name"]: p for p in named["partners"]["parameters"]}
    assert params["place"]["required"] and not params["as_of"]["required"]


def test_load_query_stats_and_remove_on_a_store(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    assert run("--store", store, "load", str(SMALL)).exit_code == 0
    stats = json.loads(run("--store", store, "stats", "--format", "json").stdout)
    sources = {s["graph"]: s["triples"] for s in stats["sources"]}
    assert sources["https://w3id.org/friendship-graph/graph/small"] == 11
    classes = {c["label"]: c["count"] for c in stats["classes"]}
    assert classes["city or town"] == 2
    table = run("--store", store, "stats").stdout
    assert "per class" in table and "per source" in table
    graph = "https://w3id.org/friendship-graph/graph/small"
    assert run("--store", store, "remove", graph).exit_code == 0
    assert run("--store", store, "remove", graph).exit_code == 2


def test_failed_load_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    run("--store", store, "load", str(SMALL))
    before = run("--store", store, "query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                 "--format", "tsv").stdout
    result = run("--store", store, "load", str(BAD_LAST))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {BAD_LAST}:")
    after = run("--store", store, "query", "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
                "--format", "tsv").stdout
    assert sorted(before.splitlines()) == sorted(after.splitlines())


def test_load_needs_a_store_name() -> None:
    result = run("load", str(SMALL))
    assert result.exit_code == 2 and "--store" in result.stderr


def test_validate_reports_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(SMALL.read_text().replace("fg:status fgc:established ;", ""), "utf-8")
    text = run("validate", str(bad))
    assert text.exit_code == 1
    assert f"{bad}:" in text.stdout and "Violation" in text.stdout
    data = json.loads(run("validate", "--format", "json", str(bad)).stdout)
    assert data["conforms"] is False and data["findings"][0]["line"]
    assert "sh:ValidationReport" in run("validate", "--format", "ttl", str(bad)).stdout
    assert run("validate", str(DATA.parent.parent / "data" / "jinzhong-2019-10-30.trig")
               ).exit_code == 0


def test_bad_sparql_is_one_line() -> None:
    result = run("query", "SELECT WHERE {")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "SPARQL" in result.stderr


def test_unknown_named_query_and_parameter() -> None:
    assert "no named query" in run("query", "nosuchquery").stderr
    assert "no parameter" in run("query", "partners", "-p", "planet=Mars").stderr
    assert "needs --param place" in run("query", "partners").stderr


def test_no_rows_says_so_on_stderr_on_the_default_store() -> None:
    from friendship_graph.store.default import default_store

    default_store().close()  # built before, so that stderr holds only what the query says
    empty = run("query", "partners", "-p", "place=Shanxi")
    assert empty.exit_code == 0 and empty.stderr == "0 rows\n"
    assert "Szolnok" not in empty.stdout
    assert run("query", "partners", "-p", "place=Szolnok").stderr == ""


@pytest.mark.parametrize(("args", "example"), [
    (["serve", "--allow-network"], "friendship-graph --allow-network serve ..."),
    (["query", "--store", "s", "partners"], "friendship-graph --store PATH query ..."),
    (["ontology", "check", "--debug"], "friendship-graph --debug ontology check ..."),
])
def test_a_global_option_after_the_command_says_where_it_goes(args: list[str],
                                                               example: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    error = result.stderr.strip().splitlines()[-1]
    assert "is an option of friendship-graph itself" in error and example in error
    assert "Did you mean" not in error  # serve --allow-network suggested --allow-updates


def test_other_unknown_options_keep_click_suggestions() -> None:
    result = run("serve", "--allow-updatse")
    assert result.exit_code == 2 and "--allow-updates" in result.stderr
    assert "itself" not in result.stderr
    assert "No such option" in run("--bogus").stderr


def test_init_makes_a_store_with_the_bundled_data(tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    made = run("--store", store, "init")
    assert made.exit_code == 0
    # It says which store it creates, not "building the default store".
    assert f"creating {store}: loading jinzhong-2019-10-30.trig" in made.stderr
    assert "default store" not in made.stderr
    assert made.stderr.splitlines()[-1] == f"created {store}"
    result = run("--store", store, "query", "partners", "-p", "place=Jinzhong", "--format", "csv")
    assert "Szolnok" in result.stdout
    assert run("--store", store, "init").exit_code == 2


def test_real_subprocess_run() -> None:
    done = subprocess.run([sys.executable, "-m", "friendship_graph.cli", "query", "partners",
                           "--param", "place=晋中", "--format", "csv"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Szolnok" in done.stdout


def test_real_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "friendship_graph.cli", "--store",
                           str(tmp_path / "s"), "load", str(BAD_LAST)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
