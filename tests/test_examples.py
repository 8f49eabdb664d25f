"""``friendship-graph examples``: the bundled example files, listed, printed and copied, from
any folder (the tutorial starts with them), also from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from friendship_graph.cli import main
from friendship_graph.errors import FriendshipGraphError
from friendship_graph.examples import copy_examples, example_files, read_example

REPO = Path(__file__).resolve().parents[1]
NAMES = ["jinzhong-2019-10-30.trig", "template/example.csv", "template/template.csv"]


def test_the_examples_are_the_curated_files_not_the_world() -> None:
    files = example_files()
    assert list(files) == NAMES
    assert read_example("template/template.csv") == (
        REPO / "data" / "template" / "template.csv").read_bytes()
    with pytest.raises(FriendshipGraphError, match="no example file named 'world/world.nq.gz'"):
        read_example("world/world.nq.gz")


def test_copy_keeps_folders_and_overwrites_nothing(tmp_path: Path) -> None:
    written = copy_examples(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == NAMES
    assert all(p.read_bytes() == example_files()[n].read_bytes()
               for p, n in zip(written, NAMES, strict=True))
    other = tmp_path / "other"
    other.mkdir()
    (other / "template").mkdir()
    (other / "template" / "template.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(FriendshipGraphError, match="exists already; nothing was copied"):
        copy_examples(other)
    assert sorted(p.name for p in other.rglob("*")) == ["template", "template.csv"]
    assert (other / "template" / "template.csv").read_text(encoding="utf-8") == "mine"
    assert copy_examples(other, ["jinzhong-2019-10-30.trig"]) == [
        other / "jinzhong-2019-10-30.trig"]


def test_cli_lists_prints_and_copies(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["examples"])
    assert (listed.exit_code, listed.stdout.splitlines()) == (0, NAMES)
    printed = runner.invoke(main, ["examples", "jinzhong-2019-10-30.trig"])
    assert printed.stdout_bytes == example_files()["jinzhong-2019-10-30.trig"].read_bytes()
    copied = runner.invoke(main, ["examples", "--copy", str(tmp_path / "here")])
    assert copied.exit_code == 0
    assert copied.stderr == (f"copied 3 example file(s) to {tmp_path / 'here'}: "
                             + ", ".join(NAMES) + "\n")
    again = runner.invoke(main, ["examples", "--copy", str(tmp_path / "here")])
    assert again.exit_code == 2 and again.stderr.startswith("error: ")
    unknown = runner.invoke(main, ["examples", "nope.ttl"])
    assert unknown.exit_code == 2 and "the examples are: jinzhong" in unknown.stderr


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "friendship_graph.cli", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300, check=False)


def test_tutorial_check_works_in_an_empty_folder(tmp_path: Path) -> None:
    """What the tutorial does, in a folder with nothing of the checkout in it."""
    assert _run(["examples", "--copy", "."], tmp_path).returncode == 0
    done = _run(["validate", "jinzhong-2019-10-30.trig"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "conforms (0 violation(s)" in done.stdout


@pytest.mark.slow
def test_examples_come_with_an_installed_wheel(tmp_path: Path) -> None:
    """Built as a wheel and installed (not editable), the package still has its examples."""
    import shutil

    source, wheels, site = tmp_path / "source", tmp_path / "wheels", tmp_path / "site"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "data", "ontology"):  # built from a copy: pip builds in the tree
        shutil.copytree(REPO / name, source / name, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "--wheel-dir", str(wheels), str(source)],
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("friendship_graph-*.whl"))
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps",
                                "--no-index", "--target", str(site), str(wheel)],
                               capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr
    env = {**os.environ, "PYTHONPATH": str(site)}
    work = tmp_path / "work"
    work.mkdir()
    where = subprocess.run([sys.executable, "-c", "import friendship_graph.examples as e; "
                            "print(e.example_files()['jinzhong-2019-10-30.trig'])"],
                           cwd=work, env=env, capture_output=True, text=True, check=False)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(site)  # the wheel's copy, not data/
    copied = _run(["examples", "--copy", "."], work, env)
    assert copied.returncode == 0, copied.stderr
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*.*")) == NAMES
