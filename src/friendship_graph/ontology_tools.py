"""Tools for the people who extend the ontology: a lint (``ontology check``) and a reference
generator (``ontology docs``).

Both read the ontology's Turtle files (``ontology/*.ttl``, ``ontology/extensions/*.ttl`` and
any ``--ontology`` file); nothing here lists classes or relations: they come from the files.

:func:`check_ontology` returns findings (errors and warnings, each with a file and line when it
can tell); :func:`write_reference` writes Markdown pages, one section per term, with an example
taken from the data of a store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .errors import FriendshipGraphError, LoadError
from .ontology import OntologySource, local_name, ontology_files, ontology_sources, source_label
from .resources import ontology_dir
from .store import Store
from .vocab import FG, FGC, INFERRED_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI, PREFIXES, SH

__all__ = [
    "CheckFinding",
    "CheckReport",
    "check_ontology",
    "released_terms",
    "declared_terms",
    "write_reference",
    "RELEASED_TERMS_FILE",
]

#: The terms of the last release, one IRI a line, with a ``# version: X`` header.
RELEASED_TERMS_FILE = "released-terms.txt"

_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property)
_OTHER_TYPES = (SKOS.Concept, SKOS.ConceptScheme, OWL.NamedIndividual)
_TERM_TYPES = (*_CLASS_TYPES, *_PROPERTY_TYPES, *_OTHER_TYPES)
_NAMESPACES = (str(FG), str(FGC))


# =========================================================================== reading


@dataclass
class _File:
    path: Path
    graph: Graph
    lines: list[str]
    prefixes: dict[str, str]

    def line_of(self, iri: str) -> int | None:
        """The first line where ``iri`` starts a statement (or else appears at all)."""
        names = [re.escape(f"<{iri}>")]
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                names.append(re.escape(f"{prefix}:{iri[len(ns):]}") + r"(?![\w\-./])")
        pattern = re.compile("|".join(names))
        anywhere = None
        for number, line in enumerate(self.lines, start=1):
            stripped = line.lstrip()
            if stripped.startswith("#"):
                continue
            match = pattern.match(stripped)
            if match:
                return number
            if anywhere is None and pattern.search(line):
                anywhere = number
        return anywhere


_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w\-]*):\s*<([^>]*)>", re.IGNORECASE)


def _read(path: Path) -> _File:
    from .rdf.files import parse_file
    from .rdf.terms import to_rdflib

    graph = Graph()
    for quad in parse_file(path):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    text = path.read_text(encoding="utf-8", errors="replace")
    prefixes = {m.group(1): m.group(2) for m in map(_PREFIX_LINE.match, text.splitlines()) if m}
    return _File(path, graph, text.splitlines(), prefixes)


def declared_terms(graph: Graph) -> set[URIRef]:
    """The IRIs a graph declares as classes, properties, concepts or individuals."""
    return {s for t in _TERM_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}


def released_terms(path: Path | None = None) -> tuple[str, list[tuple[int, str]]]:
    """The version and the (line, IRI) pairs of ``ontology/released-terms.txt``."""
    path = path or ontology_dir() / RELEASED_TERMS_FILE
    version, terms = "", []
    if not path.is_file():
        return version, terms
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if line.startswith("#"):
            match = re.match(r"#\s*version:\s*(\S+)", line)
            if match:
                version = match.group(1)
        elif line:
            terms.append((number, line.split()[0]))
    return version, terms


# =========================================================================== the check


@dataclass
class CheckFinding:
    """One problem found in an ontology file."""

    severity: str  # "error" or "warning"
    code: str
    message: str
    file: str = ""
    line: int | None = None
    term: str = ""

    def text(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        return f"{where}{self.severity}: {self.message} [{self.code}]"


@dataclass
class CheckReport:
    """The findings of :func:`check_ontology` for the files it checked."""

    files: list[str] = field(default_factory=list)
    findings: list[CheckFinding] = field(default_factory=list)
    terms: int = 0
    #: Every file read (the whole ontology, as context), with where it comes from.
    sources: list[OntologySource] = field(default_factory=list)

    @property
    def errors(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[CheckFinding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_text(self, *, warnings: bool = True) -> str:
        shown = self.findings if warnings else self.errors
        lines = [f"read {source.text()}" for source in self.sources]
        lines += [f.text() for f in shown]
        verdict = "OK" if self.ok else "FAILED"
        lines.append(f"{len(self.files)} file(s), {self.terms} term(s) checked: {verdict} "
                     f"({len(self.errors)} error(s), {len(self.warnings)} warning(s))")
        return "\n".join(lines) + "\n"


_SHORT_PREFIXES = {**PREFIXES, "fgsh": "https://w3id.org/friendship-graph/shapes#"}


def _short(iri: str) -> str:
    if iri == str(RDF.type):
        return "a"
    for prefix, ns in sorted(_SHORT_PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _has_lang(graph: Graph, iri: URIRef, predicates: Iterable[URIRef], lang: str) -> bool:
    return any(isinstance(v, Literal) and (v.language or "").lower().split("-")[0] == lang
               for p in predicates for v in graph.objects(iri, p))


def _unique(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    seen: dict[Path, None] = {}
    for path in paths:
        seen.setdefault(Path(os.path.abspath(path)), None)
    return list(seen)


def check_ontology(files: Sequence[str | os.PathLike[str]] | None = None, *,
                   released: str | os.PathLike[str] | None = None,
                   changelog: str | os.PathLike[str] | None = None) -> CheckReport:
    """Lint ontology files; without ``files``, the whole ontology (core and extensions).

    The files are checked in the context of the whole ontology (a parent may be declared in
    core.ttl, a shape in shapes.ttl). Errors: a syntax error; a term without an English or a
    Chinese label or an English definition; a parent in the project's namespace that nobody
    declares; a class or property outside the project's namespaces; a term declared in two
    files; a released term (``ontology/released-terms.txt``) that is gone; an
    ``owl:versionInfo`` with no section in ``ontology/CHANGELOG.md``. Warnings: a property
    without a domain or a range; a class that no shape targets (neither it nor an ancestor).
    """
    sources = ontology_sources()
    context_paths = _unique(s.path for s in sources)
    targets = _unique(files) if files else list(context_paths)
    report = CheckReport(files=[_display_path(p) for p in targets], sources=sources)
    known = set(context_paths)
    report.sources += [OntologySource(p, "argument") for p in targets if p not in known]
    parsed: dict[Path, _File] = {}
    for path in _unique([*context_paths, *targets]):
        try:
            parsed[path] = _read(path)
        except LoadError as error:
            if path in targets:
                report.findings.append(CheckFinding("error", "syntax", error.reason,
                                                    _display_path(path), error.line))
    union = Graph()
    for item in parsed.values():
        union += item.graph
    declared_in: dict[URIRef, list[Path]] = {}
    for path, item in parsed.items():
        for term in declared_terms(item.graph):
            declared_in.setdefault(term, []).append(path)
    everything = set(declared_in)

    def add(severity: str, code: str, message: str, item: _File, term: URIRef | None) -> None:
        line = item.line_of(str(term)) if term is not None else None
        report.findings.append(CheckFinding(severity, code, message, _display_path(item.path),
                                            line, str(term) if term is not None else ""))

    shaped = _shaped_classes(union)
    for path in targets:
        item = parsed.get(path)
        if item is None:
            continue
        terms = sorted(declared_terms(item.graph))
        report.terms += len(terms)
        for term in terms:
            name = _short(str(term))
            types = set(union.objects(term, RDF.type))
            is_class = bool(types & set(_CLASS_TYPES))
            is_property = bool(types & set(_PROPERTY_TYPES))
            if not str(term).startswith(_NAMESPACES) and (is_class or is_property):
                add("error", "namespace", f"{name} is outside the project's namespace: name "
                    f"new terms fg:Name ({FG}) or concepts fgc:name ({FGC})", item, term)
            owners = declared_in.get(term, [])
            if len(owners) > 1 and owners[0] != path:
                add("error", "duplicate", f"{name} is declared again (first in "
                    f"{owners[0].name}:{parsed[owners[0]].line_of(str(term))}); declare a term "
                    "once and add to it in one file", item, term)
            labels = (RDFS.label, SKOS.prefLabel)
            for lang, words in (("en", "English"), ("zh", "Chinese")):
                if not _has_lang(union, term, labels, lang):
                    add("error", f"label-{lang}", f"{name} has no {words} label: add "
                        f'rdfs:label "..."@{lang}', item, term)
            if not _has_lang(union, term, (SKOS.definition, RDFS.comment), "en"):
                add("error", "definition", f"{name} has no English definition: add "
                    'skos:definition "..."@en (one sentence a librarian can apply)', item, term)
            for link in (RDFS.subClassOf, RDFS.subPropertyOf):
                for parent in item.graph.objects(term, link):
                    if (isinstance(parent, URIRef) and str(parent).startswith(_NAMESPACES)
                            and parent not in everything):
                        add("error", "undefined-parent", f"{name} has {_short(str(link))} "
                            f"{_short(str(parent))}, which no ontology file declares (a typo? "
                            "see docs/reference/ontology/ for the terms)", item, term)
            if is_property and OWL.AnnotationProperty not in types:
                missing = [w for p, w in ((RDFS.domain, "rdfs:domain"), (RDFS.range, "rdfs:range"))
                           if _inherited(union, term, p, RDFS.subPropertyOf) is None]
                if missing:
                    add("warning", "domain-range", f"{name} has no {' and no '.join(missing)}",
                        item, term)
            if is_class and str(term).startswith(str(FG)) and term not in shaped:
                ancestors = set(union.transitive_objects(term, RDFS.subClassOf))
                if not ancestors & shaped:
                    add("warning", "no-shape", f"{name} has no SHACL shape (none targets it or "
                        "a class above it): its data is not checked", item, term)
    _check_releases(report, union, everything, parsed, released, changelog)
    order = {"error": 0, "warning": 1}
    report.findings.sort(key=lambda f: (order[f.severity], f.file, f.line or 0, f.code))
    return report


def _inherited(graph: Graph, term: URIRef, prop: URIRef, link: URIRef) -> object:
    for node in graph.transitive_objects(term, link):
        value = graph.value(node, prop)
        if value is not None:
            return value
    return None


def _shaped_classes(graph: Graph) -> set[URIRef]:
    out = set()
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        for shape in graph.subjects(RDF.type, shape_type):
            if graph.value(shape, SH.rule) is not None and graph.value(shape, SH.path) is None \
                    and graph.value(shape, SH.property) is None and not any(
                        graph.objects(shape, SH["or"])):
                continue  # a rule holder, not a constraint
            out.update(c for c in graph.objects(shape, SH.targetClass) if isinstance(c, URIRef))
    return out


def _check_releases(report: CheckReport, union: Graph, everything: set[URIRef],
                    parsed: dict[Path, _File], released: str | os.PathLike[str] | None,
                    changelog: str | os.PathLike[str] | None) -> None:
    released_path = Path(released) if released else ontology_dir() / RELEASED_TERMS_FILE
    version, terms = released_terms(released_path)
    labels: dict[str, URIRef] = {}
    for term in everything:
        for value in union.objects(term, RDFS.label):
            if isinstance(value, Literal) and value.language == "en":
                labels.setdefault(str(value).lower(), term)
    released_set = {iri for _, iri in terms}
    for number, iri in terms:
        if URIRef(iri) in everything:
            continue
        hint = ""
        old_label = _released_label(released_path, iri)
        candidate = labels.get(old_label.lower()) if old_label else None
        if candidate is not None and str(candidate) not in released_set:
            hint = f" (renamed to {_short(str(candidate))}?)"
        report.findings.append(CheckFinding(
            "error", "removed", f"{_short(iri)} was released in {version or 'a release'} and is "
            f"no longer declared{hint}: keep it, marked owl:deprecated true with "
            "dcterms:isReplacedBy the new term, and say so in ontology/CHANGELOG.md",
            _display_path(released_path), number, iri))
    changelog_path = Path(changelog) if changelog else ontology_dir() / "CHANGELOG.md"
    current = union.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    if current is None:
        return
    sections = set()
    if changelog_path.is_file():
        sections = set(re.findall(r"^##\s*\[?v?([0-9][\w.\-]*)\]?",
                                  changelog_path.read_text(encoding="utf-8"), re.MULTILINE))
    if str(current) not in sections:
        owner = next((item for item in parsed.values()
                      if (URIRef(ONTOLOGY_IRI), OWL.versionInfo, current) in item.graph), None)
        report.findings.append(CheckFinding(
            "error", "changelog", f"owl:versionInfo is {current} but {changelog_path.name} has "
            f"no '## {current}' section: describe what changed (added, deprecated, renamed)",
            _display_path(owner.path if owner else changelog_path),
            owner.line_of(ONTOLOGY_IRI) if owner else None, ONTOLOGY_IRI))


def _released_label(path: Path, iri: str) -> str:
    """The English label recorded next to a released term (``IRI  # label``), if any."""
    if not path.is_file():
        return ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(iri + " ") or line.startswith(iri + "\t"):
            return line[len(iri):].strip().removeprefix("#").strip()
    return ""


def write_released_terms(path: str | os.PathLike[str]) -> int:
    """Write the current ontology's terms (core + extensions) as the released list."""
    from .ontology import load_ontology

    graph = load_ontology().graph
    version = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    terms = sorted(t for t in declared_terms(graph) if str(t).startswith(_NAMESPACES))
    lines = [f"# version: {version}",
             "# The terms of the last release: removing or renaming one is an error of",
             "# 'friendship-graph ontology check'. Regenerate at each release.",]
    for term in terms:
        label = next((str(v) for v in graph.objects(term, RDFS.label)
                      if isinstance(v, Literal) and v.language == "en"), "")
        lines.append(f"{term}  # {label}" if label else str(term))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(terms)


# =========================================================================== the reference


def _anchor(iri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _short(iri).lower()).strip("-")


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_reference(output: str | os.PathLike[str], store: Store | None = None) -> list[Path]:
    """Write the ontology reference (Markdown) into ``output``; return the files written.

    ``index.md`` (overview, namespaces, hierarchies), ``classes.md``, ``properties.md`` and
    ``concepts.md``: per term its labels in English and Chinese, definition, parents and
    children, alignments, domain and range, the shapes that check it, and an example from the
    data in ``store`` (any :class:`~friendship_graph.store.Store`; none: no examples).
    """
    from .ontology import load_ontology

    out = Path(output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FriendshipGraphError(f"cannot create {out}: {error}") from None
    ontology = load_ontology()
    graph = ontology.graph
    terms = declared_terms(graph)
    classes = sorted(t for t in terms if str(t).startswith(str(FG))
                     and set(graph.objects(t, RDF.type)) & set(_CLASS_TYPES))
    properties = sorted(t for t in terms if str(t).startswith(str(FG))
                        and set(graph.objects(t, RDF.type)) & set(_PROPERTY_TYPES))
    schemes = sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme)
                     if isinstance(s, URIRef))
    individuals = sorted(t for t in terms if str(t).startswith(str(FG))
                         and t not in classes and t not in properties)
    examples = _Examples(store)
    page = {c: "classes.md" for c in classes} | {p: "properties.md" for p in properties}
    page |= {i: "classes.md" for i in individuals}
    for scheme in schemes:
        page[scheme] = "concepts.md"
        page.update({c: "concepts.md" for c in graph.subjects(SKOS.inScheme, scheme)
                     if isinstance(c, URIRef)})

    def link(iri: object, here: str) -> str:
        if isinstance(iri, BNode):
            members = _union_members(graph, iri)
            return " or ".join(link(m, here) for m in members) if members else "(a blank node)"
        if not isinstance(iri, URIRef):
            return f"`{iri}`"
        if iri in page:
            target = "" if page[iri] == here else page[iri]
            label = ontology.label(iri)
            return f"[{_short(str(iri))}]({target}#{_anchor(str(iri))}) ({_md(label)})"
        return f"`{_short(str(iri))}`"

    version = graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    written = []

    # ---- index
    lines = [
        "# Ontology reference",
        "",
        "<!-- Generated by `friendship-graph ontology docs -o docs/reference/ontology`: "
        "do not edit by hand. -->",
        "",
        f"Version {version or '(none)'}; {len(classes)} classes, {len(properties)} properties, "
        f"{len(schemes)} concept schemes. Generated from the ontology's files "
        "(core, shapes, rules and extensions):",
        "",
        *[f"- `{_display_path(p)}`" for p in ontology_files()],
        "",
        "Pages: [classes](classes.md) · [properties](properties.md) · "
        "[concepts](concepts.md).",
        "",
        "## Namespaces",
        "",
        "| prefix | namespace |",
        "|---|---|",
        *[f"| `{p}:` | `{ns}` |" for p, ns in PREFIXES.items()],
        "",
        "## Class hierarchy",
        "",
    ]
    roots = [c for c in classes
             if not any(p in classes for p in graph.objects(c, RDFS.subClassOf))]
    lines += _tree(graph, roots, RDFS.subClassOf, classes, link, "index.md")
    lines += ["", "## Property hierarchy", ""]
    roots = [p for p in properties
             if not any(q in properties for q in graph.objects(p, RDFS.subPropertyOf))]
    lines += _tree(graph, roots, RDFS.subPropertyOf, properties, link, "index.md")
    lines += ["", "## Concept schemes", ""]
    lines += [f"- {link(s, 'index.md')}" for s in schemes]
    written.append(_write(out / "index.md", lines))

    # ---- classes
    lines = ["# Classes", "", "<!-- Generated by `friendship-graph ontology docs`: do not edit "
             "by hand. -->", "", "[Overview](index.md) · [properties](properties.md) · "
             "[concepts](concepts.md)", ""]
    for cls in [*classes, *individuals]:
        lines += _term_section(ontology, cls, "classes.md", link, examples, is_class=True)
    written.append(_write(out / "classes.md", lines))

    # ---- properties
    lines = ["# Properties", "", "<!-- Generated by `friendship-graph ontology docs`: do not "
             "edit by hand. -->", "", "[Overview](index.md) · [classes](classes.md) · "
             "[concepts](concepts.md)", ""]
    for prop in properties:
        lines += _term_section(ontology, prop, "properties.md", link, examples, is_class=False)
    written.append(_write(out / "properties.md", lines))

    # ---- concepts
    lines = ["# Concept schemes", "", "<!-- Generated by `friendship-graph ontology docs`: do "
             "not edit by hand. -->", "", "[Overview](index.md) · [classes](classes.md) · "
             "[properties](properties.md)", ""]
    for scheme in schemes:
        lines += _term_section(ontology, scheme, "concepts.md", link, examples, is_class=False,
                               heading="##")
        concepts = sorted((c for c in graph.subjects(SKOS.inScheme, scheme)
                           if isinstance(c, URIRef)),
                          key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)))
        for concept in concepts:
            lines += _term_section(ontology, concept, "concepts.md", link, examples,
                                   is_class=False, heading="###")
    written.append(_write(out / "concepts.md", lines))
    return written


