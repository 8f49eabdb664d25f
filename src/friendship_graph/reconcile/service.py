"""The W3C Entity Reconciliation API (the one OpenRefine speaks), without HTTP.

:class:`Reconciler` answers the service's requests as JSON-ready values; the server
(:mod:`friendship_graph.server.reconcile`) only parses requests and writes answers.

* :meth:`~Reconciler.manifest`: the service manifest (spec version 0.2: ``identifierSpace``,
  ``schemaSpace``, ``defaultTypes``, ``view``, ``preview``, ``suggest``).
* :meth:`~Reconciler.reconcile`: a batch of queries, either the 0.2 shape (an object of
  ``{"q0": {"query": ..., "type": ..., "limit": ..., "properties": [{"pid", "v"}]}}``,
  answered ``{"q0": {"result": [...]}}``) or the 1.0 draft's (``{"queries": [{"conditions":
  [{"matchType": "name", "propertyValue": ...}, {"matchType": "property", "propertyId": ...,
  "propertyValue": ...}], "type": ..., "limit": ...}]}``, answered ``{"results":
  [{"candidates": [...]}]}``).
* :meth:`~Reconciler.suggest`: entity, type and property suggestions for a prefix.
* :meth:`~Reconciler.preview`: a small HTML card of an entity (every value escaped).

Scores are 0-100: an exact name scores 100, a name starting with the text 90, the text as
whole words 80, inside a name 60; every property constraint the candidate does not meet takes
away 30 (in the 0.2 spec's spirit: the constraints weigh on the score, they do not filter). A
candidate is a ``match`` when it is the only one scoring 100.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from rdflib import URIRef

from ..errors import FriendshipGraphError
from ..names import Rank, fold
from ..store import Store
from ..vocab import FG, ID, PREFIXES
from .candidates import Candidate, NameIndex

__all__ = ["Reconciler", "ReconcileError", "SCORES", "MAX_QUERIES", "MAX_LIMIT"]

#: The score of a candidate by how its best name matches.
SCORES = {Rank.EXACT: 100.0, Rank.PREFIX: 90.0, Rank.WORD: 80.0, Rank.CONTAINS: 60.0}
#: What one unmet property constraint takes away.
PROPERTY_PENALTY = 30.0
#: At most this many queries in one batch, and candidates per query.
MAX_QUERIES = 500
MAX_LIMIT = 100
DEFAULT_LIMIT = 10


class ReconcileError(FriendshipGraphError):
    """A reconciliation request that cannot be answered (its shape); one line."""


def _expand(name: str) -> str:
    """A property or class given as a prefixed name (``fg:country``) or an IRI, as an IRI."""
    name = name.strip().removeprefix("<").removesuffix(">")
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


def _values(value: Any) -> list[str]:
    """The values of a property constraint: a string, ``{"id": ...}``, or a list of them."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("id", item.get("name", ""))
        if isinstance(item, str | int | float) and str(item).strip():
            out.append(str(item).strip())
    return out


