"""The ``friendship-graph`` command: parse options, call one library function, print.

Data goes to stdout, messages to stderr. Every error is one line on stderr and a non-zero exit
(2 for errors; 1 for "no": violations in ``validate``, false in an ASK query); ``--debug``
shows the traceback.

The commands live in one module per topic (``data``, ``query``, ``network``, ``html``,
``serve``, ``ontology``, ``world``) and are added to :func:`main` here.
"""

from __future__ import annotations

import os
import re
import traceback
from typing import Any

import click

from .. import __version__
from ..errors import FriendshipGraphError
from ..ontology import ONTOLOGY_ENV
from ..project import PROJECT_ENV, PROJECT_FILE
from . import data, draft, html, network, ontology, query, serve, world
from .common import ENDPOINT_ENV, STORE_ENV, Config

__all__ = ["main"]


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
    if project:
        os.environ[PROJECT_ENV] = os.path.abspath(project)
    if ontology:
        existing = os.environ.get(ONTOLOGY_ENV, "")
        paths = [os.path.abspath(p) for p in ontology]
        os.environ[ONTOLOGY_ENV] = os.pathsep.join([p for p in [existing, *paths] if p])
    ctx.obj = Config(store, allow_network, debug, endpoint)


for _topic in (data, query, network, html, serve, ontology, world, draft):
    for _command in _topic.COMMANDS:
        main.add_command(_command)
