"""The projected network: ``analyze``, ``path`` and ``export``."""

from __future__ import annotations

from typing import Any

import click

from .common import (
    Config,
    emit,
    format_option,
    output_option,
    pass_config,
    raw_csv_option,
    selection_options,
)

__all__ = ["analyze", "path", "export"]


_ANALYSIS_FORMAT = format_option(help="table for people; csv or tsv (one section per table, "
                                       "each after a '# name' line) or json for tools.")
_EDGES_FILE = click.option(
    "--edges", "edges_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
    help="Analyse this network file instead of the store: GraphML, GEXF, node-link JSON or an "
         "edge list (two columns: CSV, TSV or spaces; # and % comments).")


def _analyze(config: Config, edges_file: str | None, selection: dict[str, Any], format: str,
             raw_csv: bool, output: str | None, **options: Any) -> None:
    """Analyse a network file (--edges) or the store's projection, and print the report."""
    from ..analysis import analyze_file, analyze_store, format_report

    if edges_file:
        report = analyze_file(edges_file, **options)
    else:
        with config.open_store() as store:
            report = analyze_store(store, selection, **options)
    emit(format_report(report, format, raw_csv=raw_csv), output)


@click.command()
@click.option("--stat", "stats", multiple=True, metavar="NAME",
              help="A statistic to compute (repeatable; default: all when nothing else is "
                   "asked): nodes, edges, unique_edges, max_degree, avg_degree, lcc_size, "
                   "triangles, wedges, claws, clustering, assortativity, diameter, "
                   "mean_distance, power_law_exponent, gini.")
@click.option("--rank", "rankings", multiple=True,
              type=click.Choice(["degree", "betweenness", "pagerank", "eigenvector"]),
              help="Rank nodes by this centrality (repeatable).")
@click.option("--communities", is_flag=True, help="Louvain communities and their modularity.")
@click.option("--components", is_flag=True, help="Connected components, largest first.")
@click.option("--ego", metavar="PLACE", help="The ego network of this place (IRI or label).")
@click.option("--radius", type=click.IntRange(1), default=1, show_default=True,
              help="Steps from --ego.")
@click.option("--top", type=click.IntRange(0), default=10, show_default=True,
              help="Rows per ranking, community and component list (0: all).")
@click.option("--samples", type=click.IntRange(1), metavar="N",
              help="Sample N sources for distances and betweenness even on small networks "
                   "(default: exact up to 3000 nodes, 100 samples above).")
@_ANALYSIS_FORMAT
@raw_csv_option
@output_option()
@_EDGES_FILE
@selection_options(with_isolates=True)
@pass_config
def analyze(config: Config, stats: tuple[str, ...], rankings: tuple[str, ...],
            communities: bool, components: bool, ego: str | None, radius: int, top: int,
            samples: int | None, format: str, raw_csv: bool, output: str | None,
            edges_file: str | None, **selection: Any) -> None:
    """Network statistics (KONECT definitions), rankings, communities, components and ego
    networks of the projected network, or of a network file (--edges).

    \b
    Example: friendship-graph analyze --rank pagerank --top 5 --format csv -o ranks.csv
    """
    _analyze(config, edges_file, selection, format, raw_csv, output,
             stats=stats, rankings=rankings, with_communities=communities,
             with_components=components, ego_name=ego, ego_radius=radius, top=top or None,
             samples=samples)


@click.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--all", "all_paths", is_flag=True,
              help="Every shortest chain (at most 100), not only one.")
@_ANALYSIS_FORMAT
@raw_csv_option
@output_option()
@_EDGES_FILE
@selection_options(events="none")
@pass_config
def path(config: Config, source: str, target: str, all_paths: bool, format: str,
         raw_csv: bool, output: str | None, edges_file: str | None, **selection: Any) -> None:
    """The shortest chain of partnerships between two places A and B (IRIs or labels).

    Only partnerships (and the other relations the ontology draws as edges) are followed;
    --events nodes (or cliques) also goes through events and agreements. The output names
    the relations followed and those of each step.

    \b
    Example: friendship-graph path Szolnok "Hội An" --all
    """
    _analyze(config, edges_file, selection, format, raw_csv, output, path_names=(source, target),
             all_paths=all_paths)
    events_source = click.get_current_context().get_parameter_source("events")
    if not edges_file and events_source == click.core.ParameterSource.DEFAULT:
        click.echo("events and agreements left out: --events nodes also goes through them",
                   err=True)


@click.command()
@click.option("--format", "format", required=True,
              type=click.Choice(["graphml", "gexf", "json", "csv", "ttl", "nt", "nq", "trig",
                                 "jsonld"]),
              help="graphml, gexf, json (node-link) or csv (OUT.nodes.csv + OUT.edges.csv) for "
                   "the network; ttl, nt, nq, trig or jsonld for the RDF behind it.")
@click.option("-o", "--output", "output", metavar="OUT", required=True,
              type=click.Path(), help="The file to write (for csv: a prefix or a folder).")
@click.option("--layout", type=click.Choice(["spring", "geo"]), is_flag=False,
              flag_value="spring", default=None,
              help="GEXF only: node positions, spring (the default of a bare --layout) or geo "
                   "(longitude/latitude).")
@raw_csv_option
@selection_options(with_isolates=True)
@pass_config
def export(config: Config, format: str, output: str, layout: str | None, raw_csv: bool,
           **selection: Any) -> None:
    """Write the projected network (or the RDF statements behind it) to a file, atomically.

    \b
    Example: friendship-graph export --format gexf --layout geo -o world.gexf
    """
    from ..export import csv_paths, export_network

    with config.open_store() as store:
        graph = export_network(store, format, output, layout=layout, raw_csv=raw_csv,
                               **selection)
    written = " and ".join(str(p) for p in csv_paths(output)) if format == "csv" else output
    click.echo(f"wrote {written} ({graph.number_of_nodes()} nodes, "
               f"{graph.number_of_edges()} edges)", err=True)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (analyze, path, export)
