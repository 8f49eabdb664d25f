"""Drafting facts from reports (friendship_graph.draft): our own test reports in Chinese and
English (tests/data/draft/), drafted against the bundled default store's gazetteer (the world
network, the curated Jinzhong data, CLDR countries); the command line; bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import DATA, TESTS
from friendship_graph.cli import main
from friendship_graph.draft import DraftError, Gazetteer, draft_article, draft_text
from friendship_graph.draft.gazetteer import draft_graphs
from friendship_graph.draft.reading import ArticleError, read_article
from friendship_graph.ontology import load_ontology, local_name
from friendship_graph.store import Store
from friendship_graph.validate import validate_graph
from friendship_graph.vocab import FG, FGC, ID

TEXTS = DATA / "draft"
REPORTS = {  # our own reports and their publication dates
    "zh-taiyuan": "2021-06-15", "zh-xian": "2022-09-30", "zh-traditional": "2019-06-01",
    "zh-guangzhou": "2023-12-20", "zh-yunnan": "2023-11-30", "en-edmonton": "2020-03-10",
    "en-szeged": "2021-06-01", "en-york": "2022-11-02", "en-perth": "2023-09-05",
    "en-jiangsu": "2021-12-20",
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    from friendship_graph.store.default import default_store

    with default_store() as store:
        return Gazetteer.from_store(store)


_DRAFTS: dict[str, Graph] = {}


def drafted(name: str, gazetteer: Gazetteer) -> Graph:
    if name not in _DRAFTS:
        dataset, _ = draft_text(TEXTS / f"{name}.txt", REPORTS[name], gazetteer=gazetteer)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        _DRAFTS[name] = graph
    return _DRAFTS[name]


def names(g: Graph, node: object) -> frozenset[str]:
    return frozenset(str(v) for v in g.objects(node, RDFS.label) if isinstance(v, Literal))


def name(g: Graph, node: object) -> str:
    """The shortest name (a place may be written "City of Edmonton" and "Edmonton")."""
    return min(names(g, node), key=lambda n: (len(n), n))


def of_class(g: Graph, root: URIRef) -> list[URIRef]:
    classes = load_ontology().subclasses(root)
    return sorted({s for c in classes for s in g.subjects(RDF.type, c)})


def partnerships(g: Graph) -> set[tuple]:
    return {(frozenset(name(g, p) for p in g.objects(n, FG.partner)),
             local_name(g.value(n, RDF.type)), local_name(g.value(n, FG.status)),
             local_name(g.value(n, FG.level)) if g.value(n, FG.level) else None)
            for n in of_class(g, FG.Partnership)}


def documents(g: Graph) -> set[tuple]:
    return {(local_name(g.value(n, RDF.type)), str(g.value(n, FG.title)),
             frozenset(name(g, p) for p in g.objects(n, FG.party)),
             str(g.value(n, FG.signedOn) or g.value(n, FG.date) or ""))
            for n in of_class(g, FG.Document)}


def events(g: Graph) -> set[tuple]:
    return {(local_name(g.value(n, RDF.type)), name(g, n),
             str(g.value(n, FG.date) or "")) for n in of_class(g, FG.Event)}


# ------------------------------------------------------------------ every report


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_fact_cites_its_sentence_and_the_draft_conforms(name: str,
                                                              gazetteer: Gazetteer) -> None:
    g = drafted(name, gazetteer)
    article = read_article(TEXTS / f"{name}.txt")
    sentences = {s.text: s.paragraph for s in article.sentences}
    quotes = list(g.subjects(RDF.type, FG.Quotation))
    assert quotes
    for quote in quotes:
        text = str(g.value(quote, FG.quote))
        assert text in sentences, text
        assert int(g.value(quote, FG.paragraph)) == sentences[text]
        assert g.value(quote, FG.quote).language == article.language
    skip = {FG.Quotation, FG.NewsReport, FG.DraftDataset, FG.Publisher}
    facts = {s for s, t in g.subject_objects(RDF.type) if t not in skip}
    assert all((fact, FG.supportedBy, None) in g for fact in facts)
    report = validate_graph(g)
    assert report.conforms, report.to_text()
    # never an invented identifier or coordinate
    assert (None, OWL.sameAs, None) not in g
    assert not [p for p in g.predicates() if "wgs84_pos" in str(p)]
    # the graph says of itself that it is a draft
    drafts = list(g.subjects(RDF.type, FG.DraftDataset))
    assert len(drafts) == 1 and str(drafts[0]).endswith(f"/draft/{name}")


# ------------------------------------------------------------------ Chinese


def test_taiyuan(gazetteer: Gazetteer) -> None:
    g = drafted("zh-taiyuan", gazetteer)
    assert {
        (frozenset({"布尔诺市", "太原市"}), "SisterCityPartnership", "established", "cityLevel"),
        (frozenset({"阳曲县", "博讷市"}), "SisterCityPartnership", "intended", "countyLevel"),
    } <= partnerships(g)
    ended = [p for p in partnerships(g) if p[0] == frozenset({"小店区", "卢布林市"})]
    assert [p[2] for p in ended] == ["ended"]
    assert {
        ("FormalAgreement", "建立友好城市关系协议书", frozenset({"布尔诺市", "太原市"}), "2021-03"),
        ("Memorandum", "友好合作备忘录", frozenset({"太原市", "萨拉戈萨市"}), "2020-11"),
        ("LetterOfIntent", "缔结友好城市意向书", frozenset({"阳曲县", "博讷市"}), "2021-05-20"),
        ("Regulation", "太原市对外交流工作规定", frozenset(), ""),
        ("Plan", "太原市国际友城发展计划", frozenset(), ""),
    } <= documents(g)
    ended_partnership = next(n for n in of_class(g, FG.Partnership)
                             if g.value(n, FG.status) == FGC.ended)
    assert str(g.value(ended_partnership, FG.endDate)) == "2018"
    assert ("DelegationVisit", "捷克布尔诺市代表团访问太原市", "2021-03") in events(g)
    assert any(e[0] == "Meeting" and e[2] == "2021-05" for e in events(g))  # 上月


def test_places_matched_and_new(gazetteer: Gazetteer) -> None:
    g = drafted("zh-taiyuan", gazetteer)
    taiyuan = ID["place/cn/taiyuan"]  # in the world network, in English only: by pinyin
    assert Literal("太原市", lang="zh") in set(g.objects(taiyuan, RDFS.label))
    assert "pinyin" in str(g.value(taiyuan, FG.uncertainty))
    brno = ID["place/cz/buernuo"]  # not in the store under this name: a candidate place
    assert (brno, RDF.type, FG.City) in g
    assert g.value(brno, FG.country) == ID["country/cz"]
    assert str(g.value(brno, FG.romanisedLabel)) == "Buernuo"
    assert "not an attested spelling" in str(g.value(brno, FG.uncertainty))
    assert (ID["country/cz"], FG.isoCode, Literal("CZ")) in g


def test_xian_events_dates_and_quantities(gazetteer: Gazetteer) -> None:
    g = drafted("zh-xian", gazetteer)
    found = events(g)
    assert ("Summit", "第三届丝绸之路国际论坛", "2022-09-25") in found
    assert ("SportsEvent", "西安国际马拉松赛", "2022-09") in found  # 同月
    assert ("Festival", "西安国际音乐节", "2022-09") in found
    assert any(e[0] == "Campaign" and e[2] == "2022-07" for e in found)
    assert ("DelegationVisit", "西安市文化交流团赴法国里昂市", "2022-08") in found
    summit = next(n for n in of_class(g, FG.Summit))
    assert int(g.value(summit, FG.edition)) == 3
    quantities = {(str(g.value(q, FG.quantityValue)), local_name(g.value(q, FG.qualifier)),
                   local_name(g.value(q, FG.unit))) for q in of_class(g, FG.ReportedQuantity)}
    assert {("400", "moreThan", "people"), ("30000", "moreThan", "people")} <= quantities
    assert "近年来" not in " ".join(str(q) for q in g.objects(None, FG.quote))


def test_traditional_chinese_finds_the_curated_places(gazetteer: Gazetteer) -> None:
    g = drafted("zh-traditional", gazetteer)
    jinzhong, szolnok = ID["place/cn/jinzhong"], ID["place/hu/szolnok"]
    pairs = {frozenset(g.objects(n, FG.partner)) for n in of_class(g, FG.Partnership)}
    assert frozenset({jinzhong, szolnok}) in pairs
    assert Literal("索爾諾克市", lang="zh") in set(g.objects(szolnok, RDFS.label))


def test_province_and_county_levels(gazetteer: Gazetteer) -> None:
    g = drafted("zh-yunnan", gazetteer)
    assert (frozenset({"云南省", "威斯康星州"}), "SisterCityPartnership", "established",
            "provinceLevel") in partnerships(g)
    assert (frozenset({"腾冲市", "密支那市"}), "SisterCityPartnership", "established",
            "countyLevel") in partnerships(g)


# ------------------------------------------------------------------ English


def test_edmonton(gazetteer: Gazetteer) -> None:
    g = drafted("en-edmonton", gazetteer)
    pairs = partnerships(g)
    assert (frozenset({"Edmonton", "Harbin"}), "SisterCityPartnership", "established",
            "cityLevel") in pairs
    assert (frozenset({"Edmonton", "Nantes"}), "FriendlyExchangeRelationship", "intended",
            "cityLevel") in pairs
    assert ("LetterOfIntent", "Letter of Intent on Friendly Exchange",
            frozenset({"Edmonton", "Nantes"}), "2020-01") in documents(g)
    visit = next(n for n in of_class(g, FG.TradeMission))
    assert str(g.value(visit, FG.date)) == "2019"
    assert g.value(visit, FG.destination) == ID["place/cn/zhengzhou"]
    nantes = ID["place/fr/nantes"]
    assert (nantes, FG.country, ID["country/fr"]) in g


def test_szeged(gazetteer: Gazetteer) -> None:
    g = drafted("en-szeged", gazetteer)
    visit = next(n for n in of_class(g, FG.DelegationVisit))
    assert str(g.value(visit, FG.date)) == "2021-05-12"
    assert g.value(visit, FG.origin) == ID["place/ru/kazan"]
    assert g.value(visit, FG.destination) == ID["place/hu/szeged"]
    assert g.value(visit, FG.cooperationArea) == FGC.vocationalEducation
    quantity = next(q for q in of_class(g, FG.ReportedQuantity)
                    if str(g.value(q, FG.quantityValue)) == "15")
    assert str(g.value(quantity, FG.asOf)) == "2021-06-01"


# ------------------------------------------------------------------ the command


def _run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, env={"FRIENDSHIP_GRAPH_ONTOLOGY": ""})
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_cli_draft_writes_a_draft_and_leaves_the_store_alone(tmp_path: Path) -> None:
    store = tmp_path / "store"
    Store.open(store).close()
    with Store.open(store, read_only=True) as opened:
        before = opened.content_hash()
    code, _, err = _run(["--store", str(store), "draft", str(TEXTS / "zh-taiyuan.txt"),
                         "--published", "2021-06-15", "--source-title", "太原市外事办通报",
                         "--publisher", "太原日报", "-o", "t.trig"], tmp_path)
    assert code == 0, err
    assert "wrote t.trig" in err and "0 violation(s)" in err
    g = Dataset(default_union=True)
    g.parse(tmp_path / "t.trig", format="trig")
    source = ID["source/zh-taiyuan"]
    assert str(g.value(source, URIRef("http://purl.org/dc/terms/title"))) == "太原市外事办通报"
    assert str(g.value(source, FG.publishedOn)) == "2021-06-15"
    with Store.open(store, read_only=True) as opened:
        assert opened.content_hash() == before  # the draft never enters the store by itself
        assert draft_graphs(opened) == set()


def test_cli_default_output_name(tmp_path: Path) -> None:
    code, _, err = _run(["draft", str(TEXTS / "en-szeged.txt"), "--published", "2021-06-01"],
                        tmp_path)
    assert code == 0, err
    assert (tmp_path / "en-szeged.draft.trig").is_file()


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"", ["--published", "2019-10-30"], "the file is empty"),
    (b"\x00\x01binary\x00", ["--published", "2019-10-30"], "binary"),
    ("晋中市".encode("gb18030") + b"\xff", ["--published", "2019-10-30"], "not UTF-8"),
    ("今天天气很好。".encode(), ["--published", "2019-10-30"], "no facts found"),
    ("晋中市与索尔诺克市建立了友好城市关系。".encode(), [], "--published YYYY-MM-DD"),
    ("晋中市与索尔诺克市建立了友好城市关系。".encode(), ["--published", "30/10/2019"],
     "bad --published date"),
    ("晋中市与索尔诺克市建立了友好城市关系。".encode(), ["--published", "2019-10-30",
                                                     "--language", "fr"], "unknown language"),
])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, content: bytes,
                                                      args: list[str], message: str) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    code, out, err = _run(["draft", str(article), *args, "-o", "out.trig"], tmp_path)
    assert code == 2
    assert err.count("\n") == 1 and message in err and err.startswith("error: ")
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt"]


def test_huge_and_missing_articles(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    for path in (huge, tmp_path / "missing.txt"):
        code, _, err = _run(["draft", str(path), "--published", "2019-10-30", "-o", "o.trig"],
                            tmp_path)
        assert code == 2 and err.count("\n") == 1
    assert not (tmp_path / "o.trig").exists()


def test_library_errors(tmp_path: Path, gazetteer: Gazetteer) -> None:
    with pytest.raises(DraftError, match="no facts"):
        draft_text(TEXTS / "zh-no-facts.txt", "2020-01-01", gazetteer=gazetteer)
    with pytest.raises(ArticleError):
        draft_article(tmp_path / "missing.txt", "2020-01-01", gazetteer=gazetteer,
                      output=tmp_path / "x.trig")
    assert not (tmp_path / "x.trig").exists()


def test_nothing_is_downloaded_in_a_fresh_process(tmp_path: Path) -> None:
    """jieba builds its dictionary cache from the wheel and Babel reads its bundled CLDR data:
    under the network guard, with an empty temporary folder (no jieba cache), a draft makes
    no connection."""
    script = "\n".join([
        f"import sys; sys.path.insert(0, {str(TESTS)!r})",
        "import conftest; conftest.install_network_guard()",
        "from friendship_graph.cli import main",
        "try:",
        f"    main(['draft', {str(TEXTS / 'zh-taiyuan.txt')!r}, '--published', '2021-06-15',",
        f"          '-o', {str(tmp_path / 'd.trig')!r}], standalone_mode=False)",
        "except SystemExit:",
        "    pass",
        "print('ATTEMPTS', len(conftest._NETWORK_ATTEMPTS))",
    ])
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "FRIENDSHIP_GRAPH_ONTOLOGY": ""}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, env=env, check=False)
    assert "ATTEMPTS 0" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "d.trig").is_file(), done.stderr
    assert (temp / "jieba.cache").is_file()  # built here, from the bundled dictionary
