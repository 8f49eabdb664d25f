"""The ``friendship-graph`` command: parse options, call one library function, print.

Data goes to stdout, messages to stderr. Every error is one line on stderr and a non-zero exit
(2 for errors; 1 for "no": violations in ``validate``, false in an ASK query); ``--debug``
shows the traceback.

The commands live in one module per topic (``data``, ``query``, ``network``, ``html``,
``serve``, ``ontology``, ``world``, ``draft``, ``examples``) and are added to :func:`main` here.
"""

from __future__ import annotations

import logging
import os
import re
import traceback
from typing import Any

import click

from .. import __version__
from ..errors import FriendshipGraphError
from ..ontology import ONTOLOGY_ENV
from ..project import PROJECT_ENV, PROJECT_FILE
from . import data, draft, examples, html, network, ontology, query, serve, world
from .common import ENDPOINT_ENV, STORE_ENV, Config

__all__ = ["main"]


class _Group(click.Group):
    """A group that turns library errors into one line on stderr, and refuses arguments
    that are not text (bytes that are not UTF-8) before any command sees them."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            if any("\udc80" <= char <= "\udcff" for char in arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                _fail(ctx, f"the argument '{shown}' holds bytes that are not UTF-8; write it "
                           "as UTF-8 text")
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:  # no arguments at all: the help
            raise
        except click.UsageError as error:  # a bad global option (--ontology MISSING...)
            _fail(ctx, f"{_usage(error)} (see 'friendship-graph --help')")
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FriendshipGraphError as error:
            _fail(ctx, str(error))
        except click.exceptions.NoArgsIsHelpError:  # a group given no command: its help
            raise
        except click.UsageError as error:  # a bad option: one line too, with the way to help
            if isinstance(error, click.NoSuchOption):  # an option of the group after a command
                error = _global_option_misplaced(self, error) or error  # noqa: PLW2901
            command = error.ctx.command_path if error.ctx else "friendship-graph"
            _fail(ctx, f"{_usage(error)} (see '{command} --help')")
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            _fail(ctx, "interrupted")
        except Exception as error:  # noqa: BLE001 - the contract: never a traceback
            _fail(ctx, f"internal error: {type(error).__name__}: {error} "
                       "(run with --debug for the traceback, and please report it)")


def _global_option_misplaced(group: click.Group, error: click.NoSuchOption,
                             ) -> click.UsageError | None:
    """For an option of ``friendship-graph`` itself written after a command name
    (``serve --allow-network``): an error saying where it goes, instead of click's "No such
    option" (which suggested --allow-updates). ``None`` for any other unknown option."""
    option = next((p for p in group.params if isinstance(p, click.Option)
                   and error.option_name in p.opts), None)
    if option is None or error.ctx is None or error.ctx.command is group:
        return None
    value = "" if option.is_flag else f" {option.metavar or 'VALUE'}"
    command = error.ctx.command_path.split(" ", 1)[-1]
    return click.UsageError(
        f"{error.option_name} is an option of friendship-graph itself, not of '{command}': "
        f"put it before the command, as in: friendship-graph {error.option_name}{value} "
        f"{command} ...", ctx=error.ctx)


def _fail(ctx: click.Context, message: str) -> None:
    root = ctx.find_root()
    if root.params.get("debug"):
        traceback.print_exc()
    click.echo(f"error: {_one_line(message)}", err=True)
    ctx.exit(2)


def _usage(error: click.UsageError) -> str:
    """Click's message for a usage error, its line breaks and tabs ("Choose from:\n\t...")
    made spaces."""
    return " ".join(error.format_message().split())


def _one_line(message: str) -> str:
    """The message on one line, whatever a file name or value in it holds: line breaks and
    other control characters, and bidirectional overrides (which could make a terminal show
    the text in another order), are written as escapes."""
    return re.sub("[\x00-\x1f\x7f\x85\u2028\u2029\u202a-\u202e\u2066-\u2069]",
                  lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100
                  else f"\\u{ord(m.group()):04x}", message)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="friendship-graph")
@click.option("--store", "store", metavar="PATH", envvar=STORE_ENV,
              help="On-disk store to use (default: the bundled data, built on first use). "
                   f"Environment: {STORE_ENV}.")
@click.option("--ontology", "ontology", metavar="FILE", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Extra ontology file (Turtle) to use with the bundled ontology; repeatable. "
                   f"Environment: {ONTOLOGY_ENV}.")
@click.option("--project", "project", metavar="DIR",
              type=click.Path(exists=True),
              help=f"Use the {PROJECT_FILE} of DIR (extensions and data files) instead of the "
                   f"one found in the working folder or above it. Environment: {PROJECT_ENV}.")
@click.option("--endpoint", "endpoint", metavar="URL", envvar=ENDPOINT_ENV,
              help="Use a remote SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso, "
                   f"Neptune) instead of a local store. Environment: {ENDPOINT_ENV}.")
@click.option("--allow-network", is_flag=True,
              help="Allow SPARQL SERVICE and LOAD to fetch from the network (off by default).")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, store: str | None, ontology: tuple[str, ...], allow_network: bool,
         debug: bool, endpoint: str | None = None, project: str | None = None) -> None:
    """friendship-graph: a knowledge graph of international relationships between places.

    Without --store, commands answer from the bundled ontology and data (sister cities,
    agreements, visits, summits), built into a store on first use.

    \b
    Example: friendship-graph query partners --param place=晋中
    """
    # rdflib logs a warning, with a traceback, for a literal it cannot turn into a Python
    # value ("0000-06-01"^^xsd:date is valid XML Schema 1.1): that is no error of the user's.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    if project:
        os.environ[PROJECT_ENV] = os.path.abspath(project)
    if ontology:
        existing = os.environ.get(ONTOLOGY_ENV, "")
        paths = [os.path.abspath(p) for p in ontology]
        os.environ[ONTOLOGY_ENV] = os.pathsep.join([p for p in [existing, *paths] if p])
    ctx.obj = Config(store, allow_network, debug, endpoint)


for _topic in (data, query, network, html, serve, ontology, world, draft, examples):
    for _command in _topic.COMMANDS:
        main.add_command(_command)
