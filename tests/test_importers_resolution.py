"""Entity resolution across sources (issue 17): identifiers first, scored names, the review list
and a curator's decisions, the self-pair rule, positions checked against the country."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from friendship_graph.cli import main
from friendship_graph.geo.checks import check_position
from friendship_graph.importers.edges import import_edges
from friendship_graph.importers.gexf import import_gexf
from friendship_graph.importers.identifiers import Identifier, parse_identifier
from friendship_graph.importers.pairs import import_pairs
from friendship_graph.importers.quality import correct_positions
from friendship_graph.importers.review import (
    DECISIONS_GRAPH,
    read_decisions,
    record_decisions,
    write_review_csv,
)
from friendship_graph.importers.scoring import NameCues, compare_names
from friendship_graph.network import to_networkx
from friendship_graph.store import Store
from friendship_graph.vocab import FG, FGC, GEO, GRAPH, ID, OWL, RDFS, SKOS, WD

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def partners(store: Store, place: str) -> set[str]:
    rows = store.query("""SELECT DISTINCT ?other WHERE { ?p fg:partner ?place , ?other .
                          FILTER (?other != ?place) }""", {"place": ID[f"place/{place}"]}).rows
    return {str(r[0]).rsplit("/place/", 1)[-1] for r in rows}


def objects(store: Store, subject, predicate) -> set:  # noqa: ANN001
    return {o for _s, _p, o, _g in store.quads(subject, predicate, None)}


def gexf(path: Path, nodes: list[tuple[str, str, str, float, float]],
         edges: list[tuple[str, str]]) -> Path:
    """A small GEXF like the Wikidata file: node id = Q-id, attributes country, lat, lon."""
    node_xml = "".join(
        f'<node id="{i}" label="{label}"><attvalues><attvalue for="0" value="{country}"/>'
        f'<attvalue for="1" value="{lat}"/><attvalue for="2" value="{lon}"/></attvalues></node>'
        for i, label, country, lat, lon in nodes)
    edge_xml = "".join(f'<edge id="{n}" source="{u}" target="{v}"/>'
                       for n, (u, v) in enumerate(edges))
    return write(path, f"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="undirected">
<attributes class="node"><attribute id="0" title="country" type="string"/>
<attribute id="1" title="lat" type="double"/><attribute id="2" title="lon" type="double"/>
</attributes><nodes>{node_xml}</nodes><edges>{edge_xml}</edges></graph></gexf>""")


def test_falkenstein_and_falkenstein_339_km_apart_are_a_real_pair(memory_store: Store,
                                                                  tmp_path: Path) -> None:
    """Same name and country is not the same place: the rule compares identity."""
    path = write(tmp_path / "f.csv", HEADER + "Falkenstein,Germany,50.478,12.371,"
                 "Falkenstein,Germany,49.096,12.487\n" + "Nienburg,Germany,52.64,9.21,"
                 "Nienburg,Germany,52.641,9.211\n"
                 "L'Aquila,Italy,42.35,13.4,Sant'Angelo d'Alife,Italy,42.35,13.4\n")
    report = import_pairs(memory_store, path, name="f")
    assert report.partnerships_created == 2
    assert [r[1] for r in report.rejected] == ["self-pair"]  # the two Nienburgs: 0.1 km apart
    # two names at one position: a geocoding error, reported; the pair is kept
    assert [c[1] for c in report.conflicts if "L'Aquila" in c[2]] == ["position"]
    assert partners(memory_store, "de/falkenstein") == {"de/falkenstein-2"}


def test_frankfurt_and_frankfurt_am_main_are_one_place(memory_store: Store,
                                                       tmp_path: Path) -> None:
    """The partner lists of Frankfurt and Frankfurt am Main (same position) are one list; the
    merge is on the review list, so that a curator can undo it."""
    path = write(tmp_path / "fr.csv", HEADER
                 + "Deuil-la-Barre,France,48.9767,2.3272,Frankfurt,Germany,50.1106,8.6822\n"
                 + "Toronto,Canada,43.6525,-79.3817,Frankfurt am Main,Germany,50.1106,8.6821\n"
                 + "Lyon,France,45.7675,4.835,Frankfurt am Main,Germany,50.1106,8.6821\n"
                 + "Vratsa,Bulgaria,43.2,23.55,Frankfurt an der Oder,Germany,52.3412,14.5495\n"
                 + "Bury St Edmunds,England,52.2463,0.7111,Kevelaer,Germany,51.58,6.24\n"
                 + "Bury,England,52.2463,0.7111,Angoulême,France,45.65,0.16\n")
    report = import_pairs(memory_store, path, name="fr")
    assert partners(memory_store, "de/frankfurt") == {"fr/deuil-la-barre", "ca/toronto",
                                                      "fr/lyon"}
    assert not partners(memory_store, "de/frankfurt-am-main")
    assert partners(memory_store, "de/frankfurt-an-der-oder") == {"bg/vratsa"}  # 340 km away
    labels = {str(o) for o in objects(memory_store, ID["place/de/frankfurt"], SKOS.altLabel)}
    assert labels == {"Frankfurt am Main"}
    merged = [i for i in report.review if i.outcome == "merged"]
    assert [(i.label, i.candidate) for i in merged] == [
        ("Frankfurt am Main", str(ID["place/de/frankfurt"]))]
    # "Bury St Edmunds" at the same spot is another town: left apart, for review
    apart = [i for i in report.review if i.outcome == "kept apart"]
    assert [(i.label, i.candidate_label) for i in apart] == [("Bury", "Bury St Edmunds")]
    assert report.merged_by == {"score": 1}


