"""An untrusted file -> checked quads.

Every RDF file the program reads goes through :func:`parse_file`: the data a user loads, the
ontology and its extensions, the files ``validate`` checks. It

* tells the format from an explicit name or the file ending (``.gz`` files are decompressed);
* refuses what would make the parser do unbounded work or reach the network: RDF/XML with
  ``<!ENTITY>`` declarations, not well-formed XML, JSON-LD with a remote ``@context``;
* refuses ill-typed literals (``"2020-1-1"^^xsd:date``), and literals the store would not keep
  as written (``"01"^^xsd:integer`` would come back as ``"1"``) unless asked to canonicalise;
* reports every problem as one :class:`~friendship_graph.errors.LoadError` naming the file and,
  where it can be found, the line.

:func:`prepare_load` reads all the files of one load before anything is written, so a load is
all or nothing.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from ..errors import LoadError
from ..vocab import GRAPH
from .literals import XSD, checked_datatypes, first_non_xml_char, lexical_problem
from .terms import to_oxigraph

__all__ = ["RDF_EXTENSIONS", "rdf_format_for", "graph_for_file", "parse_file", "prepare_load",
           "open_binary", "load_error", "syntax_message", "LoadCheck"]

#: File endings the store reads, and the pyoxigraph format for each.
RDF_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nquads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


def rdf_format_for(path: str | os.PathLike[str], format: str | None = None) -> ox.RdfFormat:
    """The RDF format of a file, from an explicit name (``turtle``, ``trig``...) or its ending."""
    if format:
        names = {
            "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
            "n-triples": ox.RdfFormat.N_TRIPLES,
            "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
            "n-quads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD,
            "xml": ox.RdfFormat.RDF_XML, "rdfxml": ox.RdfFormat.RDF_XML,
            "rdf/xml": ox.RdfFormat.RDF_XML, "n3": ox.RdfFormat.N3,
        }
        try:
            return names[format.lower()]
        except KeyError:
            raise LoadError(str(path), f"unknown RDF format {format!r}; use one of "
                            + ", ".join(sorted(names))) from None
    name = Path(path).name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix not in RDF_EXTENSIONS:
        raise LoadError(str(path), f"cannot tell the RDF format from the ending {suffix!r}; "
                        "use .ttl, .nt, .nq, .trig, .jsonld or .rdf, or pass --format")
    return RDF_EXTENSIONS[suffix]


def graph_for_file(path: str | os.PathLike[str]) -> URIRef:
    """The named graph a triples file goes to when none is given: ``graph:<file stem>``."""
    stem = Path(path).name.split(".")[0]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-").lower() or "unnamed"
    return GRAPH[slug]



def _line_of(error: SyntaxError) -> int | None:
    if error.lineno:
        return int(error.lineno)
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def syntax_message(error: BaseException) -> str:
    """The first line of a parser's error message, without the file name and line that a
    :class:`~friendship_graph.errors.LoadError` gives on its own."""
    # pyoxigraph appends "(file name, line N)"; the LoadError names both already (and a file
    # name may hold a line break, so this goes before taking the first line).
    message = re.sub(r" \((?:[^()]*, )?line \d+\)\s*$", "", str(error))
    message = message.splitlines()[0] if message.strip() else type(error).__name__
    if "LoadDocumentCallback" in message:
        return ("the JSON-LD document refers to a remote @context, which would be fetched from "
                "the network; inline the context instead")
    return message



def load_error(path: str | os.PathLike[str], error: BaseException) -> LoadError:
    """The :class:`~friendship_graph.errors.LoadError` for a parser's exception on ``path``."""
    line = _line_of(error) if isinstance(error, SyntaxError) else None
    return LoadError(str(path), syntax_message(error), line)


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


#: A ``.gz`` file may decompress to at most this many times its size (RDF text compresses
#: about 10-30 times: the bundled world network 31) once past :data:`GZIP_FREE_BYTES`, and to
#: at most :data:`GZIP_MAX_BYTES` in all; past either it is refused as a compression bomb.
GZIP_MAX_RATIO = 200
GZIP_FREE_BYTES = 16 << 20
GZIP_MAX_BYTES = 4 << 30


class DecompressionBombError(OSError):
    """A compressed file decompresses to more than the limits allow."""


