"""Project the RDF graph to a networkx graph, as the ontology says.

Which things become nodes and which become edges is read from the ontology's annotations
(``fg:projectAs``, ``fg:edgeEndpoints``, ``fg:derivedFrom``), inherited along
``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` from the nearest annotated ancestor:

* a class projected as an **edge** with ``fg:edgeEndpoints P`` (``fg:Partnership`` and every
  class below it): each instance is one edge between its values of ``P`` (or of a
  subproperty of ``P``); more than two values make a clique;
* a property projected as an edge (``fg:placeRelation`` and every property below it): each
  statement is an edge between subject and object, unless the property is annotated
  ``fg:derivedFrom`` a class that is drawn already (``fg:twinnedWith`` is derived from
  partnerships and would double every edge); naming such a property in ``kinds`` draws it;
* a class projected as a **node** that also has ``fg:edgeEndpoints`` (events, agreements) is
  drawn as a node linked to its endpoint values (``events="nodes"``), as a clique of its
  endpoint values (``events="cliques"``), or not at all (``events="none"``);
* other node classes (places, agents, documents) give the nodes the edges connect.

Only :meth:`Store.query <friendship_graph.store.Store.query>` (and ``Store.statements``) is
used, with a handful of SELECTs over the whole graph (never one per node), so the projection
works on every store backend and stays fast on large networks.

The modules, in the order the projection uses them:

* :mod:`.rules` -- the ontology's projection rules (:func:`projection_rules`);
* :mod:`.selection` -- the user's kinds, statuses, countries and date, resolved
  (:class:`SelectionError` when one matches nothing); :mod:`.dates` -- periods and the
  in-force test;
* :mod:`.read` -- the statements the projection needs, as plain strings;
* :mod:`.project` -- :func:`to_networkx`, step by step; :mod:`.attributes` -- what nodes and
  edges carry; :mod:`.labels` -- names and labels;
* :mod:`.lookup` -- a node by name (:func:`find_node`, :func:`resolve_node`);
* :mod:`.files` -- networks from files (:func:`read_graph`).
"""

from __future__ import annotations

from .dates import parse_period
from .files import GRAPH_READERS, read_graph, undo_gexf_names, undo_graphml_names
from .labels import node_labels
from .lookup import find_node, resolve_node
from .project import to_networkx
from .rules import ProjectionRules, projection_rules
from .selection import EVENT_MODES, SelectionError

__all__ = [
    "EVENT_MODES",
    "ProjectionRules",
    "SelectionError",
    "projection_rules",
    "to_networkx",
    "find_node",
    "resolve_node",
    "parse_period",
    "node_labels",
    "read_graph",
    "GRAPH_READERS",
    "undo_gexf_names",
    "undo_graphml_names",
]
