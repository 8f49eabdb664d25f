"""``examples``: the bundled example files, listed, printed or copied into a folder."""

from __future__ import annotations

import click

__all__ = ["examples"]


@click.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--copy", "folder", metavar="DIR", type=click.Path(file_okay=False),
              help="Copy the example files (or the NAMEs) into DIR, keeping their sub-folders; "
                   "nothing is overwritten.")
def examples(names: tuple[str, ...], folder: str | None) -> None:
    """The bundled example files: the Jinzhong dataset and the librarians' CSV templates.

    Without arguments, their names; with NAMEs, their content on stdout; with --copy DIR,
    copies in DIR. The tutorial starts from them, so it works in any folder:
    'friendship-graph examples --copy .' and then, for example, 'friendship-graph validate
    jinzhong-2019-10-30.trig'.

    \b
    Example: friendship-graph examples --copy my-examples
    """
    from ..examples import copy_examples, example_files, read_example

    if folder is not None:
        written = copy_examples(folder, list(names))
        shown = ", ".join(p.relative_to(folder).as_posix() for p in written)
        click.echo(f"copied {len(written)} example file(s) to {folder}: {shown}", err=True)
    elif names:
        for name in names:
            click.echo(read_example(name), nl=False)
    else:
        for name in example_files():
            click.echo(name)


#: The commands of this module, for :func:`friendship_graph.cli.main`.
COMMANDS = (examples,)
