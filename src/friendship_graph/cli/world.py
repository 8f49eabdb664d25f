"""The third-party sources of the world network: ``compare`` sets two sources side by side;
``build-world`` rebuilds the bundled world network from the two datasets."""

from __future__ import annotations

import json

import click

from .common import (
    Config,
    deprecated_alias,
    emit,
    format_option,
    nl_option,
    output_option,
    pass_config,
    raw_csv_option,
)

__all__ = ["compare", "build_world", "ROW_KINDS"]

#: The kinds of rows ``compare`` reports (``--row-kind``).
ROW_KINDS = ("only_in_a", "only_in_b", "coverage_a", "coverage_b", "date", "country")


@click.command()
@click.argument("source_a")
@click.argument("source_b")
@format_option()
@nl_option()
@output_option()
@click.option("--row-kind", "row_kinds", multiple=True, type=click.Choice(ROW_KINDS),
              help="Only rows of this kind; repeatable.")
@click.option("--kind", "old_kinds", multiple=True, type=click.Choice(ROW_KINDS), hidden=True,
              callback=deprecated_alias("compare --kind", "--row-kind"),
              help="Deprecated name of --row-kind (--kind names relation kinds elsewhere).")
@click.option("--limit", type=int, default=50, show_default=True,
              help="table: rows shown per kind (0: all).")
@raw_csv_option
@pass_config
def compare(config: Config, source_a: str, source_b: str, format: str, nl: bool,
            output: str | None, row_kinds: tuple[str, ...], old_kinds: tuple[str, ...],
            limit: int, raw_csv: bool) -> None:
    """Compare two sources (graph names or IRIs): pairs in one and not the other,
    one-sided links, date and country disagreements, and each source's quality (places
    shared by identifier or by name, positions outside the country, mislabelled countries).

    \b
    Example: friendship-graph compare wikipedia-twin-towns wikidata-sister-cities --row-kind date
    """
    from ..compare import compare_sources

    with config.open_store() as store:
        result = compare_sources(store, source_a, source_b)
    kinds = row_kinds + old_kinds
    if kinds:
        result.rows = [row for row in result.rows if row.kind in kinds]
    if nl:
        emit("".join(json.dumps(row.__dict__, ensure_ascii=False) + "\n"
                     for row in result.rows), output)
        return
    if format == "json":
        emit(result.to_json() + "\n", output)
        return
    if format in ("csv", "tsv"):
        emit(result.to_csv("\t" if format == "tsv" else ",", raw_csv=raw_csv), output)
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
    quality = Table("", source_a, source_b, title="quality of each source")
    qa, qb = result.quality_a.to_dict(), result.quality_b.to_dict()
    for key in qa:
        if key != "mislabelled":
            quality.add_row(key.replace("_", " "), str(qa[key]), str(qb[key]))
    quality.add_row("suspected mislabelled countries", Text("\n".join(qa["mislabelled"]) or "-"),
                    Text("\n".join(qb["mislabelled"]) or "-"))
    console.print(quality)
    shown: dict[str, int] = {}
    table = Table("kind", "place A", "place B", "in A", "in B")
    for row in result.rows:
        shown[row.kind] = shown.get(row.kind, 0) + 1
        if limit and shown[row.kind] > limit:
            continue
        table.add_row(row.kind, Text(row.label_a or row.place_a), Text(row.label_b or row.place_b),
                      Text(row.value_a), Text(row.value_b))
    console.print(table)
    emit(console.file.getvalue(), output)  # type: ignore[attr-defined]


@click.command("build-world")
@click.option("--wikipedia", metavar="CSV", type=click.Path(dir_okay=False),
              help="twin_cities.csv of github.com/Hekman/twincities (in a checkout, default: "
                   "shared/data/wikipedia-twin-towns/ next to it; the datasets are not in the "
                   "package).")
@click.option("--wikidata", metavar="GEXF", type=click.Path(dir_okay=False),
              help="sister_cities.gexf of github.com/albertoursino/graphs-comparison (in a "
                   "checkout, default: shared/data/wikidata-sister-cities/).")
@click.option("-o", "--output", metavar="FILE.nq.gz", type=click.Path(dir_okay=False),
              help="Where to write the world network (in a checkout, default: "
                   "data/world/world.nq.gz; needed for an installed package).")
@click.option("--reports", metavar="DIR", type=click.Path(file_okay=False),
              help="Where to write the import reports (default: reports/ next to the output).")
def build_world(wikipedia: str | None, wikidata: str | None, output: str | None,
                reports: str | None) -> None:
    """Rebuild the bundled world network from the two third-party datasets.

    Example: friendship-graph build-world --wikipedia twin_cities.csv --wikidata
    sister_cities.gexf -o world.nq.gz
    """
    from ..importers.world import build_world_network

    build = build_world_network(wikipedia, wikidata, output, reports_dir=reports)
    for report in build.reports:
        click.echo(report.summary(), err=True)
    click.echo(f"positions outside their country replaced by another source's: {build.corrected}",
               err=True)
    click.echo(f"wrote {build.path} ({build.quads} quads, {build.size_bytes / 1e6:.1f} MB) in "
               f"{build.seconds:.1f} s", err=True)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (compare, build_world)
