"""Crash safety: SIGKILL a real ``friendship-graph load`` at random moments (seeded), 20 times.

Each time the store is reopened and must hold exactly the data from before the load or exactly
the data from after it, never a part; the derived graph (graph:inferred) must match the data
once the store has been opened for writing (an interrupted recomputation is repaired then).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from friendship_graph.store import Store
from friendship_graph.vocab import GRAPH, INFERRED_GRAPH

KILLS = 20
SEED = 20191030
PARTNERSHIPS = 1000  # 6,000 triples: a CLI load of about 1.5 s (0.6 s of it start-up)
SYSTEM_GRAPH = str(GRAPH["system"])
ID = "https://w3id.org/friendship-graph/id/test/"
FG = "https://w3id.org/friendship-graph/ontology#"


def _command() -> list[str]:
    exe = shutil.which("friendship-graph")
    return [exe] if exe else [sys.executable, "-m", "friendship_graph.cli"]


def write_big_file(path: Path, n: int = PARTNERSHIPS) -> Path:
    """Established partnerships in a chain of places, so the rules derive fg:twinnedWith."""
    xsd_date = "<http://www.w3.org/2001/XMLSchema#date>"
    established = "<https://w3id.org/friendship-graph/concept/established>"
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            p, a, b = f"<{ID}partnership/{i}>", f"<{ID}place/{i}>", f"<{ID}place/{i + 1}>"
            out.write(f"{p} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{FG}Partnership> .\n"
                      f"{p} <{FG}partner> {a} .\n{p} <{FG}partner> {b} .\n"
                      f"{p} <{FG}status> {established} .\n"
                      f'{p} <{FG}startDate> "19{i % 100:02d}-01-01"^^{xsd_date} .\n'
                      f'{a} <http://www.w3.org/2000/01/rdf-schema#label> "Place {i}"@en .\n')
    return path


def data_hash(store: Store) -> tuple[str, bool]:
    """The hash of the data graphs only (not derived, not bookkeeping), and whether the
    "inference pending" marker is set."""
    import hashlib

    lines, pending = [], False
    system, inferred = f"<{SYSTEM_GRAPH}>", f"<{INFERRED_GRAPH}>"
    for quad in store._ox:  # pyoxigraph quads: N-Quads text, fast
        graph = str(quad.graph_name)
        if graph == system:
            pending = pending or quad.predicate.value.endswith("#inferencePending")
        elif graph != inferred:
            lines.append(str(quad))
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest(), pending


def check_derived_graph(store: Store) -> None:
    """graph:inferred is exactly what the rules derive from the data now."""
    held = store.content_hash()
    store.run_rules()
    assert store.content_hash() == held, "graph:inferred was stale after reopening for writing"
    assert not any(True for _ in store.quads(graph=URIRef(SYSTEM_GRAPH)))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path) -> dict:
    """The store before (ontology + Jinzhong), the big file, and the hashes before and after."""
    root = tmp_path_factory.mktemp("crash")
    before = root / "before"
    with Store.open(before) as store:
        store.load_files([jinzhong_file])
        before_hash = store.content_hash()
        before_data = data_hash(store)[0]
    big = write_big_file(root / "big.nt")
    after = root / "after"
    shutil.copytree(before, after)
    started = time.monotonic()
    done = subprocess.run([*_command(), "--store", str(after), "load", str(big)],
                          capture_output=True, text=True, timeout=300, check=False)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    with Store.open(after) as store:
        after_hash = store.content_hash()
        after_data = data_hash(store)[0]
        check_derived_graph(store)
        derived = sum(1 for _ in store.quads(graph=INFERRED_GRAPH))
    assert after_hash != before_hash
    assert derived >= 2 * PARTNERSHIPS  # the rules did run on the new data
    return {"root": root, "before": before, "big": big, "duration": duration,
            "hashes": {before_hash: "before", after_hash: "after"},
            "data": {before_data: "before", after_data: "after"}}


def kill_at(command: list[str], delay: float) -> bool:
    """Start ``command``; SIGKILL it after ``delay`` seconds. True when it finished first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
        return True
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return False


def test_sigkill_during_load_leaves_before_or_after(scenario: dict) -> None:
    rng = random.Random(SEED)
    outcomes: list[tuple[float, bool, str, bool]] = []
    for attempt in range(KILLS):
        store = scenario["root"] / f"kill-{attempt}"
        shutil.copytree(scenario["before"], store)
        delay = rng.uniform(0.0, scenario["duration"])
        finished = kill_at([*_command(), "--store", str(store), "load", str(scenario["big"])],
                           delay)
        # A reader first: the data is all or nothing even before any repair.
        with Store.open(store, read_only=True) as reader:
            data, pending = data_hash(reader)
        assert data in scenario["data"], f"kill at {delay:.2f}s left part of the data"
        # Then a writer, which repairs an interrupted recomputation of graph:inferred.
        with Store.open(store) as writer:
            state = scenario["hashes"].get(writer.content_hash())
            assert state is not None, f"kill at {delay:.2f}s: neither before nor after"
            assert state == scenario["data"][data]
            check_derived_graph(writer)
        if finished:
            assert state == "after"
        outcomes.append((delay, finished, state, pending))
        shutil.rmtree(store)
    states = [o[2] for o in outcomes]
    print(f"\n{KILLS} kills over a {scenario['duration']:.2f} s load: "
          f"{states.count('before')} before, {states.count('after')} after, "
          f"{sum(o[3] for o in outcomes)} with inference pending (repaired), "
          f"{sum(o[1] for o in outcomes)} finished before the kill")
    for delay, finished, state, pending in outcomes:
        print(f"  kill at {delay:5.2f} s -> {state}{' (pending, repaired)' if pending else ''}"
              f"{' (had finished)' if finished else ''}")
    assert len(outcomes) == KILLS


def test_sigkill_writer_releases_the_lock(scenario: dict, tmp_path: Path) -> None:
    """A killed writer does not leave the store locked: the next writer gets in at once."""
    store = tmp_path / "store"
    shutil.copytree(scenario["before"], store)
    process = subprocess.Popen([*_command(), "--store", str(store), "load",
                                str(scenario["big"])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(min(1.0, scenario["duration"] / 2))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store.open(store) as writer:
        assert writer.content_hash() in scenario["hashes"]