class Reconciler:
    """The reconciliation service over ``store``; names are read once (:class:`NameIndex`)."""

    def __init__(self, store: Store, *, index: NameIndex | None = None) -> None:
        self.store = store
        self._index = index

    @property
    def index(self) -> NameIndex:
        """The store's names (read on first use)."""
        if self._index is None:
            self._index = NameIndex(self.store)
        return self._index

    # -- the manifest -------------------------------------------------------------------------

    def manifest(self, base_url: str) -> dict[str, Any]:
        """The service manifest; ``base_url`` is where the service answers
        (``http://HOST:PORT/reconcile``)."""
        base = base_url.rstrip("/")
        root = base.removesuffix("/reconcile")
        types = self.index.types
        roots = [t for t, supers in types.supers.items()
                 if not supers & set(types.supers)]
        return {
            "versions": ["0.2"],
            "name": "friendship-graph: places and organisations",
            "identifierSpace": str(ID),
            "schemaSpace": str(FG),
            "defaultTypes": [{"id": t, "name": types.label(t)} for t in sorted(roots)],
            "view": {"url": base + "/preview?id={{id}}"},
            "preview": {"url": base + "/preview?id={{id}}", "width": 420, "height": 180},
            "suggest": {kind: {"service_url": root, "service_path": f"/reconcile/suggest/{kind}"}
                        for kind in ("entity", "type", "property")},
            "batchSize": 50,
        }

    # -- queries ------------------------------------------------------------------------------

    def reconcile(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """Answer a batch of queries (the 0.2 shape or the 1.0 draft's; see the module)."""
        if not isinstance(request, Mapping):
            raise ReconcileError("queries must be a JSON object ({\"q0\": {\"query\": ...}})")
        if "queries" in request and isinstance(request["queries"], list):
            batch = request["queries"]
            self._check_size(len(batch))
            return {"results": [{"candidates": self._answer(self._from_draft(q))}
                                for q in batch]}
        self._check_size(len(request))
        out = {}
        for key, query in request.items():
            if isinstance(query, str):
                query = {"query": query}
            if not isinstance(query, Mapping):
                raise ReconcileError(f"query {key!r} is not an object with a \"query\" field")
            out[str(key)] = {"result": self._answer(query)}
        return out

    @staticmethod
    def _check_size(size: int) -> None:
        if size > MAX_QUERIES:
            raise ReconcileError(f"{size} queries in one batch; send at most {MAX_QUERIES}")

    @staticmethod
    def _from_draft(query: Any) -> dict[str, Any]:
        if not isinstance(query, Mapping):
            raise ReconcileError("every query must be an object with \"conditions\"")
        text, properties = "", []
        for condition in query.get("conditions") or []:
            if not isinstance(condition, Mapping):
                continue
            if condition.get("matchType") == "name":
                text = str(condition.get("propertyValue") or "")
            elif condition.get("matchType") == "property":
                properties.append({"pid": condition.get("propertyId", ""),
                                   "v": condition.get("propertyValue")})
        return {"query": text, "type": query.get("type"), "limit": query.get("limit"),
                "properties": properties}

    def _answer(self, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        text = query.get("query")
        if not isinstance(text, str):
            raise ReconcileError("every query needs \"query\": the name to look for (text)")
        limit = query.get("limit") or DEFAULT_LIMIT
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
            raise ReconcileError(f"\"limit\" must be a whole number, not {limit!r}")
        limit = min(limit, MAX_LIMIT)
        type_ = query.get("type")
        types = [_expand(t) for t in _values(type_)] if type_ else None
        properties = query.get("properties") or []
        if not isinstance(properties, list):
            raise ReconcileError("\"properties\" must be a list of {\"pid\": ..., \"v\": ...}")
        constraints = [(_expand(str(p.get("pid") or p.get("p") or "")), _values(p.get("v")))
                       for p in properties if isinstance(p, Mapping)]
        constraints = [(pid, vs) for pid, vs in constraints if pid and vs]
        # Property constraints re-order candidates: rank more of them than asked for.
        found = self.index.search(text, types=types, limit=limit * 5 if constraints else limit)
        unmet = self._unmet(found, constraints)
        scored = sorted(((max(0.0, SCORES[c.rank] - PROPERTY_PENALTY * unmet.get(c.id, 0)), i, c)
                         for i, c in enumerate(found)), key=lambda s: (-s[0], s[1]))[:limit]
        exact = [c for score, _, c in scored if score == 100.0]
        return [self._candidate(c, score, match=len(exact) == 1 and c is exact[0])
                for score, _, c in scored]

    def _candidate(self, candidate: Candidate, score: float, *, match: bool) -> dict[str, Any]:
        types = self.index.types
        return {"id": candidate.id, "name": candidate.name, "score": score, "match": match,
                "type": [{"id": t, "name": types.label(t)} for t in candidate.types],
                "description": self._description(candidate.id)}

    def _description(self, iri: str) -> str:
        names = [n for n in self.index.names(iri) if n != self.index.display_name(iri)]
        return ", ".join(names[:4])

    def _unmet(self, found: list[Candidate], constraints: list[tuple[str, list[str]]],
               ) -> dict[str, int]:
        """How many property constraints each candidate does not meet."""
        if not found or not constraints:
            return {}
        rows = self.store.query(
            "SELECT ?x ?p ?v ?label WHERE { ?x ?p ?v . "
            "OPTIONAL { ?v rdfs:label|skos:altLabel|skos:notation ?label } }",
            {"x": [URIRef(c.id) for c in found],
             "p": sorted({URIRef(pid) for pid, _ in constraints})}).rows
        values: dict[tuple[str, str], set[str]] = {}
        for x, p, v, label in rows:
            seen = values.setdefault((str(x), str(p)), set())
            seen.add(str(v) if isinstance(v, URIRef) else fold(str(v)))
            if label is not None:
                seen.add(fold(str(label)))
        unmet: dict[str, int] = {}
        for candidate in found:
            for pid, wanted in constraints:
                seen = values.get((candidate.id, pid), set())
                if not any(w in seen or fold(w) in seen or _expand(w) in seen for w in wanted):
                    unmet[candidate.id] = unmet.get(candidate.id, 0) + 1
        return unmet

    # -- suggest and preview ------------------------------------------------------------------

    def suggest(self, kind: str, prefix: str, *, limit: int = 10) -> dict[str, Any]:
        """Suggestions for ``prefix``: ``kind`` is ``entity``, ``type`` or ``property``."""
        limit = max(0, min(int(limit), MAX_LIMIT))
        if kind == "entity":
            found = self.index.search(prefix, limit=limit)
            return {"result": [{"id": c.id, "name": c.name,
                                "description": ", ".join(self.index.types.label(t)
                                                         for t in c.types)}
                               for c in found]}
        if kind == "type":
            types = self.index.types
            return {"result": self._by_name(prefix, {
                t: [types.label(t), *(v for v in ls.values() if v != types.label(t))]
                for t, ls in types.labels.items()}, limit)}
        if kind == "property":
            return {"result": self._by_name(prefix, self._properties(), limit)}
        raise ReconcileError(f"no suggest service {kind!r}; use entity, type or property")

    def _properties(self) -> dict[str, list[str]]:
        rows = self.store.query(
            "SELECT ?p ?label WHERE { GRAPH graph:ontology { "
            "?p a ?kind . VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty } "
            "OPTIONAL { ?p rdfs:label ?label } } }").rows
        out: dict[str, list[str]] = {}
        for p, label in rows:
            out.setdefault(str(p), [])
            if label is not None:
                out[str(p)].append(str(label))
        return out

    @staticmethod
    def _by_name(prefix: str, names: dict[str, list[str]], limit: int) -> list[dict[str, str]]:
        from ..names import match_rank

        ranked = []
        for iri, labels in names.items():
            local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            rank = match_rank(prefix, [*labels, local]) if prefix.strip() else Rank.CONTAINS
            if rank is not None:
                ranked.append((rank, (labels or [local])[0].casefold(), iri,
                               (labels or [local])[0]))
        ranked.sort()
        return [{"id": iri, "name": name} for _, _, iri, name in ranked[:limit]]

    def preview(self, iri: str) -> str:
        """A small HTML page about the entity ``iri``: its names, classes, country and
        coordinates (every value escaped)."""
        if iri not in self.index:
            raise ReconcileError(f"no place or organisation {iri!r} in this store")
        rows = self.store.query(
            "SELECT ?country ?countryLabel ?lat ?long WHERE { "
            "OPTIONAL { ?x fg:country ?country . OPTIONAL { ?country rdfs:label ?countryLabel "
            "FILTER (LANGMATCHES(LANG(?countryLabel), \"en\")) } } "
            "OPTIONAL { ?x geo:lat ?lat } OPTIONAL { ?x geo:long ?long } } LIMIT 1",
            {"x": URIRef(iri)}).rows
        country, country_label, lat, long = rows[0] if rows else (None, None, None, None)
        esc = html.escape
        types = ", ".join(self.index.types.label(t) for t in self.index.types_of(iri))
        lines = [f"<p><strong>{esc(self.index.display_name(iri))}</strong> ({esc(types)})</p>",
                 "<p>" + esc(" · ".join(self.index.names(iri))) + "</p>"]
        if country is not None:
            lines.append(f"<p>country: {esc(str(country_label or country))}</p>")
        if lat is not None and long is not None:
            lines.append(f"<p>{esc(str(lat))}, {esc(str(long))}</p>")
        lines.append(f"<p><code>{esc(iri)}</code></p>")
        return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                f"{esc(self.index.display_name(iri))}</title><style>body{{font:13px sans-serif;"
                "margin:6px}p{margin:2px 0}</style></head><body>" + "".join(lines)
                + "</body></html>\n")
