"""What every command shares: the global options' :class:`Config` (which store to open),
the progress message of the first build of the default store, and the selection options of
the network projection as a decorator factory."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["STORE_ENV", "ENDPOINT_ENV", "Config", "pass_config", "raw_csv_option", "build_progress",
           "validation_progress", "selection_options", "check_output_file"]

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
        """The store named by --store (or $FRIENDSHIP_GRAPH_STORE), else the default store."""
        from ..store import open_store

        return open_store(self.store_path, self.endpoint, write=write,
                          allow_network=self.allow_network, progress=build_progress())


def build_progress(what: str = "building the default store") -> Callable[[Path], None]:
    """A progress callback for building a store (stderr): ``what`` says which one (the first
    build of the default store, or ``init`` creating a named store)."""
    def report(path: Path) -> None:
        click.echo(f"{what}: loading {path.name}", err=True)

    return report


@contextmanager
def validation_progress() -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar on stderr for the checks of ``validate`` (rich), only when stderr is a
    terminal; otherwise no callback."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("validating {task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task("", total=None)

        def report(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield report


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