def test_city_cues_come_from_the_ontology(memory_store: Store, tmp_path: Path) -> None:
    """'City of Brussels' is Brussels (the name cue 'City' of fg:City); 'Los Angeles County'
    is not Los Angeles (the cue 'County' of fg:County)."""
    path = write(tmp_path / "b.csv", HEADER
                 + "Brussels,Belgium,50.8467,4.3525,Prague,Czech Republic,50.0875,14.4214\n"
                 + "City of Brussels,Belgium,50.8466,4.3528,Atlanta,United States,33.7,-84.4\n"
                 + "Los Angeles,United States,34.05,-118.25,Berlin,Germany,52.52,13.405\n"
                 + "Los Angeles County,United States,34.05,-118.25,Kyiv,Ukraine,50.45,30.52\n")
    import_pairs(memory_store, path, name="b")
    assert partners(memory_store, "be/brussels") == {"cz/prague", "us/atlanta"}
    assert partners(memory_store, "us/los-angeles-county") == {"ua/kyiv"}


def test_amsterdam_q727_and_q9899_are_one_place(memory_store: Store, tmp_path: Path) -> None:
    """Two Wikidata items for one city 2.2 km apart (the municipality and the city): merged on
    the score, both ids kept; the pair is on the review list with its reasons."""
    path = gexf(tmp_path / "a.gexf", [
        ("Q727", "Amsterdam", "Netherlands", 52.383333333, 4.9),
        ("Q9899", "Amsterdam", "Netherlands", 52.366666666, 4.883333333),
        ("Q1085", "Prague", "Czech Republic", 50.0875, 14.4214),
        ("Q64", "Berlin", "Germany", 52.52, 13.405)], [("Q727", "Q1085"), ("Q9899", "Q64")])
    report = import_gexf(memory_store, path, name="a")
    amsterdam = ID["place/nl/amsterdam"]
    assert partners(memory_store, "nl/amsterdam") == {"cz/prague", "de/berlin"}
    assert objects(memory_store, amsterdam, OWL.sameAs) == {WD.Q727, WD.Q9899}
    (item,) = report.review
    assert item.outcome == "merged" and "different wikidata ids Q9899 / Q727" in item.reasons


def test_qid_edge_list_with_a_node_file_merges_by_id(memory_store: Store,
                                                     tmp_path: Path) -> None:
    """An edge list of Q-id pairs and a Q-id -> label file land on the places another source
    gave those Q-ids, whatever the labels (Weimar is not made twice)."""
    wikidata = gexf(tmp_path / "wd.gexf", [
        ("Q3955", "Weimar", "Germany", 50.98, 11.33),
        ("Q90", "Paris", "France", 48.857, 2.352)], [("Q3955", "Q90")])
    import_gexf(memory_store, wikidata, name="wikidata-sister-cities")
    edges = write(tmp_path / "crawl.tsv", "Q3955 Q1490\nQ90 Q1490\nQ3955 Q90\n")
    nodes = write(tmp_path / "labels.csv", "id,label,language\nQ3955,Weimar (Thüringen),de\n"
                  "Q90,Paris,fr\nQ1490,東京,ja\n")
    report = import_edges(memory_store, edges, as_places=True, nodes=nodes, name="crawl")
    assert report.places_merged == 2 and report.merged_by == {"id": 2}
    assert report.partnerships_merged == 1  # Weimar-Paris, stated by both sources
    weimar = ID["place/de/weimar"]
    assert (weimar, SKOS.altLabel, _lit("Weimar (Thüringen)", "de")) in set(
        (s, p, o) for s, p, o, _g in memory_store.quads(weimar, SKOS.altLabel, None))
    tokyo = ID["node/crawl/q1490"]
    assert objects(memory_store, tokyo, OWL.sameAs) == {WD.Q1490}
    assert partners(memory_store, "de/weimar") == {"fr/paris", str(tokyo)}


def _lit(text: str, lang: str):  # noqa: ANN202
    from rdflib import Literal

    return Literal(text, lang=lang)


def test_a_curators_decisions_are_data_that_later_imports_follow(
        memory_store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "fr.csv", HEADER
                 + "Lyon,France,45.7675,4.835,Frankfurt,Germany,50.1106,8.6822\n"
                 + "Toronto,Canada,43.6525,-79.3817,Frankfurt am Main,Germany,50.1106,8.6821\n"
                 + "Bury St Edmunds,England,52.2463,0.7111,Kevelaer,Germany,51.58,6.24\n"
                 + "Bury,England,52.2463,0.7111,Angoulême,France,45.65,0.16\n")
    report = import_pairs(memory_store, path, name="fr")
    sheet = tmp_path / "review.csv"
    write_review_csv(report.review, sheet)
    with open(sheet, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # undo the Frankfurt merge, make the Bury one
        row["decision"] = "keep apart" if row["outcome"] == "merged" else "merge"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert record_decisions(memory_store, [sheet], curator="A. Curator") == {
        "merge": 1, "keep apart": 1}
    decisions = read_decisions(memory_store)
    assert decisions.kept_apart(str(ID["place/de/frankfurt"]),
                                str(ID["place/de/frankfurt-am-main"]))
    assert DECISIONS_GRAPH in memory_store.graphs()
    again = import_pairs(memory_store, path, name="fr")
    assert partners(memory_store, "de/frankfurt-am-main") == {"ca/toronto"}
    assert partners(memory_store, "gb/bury-st-edmunds") == {"de/kevelaer", "fr/angouleme"}
    assert again.merged_by == {"decision": 1}


def test_decisions_refused_in_one_line(memory_store: Store, tmp_path: Path) -> None:
    sheet = write(tmp_path / "bad.csv", "place,candidate,decision\n"
                  f"{ID['place/de/a']},{ID['place/de/b']},maybe\n")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "decide", str(sheet)])
    assert result.exit_code == 2 and "bad.csv:2: decision 'maybe'" in result.stderr


def test_positions_outside_the_country_are_marked_and_corrected(memory_store: Store,
                                                                tmp_path: Path) -> None:
    """The Wikipedia list put Rome (US) at Rome, Italy; Wikidata has Rome, Georgia: the places
    meet although 8,000 km apart, the mark stays, the position becomes Wikidata's."""
    wikipedia = write(tmp_path / "wp.csv", HEADER
                      + "Kumamoto,Japan,32.8031,130.7078,Rome,United States,41.8933,12.4828\n"
                      + "Westerlo,Belgium,51.0833,4.9167,Westerlo,United States,51.0833,4.9167\n")
    report = import_pairs(memory_store, wikipedia, name="wp")
    assert {place.rsplit("/", 2)[-2] for _row, place, _d in report.outside} == {"us"}
    assert len(report.outside) == 2 and "lies in IT" in report.outside[0][2] + \
        report.outside[1][2]
    rome = ID["place/us/rome"]
    assert (rome, FG.qualityIssue, FGC.coordinatesOutsideCountry) in {
        (s, p, o) for s, p, o, _g in memory_store.quads(rome, FG.qualityIssue, None)}
    wikidata = gexf(tmp_path / "wd.gexf", [
        ("Q184116", "Rome", "United States of America", 34.257, -85.165),
        ("Q9", "Kumamoto", "Japan", 32.8031, 130.7078)], [("Q184116", "Q9")])
    second = import_gexf(memory_store, wikidata, name="wd")
    assert second.places_created == 0 and len(second.corrected) == 1
    assert correct_positions(memory_store) == 1
    lats = {(str(o), str(g)) for _s, _p, o, g in memory_store.quads(rome, GEO.lat, None)}
    assert lats == {("34.257", str(GRAPH["wd"]))}
    notes = [str(o) for _s, _p, o, _g in memory_store.quads(rome, FG.uncertainty, None)]
    assert any("the position used is the one of" in n for n in notes)
    graph = to_networkx(memory_store)
    assert graph.nodes[str(rome)]["lat"] == 34.257


def test_check_position() -> None:
    assert check_position("US", 41.8933, 12.4828).lies_in == "IT"
    assert check_position("GB", 50.3714, -4.1422).ok  # Plymouth, on the coast
    assert not check_position("CA", 51.5541, -0.1744).ok  # ca/hampstead in London


