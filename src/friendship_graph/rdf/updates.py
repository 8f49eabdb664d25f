"""SPARQL Update as text: which graphs an update writes, told before it runs.

:func:`update_targets` reads a SPARQL 1.1 Update (with the RDF 1.2 additions Oxigraph takes)
and returns every graph one of its operations may change: the IRI of each ``GRAPH <iri>``
of an ``INSERT DATA``/``DELETE DATA``/``DELETE WHERE`` block or of a template, of ``WITH``,
``LOAD ... INTO GRAPH``, ``CLEAR``/``DROP``/``CREATE`` and the target (for ``MOVE`` also the
source) of ``ADD``/``MOVE``/``COPY``; :data:`DEFAULT` for the default graph, :data:`ALL` and
:data:`NAMED` for ``CLEAR``/``DROP ALL|NAMED``, and :data:`ANY_GRAPH` for ``GRAPH ?g`` in a
template (the graph is only known once the WHERE clause has run). The store refuses an
update that would change a graph only the program writes (see
:func:`friendship_graph.store.base.check_update`).

It is a scanner, not a full parser: it tokenises the text as Oxigraph does (strings, IRIs with
their ``\\u`` escapes, comments up to a CR or LF, prefixed names with their escapes) and
follows the grammar of the update operations, skipping WHERE clauses by their braces. Where
the text could be read two ways — a ``<`` inside parentheses may be a comparison, so a
"``<...#...>``" there may be an IRI or the start of a comment — or where it meets anything it
does not expect, it raises :class:`~friendship_graph.errors.QueryError` rather than guess: an
update it accepts is read the way Oxigraph reads it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import QueryError

__all__ = ["update_targets", "DEFAULT", "ALL", "NAMED", "ANY_GRAPH"]

#: The default graph.
DEFAULT = "DEFAULT"
#: Every graph (``CLEAR ALL``, ``DROP ALL``).
ALL = "ALL"
#: Every named graph (``CLEAR NAMED``, ``DROP NAMED``).
NAMED = "NAMED"
#: A graph named by a variable (``GRAPH ?g`` in a template): any graph.
ANY_GRAPH = "?"

_NAME_CHARS = r"\w\-\u00B7\u00C0-\U000EFFFF"
_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*"'
    r"|'(?:[^'\\\r\n]|\\.)*')"
    r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"
    r"|(?P<var>[?$][" + _NAME_CHARS + r"]+)"
    r"|(?P<pname>(?:[A-Za-z\u00C0-\U000EFFFF][" + _NAME_CHARS + r".]*)?:"
    r"(?:[" + _NAME_CHARS + r":.%]|\\[_~.\-!$&'()*+,;=/?#@%])*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$|[?#])")
_OPERATIONS = ("LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE",
               "WITH")


@dataclass
class _Token:
    kind: str
    text: str
    line: int


def _tokens(sparql: str) -> list[_Token]:
    tokens: list[_Token] = []
    line, depth = 1, 0
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup or "other", match.group()
        if kind == "iri" and depth > 0 and ("#" in text or "'" in text):
            raise QueryError(
                f"line {line}: cannot tell whether {text} inside parentheses is an IRI or a "
                "comparison followed by a comment; write the IRI as a prefixed name")
        if text == "(":
            depth += 1
        elif text == ")":
            depth = max(depth - 1, 0)
        if kind not in ("ws", "comment"):
            if kind == "pname":  # a name cannot end with a dot: that is the statement's end
                stripped = text.rstrip(".")
                tokens.append(_Token(kind, stripped, line))
                tokens.extend(_Token("other", ".", line) for _ in text[len(stripped):])
            else:
                tokens.append(_Token(kind, text, line))
        line += text.count("\n") + text.count("\r") - text.count("\r\n")
    return tokens


class _Scanner:
    def __init__(self, sparql: str, prefixes: Mapping[str, str]) -> None:
        self.tokens = _tokens(sparql)
        self.at = 0
        self.prefixes = dict(prefixes)
        self.targets: set[str] = set()

    # -- reading tokens -------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def keyword(self, *words: str) -> str | None:
        """The next token's keyword (upper case) when it is one of ``words``; consumed."""
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.upper() in words:
            self.at += 1
            return token.text.upper()
        return None

    def fail(self, expected: str) -> QueryError:
        token = self.peek()
        where = f"line {token.line}: {token.text[:40]!r}" if token else "the end of the update"
        return QueryError(f"cannot tell which graphs this update writes: expected {expected} "
                          f"at {where}")

    def expect(self, text: str) -> None:
        token = self.peek()
        if token is None or token.text != text:
            raise self.fail(repr(text))
        self.at += 1

    def iri(self) -> str:
        """An IRI (``<...>`` or a prefixed name), absolute, as Oxigraph would store it."""
        token = self.peek()
        if token is None or token.kind not in ("iri", "pname"):
            raise self.fail("an IRI")
        self.at += 1
        if token.kind == "iri":
            value = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)),
                                token.text[1:-1])
        else:
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                raise QueryError(f"line {token.line}: the prefix {prefix!r} is not declared")
            value = self.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
        if not _ABSOLUTE.match(value) or _DOT_SEGMENT.search(value):
            raise QueryError(f"line {token.line}: write the graph {token.text} as a full IRI "
                             "(no relative IRI, no '.' or '..' segments): the update's "
                             "targets must be plain to see")
        return value

    def skip_group(self) -> None:
        """Skip a ``{ ... }`` group, nested groups included."""
        self.expect("{")
        depth = 1
        while depth:
            token = self.peek()
            if token is None:
                raise self.fail("'}'")
            self.at += 1
            if token.text == "{":
                depth += 1
            elif token.text == "}":
                depth -= 1

    # -- the grammar ----------------------------------------------------------------------

    def scan(self) -> set[str]:
        while True:
            self.prologue()
            if self.peek() is None:
                return self.targets
            self.operation()
            if self.peek() is None:
                return self.targets
            self.expect(";")

    def prologue(self) -> None:
        while True:
            word = self.keyword("PREFIX", "BASE", "VERSION")
            if word is None:
                return
            if word == "PREFIX":
                token = self.peek()
                if token is None or token.kind != "pname" or not token.text.endswith(":"):
                    raise self.fail("a prefix name")
                self.at += 1
                self.prefixes[token.text[:-1]] = self.iri_text()
            elif word == "BASE":
                self.iri_text()
            else:
                self.at += 1  # VERSION "1.2"

    def iri_text(self) -> str:
        """The text of an ``<...>`` IRI (a prefix's or the base), escapes applied."""
        token = self.peek()
        if token is None or token.kind != "iri":
            raise self.fail("an IRI in <...>")
        self.at += 1
        return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token.text[1:-1])

    def operation(self) -> None:
        word = self.keyword(*_OPERATIONS)
        if word is None:
            raise self.fail("an update operation (" + ", ".join(_OPERATIONS) + ")")
        self.keyword("SILENT")
        if word == "LOAD":
            self.iri()
            if self.keyword("INTO"):
                if not self.keyword("GRAPH"):
                    raise self.fail("GRAPH")
                self.targets.add(self.iri())
            else:
                self.targets.add(DEFAULT)
        elif word in ("CLEAR", "DROP"):
            which = self.keyword("GRAPH", "DEFAULT", "NAMED", "ALL")
            if which is None:
                raise self.fail("GRAPH, DEFAULT, NAMED or ALL")
            self.targets.add(self.iri() if which == "GRAPH" else which)
        elif word == "CREATE":
            if not self.keyword("GRAPH"):
                raise self.fail("GRAPH")
            self.targets.add(self.iri())
        elif word in ("ADD", "MOVE", "COPY"):
            source = self.graph_or_default()
            if not self.keyword("TO"):
                raise self.fail("TO")
            self.targets.add(self.graph_or_default())
            if word == "MOVE":
                self.targets.add(source)
        else:
            self.modify(word)

    def graph_or_default(self) -> str:
        if self.keyword("DEFAULT"):
            return DEFAULT
        self.keyword("GRAPH")
        return self.iri()

    def modify(self, word: str) -> None:
        default = DEFAULT
        if word == "WITH":
            default = self.iri()
            word = self.keyword("INSERT", "DELETE") or ""
            if not word:
                raise self.fail("INSERT or DELETE")
        elif self.keyword("DATA") or word == "DELETE" and self.keyword("WHERE"):
            self.quads(DEFAULT, template=False)
            return
        self.quads(default, template=True)
        if word == "DELETE" and self.keyword("INSERT"):
            self.quads(default, template=True)
        while self.keyword("USING"):
            self.keyword("NAMED")
            self.iri()
        if not self.keyword("WHERE"):
            raise self.fail("WHERE")
        self.skip_group()

    def quads(self, default: str, *, template: bool) -> None:
        """A block of quads: the graph of each ``GRAPH`` part, ``default`` for triples outside
        one."""
        self.expect("{")
        while True:
            token = self.peek()
            if token is None:
                raise self.fail("'}'")
            if token.text == "}":
                self.at += 1
                return
            if self.keyword("GRAPH"):
                name = self.peek()
                if name is not None and name.kind == "var":
                    if not template:
                        raise self.fail("an IRI")
                    self.at += 1
                    self.targets.add(ANY_GRAPH)
                else:
                    self.targets.add(self.iri())
                self.skip_group()
            elif token.text == ".":
                self.at += 1
            else:
                self.targets.add(default)
                if token.text == "{":  # an annotation {| ... |}
                    self.skip_group()
                else:
                    self.at += 1


def update_targets(sparql: str, prefixes: Mapping[str, str] | None = None) -> set[str]:
    """Every graph a SPARQL Update may change (see the module's description): absolute IRIs,
    :data:`DEFAULT`, :data:`ALL`, :data:`NAMED` or :data:`ANY_GRAPH`.

    ``prefixes`` are the prefixes the store declares for every update. Raises
    :class:`~friendship_graph.errors.QueryError` when the text cannot be read unambiguously.

    >>> sorted(update_targets("DROP GRAPH <http://example.org/a> ; CLEAR ALL"))
    ['ALL', 'http://example.org/a']
    """
    return _Scanner(sparql, prefixes or {}).scan()
