"""Shared fixtures. Topic-specific fixtures live in the test module that needs them, or below
in a section named after the topic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from friendship_graph.store import Store

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip locally when a real part (server, browser) is missing; fail in CI (CI=true)."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Default stores built by the tests go to a temporary home, not the user's."""
    home = tmp_path_factory.mktemp("fg-home")
    os.environ["FRIENDSHIP_GRAPH_HOME"] = str(home)
    os.environ.pop("FRIENDSHIP_GRAPH_STORE", None)


@pytest.fixture
def memory_store() -> Store:
    """An in-memory store with the ontology only."""
    with Store.memory() as store:
        yield store


@pytest.fixture(scope="session")
def jinzhong_file() -> Path:
    return REPO / "data" / "jinzhong-2019-10-30.trig"


@pytest.fixture
def jinzhong_store(jinzhong_file: Path) -> Store:
    """An in-memory store with the ontology and the Jinzhong dataset."""
    with Store.memory() as store:
        store.load_files([jinzhong_file])
        yield store


@pytest.fixture
def disk_store(tmp_path: Path) -> Path:
    """A path for a new on-disk store (created on first write)."""
    return tmp_path / "store"
