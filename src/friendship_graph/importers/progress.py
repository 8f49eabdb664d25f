"""Progress on stderr for big imports: a bar while rows are resolved, a spinner while the
statements are written. Shown only when stderr is a terminal (never in tests or pipes) and
there are at least 2000 rows."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["progress_bar", "status_line"]


@contextmanager
def progress_bar(total: int, description: str, enabled: bool | None = None) -> Iterator[Any]:
    """A rich progress bar on stderr, when stderr is a terminal (never in tests or pipes).

    Yields a function ``advance(n=1)``.
    """
    if enabled is None:
        enabled = sys.stderr.isatty() and "pytest" not in sys.modules
    if not enabled or total < 2000:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n=1: progress.advance(task, n)


@contextmanager
def status_line(message: str, total: int, enabled: bool | None = None) -> Iterator[None]:
    """A rich spinner with ``message`` on stderr, under the same conditions as the bar."""
    if enabled is None:
        enabled = sys.stderr.isatty() and "pytest" not in sys.modules
    if not enabled or total < 2000:
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield
