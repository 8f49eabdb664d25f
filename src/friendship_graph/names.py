"""Names as people type them: one folding and one ranking rule for every place that matches text.

Search (the store's index, the HTML page's search box, reconciliation), place parameters,
entity resolution and the article drafter all compare names. They use this module so that
"jinzhong", "晋中", "晉中" and "JINZHONG" find the same city everywhere, and so that the order of
the matches is the same everywhere:

* :func:`fold` lower-cases (Unicode case folding), removes accents ("Hội An" -> "hoi an"),
  folds compatibility forms (full-width letters), traditional Chinese to simplified (OpenCC),
  and collapses every kind of white space (no-break spaces included) and punctuation to one
  space.
* :func:`romanise` writes the Han characters of a name in pinyin without tones ("晋中市" ->
  "jin zhong shi"), with pypinyin's own dictionary (nothing is downloaded).
* :func:`keys` gives the folded forms a name can be found by: the name itself, and for names
  with Han characters the pinyin, spaced and joined ("jin zhong shi", "jinzhongshi").
* :func:`match_rank` ranks a match: exact name, then prefix, then whole word, then contains.

>>> fold("  Hội\u00a0An ")
'hoi an'
>>> romanise("晋中市")
'jin zhong shi'
>>> match_rank("jinzhong", ["晋中市"])
<Rank.PREFIX: 1>
>>> match_rank("como", ["Province of Como"])
<Rank.WORD: 2>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import IntEnum
from functools import lru_cache

__all__ = ["Rank", "fold", "romanise", "keys", "match_rank", "key_rank", "has_han"]


class Rank(IntEnum):
    """How well a name matches a query: lower is better."""

    EXACT = 0
    PREFIX = 1
    WORD = 2
    CONTAINS = 3


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
# Everything that is neither a letter, a mark nor a digit separates words.
_SEPARATORS = re.compile(r"(?:[^\w]|_)+")


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - opencc.OpenCC
    import opencc

    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese (Han) character."""
    return bool(_HAN.search(text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form in which names are compared: case, accents, width, script and spacing folded.

    >>> fold("Ōsaka-shi")
    'osaka shi'
    >>> fold("臺北")
    '台北'
    """
    if has_han(text):
        text = _converter().convert(text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters that do not decompose into a base letter and an accent.
    stripped = stripped.translate(_UNDECOMPOSED)
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", stripped)).strip()


_UNDECOMPOSED = str.maketrans({"ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ł": "l", "ŧ": "t",
                               "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ð": "d"})


@lru_cache(maxsize=65536)
def romanise(text: str) -> str | None:
    """The pinyin (no tones, one syllable per character, spaced) of a name's Han characters,
    or ``None`` when it has none. Other characters are kept (folded).

    The reading is pypinyin's most frequent one; a romanisation of a name is a guess, so
    data built from it must be marked uncertain.
    """
    if not has_han(text):
        return None
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(_converter().convert(text), style=Style.NORMAL, errors="default")
    return fold(" ".join(syllables))


def keys(name: str) -> list[str]:
    """The folded forms a name is found by: itself, and for Chinese names its pinyin spaced
    ("jin zhong shi") and joined ("jinzhongshi").

    >>> keys("晋中市")
    ['晋中市', 'jin zhong shi', 'jinzhongshi']
    """
    out = [fold(name)]
    pinyin = romanise(name)
    if pinyin:
        out += [pinyin, pinyin.replace(" ", "")]
    return [k for i, k in enumerate(out) if k and k not in out[:i]]


def match_rank(query: str, names: Iterable[str]) -> Rank | None:
    """The best rank of ``query`` against any of ``names`` (and their pinyin), or ``None``.

    EXACT: a key equals the query; PREFIX: a key starts with it ("jinzhong" in
    "jinzhongshi", "晋中" in "晋中市"); WORD: it is one or more whole words of a key ("como" in
    "province of como"); CONTAINS: it occurs anywhere in a key.
    """
    return key_rank(query, (key for name in names for key in keys(name)))


def key_rank(query: str, name_keys: Iterable[str]) -> Rank | None:
    """:func:`match_rank` on keys computed already (by :func:`keys`): the HTML page's search
    and the store's index rank with this one rule."""
    wanted = fold(query)
    if not wanted:
        return None
    joined = wanted.replace(" ", "")
    best: Rank | None = None
    for key in name_keys:
        rank = _rank(wanted, key)
        if rank is None and joined != wanted:
            rank = _rank(joined, key)
        if rank is not None and (best is None or rank < best):
            best = rank
            if best is Rank.EXACT:
                return best
    return best


def _rank(wanted: str, key: str) -> Rank | None:
    if key == wanted:
        return Rank.EXACT
    if key.startswith(wanted):
        return Rank.PREFIX
    if f" {wanted} " in f" {key} ":
        return Rank.WORD
    if wanted in key:
        return Rank.CONTAINS
    return None
