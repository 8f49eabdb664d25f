"""Bounded memory under hostile input (issue 16): peak RSS and time of

* a compression bomb (``.nt.gz`` decompressing to about 11 GB, ratio ~290) loaded with
  ``friendship-graph load`` - refused while reading;
* a SELECT and a CONSTRUCT with about 8 million results (the Jinzhong data joined with
  itself) through ``friendship-graph query --max-results 100000`` - stopped as the rows come.

Each case runs in a child process; its peak RSS is the child's ``ru_maxrss``. Run:
``python benchmarks/bench_safety.py`` (add ``nice`` on a shared machine). Targets: the bomb
refused within 10 s and 500 MB; the large results within 500 MB.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CROSS = "{ ?s ?p ?o . ?s2 ?p2 ?o2 }"
LINE = (b"<https://w3id.org/friendship-graph/id/test/a> "
        b"<http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n")


def _cli() -> list[str]:
    exe = shutil.which("friendship-graph")
    return [exe] if exe else [sys.executable, "-m", "friendship_graph.cli"]


_MEASURE = ("import resource, subprocess, sys\n"
            "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "print((done.stderr.strip().splitlines() or [''])[-1])\n")


def _run(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, last stderr line) of the command in a fresh parent, so
    that ``ru_maxrss`` of its children is this command's alone."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *_cli(), *args],
                          capture_output=True, text=True, check=True)
    seconds = time.monotonic() - started
    peak, message = (done.stdout.splitlines() + ["0", ""])[:2]
    return seconds, int(peak) / 1024, message


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = work / "store"
        _run(["--store", str(store), "load", str(REPO / "data" / "jinzhong-2019-10-30.trig")])
        bomb = work / "bomb.nt.gz"
        with gzip.open(bomb, "wb", compresslevel=9) as handle:
            chunk = LINE * 100_000
            for _ in range(1200):
                handle.write(chunk)
        cases = [
            ("gzip bomb", ["--store", str(store), "load", str(bomb)],
             f"{bomb.stat().st_size >> 20} MB compressed"),
            ("8M-row SELECT", ["--store", str(store), "query", "--format", "csv",
                               "--max-results", "100000", f"SELECT * WHERE {CROSS}"], ""),
            ("8M-triple CONSTRUCT", ["--store", str(store), "query", "--max-results", "100000",
                                     f"CONSTRUCT {{ ?s ?p ?o2 }} WHERE {CROSS}"], ""),
        ]
        print(f"{'case':22} {'seconds':>8} {'peak RSS MB':>12}  message")
        for name, args, note in cases:
            seconds, peak, message = _run(args)
            print(f"{name:22} {seconds:8.1f} {peak:12.0f}  {message[:90]} {note}")


if __name__ == "__main__":
    main()
