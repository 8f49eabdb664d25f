"""Checks of data/jinzhong-2019-10-30.trig and of the SHACL shapes in ontology/shapes.ttl.

Uses rdflib (and pyshacl for the shapes) only, not the package's store, so that the data and
the shapes can be checked on their own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

pyshacl = pytest.importorskip("pyshacl")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "jinzhong-2019-10-30.trig"
CORE = ROOT / "ontology" / "core.ttl"
RULES = ROOT / "ontology" / "rules.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "data" / "shapes"
# The article itself is not part of the repository (it is copyrighted); checked when present,
# in shared/sources/ next to the checkout (or next to a folder above it: worktrees).
ARTICLE_NAME = "jinzhong-foreign-affairs-2019-10-30.zh.txt"
SOURCE_TEXT = next((folder / "shared" / "sources" / ARTICLE_NAME for folder in ROOT.parents
                    if (folder / "shared" / "sources" / ARTICLE_NAME).is_file()),
                   ROOT.parent / "shared" / "sources" / ARTICLE_NAME)

GRAPH_IRI = URIRef("https://w3id.org/friendship-graph/graph/jinzhong-2019-10-30")
FG = Namespace("https://w3id.org/friendship-graph/ontology#")
FGC = Namespace("https://w3id.org/friendship-graph/concept/")
FGSH = Namespace("https://w3id.org/friendship-graph/shapes#")
ID = Namespace("https://w3id.org/friendship-graph/id/")
SOURCE = ID["source/jinzhong-2019-10-30"]

NS = {"fg": FG, "fgc": FGC, "id": ID, "rdfs": RDFS, "xsd": XSD, "rdf": RDF}

FIXTURE_FILES = sorted(p for p in FIXTURES.glob("*.ttl") if p.stem != "good")


# --------------------------------------------------------------------------- helpers


def _triples_of(path: Path) -> Graph:
    """All triples of a TriG file (every graph), as one graph."""
    ds = Dataset()
    ds.parse(path, format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _with_core(g: Graph) -> Graph:
    union = Graph()
    union.parse(CORE, format="turtle")
    for t in g:
        union.add(t)
    return union


def _results(data: Graph, shapes: Graph) -> list[tuple[URIRef, URIRef]]:
    """(source shape, severity) of each top-level validation result."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    out = []
    for rep in report.subjects(RDF.type, SH.ValidationReport):
        for r in report.objects(rep, SH.result):
            out.append((report.value(r, SH.sourceShape), report.value(r, SH.resultSeverity)))
    return out


def _rows(g: Graph, query: str) -> list:
    return list(g.query(query, initNs=NS))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = Dataset()
    ds.parse(DATA, format="trig")
    return ds


@pytest.fixture(scope="module")
def data() -> Graph:
    return _triples_of(DATA)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def core() -> Graph:
    return Graph().parse(CORE, format="turtle")


# --------------------------------------------------------------------------- the file


def test_trig_holds_one_named_graph(dataset: Dataset) -> None:
    graphs = {c for _, _, _, c in dataset.quads((None, None, None, None))}
    assert graphs == {GRAPH_IRI}
    assert len(dataset.graph(GRAPH_IRI)) > 500


