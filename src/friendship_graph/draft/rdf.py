"""Candidate facts as RDF: one named graph, marked as a draft, every node with its quotations.

The layout follows ``data/jinzhong-2019-10-30.trig``: the source (a ``fg:NewsReport``), one
``fg:Quotation`` per cited sentence (its exact text, paragraph and source), and every fact
pointing to its quotations with ``fg:supportedBy``. The graph ``graph:draft/<name>`` states
``graph:draft/<name> a fg:DraftDataset`` about itself.

IRIs: a place the gazetteer knows keeps its IRI; a country is ``id:country/<code>``; a new
place is ``id:place/<country code>/<slug of its romanised name>`` (``-2``... when that IRI is
taken), with no other identifier and no coordinates; the other facts are numbered within the
draft (``id:partnership/<name>/<a>-<b>``, ``id:event/<name>/3``).
"""

from __future__ import annotations

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .. import __version__
from ..importers.places import slugify
from ..names import has_han
from ..vocab import DCTERMS, FG, GRAPH, ID, PREFIXES, PROV
from .cues import Cues
from .facts import Fact, FactSet, romanised
from .gazetteer import Gazetteer
from .reading import Article

__all__ = ["DraftSource", "draft_graph", "accepted_graph", "facts_to_dataset", "to_trig"]

_KIND_PATHS = {"partnership": "partnership", "document": "document", "event": "event",
               "delegation": "org", "quantity": "quantity", "signature": "signature",
               "person": "person"}


class DraftSource:
    """The source a draft comes from: its name (graphs and IRIs), dates and titles."""

    def __init__(self, name: str, published: str, *, title: str | None = None,
                 publisher: str | None = None, language: str = "zh",
                 file_name: str = "") -> None:
        self.name = name
        self.published = published
        self.title = title
        self.publisher = publisher
        self.language = language
        self.file_name = file_name or name

    @property
    def node(self) -> URIRef:
        return ID[f"source/{self.name}"]


def draft_graph(name: str) -> URIRef:
    """The named graph of the draft of source ``name``."""
    return GRAPH[f"draft/{name}"]


def accepted_graph(name: str) -> URIRef:
    """The named graph the reviewed facts of source ``name`` are loaded into."""
    return GRAPH[name]


def to_trig(dataset: Dataset) -> str:
    """A dataset as TriG, written by pyoxigraph (typed literals as written, so that the
    file loads as it is), statements sorted so the same facts give the same file."""
    import pyoxigraph as ox

    from ..store import to_oxigraph

    quads = sorted(
        (ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))
         for s, p, o, g in dataset.quads((None, None, None, None)) if g is not None),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    prefixes = {k: v for k, v in PREFIXES.items() if k in _USED_PREFIXES}
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")


_USED_PREFIXES = ("fg", "fgc", "rdfs", "xsd", "dcterms", "prov", "skos", "rdf")


def _lang_of(text: str, default: str) -> str:
    return "zh" if has_han(text) else ("en" if default == "zh" else default)


def facts_to_dataset(facts: FactSet, article: Article, source: DraftSource, cues: Cues,
                     gazetteer: Gazetteer) -> Dataset:
    """The draft as an rdflib Dataset (one named graph)."""
    dataset = Dataset()
    for prefix, iri in PREFIXES.items():
        dataset.bind(prefix, iri)
    graph_iri = draft_graph(source.name)
    g = dataset.graph(graph_iri)
    lang = article.language
    s = source.node
    g.add((graph_iri, RDF.type, FG.DraftDataset))
    g.add((graph_iri, RDFS.label, Literal(f"Draft of {source.file_name}", lang="en")))
    g.add((graph_iri, PROV.wasDerivedFrom, s))
    g.add((graph_iri, DCTERMS.creator, Literal(f"friendship-graph {__version__} drafter")))
    g.add((s, RDF.type, FG.NewsReport))
    g.add((s, RDFS.label, Literal(f"{source.file_name} ({source.published})")))
    if source.title:
        g.add((s, DCTERMS.title, Literal(source.title, lang=_lang_of(source.title, lang))))
    g.add((s, FG.publishedOn, Literal(source.published, datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))))
    g.add((s, DCTERMS.language, Literal(lang)))
    if source.publisher:
        publisher = ID[f"org/{slugify(source.publisher)}"]
        g.add((s, FG.publisher, publisher))
        g.add((publisher, RDF.type, FG.Publisher))
        g.add((publisher, RDFS.label,
               Literal(source.publisher, lang=_lang_of(source.publisher, lang))))
    iris = _mint(facts, source.name, gazetteer)
    quotes: dict[int, URIRef] = {}
    for fact in facts:
        node = iris[id(fact)]
        g.add((node, RDF.type, fact.cls))
        for language, label in fact.labels.items():
            g.add((node, RDFS.label, Literal(label, lang=language)))
        for name in fact.names:
            g.add((node, RDFS.label, Literal(name, lang=lang)))
        for prop, value in fact.values:
            g.add((node, prop, iris[id(value)] if isinstance(value, Fact) else value))
        for note in fact.notes:
            g.add((node, FG.uncertainty, Literal(note, lang="en")))
        if fact.kind == "place":
            _describe_place(g, node, fact, lang, cues, iris, facts)
        elif fact.kind == "person":
            _describe_name(g, node, fact.labels.get(lang, ""), "person")
        for sentence in fact.sentences:
            quote = quotes.get(sentence.index)
            if quote is None:
                quote = quotes[sentence.index] = ID[f"quote/{source.name}/{sentence.index}"]
                g.add((quote, RDF.type, FG.Quotation))
                g.add((quote, RDFS.label, Literal(
                    f"{source.file_name}, paragraph {sentence.paragraph}, sentence "
                    f"{sentence.index}", lang="en")))
                g.add((quote, FG.quote, Literal(sentence.text, lang=lang)))
                g.add((quote, FG.inSource, s))
                g.add((quote, FG.paragraph, Literal(sentence.paragraph)))
            g.add((node, FG.supportedBy, quote))
    return dataset


