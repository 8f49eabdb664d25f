"""A project's configuration: ``friendship-graph.toml`` in the working folder or a parent.

Like a dbt or datasette project, a folder of a librarian's work can say which ontology
extensions and which data files belong to it; every command run in that folder (or below it)
uses them, whether friendship-graph was installed from a wheel or is run from a checkout::

    # friendship-graph.toml
    [ontology]
    extensions = ["ext/*.ttl"]        # files or glob patterns, relative to this file

    [data]
    files = ["data/report.trig"]      # added to the default store, with the bundled data

``$FRIENDSHIP_GRAPH_PROJECT`` (or ``--project``) names the project folder (or file) instead of
looking for one. A broken file is one error naming it and its line.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import FriendshipGraphError

__all__ = ["Project", "find_project", "PROJECT_FILE", "PROJECT_ENV"]

PROJECT_FILE = "friendship-graph.toml"
#: Environment variable naming the project folder or file (``--project`` sets it).
PROJECT_ENV = "FRIENDSHIP_GRAPH_PROJECT"


@dataclass(frozen=True)
class Project:
    """The configuration file, the extension files and the data files it names."""

    path: Path
    extensions: tuple[Path, ...] = ()
    data: tuple[Path, ...] = ()


def _config_path(start: Path | None) -> Path | None:
    named = os.environ.get(PROJECT_ENV, "")
    if named:
        path = Path(named)
        path = path / PROJECT_FILE if path.is_dir() else path
        if not path.is_file():
            raise FriendshipGraphError(f"{PROJECT_ENV} names {named}, which holds no "
                                       f"{PROJECT_FILE}; check the path")
        return path
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate / PROJECT_FILE
    return None


def _files(config: Path, table: dict, section: str, key: str) -> tuple[Path, ...]:
    entries = table.get(section, {}).get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise FriendshipGraphError(f"{config}: {section}.{key} must be a list of file names "
                                   "or glob patterns (strings)")
    out: list[Path] = []
    for entry in entries:
        if any(ch in entry for ch in "*?["):
            out += sorted(p for p in config.parent.glob(entry) if p.is_file())
            continue
        path = config.parent / entry
        if not path.is_file():
            raise FriendshipGraphError(f"{config}: {section}.{key} names {entry}, which does "
                                       f"not exist (paths are relative to {PROJECT_FILE})")
        out.append(path)
    return tuple(dict.fromkeys(out))


def find_project(start: Path | None = None) -> Project | None:
    """The project of the working folder (or of ``start``): its ``friendship-graph.toml``,
    read; ``None`` when there is none."""
    config = _config_path(start)
    if config is None:
        return None
    try:
        table = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FriendshipGraphError(f"{config}: cannot read it: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise FriendshipGraphError(f"{config}: not valid TOML: {error}") from None
    return Project(config, _files(config, table, "ontology", "extensions"),
                   _files(config, table, "data", "files"))
