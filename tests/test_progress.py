"""Progress on long work (``friendship_graph.progress``): shown on stderr when it is a
terminal (a pseudo-terminal here), and nothing at all otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_on_a_terminal
from friendship_graph.progress import progress, shows_progress


def test_the_helper_is_quiet_in_tests_and_when_disabled() -> None:
    assert not shows_progress()  # pytest is running: never a bar in test output
    with progress("work", 10) as update:
        update(done=3, what="step")  # does nothing, raises nothing


@pytest.mark.parametrize("command, shown", [
    (["load", "{data}"], b"loading 1 file(s)"),
    (["html", "-o", "{out}"], b"drawing"),
])
def test_load_and_html_show_progress_on_a_terminal_only(command: list[str], shown: bytes,
                                                        tmp_path: Path, jinzhong_file: Path,
                                                        ) -> None:
    from friendship_graph.store import Store

    if command[0] == "html":
        with Store.open(tmp_path / "store") as store:
            store.load_files([jinzhong_file])
    args = ["--store", str(tmp_path / "store"),
            *(a.format(data=jinzhong_file, out=tmp_path / "g.html") for a in command)]
    code, _, seen = run_on_a_terminal(args, tmp_path)
    assert code == 0 and shown in seen
    quiet = subprocess.run([sys.executable, "-m", "friendship_graph.cli", *args],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert shown.decode() not in quiet.stderr