def _describe_name(g, node: URIRef, name: str, what: str) -> None:  # noqa: ANN001
    reading = romanised(name)
    if reading:
        g.add((node, FG.romanisedLabel, Literal(reading)))
        g.add((node, FG.uncertainty, Literal(
            f"The report gives this {what} only in Chinese ({name}). '{reading}' is the "
            "pinyin of the characters (pypinyin's most frequent readings), not an attested "
            f"spelling; this node is not identified with any real-world {what}.", lang="en")))


def _describe_place(g, node: URIRef, fact: Fact, lang: str, cues: Cues,  # noqa: ANN001
                    iris: dict[int, URIRef], facts: FactSet) -> None:
    ref = fact.place
    assert ref is not None
    if ref.is_country:
        g.add((node, FG.isoCode, Literal(str(node).rsplit("/", 1)[-1].upper())))
        return
    country = ref.country_iri
    if country is not None:
        known = next((f for f in facts.of_kind("place") if f.place is not None
                      and f.place.iri == country), None)
        g.add((node, FG.country, iris[id(known)] if known else country))
    if ref.match is not None:
        place = ref.match.place
        if ref.match.how == "romanisation":
            g.add((node, FG.uncertainty, Literal(
                f"Matched to the place of the store named '{place.label('en') or place.iri}' "
                f"because the pinyin of {ref.surface} equals that name: check that it is the "
                "same place.", lang="en")))
        return
    if ref.ambiguous:
        g.add((node, FG.uncertainty, Literal(
            f"The store has {len(ref.ambiguous)} places with this name ("
            + ", ".join(ref.ambiguous) + "); none was chosen. Replace this node by the right "
            "one, or keep it as a new place.", lang="en")))
    if lang == "zh":
        _describe_name(g, node, ref.stem or ref.surface, "place")
    else:
        g.add((node, FG.uncertainty, Literal(
            "A new place: the store has no place of this name. It has no identifier and no "
            "coordinates; check the name and add them from a reliable source.", lang="en")))
    del cues


def _mint(facts: FactSet, name: str, gazetteer: Gazetteer) -> dict[int, URIRef]:
    iris: dict[int, URIRef] = {}
    used: set[URIRef] = set(gazetteer.places)
    counters: dict[str, int] = {}
    places = facts.of_kind("place")
    for fact in places:
        ref = fact.place
        assert ref is not None
        if ref.iri is not None:
            iris[id(fact)] = ref.iri
            continue
        stem = ref.stem or ref.surface
        slug = slugify(romanised(stem) or stem) if has_han(stem) else slugify(stem)
        country = ref.country_iri
        base = f"place/{str(country).rsplit('/', 1)[-1]}/{slug}" if country else f"place/{slug}"
        candidate, number = ID[base], 1
        while candidate in used:
            number += 1
            candidate = ID[f"{base}-{number}"]
        used.add(candidate)
        iris[id(fact)] = candidate
    for fact in facts:
        if id(fact) in iris:
            continue
        if fact.kind == "partnership":
            partners = [iris[id(v)] for p, v in fact.values if p == FG.partner]
            slug = "-".join(str(p).rsplit("/", 1)[-1] for p in partners)
            iri, number = ID[f"partnership/{name}/{slug}"], 1
            while iri in used:
                number += 1
                iri = ID[f"partnership/{name}/{slug}-{number}"]
        else:
            path = _KIND_PATHS[fact.kind]
            counters[path] = counters.get(path, 0) + 1
            iri = ID[f"{path}/{name}/{counters[path]}"]
        used.add(iri)
        iris[id(fact)] = iri
    return iris
