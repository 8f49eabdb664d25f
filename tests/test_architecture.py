"""The package's shape: the layers of the data flow, no import cycles, no private imports.

The layers are the import-linter contracts in pyproject.toml (run here as ``lint-imports``,
the way CI and a developer run it); docs/explanation/architecture.md draws the same picture.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "friendship_graph"


def _lint_imports() -> str:
    beside = Path(sys.executable).with_name("lint-imports")
    exe = str(beside) if beside.exists() else shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is not installed: pip install -e '.[test]'")
    return exe


def test_import_contracts_are_kept() -> None:
    done = subprocess.run([_lint_imports(), "--no-cache"], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout, done.stdout
    assert "The data flow" in done.stdout  # the layers contract itself was checked


def test_no_import_cycles_between_modules() -> None:
    """No two modules of the package import each other, directly or through others (also
    imports inside functions, which grimp counts)."""
    graph = grimp.build_graph("friendship_graph", include_external_packages=False)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # A module importing its own package's __init__ (a relative "from . import x")
            # is not a cycle of modules.
            if not module.startswith(imported + "."):
                imports.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def private_imports(source: str, module: str) -> list[str]:
    """``from X import _name`` in ``source`` (of ``module``) where X is another module of the
    package: a private name used outside the module that defines it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 0 and not (node.module or "").startswith("friendship_graph"):
            continue  # another library's names are its own business
        for alias in node.names:
            name = alias.name
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__")):
                found.append(f"{module}:{node.lineno}: from {'.' * node.level}"
                             f"{node.module or ''} import {name}")
    return found


def test_private_import_finder_finds_them() -> None:
    source = ("from .store.base import _hidden\nfrom . import __version__\n"
              "from os import _exit\nfrom friendship_graph.rdf import _x\n")
    assert private_imports(source, "m") == ["m:1: from .store.base import _hidden",
                                            "m:4: from friendship_graph.rdf import _x"]


#: Private imports still waiting for their fix, by module: importers/common.py is being split
#: by topic in the other part of issue 12, which makes these names public. An entry that no
#: longer occurs fails the test too, so this list can only shrink.
WAITING: dict[str, set[str]] = {}


def test_no_module_imports_a_private_name() -> None:
    found, waiting = [], {module: set(names) for module, names in WAITING.items()}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for line in private_imports(path.read_text(encoding="utf-8"), module):
            name = line.rsplit(" ", 1)[1]
            if name in waiting.get(module, set()):
                waiting[module].discard(name)
            else:
                found.append(line)
    assert not found, "\n".join(found)
    stale = {module: names for module, names in waiting.items() if names}
    assert not stale, f"fixed, remove them from WAITING: {stale}"
