"""names: one folding and ranking rule for every comparison of names."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st

from friendship_graph import names
from friendship_graph.names import Rank, fold, keys, match_rank, romanise


def test_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(names)
    assert tried > 5 and failures == 0


def test_fold_case_accents_width_and_spaces() -> None:
    assert fold("Hội An") == fold("hoi an") == fold("HOI\u00a0AN") == "hoi an"
    assert fold("Ｔｏｋｙｏ") == "tokyo"
    assert fold("Łódź") == "lodz"
    assert fold("Straße") == "strasse"
    assert fold("Кяхта") == "кяхта"
    assert fold("Frankfurt am Main") == "frankfurt am main"


def test_traditional_chinese_folds_to_simplified() -> None:
    assert fold("晉中") == fold("晋中") == "晋中"


def test_pinyin_keys_for_chinese_names() -> None:
    assert romanise("晋中市") == "jin zhong shi"
    assert romanise("Szolnok") is None
    assert "jinzhongshi" in keys("晋中市")


def test_ranking_order() -> None:
    assert match_rank("Jinzhong", ["Jinzhong"]) is Rank.EXACT
    assert match_rank("晋中", ["晋中市"]) is Rank.PREFIX
    assert match_rank("jinzhong", ["晋中市"]) is Rank.PREFIX
    assert match_rank("jin zhong", ["晋中市"]) is Rank.PREFIX
    assert match_rank("como", ["Province of Como"]) is Rank.WORD
    assert match_rank("olno", ["Szolnok"]) is Rank.CONTAINS
    assert match_rank("paris", ["Szolnok"]) is None
    assert match_rank("", ["Szolnok"]) is None


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(min_size=1, max_size=30))
def test_a_name_matches_itself_exactly(text: str) -> None:
    if fold(text):
        assert match_rank(text, [text]) is Rank.EXACT
