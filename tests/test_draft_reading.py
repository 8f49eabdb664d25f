"""Reading articles, quantities and cues (friendship_graph.draft.reading, .quantities, .cues)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA
from friendship_graph.draft.cues import Cues
from friendship_graph.draft.quantities import find_quantities
from friendship_graph.draft.reading import (
    MAX_BYTES,
    ArticleError,
    fold_text,
    parse_article,
    read_article,
)
from friendship_graph.ontology import load_ontology, local_name
from friendship_graph.vocab import FG, FGC

TEXTS = DATA / "draft"


@pytest.fixture(scope="module")
def zh() -> Cues:
    return Cues(load_ontology(), "zh")


@pytest.fixture(scope="module")
def en() -> Cues:
    return Cues(load_ontology(), "en")


# ------------------------------------------------------------------ reading


def test_paragraphs_are_non_empty_lines_and_sentences_are_slices() -> None:
    text = "第一段。第二句!\n\n  第二段没有句号\n第三段?结尾"
    article = parse_article(text, "zh")
    assert [(s.paragraph, s.text) for s in article.sentences] == [
        (1, "第一段。"), (1, "第二句!"), (2, "第二段没有句号"), (3, "第三段?"), (3, "结尾")]
    assert all(text[s.start:s.end] == s.text for s in article.sentences)
    assert article.paragraphs == 3


def test_english_sentences() -> None:
    article = parse_article("Mr. Smith visited Szeged. It rained! Then U.S. guests came.", "en")
    assert [s.text for s in article.sentences] == [
        "Mr. Smith visited Szeged.", "It rained!", "Then U.S. guests came."]


def test_language_is_told_from_the_text() -> None:
    assert parse_article("晋中市与索尔诺克市建立了友好城市关系。").language == "zh"
    assert parse_article("Jinzhong and Szolnok are sister cities.").language == "en"


@given(st.text(min_size=1, max_size=300))
def test_folding_keeps_offsets_and_sentences_are_verbatim(text: str) -> None:
    assert len(fold_text(text)) == len(text)
    if text.strip():
        article = parse_article(text, "zh")
        assert all(text[s.start:s.end] == s.text for s in article.sentences)
        assert all(s.text.strip() == s.text and s.text for s in article.sentences)


def test_traditional_characters_fold_to_simplified() -> None:
    assert fold_text("晉中市與索爾諾克市簽署協議書") == "晋中市与索尔诺克市签署协议书"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"  \n\n\t ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("晋中市".encode("utf-16"), "UTF-16"),
    ("晋中市与索尔诺克市".encode("gb18030"), "not UTF-8"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e" * 20, "binary"),
])
def test_bad_files_are_one_clear_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_huge_and_missing_files(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ArticleError, match="MB"):
        read_article(huge)
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_the_non_utf8_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("第一行\n第二行\n".encode() + "第三行".encode("gb18030"))
    with pytest.raises(ArticleError, match="line 3"):
        read_article(path)


# ------------------------------------------------------------------ cues


def test_cues_come_from_the_ontology(zh: Cues, en: Cues) -> None:
    texts = {c.text for c in zh.of(zh.classes_below(FG.Agreement))}
    assert {"意向书", "备忘录", "协议书"} <= texts
    assert {"letter of intent", "memorandum"} <= {c.text for c in en.of(
        en.classes_below(FG.Agreement))}
    assert [local_name(m.term) for m in zh.find("签订了《友好交流意向书》", FG.Partnership)] == [
        "FriendlyExchangeRelationship"]
    assert [local_name(m.term) for m in en.find("a Sister-City agreement", FG.Partnership)] == [
        "SisterCityPartnership"]
    assert en.find("the visitors came", FG.DelegationVisit) == []  # whole words only
    assert zh.precedence(FGC.intended) > zh.precedence(FGC.established)
    assert zh.default(FGC.PartnershipStatus) == FGC.established
    assert zh.annotation(FG.LetterOfIntent, FG.recordsStatus) == FGC.intended
    assert zh.annotation(FG.PrefectureLevelCity, FG.partnershipLevel) == FGC.cityLevel


def test_every_cue_of_the_bundled_ontology_occurs_in_a_test_report() -> None:
    """The reports in tests/data/draft/ are ours (not the Jinzhong article), in Chinese and
    English; together they use every cue and name cue of the bundled ontology, so that the
    drafter is exercised on each."""
    import re

    from rdflib import Literal

    ontology = load_ontology()
    missing = []
    for lang in ("zh", "en"):
        text = fold_text("\n".join(p.read_text(encoding="utf-8")
                                   for p in sorted(TEXTS.glob(f"{lang}-*.txt"))))
        for prop in (FG.cue, FG.nameCue):
            for term, value in ontology.graph.subject_objects(prop):
                if not isinstance(value, Literal) or value.language != lang:
                    continue
                cue = fold_text(str(value))
                found = cue in text if lang == "zh" else re.search(
                    r"(?<![\w-])" + r"\s+".join(map(re.escape, cue.split())) + r"(?![\w-])",
                    text)
                if not found:
                    missing.append(f"{value}@{lang} ({local_name(term)})")
    assert not missing, f"cues no test report uses: {missing}"


# ------------------------------------------------------------------ quantities


@pytest.mark.parametrize(("text", "expected"), [
    ("每年接待均在20批以上,500多人次。", [("20", "moreThan", "batches", "perYear"),
                                         ("500", "moreThan", "personTimes", "perYear")]),
    ("共出访7批17人次", [("7", "exactly", "batches", None),
                        ("17", "exactly", "personTimes", None)]),
    ("约30人参加", [("30", "about", "people", None)]),
    ("超过200人次", [("200", "moreThan", "personTimes", None)]),
    ("吸引了3万多名游客", [("30000", "moreThan", "people", None)]),
    ("已与12个国外城市结为友好城市", [("12", "exactly", "places", None)]),
    ("中法建交55周年", []),
    ("2017年10月28日", []),
])
def test_chinese_quantities(zh: Cues, text: str, expected: list) -> None:
    from datetime import date

    from friendship_graph.draft.dates import find_dates

    dates = find_dates(text, "zh", date(2019, 10, 30))
    found = find_quantities(text, zh, skip=[(d.start, d.end) for d in dates])
    assert [(str(q.value), local_name(q.qualifier), local_name(q.unit),
             local_name(q.period) if q.period else None) for q in found] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("attended by over 300 participants from 12 countries",
     [("300", "moreThan", "people")]),
    ("about 25,000 visitors each year", [("25000", "about", "people")]),
    ("Szeged currently has 15 sister cities.", [("15", "exactly", "places")]),
])
def test_english_quantities(en: Cues, text: str, expected: list) -> None:
    assert [(str(q.value), local_name(q.qualifier), local_name(q.unit))
            for q in find_quantities(text, en)] == expected


@given(st.text(max_size=120))
def test_quantities_never_fail_and_are_positive_numbers(text: str) -> None:
    cues = Cues(load_ontology(), "zh")
    for quantity in find_quantities(text, cues):
        assert quantity.value >= Decimal(0)
        assert 0 <= quantity.start < quantity.end <= len(text)