def _display_path(path: Path) -> str:
    """A file named the same way on every installation (``<bundled>/core.ttl``)."""
    return source_label(path)


def _write(path: Path, lines: list[str]) -> Path:
    text = "\n".join(lines).rstrip() + "\n"
    path.write_text(re.sub(r"\n{3,}", "\n\n", text), encoding="utf-8")
    return path


def _union_members(graph: Graph, node: BNode) -> list[URIRef]:
    """The members of an ``owl:unionOf`` class or datatype (a domain or range such as "a
    place or an organisation", or "a date, a month or a year"), else nothing."""
    from rdflib.collection import Collection

    members = graph.value(node, OWL.unionOf)
    return [m for m in Collection(graph, members) if isinstance(m, URIRef)] if members else []


def _tree(graph: Graph, roots: list[URIRef], link_prop: URIRef, members: list[URIRef],
          link, here: str, depth: int = 0) -> list[str]:  # noqa: ANN001
    lines = []
    for node in sorted(roots):
        lines.append("  " * depth + f"- {link(node, here)}")
        children = sorted(c for c in graph.subjects(link_prop, node) if c in members)
        lines += _tree(graph, children, link_prop, members, link, here, depth + 1)
    return lines


def _term_section(ontology, iri: URIRef, here: str, link, examples: _Examples, *,  # noqa: ANN001
                  is_class: bool, heading: str = "##") -> list[str]:
    graph = ontology.graph
    labels = ontology.labels(iri)
    title = labels.get("en") or local_name(iri)
    lines = [f'{heading} {_short(str(iri))} — {_md(title)} <a id="{_anchor(str(iri))}"></a>', ""]
    rows = [("IRI", f"`{iri}`"),
            ("label (en)", _md(labels.get("en", "—"))),
            ("label (zh)", _md(labels.get("zh", "—")))]
    for name, predicate in (("definition", SKOS.definition), ("comment", RDFS.comment)):
        for value in sorted(graph.objects(iri, predicate), key=str):
            lang = f" ({value.language})" if isinstance(value, Literal) and value.language else ""
            rows.append((name + lang, _md(str(value))))
    if str(graph.value(iri, OWL.deprecated) or "").lower() in ("true", "1"):
        replaced = sorted(graph.objects(iri, URIRef("http://purl.org/dc/terms/isReplacedBy")),
                          key=str)
        rows.append(("deprecated", "yes" + (": use " + ", ".join(link(v, here) for v in replaced)
                                            if replaced else "")))
    for name, predicate in (("subclass of", RDFS.subClassOf),
                            ("subproperty of", RDFS.subPropertyOf),
                            ("domain", RDFS.domain), ("range", RDFS.range),
                            ("broader", SKOS.broader), ("in scheme", SKOS.inScheme)):
        values = sorted(graph.objects(iri, predicate), key=str)
        if values:
            rows.append((name, ", ".join(link(v, here) for v in values)))
    for name, predicate in (("subclasses", RDFS.subClassOf),
                            ("subproperties", RDFS.subPropertyOf)):
        values = sorted(c for c in graph.subjects(predicate, iri) if isinstance(c, URIRef))
        if values:
            rows.append((name, ", ".join(link(v, here) for v in values)))
    types = sorted(t for t in graph.objects(iri, RDF.type)
                   if t not in (OWL.Class, RDFS.Class))
    if types:
        rows.append(("type", ", ".join(link(t, here) for t in types)))
    for name, predicate in (("exact match", SKOS.exactMatch), ("close match", SKOS.closeMatch),
                            ("broad match", SKOS.broadMatch),
                            ("narrow match", SKOS.narrowMatch),
                            ("equivalent", OWL.equivalentClass),
                            ("equivalent", OWL.equivalentProperty)):
        values = sorted(graph.objects(iri, predicate), key=str)
        if values:
            rows.append((name, ", ".join(f"`{_short(str(v))}`" for v in values)))
    for predicate in (FG.projectAs, FG.edgeEndpoints, FG.nodeColor, FG.nodeShape, FG.edgeColor,
                      FG.edgeDashes):
        value = graph.value(iri, predicate)
        if value is not None:
            shown = link(value, here) if isinstance(value, URIRef) else f"`{value}`"
            rows.append((_short(str(predicate)), shown))
    if is_class:
        shapes = sorted({s for s in graph.subjects(SH.targetClass, iri)})
        if shapes:
            rows.append(("checked by shapes", ", ".join(f"`{_short(str(s))}`" for s in shapes)))
    lines += ["| | |", "|---|---|", *[f"| {k} | {v} |" for k, v in rows], ""]
    example = examples.example(iri, ontology, is_class=is_class)
    if example:
        lines += ["Example from the data:", "", "```turtle", *example, "```", ""]
    return lines


