"""Progress on stderr for big imports: a bar while rows are resolved, a spinner while the
statements are written. Shown only when stderr is a terminal (never in tests or pipes) and
there are at least 2000 rows; drawn by the one helper, :mod:`friendship_graph.progress`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..progress import progress

__all__ = ["progress_bar", "status_line"]


@contextmanager
def progress_bar(total: int, description: str, enabled: bool | None = None) -> Iterator[Any]:
    """A progress bar on stderr (:func:`friendship_graph.progress.progress`), for imports of
    at least 2000 rows. Yields a function ``advance(n=1)``."""
    with progress(description, total, enabled=enabled if total >= 2000 else False) as update:
        yield lambda n=1: update(advance=n)


@contextmanager
def status_line(message: str, total: int, enabled: bool | None = None) -> Iterator[None]:
    """A spinner with ``message`` on stderr, under the same conditions as the bar."""
    with progress(message, enabled=enabled if total >= 2000 else False):
        yield
