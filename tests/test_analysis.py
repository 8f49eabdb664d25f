"""Network statistics with KONECT definitions, rankings, communities, paths and output."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from friendship_graph.analysis import (
    analyze,
    analyze_store,
    communities,
    components,
    ego,
    format_report,
    network_statistics,
    rank,
    shortest_paths,
    simple_graph,
)
from friendship_graph.errors import FriendshipGraphError
from friendship_graph.network import find_node, read_graph, to_networkx
from friendship_graph.store import Store

DATA = Path(__file__).resolve().parent / "data" / "network"


def values(table) -> dict:  # noqa: ANN001
    return {row[0]: row[1] for row in table.rows}


def test_karate_club_matches_published_values() -> None:
    graph = nx.karate_club_graph()
    stats = values(network_statistics(graph))
    assert stats["nodes"] == 34
    assert stats["edges"] == 78
    assert stats["max_degree"] == 17
    assert stats["avg_degree"] == pytest.approx(2 * 78 / 34)
    assert stats["lcc_size"] == 34
    assert stats["triangles"] == 45
    assert stats["wedges"] == 528
    degrees = [d for _n, d in graph.degree()]
    assert stats["claws"] == sum(math.comb(d, 3) for d in degrees)
    assert stats["clustering"] == pytest.approx(3 * 45 / 528, abs=1e-6)
    assert stats["clustering"] == pytest.approx(nx.transitivity(graph), abs=1e-6)
    assert stats["assortativity"] == pytest.approx(-0.475613, abs=1e-5)
    assert stats["diameter"] == 5
    assert stats["mean_distance"] == pytest.approx(2.408200, abs=1e-5)
    mean = sum(degrees) / len(degrees)
    gini = sum(abs(a - b) for a in degrees for b in degrees) / (2 * len(degrees) ** 2 * mean)
    assert stats["gini"] == pytest.approx(gini, abs=1e-6)


def test_parallel_edges_count_for_degree_but_not_for_triangles() -> None:
    graph = read_graph(DATA / "konect-style.edges")
    stats = values(network_statistics(graph))
    assert stats["nodes"] == 5
    assert stats["edges"] == 6
    assert stats["unique_edges"] == 5
    assert stats["max_degree"] == 3  # node 3 (1, 2, 4) and node 4 (3, 5, 5)
    assert stats["triangles"] == 1
    assert stats["wedges"] == 1 + 1 + 3 + 1 + 0
    assert stats["diameter"] == 3
    assert simple_graph(graph)["4"]["5"]["weight"] == 2


def test_power_law_exponent_is_recovered_from_a_sample() -> None:
    rng = np.random.default_rng(7)
    degrees = rng.zipf(2.5, 20000)
    graph = nx.empty_graph(50, create_using=nx.MultiGraph)
    table = network_statistics(graph, ["power_law_exponent"])
    assert table.rows[0][1] is None  # no edges: nothing to fit
    from friendship_graph.analysis import _power_law

    gamma, xmin, error, tail = _power_law(list(degrees))
    assert gamma == pytest.approx(2.5, abs=0.1)
    assert error < 0.05 and tail > 1000 and xmin >= 1


def test_sampled_distances_say_so_and_are_close() -> None:
    graph = nx.grid_2d_graph(20, 20)
    exact = values(network_statistics(graph, ["diameter", "mean_distance"]))
    table = network_statistics(graph, ["diameter", "mean_distance"], samples=40)
    sampled = values(table)
    assert sampled["diameter"] <= exact["diameter"] == 38
    assert sampled["mean_distance"] == pytest.approx(exact["mean_distance"], rel=0.1)
    assert all("sampled" in row[2] for row in table.rows)
    assert "standard error" in table.rows[1][2]


def test_rankings() -> None:
    graph = nx.karate_club_graph()
    assert [row[1] for row in rank(graph, "degree", top=2).rows] == ["33", "0"]
    betweenness = rank(graph, "betweenness", top=1)
    assert betweenness.rows[0][1] == "0"
    assert betweenness.rows[0][3] == pytest.approx(0.437635, abs=1e-5)
    assert "exact" in betweenness.notes[0]
    sampled = rank(graph, "betweenness", top=3, samples=10)
    assert "approximated from 10" in sampled.notes[0]
    assert rank(graph, "pagerank", top=1).rows[0][1] == "33"
    assert rank(graph, "eigenvector", top=1).rows[0][1] == "33"
    with pytest.raises(FriendshipGraphError):
        rank(graph, "fame")


def test_eigenvector_on_a_disconnected_graph() -> None:
    graph = nx.disjoint_union(nx.complete_graph(5), nx.path_graph(3))
    table = rank(graph, "eigenvector", top=None)
    assert len(table.rows) == 8
    assert table.rows[0][3] > 0


def test_communities_and_components() -> None:
    graph = nx.karate_club_graph()
    first = communities(graph)
    assert first.rows == communities(graph).rows  # fixed seed
    modularity = float(re.search(r"modularity ([0-9.]+)", first.notes[0]).group(1))
    assert 0.35 < modularity < 0.45
    two = nx.disjoint_union(nx.complete_graph(4), nx.path_graph(2))
    table = components(two)
    assert [row[1] for row in table.rows] == [4, 2]


@pytest.fixture
def small_graph() -> nx.MultiGraph:
    with Store.memory() as store:
        store.load_files([DATA / "small.trig"])
        yield to_networkx(store, events="none")


def test_paths_and_ego_on_the_projection(small_graph: nx.MultiGraph) -> None:
    alpha, delta = find_node(small_graph, "Alpha"), find_node(small_graph, "Delta")
    one = shortest_paths(small_graph, alpha, delta)
    assert len({row[0] for row in one.rows}) == 1
    assert len(one.rows) == 3
    every = shortest_paths(small_graph, alpha, delta, all_paths=True)
    chains = {}
    for path, _step, _node, label, _via in every.rows:
        chains.setdefault(path, []).append(label)
    assert sorted(c[1] for c in chains.values()) == ["Beta \"the Second\" <b>&amp; </script>",
                                                     "Gamma County"]
    assert any("twinning" in row[4] for row in every.rows)
    table = ego(small_graph, alpha)
    assert {row[1] for row in table.rows if row[2] == 1} == {
        "Beta \"the Second\" <b>&amp; </script>", "Gamma County"}
    beta_row = next(row for row in table.rows if row[1].startswith("Beta"))
    assert "sister-city" in beta_row[3] and "twinning" in beta_row[3]
    lonely = nx.MultiGraph([(1, 2)])
    lonely.add_node(3)
    assert shortest_paths(lonely, 1, 3).rows == []


def test_any_network_file_bare_edge_list_csv_graphml() -> None:
    pairs = read_graph(DATA / "pairs.csv")
    assert set(pairs) == {"Alpha", "Beta", "Gamma", "New York"}
    report = analyze(pairs, rankings=["degree"], top=1)
    assert report.table("rank_degree").rows[0][2] in {"Alpha", "Beta"}
    with pytest.raises(FriendshipGraphError, match="no such file"):
        read_graph(DATA / "missing.edges")


def test_bad_edge_list_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1 2\nlonely\n", encoding="utf-8")
    with pytest.raises(FriendshipGraphError, match=r"bad.txt:2"):
        read_graph(bad)


def test_output_formats_escape_user_text(small_graph: nx.MultiGraph) -> None:
    small_graph.nodes[find_node(small_graph, "Delta")]["label"] = "[bold red]Delta[/]"
    report = analyze(small_graph, stats=["nodes", "edges"], rankings=["degree"], top=10)
    text = format_report(report, "table")
    assert "[bold red]Delta[/]" in text
    assert "Network statistics" in text
    data = json.loads(format_report(report, "json"))
    assert [t["name"] for t in data["tables"]] == ["statistics", "rank_degree"]
    assert data["tables"][0]["rows"][0] == {"statistic": "nodes", "value": 5,
                                            "method": "exact"}
    csv_text = format_report(report, "csv")
    assert csv_text.startswith("# statistics\nstatistic,value,method\n")
    section = csv_text.split("# rank_degree\n", 1)[1]
    rows = list(csv.reader(io.StringIO(section)))
    assert rows[0] == ["rank", "node", "label", "degree"]
    assert "[bold red]Delta[/]" in {r[2] for r in rows[1:]}
    single = format_report(analyze(small_graph, stats=["nodes"]), "csv")
    assert single == "statistic,value,method\nnodes,5,exact\n"


def test_analyze_defaults_and_labels_callback() -> None:
    graph = nx.path_graph(["a", "b", "c"], create_using=nx.MultiGraph)
    report = analyze(graph, rankings=["degree"], top=1, labels=lambda ids: {"b": "Bee"})
    assert report.table("rank_degree").rows[0][1:3] == ["b", "Bee"]
    assert [t.name for t in analyze(graph).tables] == ["statistics"]
    with pytest.raises(FriendshipGraphError, match="unknown statistic"):
        analyze(graph, stats=["size"])


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    from click.testing import CliRunner

    from friendship_graph.cli import main

    path = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["--store", path, "load", str(DATA / "small.trig")])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str):  # noqa: ANN201
    from click.testing import CliRunner

    from friendship_graph.cli import main

    return CliRunner().invoke(main, list(args))


def test_cli_analyze_statistics_and_rankings(store_path: str) -> None:
    result = run("--store", store_path, "analyze", "--events", "none", "--format", "json")
    assert result.exit_code == 0, result.output
    stats = {r["statistic"]: r["value"] for r in json.loads(result.output)["tables"][0]["rows"]}
    assert stats["nodes"] == 5 and stats["edges"] == 6 and stats["unique_edges"] == 5
    result = run("--store", store_path, "analyze", "--rank", "degree", "--rank", "betweenness",
                 "--top", "2", "--events", "none", "--status", "established")
    assert result.exit_code == 0, result.output
    assert "Ranking by degree" in result.output and "Ranking by betweenness" in result.output
    assert "Delta" in result.output  # labels are looked up for the rows shown
    csv_out = run("--store", store_path, "analyze", "--stat", "triangles", "--format", "csv",
                  "--as-of", "2000", "--isolates")
    assert csv_out.exit_code == 0, csv_out.output
    # The 1990 agreement node, Alpha and Beta (partners since 1990) make a triangle.
    assert csv_out.output.splitlines()[1].startswith("triangles,1,")


def test_cli_analyze_communities_components_ego(store_path: str) -> None:
    result = run("--store", store_path, "analyze", "--communities", "--components", "--ego",
                 "Gamma County", "--format", "json", "--events", "none")
    assert result.exit_code == 0, result.output
    names = [t["name"] for t in json.loads(result.output)["tables"]]
    assert names == ["communities", "components", "ego"]
    ego_rows = json.loads(result.output)["tables"][2]["rows"]
    assert {r["label"] for r in ego_rows if r["distance"] == 1} == {"Alpha", "Delta"}


def test_cli_path(store_path: str) -> None:
    result = run("--store", store_path, "path", "Epsilon", "Gamma County", "--events", "none",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["tables"][0]["rows"]
    assert [r["label"] for r in rows] == ["Epsilon", "Delta", "Gamma County"]
    assert "twinning" in rows[2]["via"]
    every = run("--store", store_path, "path", "Alpha", "Delta", "--all", "--events", "none")
    assert every.exit_code == 0 and "2 shortest path(s) of length 2" in every.output
    missing = run("--store", store_path, "path", "Alpha", "Atlantis")
    assert missing.exit_code == 2
    assert "error: no place or node is labelled 'Atlantis'" in missing.output
    assert "Traceback" not in missing.output


def test_path_through_events_only_when_asked(jinzhong_store: Store) -> None:
    """The report has no partnership between Provins and Jinzhong: partnerships alone do not
    join them; through the Kyakhta delegation's visit they are three steps apart. The notes
    say which relations were followed."""
    alone = analyze_store(jinzhong_store, {"events": "none"},
                          path_names=("Provins", "Jinzhong")).tables[0]
    assert alone.rows == []
    followed = next(n for n in alone.notes if n.startswith("relations followed: "))
    assert "sister-city / friendship-city partnership" in followed
    assert "delegation visit" not in followed
    through = analyze_store(jinzhong_store, {"events": "nodes"},
                            path_names=("Provins", "Jinzhong")).tables[0]
    assert [row[3] for row in through.rows][1:3] == [
        "Pingyao County", "Kyakhta City Government delegation visits Jinzhong"]
    assert "delegation visit" in next(n for n in through.notes
                                      if n.startswith("relations followed: "))


def test_cli_path_follows_partnerships_unless_asked(store_path: str) -> None:
    default = run("--store", store_path, "path", "Alpha", "Gamma County", "--format", "json")
    assert default.exit_code == 0, default.output
    table = json.loads(default.stdout)["tables"][0]
    assert {r["via"] for r in table["rows"]} == {"", "friendly-exchange relationship (intended)"}
    assert "relations followed: friendly-exchange relationship, sister-city / friendship-city " \
           "partnership, twinning" in table["notes"]
    assert default.stderr == "events and agreements left out: --events nodes also goes " \
                             "through them\n"
    events = run("--store", store_path, "path", "Alpha", "Gamma County", "--events", "nodes",
                 "--format", "json")
    notes = json.loads(events.stdout)["tables"][0]["notes"]
    assert any(n.startswith("relations followed: ") and "delegation visit" in n for n in notes)
    assert events.stderr == ""  # asked for: no hint
    assert run("--store", store_path, "path", "Alpha", "Delta", "--events", "none").stderr == ""


@pytest.mark.slow
def test_cli_path_on_the_default_store_is_made_of_partnerships() -> None:
    from friendship_graph.store.default import default_store

    default_store().close()
    result = run("path", "Jinzhong", "Provins", "--format", "json")
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)["tables"][0]
    kinds = {"twinning (established)",
             "sister-city / friendship-city partnership (established)"}
    assert {r["via"] for r in table["rows"][1:]} <= kinds
    assert len(table["rows"]) > 4  # longer than the 3 steps through the Kyakhta visit
    followed = next(n for n in table["notes"] if n.startswith("relations followed: "))
    assert "twinning" in followed and "visit" not in followed


def test_cli_analyze_an_edge_list_file() -> None:
    result = run("analyze", "--edges", str(DATA / "konect-style.edges"), "--stat", "triangles",
                 "--stat", "edges", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "triangles,1,exact; simple graph",
        "edges,6,exact; parallel edges counted (KONECT volume m)"]
    path = run("path", "1", "5", "--edges", str(DATA / "konect-style.edges"), "--format", "csv")
    assert path.exit_code == 0, path.output
    assert [line.split(",")[2] for line in path.output.splitlines()[1:]] == ["1", "3", "4", "5"]
    bad = run("analyze", "--edges", str(DATA / "konect-style.edges"), "--stat", "bogus")
    assert bad.exit_code == 2 and "unknown statistic 'bogus'" in bad.output


def test_sampled_betweenness_on_several_cores_equals_networkx() -> None:
    from friendship_graph.analysis import SEED, _sampled_betweenness

    graph = nx.barabasi_albert_graph(300, 2, seed=3)
    expected = nx.betweenness_centrality(graph, k=60, seed=SEED)
    got, _workers = _sampled_betweenness(graph, 60)
    assert got == pytest.approx(expected, abs=1e-12)
    table = rank(graph, "betweenness", top=3, samples=60)
    assert "approximated from 60" in table.notes[0]
    best = max(expected, key=expected.get)
    assert table.rows[0][1] == str(best)
