"""The ``friendship-graph`` command: parse options, call one library function, print.

Data goes to stdout, messages to stderr. Every error is one line on stderr and a non-zero exit
(2 for errors; 1 for "no": violations in ``validate``, false in an ASK query); ``--debug``
shows the traceback.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import FriendshipGraphError
from .ontology import ONTOLOGY_ENV

STORE_ENV = "FRIENDSHIP_GRAPH_STORE"
ENDPOINT_ENV = "FRIENDSHIP_GRAPH_ENDPOINT"


class _Group(click.Group):
    """A group that turns library errors into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FriendshipGraphError as error:
            _fail(ctx, str(error))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            _fail(ctx, "interrupted")
        except Exception as error:  # noqa: BLE001 - the contract: never a traceback
            _fail(ctx, f"internal error: {type(error).__name__}: {error} "
                       "(run with --debug for the traceback, and please report it)")


def _fail(ctx: click.Context, message: str) -> None:
    root = ctx.find_root()
    if root.params.get("debug"):
        traceback.print_exc()
    click.echo(f"error: {_one_line(message)}", err=True)
    ctx.exit(2)


def _one_line(message: str) -> str:
    """The message on one line, whatever a file name or value in it holds: line breaks and
    other control characters, and bidirectional overrides (which could make a terminal show
    the text in another order), are written as escapes."""
    import re

    return re.sub("[\x00-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100
                  else f"\\u{ord(m.group()):04x}", message)


class Config:
    """Global options, shared by every command."""

    def __init__(self, store: str | None, allow_network: bool, debug: bool,
                 endpoint: str | None = None) -> None:
        self.store_path = store
        self.allow_network = allow_network
        self.debug = debug
        self.endpoint = endpoint

    def open_store(self, *, write: bool = False):  # noqa: ANN201
        """The store named by --store (or $FRIENDSHIP_GRAPH_STORE), else the default store."""
        from .store import Store

        if self.endpoint:  # a remote SPARQL 1.1 server (see docs/endpoint.md)
            if self.store_path:
                raise FriendshipGraphError("give --store PATH or --endpoint URL, not both "
                                           f"(check ${STORE_ENV} and ${ENDPOINT_ENV})")
            return Store.remote(self.endpoint, read_only=not write,
                                allow_network=self.allow_network)
        if self.store_path:
            return Store.open(self.store_path, read_only=not write, create=write,
                              allow_network=self.allow_network)
        if write:
            raise FriendshipGraphError(
                "name the store to write with --store PATH (or FRIENDSHIP_GRAPH_STORE); the "
                "default store is rebuilt from the bundled data and is read-only. "
                "'friendship-graph --store PATH init' makes a store holding the bundled data."
            )
        from .default import default_store

        store = default_store(progress=_build_progress())
        store.allow_network = self.allow_network
        return store


def _build_progress() -> Callable[[Path], None]:
    def report(path: Path) -> None:
        click.echo(f"building the default store: loading {path.name}", err=True)

    return report


pass_config = click.make_pass_decorator(Config)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="friendship-graph")
@click.option("--store", "store", metavar="PATH", envvar=STORE_ENV,
              help="On-disk store to use (default: the bundled data, built on first use). "
                   f"Environment: {STORE_ENV}.")
@click.option("--ontology", "ontology", metavar="FILE", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Extra ontology file (Turtle) to use with the bundled ontology; repeatable. "
                   f"Environment: {ONTOLOGY_ENV}.")
@click.option("--endpoint", "endpoint", metavar="URL", envvar=ENDPOINT_ENV,
              help="Use a remote SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso, "
                   f"Neptune) instead of a local store. Environment: {ENDPOINT_ENV}.")
