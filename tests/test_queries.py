"""The named query catalogue on the Jinzhong report: every query runs and answers what it says.

(Hostile parameter values for every query and parameter: tests/test_injection.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from friendship_graph.errors import ParameterError
from friendship_graph.queries import list_queries, run_query
from friendship_graph.store import Store
from friendship_graph.vocab import FG, FGC, ID

JINZHONG = Path(__file__).resolve().parent.parent / "data" / "jinzhong-2019-10-30.trig"
CATALOGUE = {"partners", "agreements", "events", "visits", "timeline", "countries",
             "country-pairs", "path", "network", "sources", "search"}
_STORE: dict[str, Store] = {}


@pytest.fixture(scope="module")
def store() -> Store:
    if "s" not in _STORE:
        _STORE["s"] = Store.memory()
        _STORE["s"].load_files([JINZHONG])
    return _STORE["s"]


def column(result, name: str) -> list[str]:  # noqa: ANN001
    return [str(row[name]) if row[name] is not None else None for row in result.dicts()]


PLACE = {p: ID[f"place/{p}"] for p in (
    "cn/jinzhong", "cn/pingyao", "vn/hoi-an", "la/luang-prabang", "hu/szolnok",
    "at/wals-siezenheim", "it/como", "fr/provins", "ru/kyakhta", "de/bikenfeierde")}
JINZHONG_PARTNERS = {PLACE[p] for p in ("vn/hoi-an", "la/luang-prabang", "hu/szolnok",
                                         "at/wals-siezenheim", "it/como")}


def test_the_catalogue_is_complete_and_documented() -> None:
    queries = {q.name: q for q in list_queries()}
    assert set(queries) >= CATALOGUE
    docs = (Path(__file__).resolve().parent.parent / "docs" / "queries.md").read_text("utf-8")
    for name in CATALOGUE:
        assert queries[name].description
        assert f"## {name}" in docs, f"docs/queries.md has no section for {name}"
        for parameter in queries[name].parameters:
            assert parameter.description


# ----------------------------------------------------------------------------- partners


@pytest.mark.parametrize("place", ["Jinzhong", "晋中", "晋中市", "jinzhong",
                                   str(PLACE["cn/jinzhong"])])
def test_partners_of_jinzhong_by_any_name(store: Store, place: str) -> None:
    rows = run_query(store, "partners", {"place": place}).dicts()
    established = {r["partner"] for r in rows if r["status"] == FGC.established}
    intended = {r["partner"] for r in rows if r["status"] == FGC.intended}
    assert established == JINZHONG_PARTNERS
    # The letter of intent on friendly exchange with 比肯菲尔德 is modelled as an intended
    # friendly-exchange relationship.
    assert intended == {PLACE["de/bikenfeierde"]}
    kinds = {r["partner"]: r["kind"] for r in rows}
    assert kinds[PLACE["de/bikenfeierde"]] == FG.FriendlyExchangeRelationship


@pytest.mark.parametrize("place", ["Pingyao", "平遥", "Pingyao County"])
def test_partners_of_pingyao(store: Store, place: str) -> None:
    rows = run_query(store, "partners", {"place": place}).dicts()
    assert {(r["partner"], r["status"]) for r in rows} == {
        (PLACE["fr/provins"], FGC.established), (PLACE["ru/kyakhta"], FGC.intended)}


def test_partners_as_of(store: Store) -> None:
    # Como was established on 2019-10-28; the others have no start date (count as in force);
    # the intended one never counts.
    before = {r["partner"] for r in run_query(store, "partners", {
        "place": "Jinzhong", "as_of": "2019-10-27"}).dicts()}
    assert before == JINZHONG_PARTNERS - {PLACE["it/como"]}
    for as_of in ("2019-10-28", "2019-10", "2019", "2020"):
        found = {r["partner"] for r in run_query(store, "partners", {
            "place": "Jinzhong", "as_of": as_of}).dicts()}
        assert found == JINZHONG_PARTNERS, as_of


def test_unknown_place_gives_nothing(store: Store) -> None:
    assert len(run_query(store, "partners", {"place": "Atlantis"})) == 0


# ----------------------------------------------------------------------------- agreements


def test_agreements_with_parties_signatories_areas_and_source(store: Store) -> None:
    rows = {r["agreement"]: r for r in run_query(store, "agreements").dicts()}
    assert len(rows) == 3
    como = rows[ID["agreement/jinzhong-como-friendship-cities-2019"]]
    assert como["type"] == FG.FormalAgreement
    assert str(como["signedOn"]) == "2019-10-28"
    assert set(str(como["parties"]).split(" | ")) == {"Jinzhong", "Province of Como"}
    assert "Chang Shuming (" in str(como["signatories"])
    assert "mayor" in str(como["signatories"]) and "for Jinzhong" in str(como["signatories"])
    assert set(str(como["areas"]).split(" | ")) == {
        "cultural tourism", "vocational education", "economy and trade"}
    assert como["partnership"] == ID["partnership/jinzhong-como"]
    assert como["partnershipStatus"] == FGC.established
    assert "China Report" in str(como["sources"])
    assert "建立国际友好城市协议书" in str(como["quotes"])


@pytest.mark.parametrize(("params", "expected"), [
    ({"place": "Jinzhong"}, {"jinzhong-bikenfeierde-letter-of-intent-2019",
                             "jinzhong-como-friendship-cities-2019"}),
    ({"place": "平遥"}, {"pingyao-kyakhta-letter-of-intent-2019"}),
    ({"kind": "LetterOfIntent"}, {"pingyao-kyakhta-letter-of-intent-2019",
                                  "jinzhong-bikenfeierde-letter-of-intent-2019"}),
    ({"kind": "意向书"}, {"pingyao-kyakhta-letter-of-intent-2019",
                         "jinzhong-bikenfeierde-letter-of-intent-2019"}),
    ({"kind": "formal agreement"}, {"jinzhong-como-friendship-cities-2019"}),
    ({"kind": str(FG.Agreement)}, {"pingyao-kyakhta-letter-of-intent-2019",
                                   "jinzhong-bikenfeierde-letter-of-intent-2019",
                                   "jinzhong-como-friendship-cities-2019"}),
    ({"status": "intended"}, {"pingyao-kyakhta-letter-of-intent-2019",
                              "jinzhong-bikenfeierde-letter-of-intent-2019"}),
    ({"status": "已建立"}, {"jinzhong-como-friendship-cities-2019"}),
    ({"from": "2019-08"}, {"jinzhong-bikenfeierde-letter-of-intent-2019",
                           "jinzhong-como-friendship-cities-2019"}),
    ({"to": "2019-08"}, {"pingyao-kyakhta-letter-of-intent-2019",
                         "jinzhong-bikenfeierde-letter-of-intent-2019"}),
    # A month-precision date overlaps any day of that month.
    ({"from": "2019-08-15", "to": "2019-08-15"}, {"jinzhong-bikenfeierde-letter-of-intent-2019"}),
    ({"from": "2020"}, set()),
    ({"kind": "Summit"}, set()),
])
def test_agreement_filters(store: Store, params: dict, expected: set) -> None:
    found = {str(a).rsplit("/", 1)[1] for a in column(run_query(store, "agreements", params),
                                                      "agreement")}
    assert found == expected


# ----------------------------------------------------------------------------- events, visits


def test_events_with_hosts_participants_and_counts(store: Store) -> None:
    rows = {r["event"]: r for r in run_query(store, "events").dicts()}
    summit = rows[ID["event/china-mongolia-russia-tea-road-mayors-summit-5"]]
    assert summit["type"] == FG.Summit
    assert set(str(summit["participants"]).split(" | ")) == {"China", "Mongolia", "Russia"}
    assert set(str(summit["reported"]).split(" | ")) == {"more than 400 people", "80 places"}
    campaign = rows[ID["event/consular-protection-campaign-2019-07"]]
    assert "Foreign Affairs Office of the Jinzhong Municipal People's Government" in str(
        campaign["hosts"])
    dates = [str(r["date"]) for r in run_query(store, "events").dicts() if r["date"]]
    assert dates == sorted(dates)


def test_event_filters(store: Store) -> None:
    summits = column(run_query(store, "events", {"kind": "Summit"}), "event")
    assert len(summits) == 2
    # Subclasses are included: trade missions are delegation visits.
    visits = column(run_query(store, "events", {"kind": "代表团访问"}), "type")
    assert str(FG.TradeMission) in visits
    march = column(run_query(store, "events", {"from": "2019-03", "to": "2019-03"}), "event")
    # The year-precision "2019" outbound visits overlap March 2019.
    assert str(ID["event/jinzhong-outbound-visits-2019"]) in march
    assert str(ID["event/jinzhong-delegation-visit-france-2019-03"]) in march
    assert str(ID["event/como-delegation-visit-2019-10-28"]) not in march
    pingyao = column(run_query(store, "events", {"place": "Pingyao"}), "event")
    assert len(pingyao) == 4  # three festivals located there, one visit it took part in


def test_visits_inbound_and_outbound(store: Store) -> None:
    rows = {str(r["visit"]).rsplit("/", 1)[1]: r
            for r in run_query(store, "visits", {"place": "Jinzhong"}).dicts()}
    direction = {k: str(r["direction"]) for k, r in rows.items()}
    assert direction == {
        "jinzhong-outbound-visits-2019": "outbound",
        "kyakhta-delegation-visit-2019-02": "inbound",
        "jinzhong-delegation-visit-france-2019-03": "outbound",
        "jinzhong-trade-mission-germany-2019-08": "outbound",
        "bikenfeierde-delegation-visit-2019-10-22": "inbound",
        "como-delegation-visit-2019-10-28": "inbound",
    }
    assert str(rows["jinzhong-trade-mission-germany-2019-08"]["purpose"]) == (
        "Economic and trade negotiations")
    assert str(rows["jinzhong-trade-mission-germany-2019-08"]["purposeOriginal"]) == "经贸洽谈"
    assert run_query(store, "visits").dicts()[0]["direction"] is None
    pingyao = run_query(store, "visits", {"place": "Pingyao"}).dicts()
    assert [str(r["direction"]) for r in pingyao] == ["participant"]


# ----------------------------------------------------------------------------- timeline


def test_timeline_in_order(store: Store) -> None:
    rows = run_query(store, "timeline", {"place": "Jinzhong"}).dicts()
    dates = [str(r["date"]) for r in rows]
    assert dates == sorted(dates)
    what = {str(r["what"]).rsplit("/", 1)[1] for r in rows}
    assert {"jinzhong-como", "jinzhong-como-friendship-cities-2019",
            "como-delegation-visit-2019-10-28", "jinzhong-foreign-affairs-office",
            "jinzhong-foreign-affairs-briefing-2019-10-30"} <= what
    pingyao = {str(r["what"]).rsplit("/", 1)[1]
               for r in run_query(store, "timeline", {"place": "平遥"}).dicts()}
    assert pingyao == {"pingyao-kyakhta", "pingyao-kyakhta-letter-of-intent-2019",
                       "kyakhta-delegation-visit-2019-02"}


# ----------------------------------------------------------------------------- countries


def test_countries_and_country_pairs(store: Store) -> None:
    rows = {str(r["countryLabel"]): r for r in run_query(store, "countries").dicts()}
    china = rows["China"]
    assert (int(china["partnerships"]), int(china["establishedCount"]),
            int(china["intendedCount"]), int(china["partnerCountries"])) == (8, 6, 2, 8)
    assert int(rows["Germany"]["intendedCount"]) == 1
    pairs = run_query(store, "country-pairs").dicts()
    assert len(pairs) == 8
    assert all(str(p["countryA"]) <= str(p["countryB"]) for p in pairs)
    established = run_query(store, "countries", {"status": "established"}).dicts()
    assert "Germany" not in {str(r["countryLabel"]) for r in established}


# ----------------------------------------------------------------------------- path


@pytest.mark.parametrize(("source", "target", "length", "via"), [
    ("Jinzhong", "Como", 1, []),
    ("Hội An", "Szolnok", 2, [PLACE["cn/jinzhong"]]),
    ("Kyakhta", "Provins", 2, [PLACE["cn/pingyao"]]),
])
def test_path_gives_the_shortest_chain(store: Store, source: str, target: str, length: int,
                                       via: list) -> None:
    rows = run_query(store, "path", {"from": source, "to": target}).dicts()
    assert rows and {int(r["length"]) for r in rows} == {length}
    assert [r["via1"] for r in rows if r["via1"]][:1] == via


def test_path_between_unlinked_places_is_empty(store: Store) -> None:
    # The Jinzhong and Pingyao partnerships are separate networks.
    assert len(run_query(store, "path", {"from": "Hội An", "to": "Provins"})) == 0


# ----------------------------------------------------------------------------- network


def test_network_is_a_construct_of_the_ego_network(store: Store) -> None:
    one = run_query(store, "network", {"place": "Szolnok"})
    assert one.kind == "graph"
    graph = one.graph()
    partners = set(graph.subjects(FG.partner, None))
    assert partners == {ID["partnership/jinzhong-szolnok"]}
    assert (PLACE["cn/jinzhong"], None, None) in graph  # the place one step away
    three = run_query(store, "network", {"place": "Szolnok", "depth": "3"}).graph()
    assert set(three.subjects(FG.partner, None)) >= {
        ID["partnership/jinzhong-como"], ID["partnership/jinzhong-bikenfeierde"]}
    assert len(three) > len(graph)


# ----------------------------------------------------------------------------- sources, search


def test_sources_with_quotes(store: Store) -> None:
    rows = run_query(store, "sources", {"subject": str(ID["partnership/jinzhong-como"])}).dicts()
    assert {int(r["paragraph"]) for r in rows} == {5, 6}
    assert all(r["source"] == ID["source/jinzhong-2019-10-30"] for r in rows)
    assert all(str(r["graph"]).endswith("/graph/jinzhong-2019-10-30") for r in rows)
    assert any("建立国际友好城市协议书" in str(r["quote"]) for r in rows)
    everything = run_query(store, "sources")
    assert len(everything) > 100


@pytest.mark.parametrize(("text", "thing"), [
    ("hoi an", "place/vn/hoi-an"), ("HỘI", "place/vn/hoi-an"), ("szolnok", "place/hu/szolnok"),
    ("晋中", "place/cn/jinzhong"), ("lombardía", "place/it/lombardy"),
    ("bonchicasca", "person/bangqikasika"), ("Provincia di Como", "place/it/como"),
    ("chang shuming", "person/chang-shuming"),
    ("marathon", "event/jinzhong-international-marathon"),
    ("外事办", "org/jinzhong-foreign-affairs-office"),
])
def test_search_ignores_case_and_accents(store: Store, text: str, thing: str) -> None:
    found = column(run_query(store, "search", {"text": text}), "thing")
    assert str(ID[thing]) in found


def test_search_puts_exact_matches_first_and_empty_text_finds_nothing(store: Store) -> None:
    rows = run_query(store, "search", {"text": "Jinzhong"}).dicts()
    assert rows[0]["thing"] == PLACE["cn/jinzhong"]
    assert len(run_query(store, "search", {"text": ""})) == 0


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from("aeiouàéîõüơư ńşç"), min_size=2, max_size=6))
def test_search_is_accent_insensitive_like_unicode_folding(store: Store, text: str) -> None:
    """Folding the text must not change what search finds for plain-Latin names: a text finds
    a plain-ASCII label exactly when the text with accents stripped is a part of it."""
    import unicodedata

    def fold(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", s.lower())
                       if not unicodedata.combining(c))

    found = {str(r["matched"]) for r in run_query(store, "search", {"text": text}).dicts()}
    expected = {str(label) for _, label in store.query(
        "SELECT ?x ?l WHERE { ?x rdfs:label ?l . ?x a/rdfs:subClassOf* fg:Place }").rows
        if str(label).isascii() and fold(text) in str(label).lower()}
    assert expected <= found


# ----------------------------------------------------------------------------- parameters


def test_every_named_query_runs_with_every_optional_parameter_left_out(store: Store) -> None:
    needed = {"place": "Jinzhong", "from": "Jinzhong", "to": "Szolnok", "text": "Jinzhong"}
    for query in list_queries():
        params = {p.name: needed[p.name] for p in query.parameters if p.required}
        result = run_query(store, query, params)
        assert len(result) > 0, query.name


@pytest.mark.parametrize("bad", ["2019-13", "19", "yesterday", "2019-02-30"])
def test_bad_dates_are_parameter_errors(store: Store, bad: str) -> None:
    with pytest.raises(ParameterError):
        run_query(store, "agreements", {"from": bad})


def test_literals_are_not_place_iris(store: Store) -> None:
    # A label that looks like SPARQL is just a label.
    assert len(run_query(store, "partners", {"place": 'x" || true || "'})) == 0
    assert len(run_query(store, "search", {"text": "}"})) == 0
    assert Literal("a") != URIRef("a")