def test_import_report_and_review_from_the_command_line(tmp_path: Path) -> None:
    path = write(tmp_path / "fr.csv", HEADER
                 + "Lyon,France,45.7675,4.835,Frankfurt,Germany,50.1106,8.6822\n"
                 + "Toronto,Canada,43.6525,-79.3817,Frankfurt am Main,Germany,50.1106,8.6821\n"
                 + "Kumamoto,Japan,32.8031,130.7078,Rome,United States,41.8933,12.4828\n")
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "import", "pairs",
                                       str(path), "--report", str(tmp_path / "r.csv"),
                                       "--review", str(tmp_path / "review.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert "resolution: 1 by score" in result.stderr
    assert "positions: 1 of 5 outside the place's country" in result.stderr
    text = (tmp_path / "r.csv").read_text(encoding="utf-8")
    kinds = {row["kind"] for row in csv.DictReader(text.splitlines())}
    assert {"position", "resolution"} <= kinds
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "Frankfurt am Main" in page and "<script" not in page


@given(st.text(max_size=40))
def test_identifiers_parse_or_refuse(text: str) -> None:
    found = parse_identifier(text)
    if found is not None:
        assert found == parse_identifier(found.value if found.scheme != "geonames"
                                         else f"geonames:{found.value}")
        assert isinstance(found, Identifier) and found.key.startswith(found.scheme + ":")


@given(st.text(max_size=30), st.text(max_size=30))
def test_name_comparison_is_symmetric(a: str, b: str) -> None:
    cues = NameCues(frozenset({"city"}), frozenset({"county"}))
    assert compare_names([a], [b], cues) == compare_names([b], [a], cues)


def test_rdfs_labels_only_once(memory_store: Store, tmp_path: Path) -> None:
    """A merged spelling is an alternative label, never a second rdfs:label."""
    path = write(tmp_path / "fr.csv", HEADER
                 + "Lyon,France,45.7675,4.835,Frankfurt,Germany,50.1106,8.6822\n"
                 + "Toronto,Canada,43.6525,-79.3817,Frankfurt am Main,Germany,50.1106,8.6821\n")
    import_pairs(memory_store, path, name="fr")
    assert len(objects(memory_store, ID["place/de/frankfurt"], RDFS.label)) == 1


def test_identifier_columns_of_pairs(memory_store: Store, tmp_path: Path) -> None:
    """A pairs file with Wikidata and GeoNames columns: one id, one place, whatever the name."""
    path = write(tmp_path / "ids.csv", "city1,country1,wikidata1,city2,country2,geonames2\n"
                 "Köln,Germany,Q365,Liverpool,United Kingdom,2644210\n"
                 "Cologne,Germany,Q365,Kyoto,Japan,1857910\n")
    report = import_pairs(memory_store, path, name="ids")
    assert report.places_created == 3
    cologne = ID["place/de/koln"]
    assert objects(memory_store, cologne, OWL.sameAs) == {WD.Q365}
    assert partners(memory_store, "de/koln") == {"gb/liverpool", "jp/kyoto"}


def test_graphml_alignments_are_kept_with_their_source(memory_store: Store,
                                                       tmp_path: Path) -> None:
    """GeoNames ids, ISO 3166-2 codes and skos:exactMatch alignments from node attributes are
    stated in the source's graph, and a second source with the same GeoNames id meets them."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_node("a", label="Berlin", country="Germany", geonames="2950159",
                   exactMatch="http://dbpedia.org/resource/Berlin")
    graph.add_node("b", label="Paris", country="France", iso3166_2="FR-75")
    graph.add_edge("a", "b")
    nx.write_graphml(graph, tmp_path / "one.graphml")
    graph = nx.relabel_nodes(graph, {"a": "x"})
    graph.nodes["x"]["label"] = "Land Berlin"
    nx.write_graphml(graph, tmp_path / "two.graphml")
    from friendship_graph.importers.gexf import import_graphml

    import_graphml(memory_store, tmp_path / "one.graphml", name="one")
    second = import_graphml(memory_store, tmp_path / "two.graphml", name="two")
    assert second.places_created == 0 and second.merged_by == {"id": 2}  # GeoNames, ISO 3166-2
    berlin = ID["place/de/berlin"]
    statements = {(str(p), str(o), str(g)) for _s, p, o, g in memory_store.quads(berlin)}
    assert (str(SKOS.exactMatch), "http://dbpedia.org/resource/Berlin", str(GRAPH["one"])) \
        in statements
    assert (str(OWL.sameAs), "https://sws.geonames.org/2950159/", str(GRAPH["two"])) \
        in statements
    assert (str(FG.isoCode), "FR-75", str(GRAPH["one"])) in {
        (str(p), str(o), str(g)) for _s, p, o, g in memory_store.quads(ID["place/fr/paris"])}