@click.option("--allow-network", is_flag=True,
              help="Allow SPARQL SERVICE and LOAD to fetch from the network (off by default).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, store: str | None, ontology: tuple[str, ...], allow_network: bool,
         debug: bool, endpoint: str | None = None) -> None:
    """friendship-graph: a knowledge graph of international relationships between places.

    Without --store, commands answer from the bundled ontology and data (sister cities,
    agreements, visits, summits), built into a store on first use.
    """
    if ontology:
        existing = os.environ.get(ONTOLOGY_ENV, "")
        paths = [str(Path(p).resolve()) for p in ontology]
        os.environ[ONTOLOGY_ENV] = os.pathsep.join([p for p in [existing, *paths] if p])
    ctx.obj = Config(store, allow_network, debug, endpoint)


@main.command()
@click.option("--empty", is_flag=True, help="Only the ontology, without the bundled data.")
@pass_config
def init(config: Config, empty: bool) -> None:
    """Create the store named by --store, holding the ontology and the bundled data."""
    from .default import build_store, bundled_data_files

    if not config.store_path:
        raise FriendshipGraphError("name the store to create with --store PATH")
    path = Path(config.store_path)
    if path.exists() and any(path.iterdir()):
        raise FriendshipGraphError(f"{path} exists already; choose a new path")
    build_store(path, [] if empty else bundled_data_files(), _build_progress())
    click.echo(f"created {path}", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--graph", metavar="IRI",
              help="Named graph for the triples (default: graph:<file name>).")
@click.option("--format", "format", metavar="FORMAT",
              help="RDF syntax, when the file ending does not tell (turtle, nt, nq, trig, "
                   "jsonld, xml).")
@click.option("--replace", is_flag=True, help="Empty the target graphs first (same transaction).")
@click.option("--validate", "validate", is_flag=True,
              help="Check the data against the SHACL shapes first; load nothing on violations.")
@click.option("--canonicalize", is_flag=True,
              help="Accept typed literals that are not in canonical form and store them in "
                   "canonical form (\"01\"^^xsd:integer as \"1\"); without it they are refused.")
@pass_config
def load(config: Config, files: tuple[str, ...], graph: str | None, format: str | None,
         replace: bool, validate: bool, canonicalize: bool) -> None:
    """Add RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) to the store,
    all or nothing."""
    with config.open_store(write=True) as store:
        report = store.load_files(list(files), graph=graph, format=format, replace=replace,
                                  validate=validate, canonicalize=canonicalize)
    click.echo(f"loaded {len(report.files)} file(s): {report.added:+d} quads "
               f"({report.size_after} in the store)", err=True)


@main.command()
@click.argument("graph")
@pass_config
def remove(config: Config, graph: str) -> None:
    """Remove a named graph (one whole source) from the store."""
    with config.open_store(write=True) as store:
        if graph not in {str(g) for g in store.graphs()}:
            raise FriendshipGraphError(f"no graph <{graph}> in the store; see 'stats'")
        from rdflib import URIRef

        store.remove_graph(URIRef(graph))
    click.echo(f"removed <{graph}>", err=True)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "format", type=click.Choice(["text", "json", "ttl"]), default="text",
              show_default=True, help="text for people; json or ttl (the SHACL report) for tools.")
@pass_config
def validate(config: Config, files: tuple[str, ...], format: str) -> None:
    """Check data files (or, without files, the store) against the SHACL shapes.

    Exit status 1 when there are violations.
    """
    from .validate import validate_files, validate_store

    if files:
        report = validate_files(list(files))
    else:
        with config.open_store() as store:
            report = validate_store(store)
    output = {"text": report.to_text, "json": report.to_json, "ttl": report.to_turtle}[format]()
    click.echo(output, nl=not output.endswith("\n"))
    if not report.conforms:
        sys.exit(1)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise FriendshipGraphError(f"bad --param {item!r}: write KEY=VALUE")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(exists=True, dir_okay=False),
              help="Read the SPARQL query from a .rq file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value, bound as an RDF term (repeatable).")
@click.option("--format", "format", default="table", show_default=True,
              help="table, csv, tsv, json or xml for SELECT/ASK; ttl, nt, nq, trig, jsonld, xml "
                   "for CONSTRUCT/DESCRIBE (default ttl).")