def test_pyoxigraph_parses_the_trig() -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    quads = list(pyoxigraph.parse(path=str(DATA), format=pyoxigraph.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {str(GRAPH_IRI)}


def test_source_is_described(data: Graph) -> None:
    assert (SOURCE, RDF.type, FG.NewsReport) in data
    assert data.value(SOURCE, FG.publishedOn) == Literal("2019-10-30", datatype=XSD.date)
    assert str(data.value(SOURCE, URIRef("http://purl.org/dc/terms/language"))) == "zh"
    assert data.value(SOURCE, URIRef("http://purl.org/dc/terms/rights")) is not None
    assert data.value(SOURCE, URIRef("http://purl.org/dc/terms/title")) is not None
    author = data.value(SOURCE, FG.author)
    publisher = data.value(SOURCE, FG.publisher)
    assert Literal("王鑫", lang="zh") in set(data.objects(author, RDFS.label))
    assert (publisher, RDF.type, FG.Publisher) in data


def test_only_terms_of_the_ontology(data: Graph, core: Graph) -> None:
    for p in set(data.predicates()):
        if str(p).startswith(str(FG)):
            assert (p, None, None) in core, f"unknown property {p}"
    for c in set(data.objects(None, RDF.type)):
        assert (c, None, None) in core, f"unknown class {c}"
    for o in set(data.objects()):
        if isinstance(o, URIRef) and str(o).startswith(str(FGC)):
            assert (o, None, None) in core, f"unknown concept {o}"


def test_no_twinned_with_coordinates_or_identifiers_by_hand(data: Graph) -> None:
    assert (None, FG.twinnedWith, None) not in data
    assert (None, OWL.sameAs, None) not in data
    geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    assert not [p for p in data.predicates() if str(p).startswith(geo)]
    assert not [o for o in data.objects() if "wikidata.org" in str(o)]


def test_every_node_has_chinese_and_english_labels(data: Graph) -> None:
    for s in set(data.subjects()):
        langs = {lit.language for lit in data.objects(s, RDFS.label)}
        assert {"zh", "en"} <= langs, f"{s} lacks a @zh or @en label"


def test_every_node_is_supported_by_a_quotation(data: Graph) -> None:
    for s in set(data.subjects()):
        if s == SOURCE or (s, RDF.type, FG.Quotation) in data:
            continue
        quotes = list(data.objects(s, FG.supportedBy))
        assert quotes, f"{s} has no fg:supportedBy"
        for q in quotes:
            assert (q, RDF.type, FG.Quotation) in data
            assert data.value(q, FG.inSource) == SOURCE


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="the source article is not available")
def test_quotations_are_single_sentences_copied_exactly(data: Graph) -> None:
    paragraphs = [
        line for line in SOURCE_TEXT.read_text(encoding="utf-8").split("\n") if line.strip()
    ]
    quotes = set(data.subjects(RDF.type, FG.Quotation))
    assert quotes
    seen = set()
    for q in quotes:
        text = data.value(q, FG.quote)
        n = int(data.value(q, FG.paragraph))
        assert text.language == "zh"
        assert str(text) in paragraphs[n - 1], f"{q}: not in paragraph {n}"
        sentences = re.findall(r"[^。]*。|[^。]+$", paragraphs[n - 1])
        assert any(str(text) in s for s in sentences), f"{q}: more than one sentence"
        assert str(text) not in seen, f"{q}: the same sentence is quoted twice"
        seen.add(str(text))


# --------------------------------------------------------------------------- shapes


def test_jinzhong_data_conforms_to_the_shapes(data: Graph, shapes: Graph) -> None:
    results = _results(_with_core(data), shapes)
    violations = [r for r in results if r[1] == SH.Violation]
    assert violations == []
    assert results == [], "the data should not raise warnings either"


def test_good_fixture_passes(shapes: Graph) -> None:
    good = Graph().parse(FIXTURES / "good.ttl", format="turtle")
    assert _results(_with_core(good), shapes) == []


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_bad_fixture_breaks_only_its_shape(fixture: Path, shapes: Graph) -> None:
    expected = FGSH[fixture.stem]
    assert (expected, SH.message, None) in shapes, f"no shape fgsh:{fixture.stem}"
    bad = Graph().parse(fixture, format="turtle")
    fired = {shape for shape, _ in _results(_with_core(bad), shapes)}
    assert fired == {expected}


def test_every_shape_has_message_labels_and_fixture(shapes: Graph) -> None:
    named = {
        s
        for cls in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, cls)
        if isinstance(s, URIRef)
    }
    assert len(named) >= 20
    for s in named:
        assert (s, SH.message, None) in shapes, f"{s} has no sh:message"
        langs = {lit.language for lit in shapes.objects(s, RDFS.label)}
        assert {"en", "zh"} <= langs, f"{s} lacks an en or zh label"
        assert shapes.value(s, SH.severity) in {SH.Violation, SH.Warning, SH.Info}
        local = str(s).removeprefix(str(FGSH))
        assert (FIXTURES / f"{local}.ttl").exists(), f"no fixture for {s}"


# --------------------------------------------------------------------------- facts (SPARQL)


def test_five_established_city_level_partnerships_of_jinzhong(data: Graph) -> None:
    rows = _rows(
        _with_core(data),
        """
        SELECT ?other WHERE {
            ?p a/rdfs:subClassOf* fg:Partnership ;
               fg:partner <https://w3id.org/friendship-graph/id/place/cn/jinzhong> , ?other ;
               fg:level fgc:cityLevel ;
               fg:status fgc:established .
            FILTER (?other != <https://w3id.org/friendship-graph/id/place/cn/jinzhong>)
        }
        """,
    )
    assert {r.other for r in rows} == {
        ID["place/vn/hoi-an"],
        ID["place/la/luang-prabang"],
        ID["place/hu/szolnok"],
        ID["place/at/wals-siezenheim"],
        ID["place/it/como"],
    }


