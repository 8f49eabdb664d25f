"""The ontology commands: ``ontology check`` (a lint) and ``ontology docs`` (the reference)."""

from __future__ import annotations

import sys

import click

from .common import Config, pass_config

__all__ = ["ontology"]


@click.group()
def ontology() -> None:
    """Check and document the ontology (core.ttl, shapes, rules and your extensions).

    \b
    Example: friendship-graph ontology check my-extension.ttl
    """


@ontology.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--errors-only", is_flag=True, help="Do not print warnings.")
def ontology_check(files: tuple[str, ...], errors_only: bool) -> None:
    """Lint ontology files (default: the bundled ontology, its extensions and --ontology files).

    Errors: missing English or Chinese labels or definitions, undefined parents, terms outside
    the namespace or declared twice, released terms removed or renamed, a version without a
    changelog entry. Warnings: properties without domain or range, classes without a shape.
    Exit status 1 when there are errors.

    \b
    Example: friendship-graph ontology check ontology/extensions/my-terms.ttl --errors-only
    """
    from ..ontology_tools import check_ontology

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
    English and Chinese, definition, hierarchy, alignments, and an example from the store.

    \b
    Example: friendship-graph ontology docs -o docs/reference/ontology
    """
    from ..ontology_tools import write_reference

    with config.open_store() as store:
        written = write_reference(output, store)
    click.echo(f"wrote {len(written)} files to {output}", err=True)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (ontology,)