@pass_config
def query(config: Config, query: str | None, file: str | None, params: tuple[str, ...],
          format: str) -> None:
    """Run a SPARQL query, a .rq file (-f) or a named query (see 'queries').

    ASK prints true/false and exits 0/1.
    """
    from .queries import parse_query_file, run_query
    from .results import format_result

    if (query is None) == (file is None):
        raise FriendshipGraphError("give a SPARQL query, a query name, or -f FILE.rq (one of them)")
    target = parse_query_file(file) if file else query
    with config.open_store() as store:
        result = run_query(store, target, _parse_params(params))
    click.echo(format_result(result, format), nl=False)
    if result.kind == "ask" and not result.boolean:
        sys.exit(1)


@main.command()
@click.option("--format", "format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def queries(format: str) -> None:
    """List the named queries, their parameters and descriptions."""
    from .queries import list_queries

    named = list_queries()
    if format == "json":
        click.echo(json.dumps([{
            "name": q.name, "description": q.description,
            "parameters": [{"name": p.name, "type": p.type, "required": p.required,
                            "description": p.description} for p in q.parameters],
        } for q in named], ensure_ascii=False, indent=1))
        return
    for q in named:
        click.echo(f"{q.name}: {q.description}")
        for p in q.parameters:
            need = "required" if p.required else "optional"
            click.echo(f"    --param {p.name}=<{p.type}>  ({need}) {p.description}")


@main.command()
@click.option("--format", "format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@pass_config
def stats(config: Config, format: str) -> None:
    """Counts per class, per relation and per source (named graph)."""
    from .stats import store_stats

    with config.open_store() as store:
        result = store_stats(store)
    if format == "json":
        click.echo(json.dumps({
            "classes": [{"class": c, "label": lb, "count": n} for c, lb, n in result.classes],
            "relations": [{"relation": r, "label": lb, "count": n}
                          for r, lb, n in result.relations],
            "sources": [{"graph": g, "triples": n} for g, n in result.sources],
        }, ensure_ascii=False, indent=1))
        return
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=StringIO(), width=160, color_system=None)
    for title, rows in (("per class", result.classes), ("per relation", result.relations)):
        table = Table("IRI", "label", "count", title=title)
        for iri, label, n in rows:
            table.add_row(Text(iri), Text(label), str(n))
        console.print(table)
    table = Table("graph (source)", "triples", title="per source")
    for graph_iri, n in result.sources:
        table.add_row(Text(graph_iri), str(n))
    console.print(table)
    click.echo(console.file.getvalue(), nl=False)  # type: ignore[attr-defined]


# --- ontology commands ---


@main.group()
def ontology() -> None:
    """Check and document the ontology (core.ttl, shapes, rules and your extensions)."""


@ontology.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--errors-only", is_flag=True, help="Do not print warnings.")
def ontology_check(files: tuple[str, ...], errors_only: bool) -> None:
    """Lint ontology files (default: the bundled ontology, its extensions and --ontology files).

    Errors: missing English or Chinese labels or definitions, undefined parents, terms outside
    the namespace or declared twice, released terms removed or renamed, a version without a
    changelog entry. Warnings: properties without domain or range, classes without a shape.
    Exit status 1 when there are errors.
    """
    from .ontology_tools import check_ontology

    report = check_ontology(list(files) or None)
    click.echo(report.to_text(warnings=not errors_only), nl=False)
    if not report.ok:
        sys.exit(1)


@ontology.command("docs")
@click.option("-o", "--output", "output", metavar="DIR", required=True,
              type=click.Path(file_okay=False),
              help="Folder for the Markdown pages (index.md, classes.md, properties.md, "
                   "concepts.md).")
@pass_config
def ontology_docs(config: Config, output: str) -> None:
    """Write the ontology reference: every class, property and concept with its labels in
    English and Chinese, definition, hierarchy, alignments, and an example from the store."""
    from .ontology_tools import write_reference

    with config.open_store() as store:
        written = write_reference(output, store)
    click.echo(f"wrote {len(written)} files to {output}", err=True)


# --- endpoint commands ---


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0: any free port).")
@click.option("--timeout", "timeout", default=30.0, show_default=True, metavar="S",
              type=click.FloatRange(min=0, min_open=True),
              help="Time limit per query (and update), in seconds.")
