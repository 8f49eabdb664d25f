"""One writer: a second process writing (or reading) a store that another process writes gets a
clear one-line "store is in use" error at once - not a hang, not corruption. Readers share.

Every process here is a real one: the lock is between processes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from friendship_graph.store import Store

PROMPT = 15.0  # seconds: start-up of the CLI plus the refusal, on a busy machine


def _cli() -> list[str]:
    exe = shutil.which("friendship-graph")
    return [exe] if exe else [sys.executable, "-m", "friendship_graph.cli"]


class Holder:
    """A process that opens the store (for writing or reading) and keeps it open."""

    def __init__(self, store: Path, write: bool) -> None:
        script = ("import sys\nfrom friendship_graph.store import Store\n"
                  f"s = Store.open({str(store)!r}, read_only={not write})\n"
                  "print('ready', flush=True)\nsys.stdin.readline()\ns.close()\n")
        self.process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def release(self) -> None:
        self.process.communicate("\n", timeout=30)
        assert self.process.returncode == 0


@pytest.fixture
def store(tmp_path: Path, jinzhong_file: Path) -> Path:
    path = tmp_path / "store"
    with Store.open(path) as writer:
        writer.load_files([jinzhong_file])
    return path


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text('<https://w3id.org/friendship-graph/id/test/a> '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n', encoding="utf-8")
    return path


def _hash(store: Path) -> str:
    with Store.open(store, read_only=True) as reader:
        return reader.content_hash()


def _run(args: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = subprocess.run([*_cli(), *args], capture_output=True, text=True, timeout=60,
                          check=False)
    return done, time.monotonic() - started


def _assert_in_use(done: subprocess.CompletedProcess[str], elapsed: float, store: Path) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: store is in use"), lines[0]
    assert str(store) in lines[0]
    assert "Traceback" not in done.stderr
    assert elapsed < PROMPT


def test_second_writer_is_refused_promptly(store: Path, small_file: Path) -> None:
    before = _hash(store)
    holder = Holder(store, write=True)
    try:
        done, elapsed = _run(["--store", str(store), "load", str(small_file)])
        _assert_in_use(done, elapsed, store)
    finally:
        holder.release()
    assert _hash(store) == before
    done, _ = _run(["--store", str(store), "load", str(small_file)])  # now it may write
    assert done.returncode == 0, done.stderr
    assert _hash(store) != before


def test_reader_is_refused_while_a_writer_writes(store: Path) -> None:
    holder = Holder(store, write=True)
    try:
        done, elapsed = _run(["--store", str(store), "stats"])
        _assert_in_use(done, elapsed, store)
    finally:
        holder.release()


def test_writer_is_refused_while_a_reader_reads(store: Path, small_file: Path) -> None:
    before = _hash(store)
    holder = Holder(store, write=False)
    try:
        done, elapsed = _run(["--store", str(store), "load", str(small_file)])
        _assert_in_use(done, elapsed, store)
    finally:
        holder.release()
    assert _hash(store) == before


@pytest.mark.parametrize("write", [True, False])
def test_a_symbolic_link_takes_the_same_lock(store: Path, tmp_path: Path, small_file: Path,
                                             write: bool) -> None:
    """A store reached through a symbolic link (or by another relative path) is the same
    store: the lock is taken next to its real folder (issue 16)."""
    link = tmp_path / "elsewhere" / "link-to-store"
    link.parent.mkdir()
    link.symlink_to(store, target_is_directory=True)
    holder = Holder(store, write=True)
    try:
        done, elapsed = _run(["--store", str(link),
                              *(["load", str(small_file)] if write else ["stats"])])
        _assert_in_use(done, elapsed, link)
    finally:
        holder.release()


def test_readers_share(store: Path) -> None:
    holder = Holder(store, write=False)
    try:
        done, _ = _run(["--store", str(store), "query", "ASK { ?s ?p ?o }"])
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "true"
    finally:
        holder.release()


def test_racing_writers_never_corrupt(store: Path, tmp_path: Path) -> None:
    """Two loads started together: each either succeeds or says "store is in use"; the store
    ends as exactly before + the successful loads."""
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.ttl"
        path.write_text(f'<https://w3id.org/friendship-graph/id/test/{name}> '
                        f'<http://www.w3.org/2000/01/rdf-schema#label> "{name}"@en .\n',
                        encoding="utf-8")
        files.append(path)
    expected = {}
    for subset in ((), (0,), (1,), (0, 1)):
        copy = tmp_path / f"expected-{len(expected)}"
        shutil.copytree(store, copy)
        with Store.open(copy) as writer:
            for index in subset:
                writer.load_files([files[index]])
            expected[writer.content_hash()] = subset
    for _ in range(3):
        processes = [subprocess.Popen([*_cli(), "--store", str(store), "load", str(f)],
                                      stderr=subprocess.PIPE, text=True) for f in files]
        results = [(p.wait(timeout=60), p.stderr.read()) for p in processes]
        for process in processes:
            process.stderr.close()
        succeeded = tuple(i for i, (code, _) in enumerate(results) if code == 0)
        for code, stderr in results:
            assert code == 0 or "store is in use" in stderr, stderr
        assert succeeded, results  # one of them always gets the store
        digest = _hash(store)
        assert digest in expected
        assert set(expected[digest]) >= set(succeeded)
