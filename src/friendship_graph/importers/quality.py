"""Checking a source's coordinates against its countries' outlines.

Every position an import states is checked against the Natural Earth outline of the place's
country (:func:`friendship_graph.geo.checks.check_position`, offline). A position too far
outside the outline is *outside the country*: the import marks the place in its graph with
``fg:qualityIssue fgc:coordinatesOutsideCountry`` and an ``fg:uncertainty`` that says where
the point is, and lists it in its report. When many of the places a source gives one country
lie in one other country, the source has probably mislabelled the country
(:func:`friendship_graph.geo.checks.mislabelled_countries`).

A position outside the country is not used to keep two mentions apart (the resolver treats it
as unknown), and a later source with a position inside the country corrects it
(:func:`correct_positions`, run by ``build-world``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["correct_positions"]


def correct_positions(store: Store) -> int:
    """Drop the positions marked outside their country from the graphs that state them,
    where another graph gives the same place a position that is not marked; the mark stays,
    another (``fgc:coordinatesReplaced``) and the note say what replaced it. One update;
    returns the number of places corrected.

    ``build-world`` runs it after both imports: the Wikipedia list's geocoder put us/rome at
    Rome, Italy; Wikidata has Rome, Georgia, inside the United States.
    """
    from ..vocab import PREFIXES

    def outside(bad: str) -> str:  # the places ``bad`` gives a position marked outside
        keys = f"?place {bad}" if bad.startswith("?") else "?place"
        return f"""
        {{ SELECT {keys} (SAMPLE(?good) AS ?by) WHERE {{
            GRAPH {bad} {{ ?place fg:qualityIssue fgc:coordinatesOutsideCountry ; geo:lat ?x }}
            GRAPH ?good {{ ?place geo:lat ?y }}
            FILTER (?good != {bad})
            FILTER NOT EXISTS {{ GRAPH ?good {{ ?place fg:qualityIssue
                                               fgc:coordinatesOutsideCountry }} }}
          }} GROUP BY {keys} }}"""

    rows = store.query(f"SELECT DISTINCT ?bad ?place WHERE {{ {outside('?bad')} }}").rows
    if not rows:
        return 0
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    # One update, an operation per graph named by its IRI: an update may not write to
    # ``GRAPH ?variable`` (it could be a graph only the program writes).
    operations = [f"""
        DELETE {{ GRAPH <{bad}> {{ ?place geo:lat ?lat ; geo:long ?long ; fg:uncertainty ?note }} }}
        INSERT {{ GRAPH <{bad}> {{ ?place fg:qualityIssue fgc:coordinatesReplaced ;
                                        fg:uncertainty ?text }} }}
        WHERE {{
            {outside(f"<{bad}>")}
            GRAPH <{bad}> {{ ?place geo:lat ?lat ; geo:long ?long }}
            OPTIONAL {{ GRAPH <{bad}> {{ ?place fg:uncertainty ?note }} }}
            BIND (STRLANG(CONCAT(COALESCE(CONCAT(STR(?note), "; "), ""),
                                 "the position used is the one of <", STR(?by), ">"), "en")
                  AS ?text)
        }}""" for bad in sorted({str(row[0]) for row in rows})]
    store.update(prefixes + " ;\n".join(operations))
    return len(rows)