@click.option("--max-results", default=100_000, show_default=True, metavar="N",
              type=click.IntRange(min=0), help="Most rows (or triples) a query may return.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes (queries running at the same time).")
@click.option("--allow-updates", is_flag=True,
              help="Accept SPARQL updates from clients that send the token.")
@click.option("--token", metavar="TOKEN", envvar="FRIENDSHIP_GRAPH_SERVE_TOKEN",
              help="Token for updates ('Authorization: Bearer TOKEN'). "
                   "Environment: FRIENDSHIP_GRAPH_SERVE_TOKEN.")
@pass_config
def serve(config: Config, host: str, port: int, timeout: float, max_results: int, workers: int,
          allow_updates: bool, token: str | None) -> None:
    """Serve the store over the SPARQL 1.1 Protocol (read-only unless --allow-updates)."""
    from .server import serve as run_server

    if config.endpoint:
        raise FriendshipGraphError("serve publishes a local store; the --endpoint server is "
                                   "a SPARQL endpoint already")

    def ready(server) -> None:  # noqa: ANN001
        mode = "read-write (token required)" if allow_updates else "read-only"
        click.echo(f"serving {server.url} ({mode}; {timeout:g} s and {max_results} results "
                   "per query); Ctrl-C stops", err=True)

    run_server(config.store_path, host, port, on_ready=ready, timeout=timeout,
               max_results=max_results, workers=workers, allow_updates=allow_updates,
               token=token, allow_network=config.allow_network, progress=_build_progress())


# --- network analysis commands ---


def selection_options(*, with_isolates: bool = False) -> Callable[[Callable], Callable]:
    """Decorator factory: the selection options of the projection
    (:func:`friendship_graph.network.to_networkx`). The command receives them as keyword
    arguments named like to_networkx's parameters (``kinds``, ``statuses``, ``countries``,
    ``focus``, ``depth``, ``events``, ``as_of`` and, with ``with_isolates``, ``isolates``),
    so ``to_networkx(store, **selection)`` takes them as they are."""
    options = [
        click.option("--kind", "kinds", multiple=True, metavar="KIND",
                     help="Relation kind to draw: IRI, fg:Name or label in any language, with "
                          "every kind below it; repeatable. Default: every kind the ontology "
                          "projects as an edge."),
        click.option("--status", "statuses", multiple=True, metavar="STATUS",
                     help="Keep only edges with this status (fgc:established, 'intended', "
                          "...); edges without a status are kept; repeatable."),
        click.option("--country", "countries", multiple=True, metavar="COUNTRY",
                     help="Keep only edges with an end in this country (IRI, ISO code or "
                          "label); repeatable."),
        click.option("--focus", metavar="PLACE",
                     help="Only the nodes at most --depth steps from this place (IRI or "
                          "label)."),
        click.option("--depth", type=click.IntRange(0), default=1, show_default=True,
                     help="Steps from --focus."),
        click.option("--events", type=click.Choice(["nodes", "cliques", "none"]),
                     default="nodes", show_default=True,
                     help="Events and agreements as nodes linked to their participants, as "
                          "cliques of their participants, or left out."),
        click.option("--as-of", "as_of", metavar="DATE",
                     help="Snapshot: only partnerships in force, and events dated, by "
                          "YYYY[-MM[-DD]]."),
    ]
    if with_isolates:
        options.append(click.option(
            "--isolates", is_flag=True,
            help="Also add the places (and other nodes) that have no edge."))

    def decorate(func: Callable) -> Callable:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


_ANALYSIS_FORMAT = click.option(
    "--format", "format", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="table for people; csv (one section per table) or json for tools.")
_EDGES_FILE = click.option(
    "--edges", "edges_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
    help="Analyse this network file instead of the store: GraphML, GEXF, node-link JSON or an "
         "edge list (two columns: CSV, TSV or spaces; # and % comments).")