class _Examples:
    """One example per term from a store: an instance of a class (with some of its statements),
    a statement with a property, a use of a concept."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _first(self, sparql: str) -> list:
        try:
            result = self.store.query(sparql)
        except FriendshipGraphError:
            return []
        return result.rows

    def example(self, iri: URIRef, ontology, *, is_class: bool) -> list[str]:  # noqa: ANN001
        if self.store is None:
            return []
        skip = f"FILTER (?g != <{ONTOLOGY_GRAPH}>)"
        if is_class:
            rows = self._first(f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ ?s a <{iri}> }} {skip} "
                               "FILTER (isIRI(?s)) } ORDER BY ?g ?s LIMIT 1")
            if not rows:
                return []
            subject, g = rows[0]
            statements = self._first(
                f"SELECT ?p ?o WHERE {{ GRAPH <{g}> {{ <{subject}> ?p ?o }} }} ORDER BY ?p ?o")
            lines = [f"# in graph {_short(str(g))}", f"{_short(str(subject))}"]
            shown = statements[:8]
            for index, (p, o) in enumerate(shown):
                end = " ." if index == len(shown) - 1 else " ;"
                lines.append(f"    {_short(str(p))} {_term(o)}{end}")
            if len(statements) > len(shown):
                lines.append(f"    # ... {len(statements) - len(shown)} more statements")
            return lines
        rows = self._first(f"SELECT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s <{iri}> ?o }} {skip} }} "
                           "ORDER BY ?g ?s ?o LIMIT 1")
        if not rows:
            rows = [(s, iri, g) for s, g in self._first(
                f"SELECT ?s ?g WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} {skip} }} "
                "ORDER BY ?g ?s LIMIT 1")]
            if not rows:
                return []
            subject, _, g = rows[0]
            p = self._first(f"SELECT ?p WHERE {{ GRAPH <{g}> {{ <{subject}> ?p <{iri}> }} }} "
                            "ORDER BY ?p LIMIT 1")
            return [f"# in graph {_short(str(g))}",
                    f"{_term(subject)} {_short(str(p[0][0]))} {_short(str(iri))} ."] if p else []
        subject, obj, g = rows[0]
        note = " (derived by the rules)" if str(g) == str(INFERRED_GRAPH) else ""
        return [f"# in graph {_short(str(g))}{note}",
                f"{_term(subject)} {_short(str(iri))} {_term(obj)} ."]


def _term(node: object) -> str:
    if isinstance(node, URIRef):
        return _short(str(node))
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, Literal):
        text = str(node)
        if len(text) > 120:
            text = text[:117] + "..."
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^{_short(str(node.datatype))}'
        return f'"{text}"'
    return str(node)
