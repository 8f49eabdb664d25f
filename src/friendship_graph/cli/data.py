"""Putting data into the store and checking it: ``init``, ``load``, ``remove``, ``validate``,
``import``, ``decide``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import FriendshipGraphError
from .common import (
    FORMATS,
    Config,
    build_progress,
    check_output_file,
    emit,
    nl_option,
    output_option,
    pass_config,
    rows_text,
    validation_progress,
)

__all__ = ["init", "load", "remove", "validate", "import_", "decide"]


@click.command()
@click.option("--empty", is_flag=True, help="Only the ontology, without the bundled data.")
@pass_config
def init(config: Config, empty: bool) -> None:
    """Create the store named by --store, holding the ontology and the bundled data (and the
    data files of the project's friendship-graph.toml).

    \b
    Example: friendship-graph --store my-store init
    """
    from ..store.default import build_store, default_data_files

    if not config.store_path:
        raise FriendshipGraphError("name the store to create with --store PATH")
    path = Path(config.store_path)
    if path.exists() and any(path.iterdir()):
        raise FriendshipGraphError(f"{path} exists already; choose a new path")
    build_store(path, [] if empty else default_data_files(),
                build_progress(what=f"creating {path}"))
    click.echo(f"created {path}", err=True)


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--graph", metavar="IRI",
              help="Named graph for the triples (default: graph:<file name>).")
@click.option("--format", "format", metavar="FORMAT",
              help="RDF syntax, when the file ending does not tell (turtle, nt, nq, trig, "
                   "jsonld, xml).")
@click.option("--replace", is_flag=True, help="Empty the target graphs first (same transaction).")
@click.option("--strict", is_flag=True,
              help="Refuse the files, loading nothing, when what they add has SHACL violations "
                   "or unknown terms (checked in the context of the store).")
@click.option("--validate", "validate", is_flag=True, help="The same as --strict.")
@click.option("--canonicalize", is_flag=True,
              help="Accept typed literals that are not in canonical form and store them in "
                   "canonical form (\"01\"^^xsd:integer as \"1\"); without it they are refused.")
@pass_config
def load(config: Config, files: tuple[str, ...], graph: str | None, format: str | None,
         replace: bool, strict: bool, validate: bool, canonicalize: bool) -> None:
    """Add RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) to the store,
    all or nothing.

    What the files add is validated first, in the context of the store (only the nodes the
    files describe): violations and warnings are listed on stderr; with --strict a file with
    violations is refused and the store is left as it was.

    \b
    Example: friendship-graph --store my-store load my-report.trig --strict
    """
    from ..progress import progress
    from ..validate import load_checked

    with config.open_store(write=True) as store, \
            progress(f"loading {len(files)} file(s), checking, inferring"):
        done = load_checked(store, list(files), strict=strict or validate, graph=graph,
                            format=format, replace=replace, canonicalize=canonicalize)
    found = [f for f in done.validation.findings if f.severity != "Info"]
    for finding in found[:_SHOWN]:
        click.echo(finding.text(), err=True)
    if found:
        more = f" ({len(found) - _SHOWN} more not shown)" if len(found) > _SHOWN else ""
        click.echo(f"{done.validation.violation_count} violation(s), "
                   f"{done.validation.count('Warning')} warning(s) in what was added{more}: "
                   "run 'friendship-graph validate' on the files for the report", err=True)
    click.echo(f"loaded {len(done.load.files)} file(s): {done.load.added:+d} quads "
               f"({done.load.size_after} in the store)", err=True)


#: Findings ``load`` lists before its summary.
_SHOWN = 10


@click.command()
@click.argument("graph")
@pass_config
def remove(config: Config, graph: str) -> None:
    """Remove a named graph (one whole source) from the store.

    \b
    Example: friendship-graph --store my-store remove graph:my-report
    """
    with config.open_store(write=True) as store:
        if graph not in {str(g) for g in store.graphs()}:
            raise FriendshipGraphError(f"no graph <{graph}> in the store; see 'stats'")
        from rdflib import URIRef

        store.remove_graph(URIRef(graph))
    click.echo(f"removed <{graph}>", err=True)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "format", type=click.Choice([*FORMATS, "ttl", "text"]),
              default="table", show_default=True,
              help="table for people; csv, tsv (one row per finding), json or ttl (the SHACL "
                   "report) for tools. (text: the old name of table.)")
@nl_option()
@output_option()
@click.option("--strict", is_flag=True,
              help="Report unknown terms (classes and properties nobody declares) as "
                   "violations instead of warnings.")
@click.option("--alone", is_flag=True,
              help="Check the files by themselves, without what they refer to in the store.")
@pass_config
def validate(config: Config, files: tuple[str, ...], format: str, nl: bool, output: str | None,
             strict: bool, alone: bool) -> None:
    """Check data files (or, without files, the whole store) against the SHACL shapes and
    the ontology's terms.

    Files are checked together with what they refer to in the store (places, agreements,
    concepts already there); the store is not changed. Each finding names the file and line
    (for store data: the graph and the node), the shape's message, the value and a fix.
    Exit status 1 when there are violations.

    \b
    Example: friendship-graph validate my-report.trig --format csv -o findings.csv
    """
    from dataclasses import asdict, fields

    from ..validate import Finding, validate_files, validate_store

    if format == "text":
        click.echo("warning: --format text is deprecated; use --format table (same output)",
                   err=True)
        format = "table"
    with validation_progress() as progress:
        if files:
            report = validate_files(list(files), store=None if alone else config.open_store,
                                    strict=strict, progress=progress)
        else:
            with config.open_store() as store:
                report = validate_store(store, strict=strict, progress=progress)
    if nl or format in ("csv", "tsv"):
        columns = [f.name for f in fields(Finding)]
        rows = [list(asdict(finding).values()) for finding in report.findings]
        text = rows_text(columns, rows, "nl" if nl else format)
    else:
        text = {"table": report.to_text, "json": report.to_json, "ttl": report.to_turtle}[format]()
    emit(text if text.endswith("\n") else text + "\n", output)
    if not report.conforms:
        sys.exit(1)


_PAIR_COLUMNS = ("name1", "country1", "lat1", "lon1", "name2", "country2", "lat2", "lon2",
                 "date", "kind", "status")


def _pair_column_options(function: Callable) -> Callable:
    for name in reversed(_PAIR_COLUMNS):
        function = click.option(f"--{name}", f"col_{name}", metavar="COLUMN",
                                help=f"pairs: the column holding {name}.")(function)
    return function


@click.command("import")
@click.argument("format", type=click.Choice(["pairs", "template", "gexf", "graphml", "json",
                                             "edges"]))
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
@click.option("--nodes", "nodes_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="edges: a node file (CSV/TSV: id, label, language, optional country, lat, "
                   "lon, wikidata, geonames, iso3166_2) saying what the node ids stand for.")
@click.option("--keep-sources", is_flag=True,
              help="gexf/graphml/json exported by this project: put the statements back into "
                   "the named graphs the file names (not yet in the store).")
@click.option("--report", "report_file", metavar="FILE.csv", type=click.Path(dir_okay=False),
              help="Write the quality report (rejected rows, conflicts, positions outside "
                   "their country, mislabelled countries, resolution) to this CSV file.")
@click.option("--review", "review_file", metavar="FILE.csv", type=click.Path(dir_okay=False),
              help="Write the pairs of places to review (merged on a score, or likely "
                   "duplicates kept apart) to this CSV file and FILE.html.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON on stdout.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@pass_config
def import_(config: Config, format: str, files: tuple[str, ...], source_name: str | None,
            title: str, source_url: str, licenses: tuple[str, ...], rights: str,
            retrieved: str | None, mapping: str | None, attrs: tuple[str, ...],
            default_kind: str, default_status: str, delimiter: str | None, encoding: str,
            as_: str, nodes_file: str | None, keep_sources: bool, report_file: str | None,
            review_file: str | None, as_json: bool, no_progress: bool,
            **columns: str | None) -> None:
    """Import FILES of a third-party FORMAT into the store (--store), one graph per source.

    FORMAT is pairs (CSV/TSV of place pairs), template (the librarians' CSV template),
    gexf, graphml, json (node-link; a network this project exported comes back as the
    statements it was projected from), or edges (KONECT/SNAP edge lists). Rows that cannot
    be used are rejected with a reason and never stop the import; a malformed file stops it
    before anything is written. A summary (with the quality report) goes to stderr.

    \b
    Example: friendship-graph --store my-store import pairs twins.csv --source my-list
    """
    from ..importers import run_import
    from ..importers.common import ontology_term
    from ..vocab import FG, FGC

    if report_file:
        check_output_file(report_file, "--report")

    options: dict[str, Any] = {
        "name": source_name, "title": title, "source": source_url, "licenses": licenses,
        "rights": rights, "retrieved": retrieved, "progress": False if no_progress else None,
    }
    if format in ("pairs", "template"):
        options["delimiter"] = delimiter
    if format not in ("gexf", "graphml", "json"):
        options["encoding"] = encoding
    else:
        options["keep_sources"] = keep_sources
    with config.open_store(write=True) as store:
        if format in ("pairs", "gexf", "graphml", "json", "edges"):
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
                from ..importers.pairs import load_mapping

                given = {**load_mapping(mapping), **given}
            options["mapping"] = given or None
        elif format in ("gexf", "graphml", "json"):
            pairs = {}
            for item in attrs:
                field, sep, attribute = item.partition("=")
                if not sep:
                    raise FriendshipGraphError(f"--attr takes FIELD=ATTRIBUTE, not {item!r}")
                pairs[field.strip()] = attribute.strip()
            options["mapping"] = pairs
        elif format == "edges":
            options["as_places"] = as_ == "places"
            options["nodes"] = nodes_file
        report = run_import(store, format, files, **options)
    click.echo(report.summary(), err=True)
    if report_file:
        report.write_csv(report_file)
        click.echo(f"wrote {report_file}", err=True)
    if review_file:
        from ..importers.review import write_review_csv, write_review_html

        page = str(Path(review_file).with_suffix(".html"))
        rows = write_review_csv(report.review, review_file)
        write_review_html(report.review, page, f"Entity resolution of {report.graph}")
        click.echo(f"wrote {review_file} and {page} ({rows} pairs to review)", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))


@click.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--curator", default="", metavar="NAME", help="Who decided (dcterms:creator).")
@pass_config
def decide(config: Config, sheets: tuple[str, ...], curator: str) -> None:
    """Record a curator's decisions: review sheets (from import --review or build-world)
    whose decision column says merge or keep apart. Later imports follow them.

    \b
    Example: friendship-graph --store my-store decide twins.review.csv --curator "A. Librarian"
    """
    from ..importers.review import DECISIONS_GRAPH, record_decisions

    with config.open_store(write=True) as store:
        counts = record_decisions(store, list(sheets), curator=curator)
    click.echo(f"recorded {counts['merge']} merge and {counts['keep apart']} keep apart "
               f"decision(s) in <{DECISIONS_GRAPH}>; import the sources again to apply them",
               err=True)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (init, load, remove, validate, import_, decide)