def _analyze(config: Config, edges_file: str | None, selection: dict[str, Any], format: str,
             **options: Any) -> None:
    """Analyse a network file (--edges) or the store's projection, and print the report."""
    from .analysis import analyze_file, analyze_store, format_report

    if edges_file:
        report = analyze_file(edges_file, **options)
    else:
        with config.open_store() as store:
            report = analyze_store(store, selection, **options)
    click.echo(format_report(report, format), nl=False)


@main.command()
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
@_EDGES_FILE
@selection_options(with_isolates=True)
@pass_config
def analyze(config: Config, stats: tuple[str, ...], rankings: tuple[str, ...],
            communities: bool, components: bool, ego: str | None, radius: int, top: int,
            samples: int | None, format: str, edges_file: str | None,
            **selection: Any) -> None:
    """Network statistics (KONECT definitions), rankings, communities, components and ego
    networks of the projected network, or of a network file (--edges)."""
    _analyze(config, edges_file, selection, format,
             stats=stats, rankings=rankings, with_communities=communities,
             with_components=components, ego_name=ego, ego_radius=radius, top=top or None,
             samples=samples)


@main.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option("--all", "all_paths", is_flag=True,
              help="Every shortest chain (at most 100), not only one.")
@_ANALYSIS_FORMAT
@_EDGES_FILE
@selection_options()
@pass_config
def path(config: Config, source: str, target: str, all_paths: bool, format: str,
         edges_file: str | None, **selection: Any) -> None:
    """The shortest chain of relations between two places A and B (IRIs or labels)."""
    _analyze(config, edges_file, selection, format, path_names=(source, target),
             all_paths=all_paths)


@main.command()
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
@selection_options(with_isolates=True)
@pass_config
def export(config: Config, format: str, output: str, layout: str | None,
           **selection: Any) -> None:
    """Write the projected network (or the RDF statements behind it) to a file, atomically."""
    from .export import csv_paths, export_network

    with config.open_store() as store:
        graph = export_network(store, format, output, layout=layout, **selection)
    written = " and ".join(str(p) for p in csv_paths(output)) if format == "csv" else output
    click.echo(f"wrote {written} ({graph.number_of_nodes()} nodes, "
               f"{graph.number_of_edges()} edges)", err=True)


# --- html commands ---


@main.command("html")
@click.option("-o", "--output", "output", metavar="OUT.html", required=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@selection_options(with_isolates=True)
@click.option("--layout", type=click.Choice(["force", "map", "circular"]), default="force",
              show_default=True,
              help="force: force-directed; map: positions from coordinates; circular.")
@click.option("--title", metavar="TEXT", help="Title of the page (default: the view's name).")
@click.option("--event", metavar="LABEL",
              help="The view of the events whose label contains LABEL (any language): the "
                   "event, its participants and the partnerships among them and the host.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the layout (same data and seed: the same file).")
@pass_config
def html(config: Config, output: str, layout: str, title: str | None, event: str | None,
         seed: int, **selection: Any) -> None:
    """Write the network as one interactive HTML file that works offline."""
    from .render import export_html

    with config.open_store() as store:
        report = export_html(store, output, layout=layout, title=title, seed=seed, event=event,
                             **selection)
    context = (f"; {report.context_nodes} nodes, {report.context_edges} edges of context, "
               "hidden at first" if report.context_nodes or report.context_edges else "")
    click.echo(f"wrote {report.path} ({report.nodes} nodes, {report.edges} edges, "
               f"{report.layout} layout{context})", err=True)


# --- import commands ---


_PAIR_COLUMNS = ("name1", "country1", "lat1", "lon1", "name2", "country2", "lat2", "lon2",
                 "date", "kind", "status")


def _pair_column_options(function: Callable) -> Callable:
    for name in reversed(_PAIR_COLUMNS):
        function = click.option(f"--{name}", f"col_{name}", metavar="COLUMN",
                                help=f"pairs: the column holding {name}.")(function)
    return function


@main.command("import")
@click.argument("format", type=click.Choice(["pairs", "template", "gexf", "graphml", "edges"]))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--source", "source_name", metavar="NAME",
              help="Source name: the data go to graph:NAME (default: the first file's name). "
                   "Importing the same source again replaces it.")
