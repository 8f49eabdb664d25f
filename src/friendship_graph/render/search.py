"""What the page's search box needs: every node's search keys, computed here in Python.

The page ranks matches with the rule of :mod:`friendship_graph.names` (exact name, then
prefix, then whole word, then contains; places before other things at equal rank). The
folding and the pinyin are done here, once per name (``names.keys``): the page only folds the
typed query (case, accents, width, traditional characters) and compares it with the keys, with
a port of :func:`friendship_graph.names.match_rank`'s comparison (``render/assets/rank.js``).
:func:`rank_nodes` is the same ranking in Python; the tests check that both give the same
order.

Traditional Chinese characters are folded to simplified ones by OpenCC in Python; the page gets
the part of that table it can need: every traditional character whose simplified form occurs in
one of its keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..names import fold, has_han, key_rank, keys

__all__ = ["node_keys", "traditional_map", "separating_marks", "rank_nodes"]


def node_keys(names: Iterable[str]) -> list[str]:
    """The search keys of a node with these names (each name's :func:`names.keys`, once)."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        for key in keys(name):
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


@lru_cache(maxsize=1)
def _traditional_pairs() -> dict[str, str]:
    """Traditional -> simplified for the CJK Unified Ideographs (and Extension A) that OpenCC
    changes, one character at a time."""
    import opencc

    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {t: s for t, s in zip(chars, converted, strict=True) if s != t and len(s) == 1}


def traditional_map(all_keys: Iterable[str]) -> dict[str, str]:
    """The traditional characters the page must fold: those whose simplified form occurs in
    ``all_keys``."""
    used = {ch for key in all_keys if has_han(key) for ch in key}
    if not used:
        return {}
    return {t: s for t, s in sorted(_traditional_pairs().items()) if s in used}


@lru_cache(maxsize=1)
def separating_marks() -> str:
    """The non-spacing marks that do not combine (canonical combining class 0, such as the
    Devanagari anusvara): :func:`names.fold` keeps them and so treats them as separators,
    while it drops every other mark. The page needs the list to fold the same way."""
    import unicodedata

    return "".join(chr(c) for c in range(0x10000)
                   if unicodedata.category(chr(c)) == "Mn" and not unicodedata.combining(chr(c)))


def rank_nodes(query: str, nodes: Iterable[dict]) -> list[str]:
    """Ids of the page's ``nodes`` (``{"id", "label", "keys", "place"}``) that match, best
    first: by rank, places first, then by folded label and id (the page's order)."""
    found = []
    for node in nodes:
        rank = key_rank(query, node.get("keys", ()))
        if rank is not None:
            found.append((int(rank), 0 if node.get("place") else 1, fold(node["label"]),
                          node["id"]))
    return [f[3] for f in sorted(found)]