class _BoundedGzip(io.RawIOBase):
    """A ``.gz`` file read through a counter: refused while reading, as soon as the data
    grows past the limits, so that a bomb costs neither time nor memory."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._raw = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._gzip = gzip.GzipFile(fileobj=self._raw, mode="rb")
        self._out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._gzip.readinto(buffer)
        self._out += count
        compressed = max(self._raw.tell(), 1)
        if self._out > GZIP_MAX_BYTES or (
                self._out > GZIP_FREE_BYTES and self._out > GZIP_MAX_RATIO * compressed):
            raise DecompressionBombError(
                f"the compressed file decompresses to more than {self._out >> 20} MB from "
                f"its first {compressed / 1e6:.2f} MB (over {GZIP_MAX_RATIO} times, or over "
                f"{GZIP_MAX_BYTES >> 30} GB): refused as a compression bomb; decompress it "
                "yourself if you trust it")
        return count

    def close(self) -> None:
        self._gzip.close()
        self._raw.close()
        super().close()


def open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    """A file opened for reading bytes, decompressed when its name ends in ``.gz`` (within
    :data:`GZIP_MAX_RATIO` and :data:`GZIP_MAX_BYTES`)."""
    if str(path).lower().endswith(".gz"):
        return io.BufferedReader(_BoundedGzip(path), 1 << 16)
    return open(path, "rb")  # noqa: SIM115 - the caller closes it


def _guard_file(path: str | os.PathLike[str], rdf_format: ox.RdfFormat) -> None:
    """Refuse inputs that would make the parser do unbounded work or fetch from the network."""
    if not Path(path).is_file():
        raise LoadError(str(path), "no such file")
    if rdf_format == ox.RdfFormat.RDF_XML:
        with open_binary(path) as handle:
            head = handle.read(1 << 20)
        if _ENTITY_DECLARATION.search(head):
            raise LoadError(str(path), "RDF/XML with <!ENTITY> declarations is refused "
                            "(entity expansion can exhaust memory); expand the entities first")
        _check_xml(path)


def _check_xml(path: str | os.PathLike[str]) -> None:
    """Check that an XML file is well-formed (pyoxigraph accepts a truncated RDF/XML file),
    with expat: it never fetches a DTD, and entity declarations anywhere are refused."""
    from xml.parsers import expat

    parser = expat.ParserCreate()

    def refuse_entity(name: str, *_: object) -> None:
        raise LoadError(str(path), f"RDF/XML with <!ENTITY {name}> declarations is refused "
                        "(entity expansion can exhaust memory); expand the entities first",
                        parser.CurrentLineNumber)

    parser.EntityDeclHandler = refuse_entity
    try:
        with open_binary(path) as handle:
            parser.ParseFile(handle)
    except expat.ExpatError as error:
        raise LoadError(str(path), f"not well-formed XML: {expat.errors.messages[error.code]}",
                        error.lineno) from None


_XSD = XSD
_CHECKED = checked_datatypes()


def _check_literals(path: str | os.PathLike[str], quads: list[ox.Quad],
                    canonical: bool = True) -> None:
    """Refuse ill-typed literals such as ``"2020-1-1"^^xsd:date`` (every XML Schema datatype,
    :func:`~friendship_graph.rdf.literals.lexical_problem`), which RDF parsers accept but no
    query can compare or sort, and any term holding a character XML 1.0 cannot carry (every
    XML output would be broken)."""
    for quad in quads:
        for term in (quad.subject, quad.predicate, quad.object):
            value = getattr(term, "value", "")
            bad = first_non_xml_char(value)
            if bad is not None:
                raise LoadError(
                    str(path), f"the character U+{ord(bad):04X} cannot be written to XML "
                    "(RDF/XML, SPARQL XML results, GEXF, GraphML); remove it or replace it with "
                    "a space", _find_line(path, value) or _find_line(path, value.split(bad)[0]))
        literal = quad.object
        if isinstance(literal, ox.Literal) and literal.datatype.value in _CHECKED:
            datatype = literal.datatype.value
            problem = lexical_problem(literal.value, datatype)
            if problem:
                short = "xsd:" + datatype.removeprefix(_XSD)
                hint = (" (write dates as YYYY-MM-DD; YYYY-MM is xsd:gYearMonth, YYYY xsd:gYear)"
                        if short in ("xsd:date", "xsd:gYearMonth", "xsd:gYear") else "")
                raise LoadError(
                    str(path), f"ill-typed literal \"{literal.value}\"^^{short}: "
                    f"not a valid {short} value"
                    f"{'' if problem == 'not in its lexical form' else ': ' + problem}{hint}",
                    _find_line(path, literal.value))
    if canonical:
        _check_canonical(path, quads)


def _check_canonical(path: str | os.PathLike[str], quads: list[ox.Quad]) -> None:
    """Refuse typed literals the store would not keep as written: Oxigraph stores numbers,
    booleans and dates as values, so "01"^^xsd:integer would come back as "1" - a different
    RDF term, and a silent loss on every round trip."""
    typed = {q.object for q in quads if isinstance(q.object, ox.Literal)
             and q.object.datatype.value.startswith(_XSD)
             and q.object.datatype.value != _XSD + "string"}
    if not typed:
        return
    probe = ox.Store()
    predicate = ox.NamedNode("urn:x-fg:value")
    literals = list(typed)
    probe.extend(ox.Quad(ox.NamedNode(f"urn:x-fg:{i}"), predicate, lit)
                 for i, lit in enumerate(literals))
    for quad in probe:
        original = literals[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object.value != original.value:
            short = "xsd:" + original.datatype.value.removeprefix(_XSD)
            raise LoadError(
                str(path), f"\"{original.value}\"^^{short} is not in canonical form; the store "
                f"would keep it as \"{quad.object.value}\" (a different RDF term): write that, "
                "or load with --canonicalize to accept the rewriting",
                _find_line(path, original.value))


def _find_line(path: str | os.PathLike[str], needle: str) -> int | None:
    """The first line of a file that holds ``needle`` (quoted, as XML text, or bare)."""
    if not needle:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(64 << 20)
    except OSError:
        return None
    raw = needle.encode("utf-8", "replace")
    for candidate in (b'"' + raw + b'"', b">" + raw + b"<", b"'" + raw + b"'", raw):
        index = data.find(candidate)
        if index >= 0:
            return data.count(b"\n", 0, index) + 1
    return None


#: A check of the quads of a load before they are written (``load_files(check=...)``): it
#: raises :class:`~friendship_graph.errors.LoadError` to refuse them, e.g.
#: :func:`friendship_graph.validate.check_shapes`.
LoadCheck = Callable[[list[ox.Quad], Sequence[str | os.PathLike[str]]], None]


def prepare_load(paths: Sequence[str | os.PathLike[str]], *, graph: str | None = None,
                 format: str | None = None, canonicalize: bool = False,
                 check: LoadCheck | None = None, reserved: Mapping[str, str] | None = None,
                 ) -> tuple[list[ox.Quad], set[str]]:
    """Parse (and ``check``) every file of a load before anything is written: the quads and
    the named graphs they go to. A file that writes into one of the ``reserved`` graphs
    (IRI -> what it holds) is refused, naming the line. Shared by every backend."""
    quads: list[ox.Quad] = []
    targets: set[str] = set()
    for path in paths:
        target = URIRef(graph) if graph else graph_for_file(path)
        parsed = parse_file(path, format=format, graph=target, canonicalize=canonicalize)
        if not parsed:
            raise LoadError(str(path), "the file holds no statements (is it empty?); "
                            "to empty a graph use 'friendship-graph remove GRAPH'")
        graphs = {quad.graph_name.value for quad in parsed}
        for name in sorted(graphs & set(reserved or ())):
            line = _find_line(path, name) or _find_line(path, name.rsplit("/", 1)[-1])
            raise LoadError(str(path), f"the file writes into <{name}>, which only "
                            f"friendship-graph writes (it holds {reserved[name]}); put the "
                            "data in a graph of its own", line if graph is None else None)
        quads.extend(parsed)
        targets |= graphs
    if check is not None:
        check(quads, paths)
    return quads, targets


def parse_file(path: str | os.PathLike[str], *, format: str | None = None,
               graph: Node | None = None, force_graph: bool = False,
               canonicalize: bool = False) -> list[ox.Quad]:
    """Parse a whole RDF file into pyoxigraph quads, or raise a LoadError naming the line.

    Default-graph triples go to ``graph``; with ``force_graph`` every quad does. Typed
    literals must be well-typed, and in canonical form unless ``canonicalize``.
    """
    rdf_format = rdf_format_for(path, format)
    _guard_file(path, rdf_format)
    target = to_oxigraph(graph) if graph is not None else ox.DefaultGraph()
    try:
        quads = []
        with open_binary(path) as source:
            parsed = list(ox.parse(source, format=rdf_format))
        for quad in parsed:
            if force_graph or isinstance(quad.graph_name, ox.DefaultGraph):
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            quads.append(quad)
    except SyntaxError as error:
        message = syntax_message(error)
        line = _line_of(error)
        if line is None:  # RDF/XML errors quote the bad text but give no line
            quoted = re.search(r"'([^']+)'|`([^`]+)`", message)
            line = _find_line(path, next(g for g in quoted.groups() if g)) if quoted else None
        raise LoadError(str(path), message, line) from None
    except (OSError, ValueError, UnicodeDecodeError, EOFError) as error:
        raise LoadError(str(path), syntax_message(error)) from None
    except MemoryError as error:  # pyoxigraph: "Reached the buffer maximal size of 16777216"
        raise LoadError(str(path), f"a single term or statement is too long for the parser "
                        f"({syntax_message(error)}); is the file truncated or not RDF?") from None
    _check_literals(path, quads, canonical=not canonicalize)
    return quads
