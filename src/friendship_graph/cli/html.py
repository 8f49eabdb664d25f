"""``html``: the network as one interactive HTML file."""

from __future__ import annotations

from typing import Any

import click

from .common import Config, pass_config, selection_options

__all__ = ["html"]


@click.command("html")
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
    """Write the network as one interactive HTML file that works offline.

    \b
    Example: friendship-graph html --layout map -o world.html
    """
    from ..progress import progress
    from ..render import export_html

    with config.open_store() as store, progress(f"drawing {output}"):
        report = export_html(store, output, layout=layout, title=title, seed=seed, event=event,
                             **selection)
    context = (f"; {report.context_nodes} nodes, {report.context_edges} edges of context, "
               "hidden at first" if report.context_nodes or report.context_edges else "")
    click.echo(f"wrote {report.path} ({report.nodes} nodes, {report.edges} edges, "
               f"{report.layout} layout{context})", err=True)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (html,)
