"""Candidates for a name: the places and organisations of a store whose names match a text,
ranked by the project's one ranking rule (:mod:`friendship_graph.names`).

:func:`find_candidates` is the one function reconciliation asks. It reads every name of every
place and organisation once (:class:`NameIndex`, one store query: ``names.rq``) and ranks them
with :func:`friendship_graph.names.match_rank` (all languages, traditional and simplified
Chinese, pinyin). When the store gets a full-text search index, this function is the one
place that changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import URIRef

from ..names import Rank, fold, keys, match_rank
from ..store import Store

__all__ = ["Candidate", "NameIndex", "TypeTable", "find_candidates"]

_HERE = Path(__file__).resolve().parent


def _query_text(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Candidate:
    """A thing that matches a text: its IRI, the name that matched best, how well
    (:class:`~friendship_graph.names.Rank`), its display name and its classes."""

    id: str
    name: str
    matched: str
    rank: Rank
    types: tuple[str, ...] = ()


@dataclass
class _Entry:
    names: list[str] = field(default_factory=list)
    langs: dict[str, str] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)


class TypeTable:
    """The classes reconciliation matches against (``types.rq``): labels and hierarchy."""

    def __init__(self, store: Store) -> None:
        self.labels: dict[str, dict[str, str]] = {}
        self.supers: dict[str, set[str]] = {}
        for type_, label, super_ in store.query(_query_text("types.rq")).rows:
            iri = str(type_)
            self.labels.setdefault(iri, {})
            self.supers.setdefault(iri, set())
            if label is not None:
                lang = (getattr(label, "language", None) or "").lower()
                self.labels[iri].setdefault(lang, str(label))
            if super_ is not None:
                self.supers[iri].add(str(super_))

    def label(self, iri: str, lang: str = "en") -> str:
        """The class's label in ``lang`` (else English, else any, else its IRI)."""
        labels = self.labels.get(iri, {})
        return labels.get(lang) or labels.get("en") or next(iter(labels.values()), iri)

    def below(self, iri: str) -> set[str]:
        """``iri`` and every class under it."""
        found, todo = {iri}, [iri]
        while todo:
            current = todo.pop()
            for sub, supers in self.supers.items():
                if current in supers and sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def most_specific(self, types: Iterable[str]) -> list[str]:
        """The classes of ``types`` that no other class of ``types`` is under, sorted."""
        types = set(types)
        above = {t: self._above(t) for t in types}
        return sorted(t for t in types if not any(t in above[o] for o in types if o != t))

    def _above(self, iri: str) -> set[str]:
        found, todo = set(), [iri]
        while todo:
            for super_ in self.supers.get(todo.pop(), ()):
                if super_ not in found:
                    found.add(super_)
                    todo.append(super_)
        return found


class NameIndex:
    """Every name of every place and organisation of a store, read once.

    It does not follow later writes: make a new one after the store changes (the server's
    workers are replaced after every update, and make theirs again).
    """

    def __init__(self, store: Store) -> None:
        self._entries: dict[str, _Entry] = {}
        for thing, name, type_ in store.query(_query_text("names.rq")).rows:
            entry = self._entries.setdefault(str(thing), _Entry())
            text = str(name)
            if text not in entry.names:
                entry.names.append(text)
                entry.keys.extend(k for k in keys(text) if k not in entry.keys)
            lang = (getattr(name, "language", None) or "").lower()
            entry.langs.setdefault(lang, text)
            entry.types.add(str(type_))
        self.types = TypeTable(store)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, iri: object) -> bool:
        return iri in self._entries

    @cached_property
    def _items(self) -> list[tuple[str, _Entry]]:
        return sorted(self._entries.items())

    def display_name(self, iri: str, lang: str = "en") -> str:
        """A thing's name in ``lang`` (else English, else Chinese, else its first name)."""
        entry = self._entries.get(iri)
        if entry is None:
            return iri
        return (entry.langs.get(lang) or entry.langs.get("en") or entry.langs.get("zh")
                or entry.names[0])

    def names(self, iri: str) -> list[str]:
        """Every name of the thing ``iri`` (any language)."""
        entry = self._entries.get(iri)
        return list(entry.names) if entry else []

    def types_of(self, iri: str) -> list[str]:
        """The thing's most specific classes."""
        entry = self._entries.get(iri)
        return self.types.most_specific(entry.types) if entry else []

    def search(self, text: str, *, types: Iterable[str] | None = None,
               limit: int = 10) -> list[Candidate]:
        """The best ``limit`` things whose names match ``text``, best first (then the shorter
        matching name, then by display name and IRI); only instances of ``types`` (and of the
        classes under them) if given."""
        wanted = fold(text)
        if not wanted or limit <= 0:
            return []
        joined = wanted.replace(" ", "")
        allowed: set[str] | None = None
        if types is not None:
            allowed = set()
            for type_ in types:
                allowed |= self.types.below(str(type_))
        found: list[tuple[Rank, int, str, str, str]] = []
        for iri, entry in self._items:
            if allowed is not None and not (entry.types & allowed):
                continue
            # Every rank needs the text inside a key: test that (fast) before ranking.
            if not any(wanted in key or joined in key for key in entry.keys):
                continue
            rank = match_rank(text, entry.names)
            if rank is None:
                continue
            best = min(entry.names, key=lambda n: (match_rank(text, [n]) or Rank.CONTAINS,
                                                   len(n), n))
            found.append((rank, len(best), self.display_name(iri).casefold(), iri, best))
        found.sort()
        return [Candidate(iri, self.display_name(iri), best, rank, tuple(self.types_of(iri)))
                for rank, _, _, iri, best in found[:limit]]


def find_candidates(store: Store, text: str, *, types: Iterable[str | URIRef] | None = None,
                    limit: int = 10, index: NameIndex | None = None) -> list[Candidate]:
    """The places and organisations of ``store`` whose names match ``text``, best first.

    Parameters
    ----------
    store
        Any store.
    text
        A name as people type it: any language, any case, with or without accents, Chinese
        in either script or in pinyin.
    types
        Only instances of these classes (IRIs) and of the classes under them.
    limit
        At most this many candidates.
    index
        The names read before (:class:`NameIndex`), to read them once for many look-ups.

    Examples
    --------
    >>> from friendship_graph.store.default import default_store  # doctest: +SKIP
    >>> find_candidates(default_store(), "jinzhong")[0].name  # doctest: +SKIP
    'Jinzhong'
    """
    index = index if index is not None else NameIndex(store)
    return index.search(text, types=[str(t) for t in types] if types is not None else None,
                        limit=limit)
