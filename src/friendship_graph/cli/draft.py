"""``draft``: from a news report to reviewed facts (draft, review, accept)."""

from __future__ import annotations

import click

from .common import Config, pass_config

__all__ = ["draft"]


class _DraftGroup(click.Group):
    """``draft ARTICLE.txt ...`` runs ``draft article``; ``draft review`` and ``draft accept``
    are the other steps."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["article", *args]
        return super().parse_args(ctx, args)


@click.group("draft", cls=_DraftGroup)
def draft() -> None:
    """Draft a dataset from a news report, review it, load what you accept.

    \b
    friendship-graph draft ARTICLE.txt --published YYYY-MM-DD [-o DRAFT.trig]
    friendship-graph draft review DRAFT.trig
    friendship-graph --store PATH draft accept DRAFT.trig --decisions FILE

    \b
    Example: friendship-graph draft report.txt --published 2019-10-30 -o report.draft.trig
    """


@draft.command("article")
@click.argument("article", metavar="ARTICLE.txt", type=click.Path(dir_okay=False))
@click.option("--published", metavar="YYYY-MM-DD",
              help="When the article was published (required): 今年2月, last month... are "
                   "read against it.")
@click.option("--source-title", metavar="TEXT", help="The article's title (dcterms:title).")
@click.option("--publisher", metavar="NAME", help="Who published it (fg:publisher).")
@click.option("--language", metavar="zh|en", help="The article's language (default: told "
                                                  "from the text).")
@click.option("-o", "--output", metavar="DRAFT.trig", type=click.Path(dir_okay=False),
              help="The draft to write (default: <article name>.draft.trig here).")
@pass_config
def draft_article_command(config: Config, article: str, published: str | None,
                          source_title: str | None, publisher: str | None,
                          language: str | None, output: str | None) -> None:
    """Draft candidate facts from ARTICLE.txt (plain UTF-8 text, Chinese or English) into a
    TriG file of their own, marked as a draft; places are matched against the store. Nothing
    is written to the store.

    \b
    Example: friendship-graph draft report.txt --published 2019-10-30 -o report.draft.trig
    """
    from ..draft import draft_article

    report = draft_article(article, published, store=config.open_store, output=output,
                           source_title=source_title, publisher=publisher, language=language)
    click.echo(report.summary(), err=True)


@draft.command("review")
@click.argument("draft_file", metavar="DRAFT.trig", type=click.Path(dir_okay=False))
@click.option("-o", "--output", metavar="PREFIX",
              help="Write PREFIX.review.csv and PREFIX.review.html (default: the draft's "
                   "path without .trig).")
def draft_review_command(draft_file: str, output: str | None) -> None:
    """Write a review sheet (CSV) and an offline HTML page on which each fact can be
    accepted, rejected or edited, and the decisions downloaded.

    \b
    Example: friendship-graph draft review report.draft.trig
    """
    from ..draft import review_draft

    click.echo(review_draft(draft_file, output).summary(), err=True)


@draft.command("accept")
@click.argument("draft_file", metavar="DRAFT.trig", type=click.Path(dir_okay=False))
@click.option("--decisions", "decisions", metavar="FILE", required=True,
              type=click.Path(dir_okay=False),
              help="The decisions: the JSON the review page downloads, or the review sheet "
                   "(CSV) with its decision column filled in.")
@click.option("--replace", is_flag=True, help="Replace the facts accepted from this draft "
                                              "before.")
@pass_config
def draft_accept_command(config: Config, draft_file: str, decisions: str,
                         replace: bool) -> None:
    """Load the accepted facts into their own source graph of the store (--store), all or
    nothing, with the review as their provenance; they are validated first.

    \b
    Example: friendship-graph --store my-store draft accept report.draft.trig --decisions d.csv
    """
    from ..draft import accept_draft

    with config.open_store(write=True) as store:
        report = accept_draft(store, draft_file, decisions, replace=replace)
    click.echo(report.summary(), err=True)
COMMANDS = [draft]