@click.option("--title", default="", help="Title of the source (dcterms:title).")
@click.option("--source-url", default="", metavar="URL",
              help="Where the data came from (dcterms:source).")
@click.option("--license", "licenses", multiple=True, metavar="IRI",
              help="Licence IRI of the data (dcterms:license); repeatable.")
@click.option("--rights", default="", metavar="TEXT", help="Attribution text (dcterms:rights).")
@click.option("--retrieved", metavar="DATE", help="When the data were retrieved (YYYY-MM-DD).")
@click.option("--mapping", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="pairs: a TOML or JSON file mapping fields (name1, country1, ...) to columns.")
@_pair_column_options
@click.option("--attr", "attrs", multiple=True, metavar="FIELD=ATTRIBUTE",
              help="gexf/graphml: the node attribute holding FIELD (name, country, lat, lon, "
                   "population, wikidata); repeatable.")
@click.option("--default-kind", default="Twinning", show_default=True, metavar="CLASS",
              help="Partnership class when a row gives none.")
@click.option("--default-status", default="established", show_default=True, metavar="STATUS",
              help="Partnership status when a row gives none.")
@click.option("--delimiter", metavar="CHAR", help="pairs/template: the field delimiter "
              "(default: sniffed; 'tab' for TSV).")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the files.")
@click.option("--as", "as_", type=click.Choice(["nodes", "places"]), default="nodes",
              show_default=True, help="edges: what the nodes are (generic network nodes, or "
                                      "places joined by partnerships).")
@click.option("--report", "report_file", metavar="FILE.csv", type=click.Path(dir_okay=False),
              help="Write every rejected row and conflict to this CSV file.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON on stdout.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@pass_config
def import_(config: Config, format: str, files: tuple[str, ...], source_name: str | None,
            title: str, source_url: str, licenses: tuple[str, ...], rights: str,
            retrieved: str | None, mapping: str | None, attrs: tuple[str, ...],
            default_kind: str, default_status: str, delimiter: str | None, encoding: str,
            as_: str, report_file: str | None, as_json: bool, no_progress: bool,
            **columns: str | None) -> None:
    """Import FILES of a third-party FORMAT into the store (--store), one graph per source.

    FORMAT is pairs (CSV/TSV of place pairs), template (the librarians' CSV template),
    gexf, graphml, or edges (KONECT/SNAP edge lists). Rows that cannot be used are rejected
    with a reason and never stop the import; a malformed file stops it before anything is
    written. A summary goes to stderr.
    """
    from .importers import run_import
    from .importers.common import ontology_term
    from .vocab import FG, FGC

    options: dict[str, Any] = {
        "name": source_name, "title": title, "source": source_url, "licenses": licenses,
        "rights": rights, "retrieved": retrieved, "progress": False if no_progress else None,
    }
    if format in ("pairs", "template"):
        options["delimiter"] = delimiter
    if format != "gexf" and format != "graphml":
        options["encoding"] = encoding
    with config.open_store(write=True) as store:
        if format in ("pairs", "gexf", "graphml", "edges"):
            kind = ontology_term(store, FG.Partnership, default_kind, FG.Twinning)
            status = ontology_term(store, FGC.PartnershipStatus, default_status,
                                   FGC.established)
            if kind is None or status is None:
                bad = default_kind if kind is None else default_status
                raise FriendshipGraphError(f"unknown partnership class or status {bad!r}; see "
                                           "'friendship-graph ontology docs'")
            options.update(kind=kind, status=status)
        if format == "pairs":
            given = {k[len("col_"):]: v for k, v in columns.items() if v}
            if mapping:
                from .importers.pairs import load_mapping

                given = {**load_mapping(mapping), **given}
            options["mapping"] = given or None
        elif format in ("gexf", "graphml"):
            pairs = {}
            for item in attrs:
                field, sep, attribute = item.partition("=")
                if not sep:
                    raise FriendshipGraphError(f"--attr takes FIELD=ATTRIBUTE, not {item!r}")
                pairs[field.strip()] = attribute.strip()
            options["mapping"] = pairs
        elif format == "edges":
            options["as_places"] = as_ == "places"
        report = run_import(store, format, files, **options)
    click.echo(report.summary(), err=True)
    if report_file:
        report.write_csv(report_file)
        click.echo(f"wrote {report_file}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))


@main.command()
@click.argument("source_a")
@click.argument("source_b")
@click.option("--format", "format", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True)
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["only_in_a", "only_in_b", "coverage_a", "coverage_b", "date",
                                 "country"]),
              help="Only rows of this kind; repeatable.")
