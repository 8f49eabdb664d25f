"""What every command shares: the global options' :class:`Config` (which store to open),
the progress message of the first build of the default store, the selection options of the
network projection, and the output options (one ``--format`` vocabulary, ``--nl``, ``-o``)
as decorator factories, so every command names and means them the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["STORE_ENV", "ENDPOINT_ENV", "FORMATS", "Config", "pass_config", "raw_csv_option",
           "build_progress", "validation_progress", "selection_options", "check_output_file",
           "format_option", "output_option", "nl_option", "emit", "rows_text", "deprecated_alias"]

#: The output formats every command that prints data knows, with the same names: a table for
#: people, CSV, TSV and JSON for tools (a command may add its own, such as ``ttl``).
FORMATS = ("table", "csv", "tsv", "json")

STORE_ENV = "FRIENDSHIP_GRAPH_STORE"
ENDPOINT_ENV = "FRIENDSHIP_GRAPH_ENDPOINT"


class Config:
    """Global options, shared by every command."""

    def __init__(self, store: str | None, allow_network: bool, debug: bool,
                 endpoint: str | None = None) -> None:
        self.store_path = store
        self.allow_network = allow_network
        self.debug = debug
        self.endpoint = endpoint

    def open_store(self, *, write: bool = False) -> Store:
        """The store named by --store (or $FRIENDSHIP_GRAPH_STORE), else the default store
        (built first if needed, with a spinner on a terminal)."""
        from contextlib import nullcontext

        from ..progress import progress, shows_progress
        from ..store import open_store

        building = nullcontext(None)
        if not (self.store_path or self.endpoint or write) and shows_progress():
            from ..store.default import default_store_path

            if not (default_store_path() / "CURRENT").exists():
                building = progress("building the default store (once):")
        with building as update:
            return open_store(self.store_path, self.endpoint, write=write,
                              allow_network=self.allow_network, progress=build_progress(update))


def build_progress(update: Callable[..., None] | None = None,
                   what: str = "building the default store") -> Callable[[Path], None]:
    """A progress callback for building a store: the name of each file it loads, on a
    terminal's spinner (``update``, see :func:`friendship_graph.progress.progress`) or else as
    a line on stderr; ``what`` says which store (the first build of the default store, or
    ``init`` creating a named store)."""
    def report(path: Path) -> None:
        if update is not None:
            update(what=path.name)
        else:
            click.echo(f"{what}: loading {path.name}", err=True)

    return report


@contextmanager
def validation_progress() -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr for the checks of ``validate``
    (:func:`friendship_graph.progress.progress`: only when stderr is a terminal); otherwise
    no callback."""
    from ..progress import progress, shows_progress

    if not shows_progress():
        yield None
        return
    with progress("validating") as update:
        yield lambda done, total, what: update(done=done, total=total, what=what)


pass_config = click.make_pass_decorator(Config)
#: ``--raw-csv``, on every command that writes CSV or TSV.
raw_csv_option = click.option(
    "--raw-csv", is_flag=True,
    help="CSV/TSV: write cells exactly as they are; by default a cell that a spreadsheet "
         "would run as a formula (starting with =, +, -, @, a tab or a carriage return; or ') "
         "gets a leading ' (OWASP's rule).")


def check_output_file(path: str, option: str) -> None:
    """Refuse, before anything is done, an output file that cannot be written: its folder
    is missing or not writable, or the path is a folder."""
    import os

    from ..errors import FriendshipGraphError

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise FriendshipGraphError(f"{option} {path}: that is a folder; name a file")
    if not folder.is_dir():
        raise FriendshipGraphError(f"{option} {path}: the folder {folder} does not exist; "
                                   "create it first (nothing was done)")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise FriendshipGraphError(f"{option} {path}: cannot write there (permission denied; "
                                   "nothing was done)")


def selection_options(*, with_isolates: bool = False,
                      events: str = "nodes") -> Callable[[Callable], Callable]:
    """Decorator factory: the selection options of the projection
    (:func:`friendship_graph.network.to_networkx`). The command receives them as keyword
    arguments named like to_networkx's parameters (``kinds``, ``statuses``, ``countries``,
    ``focus``, ``depth``, ``events``, ``as_of`` and, with ``with_isolates``, ``isolates``),
    so ``to_networkx(store, **selection)`` takes them as they are. ``events`` is the default
    of ``--events`` (``path`` leaves events and agreements out unless asked)."""
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
                     default=events, show_default=True,
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


def format_option(*extra: str, help: str = "") -> Callable[[Callable], Callable]:
    """``--format``: one of :data:`FORMATS` (and the command's ``extra`` formats)."""
    return click.option("--format", "format", type=click.Choice([*FORMATS, *extra]),
                        default="table", show_default=True,
                        help=help or "table for people; csv, tsv or json for tools.")


def nl_option() -> Callable[[Callable], Callable]:
    """``--nl``: rows as newline-delimited JSON (one object per line), for streams."""
    return click.option("--nl", "nl", is_flag=True,
                        help="Newline-delimited JSON: one JSON object per row and line "
                             "(instead of --format).")


def output_option(metavar: str = "FILE") -> Callable[[Callable], Callable]:
    """``-o/--output FILE``: write the output to a file (atomically) instead of stdout."""
    return click.option("-o", "--output", "output", metavar=metavar,
                        type=click.Path(dir_okay=False),
                        help="Write to this file (atomically) instead of standard output.")


def emit(text: str, output: str | None) -> None:
    """Print ``text`` (as it is: it ends with its own newline), or write it to ``output``
    through a temporary file (a failed write leaves the file as it was)."""
    if output is None:
        click.echo(text, nl=False)
        return
    from ..export import atomic_write

    with atomic_write(output) as stream:
        stream.write(text)
    click.echo(f"wrote {output}", err=True)


def rows_text(columns: list[str], rows: list[list[object]], format: str) -> str:
    """Rows as CSV, TSV or newline-delimited JSON (``nl``)."""
    import csv
    import io
    import json

    if format == "nl":
        return "".join(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
                       + "\n" for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if format == "tsv" else ",",
                        lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def deprecated_alias(old: str, new: str) -> Callable[[click.Context, click.Parameter, object],
                                                     object]:
    """A callback for an old option name kept for a while: it warns (stderr) when used."""
    def warn(ctx: click.Context, param: click.Parameter, value: object) -> object:
        if value:
            click.echo(f"warning: {old} is deprecated; use {new} (same meaning)", err=True)
        return value

    return warn
