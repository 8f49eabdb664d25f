"""The bundled example files: the curated Jinzhong dataset and the librarians' CSV templates,
listed, read or copied into a folder, so that the tutorial and the guides work from any
folder after a normal install (``friendship-graph examples``).

They are the files of the package's data folder (:func:`friendship_graph.resources.data_dir`,
``data/`` in a checkout) but for the world network, which the default store holds already and
``build-world`` rebuilds from third-party data.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from .errors import FriendshipGraphError
from .resources import data_dir

__all__ = ["example_files", "read_example", "copy_examples"]

#: What in the data folder is not an example: the world network (2 MB, in the default store
#: already) with its import reports, and the attribution of its third-party sources.
_NOT_EXAMPLES = ("world/", "ATTRIBUTION.md")


def example_files() -> dict[str, Path]:
    """The example files by name (their path in the data folder, with "/"), sorted by name."""
    root = data_dir()
    found = {}
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if (path.is_file() and not name.startswith(_NOT_EXAMPLES) and "__pycache__" not in name
                and path.suffix != ".py"):
            found[name] = path
    return found


def _pick(names: Sequence[str] | None) -> dict[str, Path]:
    files = example_files()
    if not names:
        return files
    unknown = [n for n in names if n not in files]
    if unknown:
        raise FriendshipGraphError(f"no example file named {unknown[0]!r}; the examples are: "
                                   + ", ".join(files))
    return {n: files[n] for n in names}


def read_example(name: str) -> bytes:
    """The content of one example file (by its name, see :func:`example_files`)."""
    return _pick([name])[name].read_bytes()


def copy_examples(folder: str | os.PathLike[str], names: Sequence[str] | None = None,
                  ) -> list[Path]:
    """Copy the example files (all, or those named) into ``folder``, keeping their sub-folders
    (``template/example.csv``); returns the files written. Nothing is overwritten: when one
    of them exists already, nothing is copied."""
    chosen = _pick(names)
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise FriendshipGraphError(f"{target} is a file; give a folder to copy the examples to")
    existing = [target / name for name in chosen if (target / name).exists()]
    if existing:
        raise FriendshipGraphError(f"{existing[0]} exists already; nothing was copied (remove "
                                   "it, or copy to another folder)")
    written = []
    for name, source in chosen.items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        written.append(destination)
    return written
