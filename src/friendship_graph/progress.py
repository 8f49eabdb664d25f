"""Progress on long work, one way everywhere: a rich bar (or a spinner when the amount is not
known) on stderr when stderr is a terminal, and nothing otherwise (pipes, files, tests).

Imports, validation, the first build of the default store, ``load`` and ``html`` of a large
network all report through :func:`progress`, so they look alike and all stay quiet when the
output is read by a program.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["progress", "shows_progress", "Update"]

#: ``update(done=None, total=None, what=None, advance=0)``: how far the work is.
Update = Callable[..., None]


def shows_progress() -> bool:
    """Whether progress is shown: stderr is a terminal (and this is not a test run)."""
    return sys.stderr.isatty() and "pytest" not in sys.modules


def _quiet(done: int | None = None, total: int | None = None, what: str | None = None,
           advance: int = 0) -> None:
    return None


@contextmanager
def progress(description: str, total: int | None = None, *,
             enabled: bool | None = None) -> Iterator[Update]:
    """Show ``description`` with a bar of ``total`` steps (a spinner and the elapsed time when
    ``total`` is None) while the block runs; yields ``update``. Shown only when
    :func:`shows_progress` (or ``enabled``) says so; otherwise ``update`` does nothing.

    >>> with progress("counting", 3, enabled=False) as update:
    ...     update(advance=1)
    """
    if not (shows_progress() if enabled is None else enabled):
        yield _quiet
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int | None = None, total: int | None = None, what: str | None = None,
                   advance: int = 0) -> None:
            fields: dict[str, object] = {}
            if done is not None:
                fields["completed"] = done
            if total is not None:
                fields["total"] = total
            if what is not None:
                fields["description"] = f"{description} {what}".strip()
            if advance:
                fields["advance"] = advance
            bar.update(task, **fields)  # type: ignore[arg-type]

        yield update