def test_pingyao_partnerships(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?other ?status ?level ?intended WHERE {
            ?p fg:partner <https://w3id.org/friendship-graph/id/place/cn/pingyao> , ?other ;
               fg:status ?status ; fg:level ?level .
            OPTIONAL { ?p fg:intendedOn ?intended }
            FILTER (?other != <https://w3id.org/friendship-graph/id/place/cn/pingyao>)
        }
        """,
    )
    found = {(r.other, r.status, r.level): r.intended for r in rows}
    assert (ID["place/fr/provins"], FGC.established, FGC.countyLevel) in found
    kyakhta = found[(ID["place/ru/kyakhta"], FGC.intended, FGC.countyLevel)]
    assert kyakhta == Literal("2019-02", datatype=XSD.gYearMonth)


def test_como_agreement_signatories_roles_and_date(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?agreement ?date ?name ?role ?for WHERE {
            ?partnership fg:partner <https://w3id.org/friendship-graph/id/place/it/como> ;
                         fg:establishedBy ?agreement ;
                         fg:startDate ?start .
            ?agreement a fg:FormalAgreement ; fg:signedOn ?date ;
                       fg:signature ?sig .
            ?sig fg:signer ?person ; fg:inRole ?role ; fg:onBehalfOf ?for .
            ?person rdfs:label ?name . FILTER (lang(?name) = "zh")
            FILTER (?start = ?date)
        }
        """,
    )
    assert {r.date for r in rows} == {Literal("2019-10-28", datatype=XSD.date)}
    roles = {(str(r.name), r.role, r["for"]) for r in rows}
    assert roles == {
        ("常书铭", FGC.deputyPartySecretary, ID["place/cn/jinzhong"]),
        ("常书铭", FGC.mayor, ID["place/cn/jinzhong"]),
        ("邦奇卡斯卡", FGC.provincePresident, ID["place/it/como"]),
    }
    agreement = rows[0].agreement
    assert {FGC.culturalTourism, FGC.vocationalEducation, FGC.economyAndTrade} == set(
        data.objects(agreement, FG.cooperationArea)
    )
    assert {ID["place/cn/jinzhong"], ID["place/it/como"]} == set(data.objects(agreement, FG.party))


def test_letters_of_intent(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?title ?date WHERE {
            ?a a fg:LetterOfIntent ; fg:title ?title ; fg:signedOn ?date .
            FILTER (lang(?title) = "zh")
        }
        """,
    )
    assert {(str(r.title), r.date) for r in rows} == {
        ("缔结友好城市意向书", Literal("2019-02", datatype=XSD.gYearMonth)),
        ("友好交流意向书", Literal("2019-08", datatype=XSD.gYearMonth)),
    }


def test_policy_documents(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?title ?issuer WHERE {
            ?d fg:title ?title ;
               fg:appliesTo <https://w3id.org/friendship-graph/id/place/cn/jinzhong> .
            OPTIONAL { ?d fg:issuedBy ?issuer }
            FILTER (lang(?title) = "zh")
        }
        """,
    )
    titles = {str(r.title) for r in rows}
    assert "晋中市友好城市建设五年规划" in titles
    assert "晋中市外事礼宾工作实施办法" in titles
    assert "晋中市构建内陆地区对外开放新高地实施方案" in titles
    assert "晋中市参与“一带一路”建设行动计划" in titles
    plan = [r for r in rows if str(r.title) == "晋中市友好城市建设五年规划"]
    assert plan[0].issuer == ID["org/jinzhong-foreign-affairs-office"]


def test_tea_road_summit(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?summit ?edition ?series ?participant WHERE {
            ?summit a fg:Summit ; fg:edition ?edition ; fg:partOfSeries ?series ;
                    fg:participant ?participant .
            ?series a fg:EventSeries .
        }
        """,
    )
    assert {int(r.edition) for r in rows} == {5}
    assert {r.participant for r in rows} == {ID["country/cn"], ID["country/mn"], ID["country/ru"]}
    summit = rows[0].summit
    quantities = _rows(
        data,
        f"""
        SELECT ?value ?qualifier ?unit WHERE {{
            <{summit}> fg:reportedQuantity ?q .
            ?q fg:quantityValue ?value ; fg:qualifier ?qualifier ; fg:unit ?unit .
        }}
        """,
    )
    assert {(int(r.value), r.qualifier, r.unit) for r in quantities} == {
        (80, FGC.exactly, FGC.places),
        (400, FGC.moreThan, FGC.people),
    }
    # The report presents the summit among the platforms Jinzhong built (paragraph 8): Jinzhong
    # is its organiser (fg:host), supported by that sentence, with the doubt written down.
    assert list(data.objects(summit, FG.host)) == [ID["place/cn/jinzhong"]]
    assert list(data.objects(summit, FG.location)) == []
    quotes = {str(data.value(q, FG.quote)) for q in data.objects(summit, FG.supportedBy)}
    assert "三是积极搭建对外交往平台。" in quotes
    assert any(q.startswith("第五届中蒙俄万里茶道市长峰会") for q in quotes)
    uncertainty = str(data.value(summit, FG.uncertainty))
    assert "does not say in so many words that Jinzhong hosted" in uncertainty


def test_delegation_visit(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?visit ?date ?purpose WHERE {
            ?visit a fg:DelegationVisit ; fg:origin ?origin ;
                   fg:destination <https://w3id.org/friendship-graph/id/place/cn/jinzhong> ;
                   fg:date ?date ; fg:purpose ?purpose ; fg:visitor ?delegation .
            ?origin fg:country <https://w3id.org/friendship-graph/id/country/de> .
            ?delegation fg:delegationOf ?origin .
            FILTER (lang(?purpose) = "zh")
        }
        """,
    )
    assert len(rows) == 1
    assert rows[0].date == Literal("2019-10-22", datatype=XSD.date)
    assert "啤酒制造" in str(rows[0].purpose)
    areas = set(data.objects(rows[0].visit, FG.cooperationArea))
    assert {FGC.productPromotion, FGC.brewing, FGC.footballEducation} <= areas


def test_visits_resulting_in_agreements(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?visit ?date ?agreement WHERE {
            ?visit fg:date ?date ; fg:resultedIn ?agreement .
            ?agreement fg:signedOn ?date .
        }
        """,
    )
    assert len({r.agreement for r in rows}) == 3


def test_position_held(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?role ?in ?asOf WHERE {
            <https://w3id.org/friendship-graph/id/person/chang-shuming> fg:holds ?position .
            ?position fg:inRole ?role ; fg:positionIn ?in ; fg:asOf ?asOf .
        }
        """,
    )
    assert {(r.role, r["in"]) for r in rows} == {
        (FGC.mayor, ID["place/cn/jinzhong"]),
        (FGC.deputyPartySecretary, ID["org/jinzhong-party-committee"]),
    }
    assert {r.asOf for r in rows} == {Literal("2019-10-28", datatype=XSD.date)}


def test_reported_quantities_per_period(data: Graph) -> None:
    per_year = _rows(
        data,
        """
        SELECT ?value ?unit WHERE {
            <https://w3id.org/friendship-graph/id/place/cn/jinzhong> fg:reportedQuantity ?q .
            ?q fg:perPeriod fgc:perYear ; fg:quantityValue ?value ;
               fg:qualifier fgc:moreThan ; fg:unit ?unit .
        }
        """,
    )
    assert {(int(r.value), r.unit) for r in per_year} == {
        (20, FGC.batches),
        (500, FGC.personTimes),
    }
    during = _rows(
        data,
        """
        SELECT ?value ?unit WHERE {
            ?visit fg:reportedQuantity ?q .
            ?q fg:during "2019"^^xsd:gYear ; fg:quantityValue ?value ; fg:unit ?unit .
        }
        """,
    )
    assert {(int(r.value), r.unit) for r in during} == {(7, FGC.batches), (17, FGC.personTimes)}
    for q in data.subjects(RDF.type, FG.ReportedQuantity):
        assert data.value(q, FG.quantityValue).datatype == XSD.decimal


def test_foreign_affairs_office(data: Graph) -> None:
    office = ID["org/jinzhong-foreign-affairs-office"]
    assert (office, RDF.type, FG.GovernmentBody) in data
    assert data.value(office, FG.foundedOn) == Literal("2019-01", datatype=XSD.gYearMonth)
    assert data.value(office, FG.jurisdiction) == ID["place/cn/jinzhong"]
    assert len(set(data.objects(office, FG.responsibility))) >= 6


def test_every_partnership_has_a_quotation(data: Graph) -> None:
    partnerships = _rows(
        _with_core(data),
        """
        SELECT ?p (COUNT(?text) AS ?n) WHERE {
            ?p a/rdfs:subClassOf* fg:Partnership .
            OPTIONAL { ?p fg:supportedBy/fg:quote ?text }
        } GROUP BY ?p
        """,
    )
    assert len(partnerships) == 8
    assert all(int(r.n) >= 1 for r in partnerships)


def test_uncertain_romanised_labels(data: Graph) -> None:
    rows = _rows(
        data,
        """
        SELECT ?x ?zh ?romanised WHERE {
            ?x fg:romanisedLabel ?romanised ; fg:uncertainty ?why ; rdfs:label ?zh .
            FILTER (lang(?zh) = "zh")
        }
        """,
    )
    assert {str(r.zh) for r in rows} == {"比肯菲尔德市", "邦奇卡斯卡"}


def test_rules_derive_twinned_with_from_established_partnerships(data: Graph) -> None:
    rules = Graph().parse(RULES, format="turtle")
    construct = str(rules.value(FG.TwinnedWithRule, SH.construct))
    derived = Graph()
    for t in data.query(construct, initNs=NS):
        derived.add(t)
    pairs = {frozenset((s, o)) for s, _, o in derived}
    assert len(pairs) == 6
    assert frozenset((ID["place/cn/pingyao"], ID["place/fr/provins"])) in pairs
    assert frozenset((ID["place/cn/pingyao"], ID["place/ru/kyakhta"])) not in pairs
