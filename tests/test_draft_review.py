"""Reviewing a draft and loading what the reviewer accepts (friendship_graph.draft.review,
.accept): the sheet, the offline page (in headless Chromium), the decisions, all or nothing."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from conftest import DATA, skip_or_fail
from friendship_graph.cli import main
from friendship_graph.draft import (
    Gazetteer,
    accept_draft,
    draft_article,
    read_draft,
    review_draft,
)
from friendship_graph.draft.gazetteer import draft_graphs
from friendship_graph.errors import FriendshipGraphError
from friendship_graph.store import Store
from friendship_graph.vocab import FGC, GRAPH, ID

TEXTS = DATA / "draft"
DRAFT_GRAPH = GRAPH["draft/zh-taiyuan"]
ACCEPTED = GRAPH["zh-taiyuan"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    from friendship_graph.store.default import default_store

    with default_store() as store:
        return Gazetteer.from_store(store)


@pytest.fixture
def draft(tmp_path: Path, gazetteer: Gazetteer) -> Path:
    path = tmp_path / "zh-taiyuan.draft.trig"
    draft_article(TEXTS / "zh-taiyuan.txt", "2021-06-15", gazetteer=gazetteer, output=path)
    return path


def decisions_file(path: Path, draft: Path, entries: list[dict], **extra: str) -> Path:
    file = read_draft(draft)
    body = {"format": "friendship-graph-review/1", "draft": str(file.graph_iri),
            "draft_sha256": file.sha256, "reviewer": "A. Librarian",
            "reviewed": "2024-05-01T10:00:00Z", "decisions": entries, **extra}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def fact_of(draft: Path, kind: str, text: str = "") -> str:
    from friendship_graph.draft.review import draft_facts

    return next(f["fact"] for f in draft_facts(read_draft(draft))
                if f["kind"] == kind and text in f["label"])


# ------------------------------------------------------------------ the sheet and the page


def test_sheet_and_page(draft: Path) -> None:
    report = review_draft(draft)
    assert report.csv_path == draft.with_name("zh-taiyuan.draft.review.csv")
    rows = list(csv.DictReader(report.csv_path.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == report.facts == len(read_draft(draft).facts())
    partnership = next(r for r in rows if "布尔诺市" in r["label"] and
                       r["kind"].startswith("sister-city"))
    assert "established" in partnership["statements"]
    assert partnership["sentence"].startswith("今年3月,捷克布尔诺市代表团访问太原市")
    assert partnership["paragraph"] == "3" and partnership["decision"] == ""
    page = report.html_path.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL).group(1)
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    data = json.loads(re.search(r'<script type="application/json" id="fg-data">(.*?)</script>',
                                page, re.DOTALL).group(1))
    assert data["draft"] == str(DRAFT_GRAPH) and len(data["facts"]) == report.facts


def test_data_from_the_article_cannot_become_html(tmp_path: Path, gazetteer: Gazetteer
                                                  ) -> None:
    article = tmp_path / "xss.txt"
    article.write_text("今年3月,<script>alert(1)</script>太原市与捷克布尔诺市签署了"
                       "《建立友好城市关系协议书{{ script }}</script>"
                       "<img src=x onerror=alert(2)>》。", encoding="utf-8")
    out = tmp_path / "xss.draft.trig"
    draft_article(article, "2021-06-15", gazetteer=gazetteer, output=out)
    page = review_draft(out).html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page
    assert page.count("<script") == 2  # the data and the page's own script


def test_not_a_draft(tmp_path: Path) -> None:
    from friendship_graph.draft.review import DraftFileError

    with pytest.raises(DraftFileError, match="not a draft"):
        review_draft(DATA.parent.parent / "data" / "jinzhong-2019-10-30.trig")
    with pytest.raises(FriendshipGraphError):
        review_draft(tmp_path / "missing.trig")


# ------------------------------------------------------------------ accepting


def test_accept_all_with_provenance(tmp_path: Path, draft: Path) -> None:
    facts = [str(f) for f in read_draft(draft).facts()]
    decisions = decisions_file(tmp_path / "d.json", draft,
                               [{"fact": f, "decision": "accept"} for f in facts[:-1]]
                               + [{"fact": facts[-1], "decision": "reject", "note": "wrong"}])
    with Store.memory() as store:
        report = accept_draft(store, draft, decisions)
        assert report.graph == str(ACCEPTED) and report.rejected == 1
        assert str(ACCEPTED) in {str(g) for g in store.graphs()}
        assert draft_graphs(store) == set()  # the accepted graph is no draft
        review = ID["review/zh-taiyuan"]
        assert store.query(f"""ASK {{ GRAPH <{ACCEPTED}> {{
            <{ACCEPTED}> prov:wasGeneratedBy <{review}> ; prov:wasDerivedFrom <{DRAFT_GRAPH}> .
            <{review}> a fg:Review ; fg:reviewer "A. Librarian" ; fg:reviewed <{DRAFT_GRAPH}> ;
                fg:decision ?d .
            ?d fg:decisionOn <{facts[-1]}> ; fg:verdict fgc:rejected ; rdfs:comment "wrong" .
        }} }}""").boolean
        assert not store.query(f"ASK {{ <{facts[-1]}> ?p ?o . FILTER(?p != fg:decisionOn) }}"
                               ).boolean or facts[-1].startswith(str(ID["place/"]))
        # every accepted fact keeps its quotation
        assert store.query("""ASK { ?f fg:supportedBy ?q . FILTER NOT EXISTS {
            ?q fg:quote ?text ; fg:inSource ?s ; fg:paragraph ?n } }""").boolean is False
        from friendship_graph.validate import validate_store

        assert validate_store(store).conforms


def test_edit_then_accept(tmp_path: Path, draft: Path) -> None:
    partnership = fact_of(draft, "sister-city / friendship-city partnership", "布尔诺市")
    agreement = fact_of(draft, "formal agreement")
    decisions = decisions_file(tmp_path / "d.json", draft, [
        {"fact": partnership, "decision": "edit",
         "values": {"rdfs:label@en": "Taiyuan – Brno sister cities",
                    "fg:startDate": "2021-03-18"}},
        {"fact": agreement, "decision": "accept"}])
    with Store.memory() as store:
        report = accept_draft(store, draft, decisions)
        assert report.edited == 1 and report.implied >= 3  # the places, the visit's parties
        node = URIRef(partnership)
        assert Literal("Taiyuan – Brno sister cities", lang="en") in [
            row[0] for row in store.query(f"SELECT ?l {{ <{node}> rdfs:label ?l }}").rows]
        assert store.query(f'ASK {{ <{node}> fg:startDate "2021-03-18"^^xsd:date }}').boolean
        assert store.query(f"""ASK {{ ?d fg:decisionOn <{node}> ; fg:verdict fgc:edited ;
            rdfs:comment ?c . FILTER(CONTAINS(STR(?c), "fg:startDate")) }}""").boolean
        assert store.query("ASK { ?a fg:twinnedWith ?b }").boolean  # the rules ran


def test_all_or_nothing(tmp_path: Path, draft: Path) -> None:
    partnership = fact_of(draft, "sister-city / friendship-city partnership", "布尔诺市")
    brno = str(ID["place/cz/buernuo"])
    cases = [
        ([{"fact": partnership, "decision": "accept"}, {"fact": brno, "decision": "reject"}],
         "do not validate"),
        ([{"fact": partnership, "decision": "edit", "values": {"fg:startDate": "2021-13"}}],
         "not valid"),
        ([{"fact": partnership, "decision": "edit", "values": {"fg:partner": "x"}}],
         "is not a value that can be edited"),
        ([{"fact": partnership, "decision": "maybe"}], "not accept, reject or edit"),
        ([{"fact": "https://example.org/nothing", "decision": "accept"}], "does not hold"),
        ([{"fact": partnership, "decision": "reject"}], "no fact is accepted"),
    ]
    with Store.memory() as store:
        before = store.content_hash()
        for entries, message in cases:
            with pytest.raises(FriendshipGraphError, match=message) as caught:
                accept_draft(store, draft, decisions_file(tmp_path / "d.json", draft, entries))
            assert "nothing was loaded" in str(caught.value) and "\n" not in str(caught.value)
            assert store.content_hash() == before
        other = decisions_file(tmp_path / "o.json", draft, [], draft_sha256="0" * 64)
        with pytest.raises(FriendshipGraphError, match="another version"):
            accept_draft(store, draft, other)
        (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
        with pytest.raises(FriendshipGraphError, match="not JSON"):
            accept_draft(store, draft, tmp_path / "bad.json")
        assert store.content_hash() == before


def test_cli_review_and_accept_with_the_sheet(tmp_path: Path, draft: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["draft", "review", str(draft), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "r.review.csv"
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        row["decision"] = "reject" if row["kind"] == "reported quantity" else "accept"
    with open(sheet, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    store = tmp_path / "store"
    args = ["--store", str(store), "draft", "accept", str(draft), "--decisions", str(sheet)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "rejected" in result.stderr
    again = runner.invoke(main, args)
    assert again.exit_code == 2 and "--replace" in again.stderr
    assert runner.invoke(main, [*args, "--replace"]).exit_code == 0
    with Store.open(store, read_only=True) as opened:
        assert not opened.query("ASK { ?q a fg:ReportedQuantity }").boolean
        assert opened.query(f"ASK {{ GRAPH <{ACCEPTED}> {{ ?p a fg:SisterCityPartnership }} }}"
                            ).boolean
    default = runner.invoke(main, ["draft", "accept", str(draft), "--decisions", str(sheet)])
    assert default.exit_code == 2 and "--store" in default.stderr  # the default store is read-only


# ------------------------------------------------------------------ the page in a browser


@pytest.mark.browser
def test_the_page_makes_the_decisions_file(tmp_path: Path, draft: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright (Python) is not installed")
    executable = next((c for c in ("/usr/bin/chromium", shutil.which("chromium"))
                       if c and Path(c).is_file()), None)
    if executable is None:
        skip_or_fail("chromium is not installed (apt-get install chromium)")
    page_path = review_draft(draft).html_path
    external, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                ("file:", "blob:", "data:")) else (external.append(route.request.url),
                                                   route.abort()))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.resolve().as_uri())
            cards = page.locator(".fg-fact")
            assert cards.count() == len(read_draft(draft).facts())
            first = page.locator(".fg-fact", has_text="布尔诺市代表团访问太原市").first
            assert first.locator("mark").count() >= 1  # the names in its sentence
            page.fill("#fg-reviewer", "A. Librarian")
            partnership = page.locator(".fg-fact", has_text="布尔诺市—太原市").first
            partnership.locator("input[value=edit]").check()
            partnership.locator("input[data-key='rdfs:label@en']").fill("Taiyuan – Brno")
            page.click("#fg-accept-all")
            with page.expect_download() as info:
                page.click("#fg-download")
            body = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        finally:
            browser.close()
    assert external == [] and errors == []
    assert body["reviewer"] == "A. Librarian" and body["draft"] == str(DRAFT_GRAPH)
    edits = [d for d in body["decisions"] if d["decision"] == "edit"]
    assert [d["values"] for d in edits] == [{"rdfs:label@en": "Taiyuan – Brno"}]
    assert len(body["decisions"]) == cards_count(draft)
    decisions = tmp_path / "downloaded.json"
    decisions.write_text(json.dumps(body), encoding="utf-8")
    with Store.memory() as store:
        report = accept_draft(store, draft, decisions)
        assert report.edited == 1 and report.undecided == 0
        assert store.query('ASK { ?p rdfs:label "Taiyuan – Brno"@en }').boolean
        assert store.query(f"ASK {{ ?d fg:verdict <{FGC.edited}> }}").boolean


def cards_count(draft: Path) -> int:
    return len(read_draft(draft).facts())


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(max_size=10), children, max_size=4),
                    max_leaves=12))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_json_is_read_or_refused_in_one_line(tmp_path: Path, body: object) -> None:
    from friendship_graph.draft import read_decisions

    path = tmp_path / "fuzz.json"
    if isinstance(body, dict):
        body = {"format": "friendship-graph-review/1", **body}
    path.write_text(json.dumps(body), encoding="utf-8")
    try:
        decisions = read_decisions(path)
    except FriendshipGraphError as error:
        assert "\n" not in str(error) and "nothing was loaded" in str(error)
    else:
        assert all(d.decision in ("accept", "reject", "edit")
                   for d in decisions.decisions.values())
