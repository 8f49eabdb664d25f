"""Read a plain-text article: the checks, its paragraphs and sentences, and a folded copy.

An article is refused with one line (:class:`ArticleError`) when it is missing, empty, larger
than :data:`MAX_BYTES`, binary, or not UTF-8. Paragraphs are its non-empty lines, numbered
from 1 (as ``data/jinzhong-2019-10-30.trig`` counts them); sentences end at 。！？ (Chinese)
or at ``.``, ``!``, ``?`` before the next capitalised word (English), and never cross a
paragraph. Every sentence is a slice of the text, so a quotation made from it occurs
verbatim in the article.

Matching (cues, names) runs on :attr:`Article.folded`: the text with each character folded
by :func:`friendship_graph.names.fold` (case, accents, full-width forms, traditional Chinese
to simplified) where that gives one character, so that offsets in the folded text are
offsets in the article.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import FriendshipGraphError
from ..names import fold, has_han

__all__ = ["MAX_BYTES", "ArticleError", "Sentence", "Article", "read_article", "parse_article",
           "fold_text", "detect_language"]

#: Larger articles are refused (a report is a few kilobytes).
MAX_BYTES = 10 * 1024 * 1024

_ZH_END = re.compile(r"[。！？!?]+[”’」』)）]*")
_EN_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bMrs)[.!?]+[\"'”’)]*"
                     r"(?=\s+[\"'“‘(]?[A-Z0-9])")


class ArticleError(FriendshipGraphError):
    """The article cannot be read; nothing was written."""

    def __init__(self, path: str | os.PathLike[str], message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message} (nothing was written)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: where it is, and its text exactly as written."""

    index: int  # 1 = the first sentence of the article
    paragraph: int  # 1 = the first non-empty line
    start: int  # offsets in Article.text
    end: int
    text: str


@dataclass
class Article:
    """A plain-text article, split into paragraphs and sentences."""

    path: str
    text: str
    language: str
    sentences: list[Sentence] = field(default_factory=list)
    folded: str = ""

    @property
    def paragraphs(self) -> int:
        """How many paragraphs (non-empty lines) the article has."""
        return max((s.paragraph for s in self.sentences), default=0)


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch


def fold_text(text: str) -> str:
    """``text`` with each character folded as names are compared, keeping every offset."""
    return "".join(_fold_char(ch) for ch in text)


def detect_language(text: str) -> str:
    """``zh`` when at least a fifth of the letters are Chinese characters, else ``en``."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    han = sum(1 for ch in letters if has_han(ch))
    return "zh" if letters and han * 5 >= len(letters) else "en"


def _decode(path: str | os.PathLike[str], data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "the file is UTF-16 text; save it as UTF-8")
    head = data[:8192]
    if b"\x00" in head:
        raise ArticleError(path, "the file is binary, not plain text; give the article as a "
                                 "UTF-8 .txt file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArticleError(path, f"line {line}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
                                 "convert it, e.g. iconv -f GB18030 -t UTF-8") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls * 20 > max(len(text[:8192]), 1):
        raise ArticleError(path, "the file is binary, not plain text; give the article as a "
                                 "UTF-8 .txt file")
    return text


def read_article(path: str | os.PathLike[str], language: str | None = None) -> Article:
    """Read and split an article file, or raise :class:`ArticleError`.

    ``language`` is ``zh`` or ``en``; by default it is told from the text.
    """
    file = Path(path)
    if not file.is_file():
        raise ArticleError(path, "no such file")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(path, f"the file has {size / 1e6:.1f} MB; an article is at most "
                                 f"{MAX_BYTES // (1024 * 1024)} MB of text")
    with open(file, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    return parse_article(_decode(path, data), language, path=str(path))


def parse_article(text: str, language: str | None = None, *, path: str = "<text>") -> Article:
    """Split a text into sentences (see the module's docstring)."""
    if not text.strip():
        raise ArticleError(path, "the file is empty")
    if language is None:
        language = detect_language(text)
    if language not in ("zh", "en"):
        raise ArticleError(path, f"unknown language {language!r}; use zh or en")
    article = Article(path=path, text=text, language=language, folded=fold_text(text))
    ender = _ZH_END if language == "zh" else _EN_END
    paragraph = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        start_of_line, offset = offset, offset + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        paragraph += 1
        start = 0
        for match in ender.finditer(body):
            _add(article, paragraph, start_of_line, body, start, match.end())
            start = match.end()
        _add(article, paragraph, start_of_line, body, start, len(body))
    return article


def _add(article: Article, paragraph: int, line_start: int, body: str, start: int,
         end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start < end:
        article.sentences.append(Sentence(len(article.sentences) + 1, paragraph,
                                          line_start + start, line_start + end,
                                          body[start:end]))
