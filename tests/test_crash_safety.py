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
IMPORT_KILLS = 10
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


def prepare(root: Path, before: Path, args: list[str]) -> dict:
    """Run ``args`` once to the end on a copy of ``before``: its duration and the hashes of
    the two allowed states."""
    with Store.open(before, read_only=True) as store:
        before_hash, before_data = store.content_hash(), data_hash(store)[0]
    after = root / f"after-{args[0]}"
    shutil.copytree(before, after)
    started = time.monotonic()
    done = subprocess.run([*_command(), "--store", str(after), *args],
                          capture_output=True, text=True, timeout=300, check=False)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    with Store.open(after) as store:
        after_hash, after_data = store.content_hash(), data_hash(store)[0]
        check_derived_graph(store)
        derived = sum(1 for _ in store.quads(graph=INFERRED_GRAPH))
    assert after_hash != before_hash
    return {"root": root, "before": before, "args": args, "duration": duration,
            "derived": derived, "hashes": {before_hash: "before", after_hash: "after"},
            "data": {before_data: "before", after_data: "after"}}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path) -> tuple[Path, Path]:
    """A folder, and in it the store before (ontology + Jinzhong)."""
    root = tmp_path_factory.mktemp("crash")
    with Store.open(root / "before") as store:
        store.load_files([jinzhong_file])
    return root, root / "before"


@pytest.fixture(scope="module")
def scenario(base: tuple[Path, Path]) -> dict:
    root, before = base
    big = write_big_file(root / "big.nt")
    found = prepare(root, before, ["load", str(big)])
    assert found["derived"] >= 2 * PARTNERSHIPS  # the rules did run on the new data
    return {**found, "big": big}


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


def campaign(scenario: dict, kills: int, seed: int) -> list[tuple[float, bool, str, bool]]:
    """Kill the command ``kills`` times at seeded random moments; check every outcome."""
    rng = random.Random(seed)
    outcomes: list[tuple[float, bool, str, bool]] = []
    for attempt in range(kills):
        store = scenario["root"] / f"kill-{scenario['args'][0]}-{attempt}"
        shutil.copytree(scenario["before"], store)
        delay = rng.uniform(0.0, scenario["duration"])
        finished = kill_at([*_command(), "--store", str(store), *scenario["args"]], delay)
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
    print(f"\n{kills} kills of '{scenario['args'][0]}' over a {scenario['duration']:.2f} s run: "
          f"{states.count('before')} before, {states.count('after')} after, "
          f"{sum(o[3] for o in outcomes)} with inference pending (repaired), "
          f"{sum(o[1] for o in outcomes)} finished before the kill")
    for delay, finished, state, pending in outcomes:
        print(f"  kill at {delay:5.2f} s -> {state}{' (pending, repaired)' if pending else ''}"
              f"{' (had finished)' if finished else ''}")
    assert len(outcomes) == kills
    return outcomes


def test_sigkill_during_load_leaves_before_or_after(scenario: dict) -> None:
    campaign(scenario, KILLS, SEED)


IMPORT_ROWS = 1000  # an import of about 2 s


def test_sigkill_during_import_leaves_before_or_after(base: tuple[Path, Path]) -> None:
    from friendship_graph.cli import main

    if "import" not in main.commands:
        pytest.skip("no 'import' command yet (issue 4)")
    root, before = base
    csv_file = root / "pairs.csv"
    with open(csv_file, "w", encoding="utf-8") as out:
        out.write("city1,country1,lat1,lng1,city2,country2,lat2,lng2\n")
        for i in range(IMPORT_ROWS):  # synthetic places, real countries
            out.write(f"Testplace {i},Albania,40.{i % 100:02d},19.{i % 97:02d},"
                      f"Testtown {i},Turkey,39.{i % 89:02d},35.{i % 83:02d}\n")
    found = prepare(root, before, ["import", "pairs", str(csv_file)])
    campaign(found, IMPORT_KILLS, SEED + 1)


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


# ------------------------------------------------------------------ readers and inferences

#: Kills the CLI the moment the rules start, i.e. after the data of the write is committed
#: and before its inferences are: the worst moment for a reader.
_KILL_WHEN_RULES_START = "\n".join([
    "import os, signal, sys",
    "from friendship_graph.store import Store",
    "from friendship_graph.cli import main",
    "def die(self, *args, **kwargs):",
    "    os.kill(os.getpid(), signal.SIGKILL)",
    "Store.run_rules = die",
    "main(sys.argv[1:])",
])
HALF_DERIVED = pytest.mark.xfail(
    strict=True, raises=AssertionError,
    reason="issue 13's write path (merged default graph + entailment) derives the inferences "
           "inside the write's own transaction; until it lands, a SIGKILL between the data "
           "and its inferences leaves readers the data without them (issue 16 item 8)")


@HALF_DERIVED
@pytest.mark.parametrize("command", ["load", "import", "remove"])
def test_readers_never_see_data_without_its_inferences(command: str, base: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    """SIGKILL a real write right after its data is committed: a reader that opens the store
    next (read-only, as ``serve`` and every query do) sees the data from before, or the data
    from after WITH its inferences - never the data without them."""
    root, before = base
    if command == "load":
        args = ["load", str(write_big_file(tmp_path / "big.nt", 200))]
    elif command == "import":
        pairs = tmp_path / "pairs.csv"
        pairs.write_text("city1,country1,city2,country2\nTestplace A,Albania,Testtown B,Turkey\n",
                         encoding="utf-8")
        args = ["import", "pairs", str(pairs)]
    else:
        args = ["remove", "https://w3id.org/friendship-graph/graph/jinzhong-2019-10-30"]
    found = prepare(tmp_path, before, args)
    store = tmp_path / "killed"
    shutil.copytree(before, store)
    done = subprocess.run([sys.executable, "-c", _KILL_WHEN_RULES_START, "--store", str(store),
                           *args], capture_output=True, text=True, timeout=300, check=False)
    if done.returncode not in (0, -signal.SIGKILL):
        raise RuntimeError(f"the write failed for another reason: {done.stderr}")
    with Store.open(store, read_only=True) as reader:
        state = found["hashes"].get(reader.content_hash())
        data, pending = data_hash(reader)
    assert found["data"][data] in ("before", "after")
    assert state is not None, (f"{command} killed after its data: a reader sees the "
                               f"{found['data'][data]} data with inference pending={pending} "
                               "and without its inferences")
