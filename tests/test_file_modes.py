"""Files others can open: exports, HTML pages and drafts get the permissions the user's umask
gives any new file (``0o666 & ~umask``), not ``mkstemp``'s ``0o600``."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from friendship_graph.export import atomic_write, write_network
from friendship_graph.render import write_html
from friendship_graph.resources import new_file_mode


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_mode_follows_the_umask(umask: int) -> None:
    assert new_file_mode() == 0o666 & ~umask
    assert os.umask(umask) == umask  # reading it left it as it was


def test_exports_and_html_get_the_umask_mode(umask: int, tmp_path: Path) -> None:
    graph = nx.MultiGraph()
    graph.add_edge("urn:a", "urn:b", key="urn:e", relation="urn:r")
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json")):
        write_network(graph, fmt, tmp_path / name)
        assert _mode(tmp_path / name) == 0o666 & ~umask, fmt
    write_html(graph, tmp_path / "g.html")
    assert _mode(tmp_path / "g.html") == 0o666 & ~umask
    with atomic_write(tmp_path / "plain.txt") as out:
        out.write("x")
    assert _mode(tmp_path / "plain.txt") == 0o666 & ~umask
