"""Chinese words and their parts of speech, with jieba and its bundled dictionary.

jieba ships its dictionary (``jieba/dict.txt``, with word frequencies and part-of-speech
tags) inside the wheel; nothing is downloaded. On first use it builds a prefix dictionary and
caches it in the temporary folder (``jieba.cache``), which is all it writes. The drafter uses
the words to find where an unknown name begins (a name is a run of name-like words: person
and place names, words the dictionary does not know) and to tell common nouns (城市, 全市)
from names. See docs/decisions/0007-drafting-text-tools.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Token", "tokens", "word_frequency", "NAME_TAGS"]

#: jieba's tags of names: person (nr, nrfg, nrt: transliterated), place (ns), other (nz).
NAME_TAGS = ("nr", "nrfg", "nrt", "ns", "nz")


@dataclass(frozen=True)
class Token:
    """A word of a text: where it is, its part-of-speech tag, and its dictionary frequency
    (0 for a word the dictionary does not hold, found by jieba's hidden Markov model)."""

    start: int
    end: int
    word: str
    tag: str
    frequency: int

    @property
    def known(self) -> bool:
        return self.frequency > 0

    @property
    def name_like(self) -> bool:
        """A name, or a word the dictionary does not know (a new name, most often)."""
        return self.tag in NAME_TAGS or not self.known


@lru_cache(maxsize=1)
def _tokenizer():  # noqa: ANN202 - jieba.posseg.POSTokenizer
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer)


def word_frequency(word: str) -> int:
    """How often the dictionary says ``word`` occurs (0: not a dictionary word)."""
    return int(_tokenizer().tokenizer.FREQ.get(word) or 0)


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text`` (simplified Chinese, as :func:`fold_text` gives it)."""
    out = []
    offset = 0
    for pair in _tokenizer().cut(text):
        word, tag = pair.word, pair.flag
        start = text.find(word, offset)
        if start < 0:  # jieba keeps every character, in order
            start = offset
        end = start + len(word)
        out.append(Token(start, end, word, tag, word_frequency(word)))
        offset = end
    return tuple(out)
