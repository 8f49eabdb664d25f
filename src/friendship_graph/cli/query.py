"""Asking the store: ``query`` (SPARQL, a .rq file or a named query), ``queries``, ``stats``."""

from __future__ import annotations

import json
import sys

import click

from ..errors import FriendshipGraphError
from .common import (
    Config,
    emit,
    format_option,
    nl_option,
    output_option,
    pass_config,
    raw_csv_option,
    rows_text,
)

__all__ = ["query", "queries", "stats"]


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in params:
        if "=" not in item:
            raise FriendshipGraphError(f"bad --param {item!r}: write KEY=VALUE")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(exists=True, dir_okay=False),
              help="Read the SPARQL query from a .rq file.")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value, bound as an RDF term (repeatable).")
@click.option("--format", "format", metavar="FORMAT",
              help="SELECT and ASK: table (their default), csv, tsv, json (SPARQL JSON) or xml. "
                   "CONSTRUCT and DESCRIBE: ttl (their default), nt, nq, trig, jsonld or xml.")
@nl_option()
@output_option()
@raw_csv_option
@click.option("--max-results", type=click.IntRange(min=0), default=0, metavar="N",
              help="Stop with an error as soon as the result has more than N rows or "
                   "triples (memory stays bounded); 0: no limit.")
@pass_config
def query(config: Config, query: str | None, file: str | None, params: tuple[str, ...],
          format: str | None, nl: bool, output: str | None, raw_csv: bool,
          max_results: int) -> None:
    """Run a SPARQL query, a .rq file (-f) or a named query (see 'queries').

    ASK prints true/false and exits 0/1. A table with no rows also says "0 rows" on stderr.

    \b
    Example: friendship-graph query partners --param place=晋中 --format csv -o partners.csv
    """
    from ..queries import parse_query_file, run_query
    from ..results import format_result

    if (query is None) == (file is None):
        raise FriendshipGraphError("give a SPARQL query, a query name, or -f FILE.rq (one of them)")
    target = parse_query_file(file) if file else query
    with config.open_store() as store:
        result = run_query(store, target, _parse_params(params),
                           max_results=max_results or None)
    emit(format_result(result, "ndjson" if nl else format or "table", raw_csv=raw_csv), output)
    if (format or "table") == "table" and result.kind == "select" and not result.rows:
        click.echo("0 rows", err=True)  # said where a person looks even when stdout is a file
    if result.kind == "ask" and not result.boolean:
        sys.exit(1)


@click.command()
@click.option("--format", "format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def queries(format: str) -> None:
    """List the named queries, their parameters and descriptions.

    \b
    Example: friendship-graph queries --format json
    """
    from ..queries import list_queries

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


@click.command()
@format_option()
@nl_option()
@output_option()
@pass_config
def stats(config: Config, format: str, nl: bool, output: str | None) -> None:
    """Counts per class, per relation and per source (named graph).

    csv, tsv and --nl give one row per count: section (class, relation, source), IRI,
    label, count.

    \b
    Example: friendship-graph stats --format csv -o counts.csv
    """
    from ..stats import Stats, store_stats

    with config.open_store() as store:
        result = store_stats(store)
    if nl or format in ("csv", "tsv"):
        emit(rows_text(list(Stats.COLUMNS), result.rows(), "nl" if nl else format), output)
        return
    if format == "json":
        emit(json.dumps({
            "classes": [{"class": c, "label": lb, "count": n} for c, lb, n in result.classes],
            "relations": [{"relation": r, "label": lb, "count": n}
                          for r, lb, n in result.relations],
            "sources": [{"graph": g, "triples": n} for g, n in result.sources],
        }, ensure_ascii=False, indent=1) + "\n", output)
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
    emit(console.file.getvalue(), output)  # type: ignore[attr-defined]


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (query, queries, stats)