@click.option("--limit", type=int, default=50, show_default=True,
              help="table: rows shown per kind (0: all).")
@pass_config
def compare(config: Config, source_a: str, source_b: str, format: str, kinds: tuple[str, ...],
            limit: int) -> None:
    """Compare two sources (graph names or IRIs): pairs in one and not the other,
    one-sided links, date and country disagreements."""
    from .compare import compare_sources

    with config.open_store() as store:
        result = compare_sources(store, source_a, source_b)
    if kinds:
        result.rows = [row for row in result.rows if row.kind in kinds]
    if format == "json":
        click.echo(result.to_json())
        return
    if format in ("csv", "tsv"):
        click.echo(result.to_csv("\t" if format == "tsv" else ","), nl=False)
        return
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=StringIO(), width=160, color_system=None)
    summary = Table("", "count", title=f"{source_a} (A) vs {source_b} (B)")
    for key, value in result.summary().items():
        if key not in ("source_a", "source_b"):
            summary.add_row(key, str(value))
    console.print(summary)
    shown: dict[str, int] = {}
    table = Table("kind", "place A", "place B", "in A", "in B")
    for row in result.rows:
        shown[row.kind] = shown.get(row.kind, 0) + 1
        if limit and shown[row.kind] > limit:
            continue
        table.add_row(row.kind, Text(row.label_a or row.place_a), Text(row.label_b or row.place_b),
                      Text(row.value_a), Text(row.value_b))
    console.print(table)
    click.echo(console.file.getvalue(), nl=False)  # type: ignore[attr-defined]


@main.command("build-world")
@click.option("--wikipedia", metavar="CSV", type=click.Path(dir_okay=False),
              help="twin_cities.csv (default: shared/data/wikipedia-twin-towns/ next to the "
                   "checkout).")
@click.option("--wikidata", metavar="GEXF", type=click.Path(dir_okay=False),
              help="sister_cities.gexf (default: shared/data/wikidata-sister-cities/).")
@click.option("-o", "--output", metavar="FILE.nq.gz", type=click.Path(dir_okay=False),
              help="Where to write the world network (default: data/world/world.nq.gz).")
@click.option("--reports", metavar="DIR", type=click.Path(file_okay=False),
              help="Where to write the import reports (default: reports/ next to the output).")
def build_world(wikipedia: str | None, wikidata: str | None, output: str | None,
                reports: str | None) -> None:
    """Rebuild the bundled world network from the two third-party datasets."""
    from .importers.world import WORLD_FILE, build_world_network
    from .resources import data_dir

    shared = Path(__file__).resolve().parents[3] / "shared" / "data"
    out = Path(output) if output else data_dir() / WORLD_FILE
    build = build_world_network(
        wikipedia or shared / "wikipedia-twin-towns" / "twin_cities.csv",
        wikidata or shared / "wikidata-sister-cities" / "sister_cities.gexf",
        out, reports_dir=reports or out.parent / "reports")
    for report in build.reports:
        click.echo(report.summary(), err=True)
    click.echo(f"wrote {build.path} ({build.quads} quads, {build.size_bytes / 1e6:.1f} MB) in "
               f"{build.seconds:.1f} s", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
