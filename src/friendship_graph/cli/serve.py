"""``serve``: the store as a SPARQL 1.1 Protocol endpoint, the workbench and the
reconciliation API (see :mod:`friendship_graph.server`)."""

from __future__ import annotations

import click

from ..errors import FriendshipGraphError
from .common import Config, build_progress, pass_config, raw_csv_option

__all__ = ["serve"]


@click.command()
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
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let web pages from this origin (https://example.org) read the answers; "
                   "repeatable, * for any. Default: no other origin.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (the Host header), e.g. the "
                   "name of a proxy in front; repeatable, *.example.org for subdomains. "
                   "Default: the --host address only (and localhost for a loopback one).")
@raw_csv_option
@pass_config
def serve(config: Config, host: str, port: int, timeout: float, max_results: int, workers: int,
          allow_updates: bool, token: str | None, cors: tuple[str, ...],
          allowed_hosts: tuple[str, ...], raw_csv: bool) -> None:
    """Serve the store over the SPARQL 1.1 Protocol (read-only unless --allow-updates), with
    the workbench (a query page) at / for browsers and the reconciliation API (OpenRefine) at
    /reconcile.

    Example: friendship-graph serve --port 7879, then open http://127.0.0.1:7879/
    """
    from ..server import serve as run_server

    if config.endpoint:
        raise FriendshipGraphError("serve publishes a local store; the --endpoint server is "
                                   "a SPARQL endpoint already")

    def ready(server) -> None:  # noqa: ANN001
        mode = "read-write (token required)" if allow_updates else "read-only"
        click.echo(f"serving {server.url} ({mode}; {timeout:g} s and {max_results} results "
                   "per query); Ctrl-C stops", err=True)
        root = server.url.removesuffix("/sparql")
        click.echo(f"workbench: {root}/  reconciliation: {root}/reconcile", err=True)

    run_server(config.store_path, host, port, on_ready=ready, timeout=timeout,
               max_results=max_results, workers=workers, allow_updates=allow_updates,
               token=token, allow_network=config.allow_network, cors=cors,
               allowed_hosts=allowed_hosts, raw_csv=raw_csv, progress=build_progress())


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (serve,)
