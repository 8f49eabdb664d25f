"""SHACL shapes compiled to SPARQL: the shapes graph decides which query runs.

Each constraint component of SHACL Core has a SPARQL translation here (the mapping the SHACL
specification gives for its core constraints, written as templates): a shape becomes one
query per constraint, which selects the focus nodes (and value nodes) that break it. The
queries run on any SPARQL 1.1 engine - Oxigraph in this process, or the server behind
``--endpoint`` - over the union of the data and the ontology, so ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf`` as they do in pySHACL with the ontology in the data
graph.

A constraint with no translation here (``sh:closed``, ``sh:equals``, ``sh:sparql``, ... -
none of the bundled shapes uses one) is not guessed at: its shape is listed in
:attr:`Compiled.unsupported` and :mod:`friendship_graph.validate` checks it with pySHACL on
the focus nodes' neighbourhood instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from ..vocab import SH

__all__ = ["Check", "Compiled", "compile_shapes", "target_pattern", "path_text"]

_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"

#: Constraint parameters handled by the value-node templates below (one SPARQL expression
#: per value node) and by the count templates (one per focus node).
_VALUE_PARAMETERS = (SH["class"], SH.datatype, SH.nodeKind, SH.minInclusive, SH.maxInclusive,
                     SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.pattern,
                     SH.languageIn, SH["in"], SH.node, SH["not"], SH["and"], SH["or"], SH.xone)
_FOCUS_PARAMETERS = (SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape,
                     SH.uniqueLang)
_IGNORED = (SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
            SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
            SH.targetObjectsOf, SH.property, SH.qualifiedMinCount, SH.qualifiedMaxCount,
            SH.flags, SH.defaultValue, SH.rule, RDF.type, RDFS.label, RDFS.comment)
_COMPONENT = {
    SH["class"]: "ClassConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent", SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent", SH.maxLength: "MaxLengthConstraintComponent",
    SH.pattern: "PatternConstraintComponent", SH.languageIn: "LanguageInConstraintComponent",
    SH["in"]: "InConstraintComponent", SH.node: "NodeConstraintComponent",
    SH["not"]: "NotConstraintComponent", SH["and"]: "AndConstraintComponent",
    SH["or"]: "OrConstraintComponent", SH.xone: "XoneConstraintComponent",
    SH.minCount: "MinCountConstraintComponent", SH.maxCount: "MaxCountConstraintComponent",
    SH.hasValue: "HasValueConstraintComponent", SH.uniqueLang: "UniqueLangConstraintComponent",
    SH.qualifiedMinCount: "QualifiedMinCountConstraintComponent",
    SH.qualifiedMaxCount: "QualifiedMaxCountConstraintComponent",
}
_COMPARISON = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
               SH.maxExclusive: "<"}
_KINDS = {SH.IRI: ("isIRI",), SH.BlankNode: ("isBlank",), SH.Literal: ("isLiteral",),
          SH.BlankNodeOrIRI: ("isBlank", "isIRI"), SH.BlankNodeOrLiteral: ("isBlank", "isLiteral"),
          SH.IRIOrLiteral: ("isIRI", "isLiteral")}
#: Distinct values counted without aggregates up to this many (``EXISTS`` of n distinct).
_MAX_COUNT_BY_PATTERN = 4
#: Nested shapes deeper than this (a shape that refers to itself) go to pySHACL.
_MAX_DEPTH = 16


class Unsupported(Exception):
    """A constraint this module has no SPARQL translation for."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a SPARQL query.

    ``where`` binds ``?focus`` (and ``?value`` when ``per_value``) to every focus node (value
    node) that breaks the constraint; ``{focus}`` in it is where a ``VALUES`` block restricting
    the focus nodes goes.
    """

    shape: Node
    component: str
    severity: URIRef
    path: Node | None
    parameter: URIRef
    argument: Node | None
    where: str
    per_value: bool
    focus_is_value: bool = False
    having: str = ""

    def query(self, focus: str = "") -> str:
        """The SELECT, with ``focus`` (a ``VALUES ?focus {...}`` block, or nothing)."""
        where = self.where.replace("{focus}", focus)
        if self.having:
            return f"SELECT ?focus WHERE {{ {where} }} GROUP BY ?focus HAVING ({self.having})"
        variables = "?focus ?value" if self.per_value else "?focus"
        return f"SELECT DISTINCT {variables} WHERE {{ {where} }}"


@dataclass
class Compiled:
    """The checks of a shapes graph, and the shapes that need another engine."""

    checks: list[Check] = field(default_factory=list)
    unsupported: dict[Node, str] = field(default_factory=dict)
    shapes: int = 0


def _iri(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"a blank node ({node}) as a constraint value")


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.counter = 0
        self.depth = 0

    def var(self) -> str:
        self.counter += 1
        return f"?x{self.counter}"

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.graph, node))

    # -- paths --------------------------------------------------------------------------

    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        graph = self.graph
        if (node, RDF.first, None) in graph:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for predicate, template in ((SH.alternativePath, None), (SH.inversePath, "^{}"),
                                    (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                                    (SH.zeroOrOnePath, "{}?")):
            value = graph.value(node, predicate)
            if value is None:
                continue
            if template is None:
                return "(" + "|".join(self.path(p) for p in self.items(value)) + ")"
            return template.format("(" + self.path(value) + ")")
        raise Unsupported(f"the path {node}")

    # -- conformance of a node to a shape, as one boolean expression --------------------

    def conforms(self, shape: Node, x: str) -> str:
        """A SPARQL expression, never an error, true when ``x`` conforms to ``shape``."""
        if self.depth > _MAX_DEPTH:
            raise Unsupported(f"shapes nested more than {_MAX_DEPTH} deep (recursive shapes)")
        self.depth += 1
        try:
            return self._conforms(shape, x)
        finally:
            self.depth -= 1

    def _conforms(self, shape: Node, x: str) -> str:
        parts = []
        path = self.graph.value(shape, SH.path)
        for parameter, argument in self.parameters(shape):
            if path is None:
                parts.append(self.value_ok(shape, parameter, argument, x) if parameter
                             in _VALUE_PARAMETERS else self.focus_ok(shape, parameter,
                                                                     argument, x, None))
            elif parameter in _VALUE_PARAMETERS:
                v = self.var()
                parts.append(f"NOT EXISTS {{ {x} {self.path(path)} {v} "
                             f"FILTER (!({self.value_ok(shape, parameter, argument, v)})) }}")
            else:
                parts.append(self.focus_ok(shape, parameter, argument, x, path))
        for child in self.graph.objects(shape, SH.property):
            parts.append(self.conforms(child, x))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def parameters(self, shape: Node) -> Iterator[tuple[URIRef, Node]]:
        if self.graph.value(shape, SH.deactivated) == Literal(True):
            return
        for parameter, argument in sorted(self.graph.predicate_objects(shape)):
            if parameter in _VALUE_PARAMETERS or parameter in _FOCUS_PARAMETERS:
                yield parameter, argument
            elif parameter not in _IGNORED and str(parameter).startswith(str(SH)):
                raise Unsupported(f"{parameter.n3()} (in shape {shape})")

    def value_ok(self, shape: Node, parameter: URIRef, argument: Node, v: str) -> str:
        """True when the value node ``v`` satisfies one value-type constraint."""
        if parameter == SH["class"]:
            return f"EXISTS {{ {v} {_TYPE} {_iri(argument)} }}"
        if parameter == SH.datatype:
            return f"COALESCE(isLiteral({v}) && datatype({v}) = {_iri(argument)}, false)"
        if parameter == SH.nodeKind:
            kinds = _KINDS.get(argument)
            if kinds is None:
                raise Unsupported(f"sh:nodeKind {argument}")
            return "(" + " || ".join(f"{k}({v})" for k in kinds) + ")"
        if parameter in _COMPARISON:
            return f"COALESCE({v} {_COMPARISON[parameter]} {_iri(argument)}, false)"
        if parameter in (SH.minLength, SH.maxLength):
            sign = ">=" if parameter == SH.minLength else "<="
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) {sign} {int(argument)}, false)"
        if parameter == SH.pattern:
            flags = self.graph.value(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return (f"COALESCE(!isBlank({v}) && REGEX(STR({v}), "
                    f"{Literal(str(argument)).n3()}{extra}), false)")
        if parameter == SH.languageIn:
            tags = [f"langMatches(lang({v}), {Literal(str(t)).n3()})"
                    for t in self.items(argument)]
            return "COALESCE(" + (" || ".join(tags) or "false") + ", false)"
        if parameter == SH["in"]:
            members = [f"sameTerm({v}, {_iri(m)})" for m in self.items(argument)]
            return "(" + (" || ".join(members) or "false") + ")"
        if parameter == SH.node:
            return self.conforms(argument, v)
        if parameter == SH["not"]:
            return f"!{self.conforms(argument, v)}"
        members = [self.conforms(m, v) for m in self.items(argument)]
        if parameter == SH["and"]:
            return "(" + (" && ".join(members) or "true") + ")"
        if parameter == SH["or"]:
            return "(" + (" || ".join(members) or "false") + ")"
        return "(" + (" + ".join(f"IF({m}, 1, 0)" for m in members) or "0") + " = 1)"  # xone

    def distinct(self, x: str, path: str, n: int, condition: Callable[[str], str] | None = None
                 ) -> str:
        """A pattern matching when ``x`` has at least ``n`` distinct values on ``path``."""
        if n > _MAX_COUNT_BY_PATTERN:
            raise Unsupported(f"a count of {n} values")
        names = [self.var() for _ in range(n)]
        pattern = " . ".join(f"{x} {path} {v}" for v in names)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
        if condition is not None:
            tests += [condition(v) for v in names]
        return pattern + (f" FILTER ({' && '.join(tests)})" if tests else "")

    def focus_ok(self, shape: Node, parameter: URIRef, argument: Node, x: str,
                 path: Node | None) -> str:
        """True when the focus node ``x`` satisfies one count or value constraint."""
        if parameter == SH.hasValue:
            if path is None:
                return f"sameTerm({x}, {_iri(argument)})"
            return f"EXISTS {{ {x} {self.path(path)} {_iri(argument)} }}"
        if path is None:
            raise Unsupported(f"{parameter.n3()} without sh:path")
        text = self.path(path)
        if parameter == SH.minCount:
            n = int(argument)
            return f"EXISTS {{ {self.distinct(x, text, n)} }}" if n else "true"
        if parameter == SH.maxCount:
            return f"NOT EXISTS {{ {self.distinct(x, text, int(argument) + 1)} }}"
        if parameter == SH.uniqueLang:
            if argument != Literal(True):
                return "true"
            a, b = self.var(), self.var()
            return (f"NOT EXISTS {{ {x} {text} {a} . {x} {text} {b} FILTER (!sameTerm({a}, {b})"
                    f" && COALESCE(lang({a}) != '' && lang({a}) = lang({b}), false)) }}")
        low = self.graph.value(shape, SH.qualifiedMinCount)
        high = self.graph.value(shape, SH.qualifiedMaxCount)
        return self.qualified(shape, argument, x, text, low, high)

    def qualified(self, shape: Node, argument: Node, x: str, path: str, low: Node | None,
                  high: Node | None) -> str:
        """``sh:qualifiedValueShape`` with its ``sh:qualifiedMinCount`` / ``MaxCount``."""
        if self.graph.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        parts = []
        fits = lambda v: self.conforms(argument, v)  # noqa: E731
        if low is not None and int(low) > 0:
            parts.append(f"EXISTS {{ {self.distinct(x, path, int(low), fits)} }}")
        if high is not None:
            parts.append(f"NOT EXISTS {{ {self.distinct(x, path, int(high) + 1, fits)} }}")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    # -- the top-level checks -----------------------------------------------------------

    def targets(self, shape: Node) -> str:
        graph = self.graph
        parts = [f"{{ ?focus {_TYPE} {_iri(c)} }}" for c in graph.objects(shape, SH.targetClass)]
        if set(graph.objects(shape, RDF.type)) & {RDFS.Class, OWL.Class}:
            parts.append(f"{{ ?focus {_TYPE} {_iri(shape)} }}")
        nodes = " ".join(_iri(n) for n in graph.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"{{ VALUES ?focus {{ {nodes} }} }}")
        parts += [f"{{ ?focus {_iri(p)} [] }}" for p in graph.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ [] {_iri(p)} ?focus }}" for p in graph.objects(shape, SH.targetObjectsOf)]
        return " UNION ".join(parts)

    def values_imply_targets(self, shape: Node, path: Node) -> bool:
        """True when the shape's only targets are ``sh:targetSubjectsOf`` and the path is one
        of those predicates or an alternative of them (so a value implies a focus node)."""
        graph = self.graph
        subjects_of = set(graph.objects(shape, SH.targetSubjectsOf))
        if not subjects_of or any(graph.objects(shape, t) for t in (
                SH.targetClass, SH.targetNode, SH.targetObjectsOf)) or set(
                graph.objects(shape, RDF.type)) & {RDFS.Class, OWL.Class}:
            return False
        if isinstance(path, URIRef):
            return path in subjects_of
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is None:
            return False
        members = self.items(alternatives)
        return all(isinstance(m, URIRef) and m in subjects_of for m in members)

    def checks(self, shape: Node, targets: str, severity: URIRef | None = None) -> list[Check]:
        graph = self.graph
        severity = graph.value(shape, SH.severity) or severity or SH.Violation
        path = graph.value(shape, SH.path)
        focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {{focus}} {targets} }} }}"
        out = []
        for parameter, argument in self.parameters(shape):
            if parameter == SH.qualifiedValueShape:
                if path is None:
                    raise Unsupported("sh:qualifiedValueShape without sh:path")
                for bound in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
                    value = graph.value(shape, bound)
                    if value is None:
                        continue
                    low, high = (value, None) if bound == SH.qualifiedMinCount else (None, value)
                    test = self.qualified(shape, argument, "?focus", self.path(path), low, high)
                    out.append(Check(shape, _COMPONENT[bound], severity, path, bound, value,
                                     f"{focus} FILTER (!{test})", per_value=False))
                continue
            if path is not None and parameter in (SH.minCount, SH.maxCount):
                # one pass with an aggregate, rather than a pattern per focus node
                n = int(argument)
                values = f"?focus {self.path(path)} ?value"
                if parameter == SH.minCount and n == 0:
                    continue
                where = f"{focus} OPTIONAL {{ {values} }}" if parameter == SH.minCount \
                    else f"{focus} {values}"
                sign = "<" if parameter == SH.minCount else ">"
                out.append(Check(shape, _COMPONENT[parameter], severity, path, parameter,
                                 argument, where, per_value=False,
                                 having=f"COUNT(DISTINCT ?value) {sign} {n}"))
                continue
            if path is not None and parameter == SH["class"]:
                # the instances of the class once, then an anti-join
                where = (f"{focus} ?focus {self.path(path)} ?value "
                         f"MINUS {{ ?value {_TYPE} {_iri(argument)} }}")
                out.append(Check(shape, _COMPONENT[parameter], severity, path, parameter,
                                 argument, where, per_value=True))
                continue
            if path is not None and parameter in _VALUE_PARAMETERS:
                test = self.value_ok(shape, parameter, argument, "?value")
                # when every value comes with a target (sh:targetSubjectsOf the path's
                # predicates), the values alone find the focus nodes
                start = "{focus}" if self.values_imply_targets(shape, path) else focus
                where = f"{start} ?focus {self.path(path)} ?value FILTER (!({test}))"
                out.append(Check(shape, _COMPONENT[parameter], severity, path, parameter,
                                 argument, where, per_value=True))
                continue
            if path is None and parameter in _VALUE_PARAMETERS:
                test = self.value_ok(shape, parameter, argument, "?focus")
                focus_is_value = True
            else:
                test = self.focus_ok(shape, parameter, argument, "?focus", path)
                focus_is_value = path is None
            out.append(Check(shape, _COMPONENT[parameter], severity, path, parameter, argument,
                             f"{focus} FILTER (!({test}))", per_value=False,
                             focus_is_value=focus_is_value))
        if path is None:
            for child in graph.objects(shape, SH.property):
                out += self.checks(child, targets)
        return out


def compile_shapes(graph: Graph) -> Compiled:
    """Every shape of ``graph`` that has a target, as :class:`Check` queries."""
    compiled = Compiled()
    shapes = {s for t in (SH.NodeShape, SH.PropertyShape) for s in graph.subjects(RDF.type, t)}
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        shapes.update(graph.subjects(predicate, None))
    for shape in sorted(shapes, key=str):
        compiler = _Compiler(graph)
        targets = compiler.targets(shape)
        if not targets or graph.value(shape, SH.deactivated) == Literal(True):
            continue
        compiled.shapes += 1
        try:
            compiled.checks += compiler.checks(shape, targets)
        except Unsupported as reason:
            compiled.unsupported[shape] = str(reason)
    return compiled


def target_pattern(graph: Graph, shape: Node) -> str:
    """The SPARQL pattern binding ``?focus`` to the focus nodes of ``shape``."""
    return _Compiler(graph).targets(shape)


def path_text(graph: Graph, node: Node | None, short: Callable[[str], str]) -> str:
    """A path as people read it: ``fg:partner``, ``fg:startDate|fg:endDate``, ``^fg:partner``."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return short(str(node))
    if not isinstance(node, BNode):
        return str(node)
    if (node, RDF.first, None) in graph:
        return "/".join(path_text(graph, p, short) for p in Collection(graph, node))
    for predicate, template in ((SH.alternativePath, None), (SH.inversePath, "^{}"),
                                (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                                (SH.zeroOrOnePath, "{}?")):
        value = graph.value(node, predicate)
        if value is not None:
            if template is None:
                return "|".join(path_text(graph, p, short) for p in Collection(graph, value))
            return template.format(path_text(graph, value, short))
    return ""
