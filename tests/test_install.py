"""The librarians' guide against a normal (not editable) install: a wheel built from this
checkout, installed into a fresh virtual environment, runs the guide's commands and prints
what the guide shows. Extensions in the user's folder and in a project are read there too,
and files are named the same way as in a checkout (``<bundled>/core.ttl``)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import DATA, REPO
from test_docs import EXIT_MARK, commands_in, output_matches

pytestmark = pytest.mark.slow

GUIDE = REPO / "docs" / "librarians.md"


def _run(args: list[str], **options: object) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=600,
                          **options)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A fresh virtual environment with the wheel installed (its dependencies are taken from
    the running environment's site-packages, so nothing is downloaded)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"  # a copy, so that the build leaves nothing in the checkout
    for name in ("src", "ontology", "data"):
        shutil.copytree(REPO / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                  "-w", str(root / "dist")])
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("friendship_graph-*.whl")
    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                     ).stdout.strip())
    # The dependencies: the running environment's site-packages, after the venv's own (its
    # editable finder for this checkout is a .pth file there, which a path line does not run).
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                           encoding="utf-8")
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                 "--no-deps", "--no-index", str(wheel)])
    assert done.returncode == 0, done.stderr
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRIENDSHIP_GRAPH_")}
    env.update({"FRIENDSHIP_GRAPH_HOME": str(home), "COLUMNS": "100", "NO_COLOR": "1",
                "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"})
    where = _run([str(python), "-c", "import friendship_graph; print(friendship_graph.__file__)"],
                 env=env, cwd=root)
    assert str(venv) in where.stdout and str(REPO) not in where.stdout, where
    built = _run([str(venv / "bin" / "friendship-graph"), "stats"], env=env, cwd=root)
    assert built.returncode == 0, built.stderr  # the default store, built once
    return {"root": root, "venv": venv, "env": env, "home": home}


def _workdir(root: Path) -> Path:
    """A folder like the docs tests' one: copies of data/, ontology/ and tests/data/."""
    work = root / "work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    for name in ("data", "ontology"):
        shutil.copytree(REPO / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA, work / "tests" / "data")
    return work


def _invoke(installed: dict, text: str, cwd: Path) -> tuple[int, list[str]]:
    args = shlex.split(text)
    args[0] = str(installed["venv"] / "bin" / "friendship-graph")
    done = subprocess.run(args, cwd=cwd, env=installed["env"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600, check=False)
    return done.returncode, done.stdout.splitlines()


def test_the_librarians_guide_runs_against_an_installed_wheel(installed: dict) -> None:
    work = _workdir(installed["root"])
    problems = []
    commands = [c for c in commands_in(GUIDE) if not c.skip]
    assert len(commands) > 10
    for command in commands:
        expected = list(command.expected)
        status = 0
        if expected and EXIT_MARK.match(expected[-1].strip()):
            status = int(EXIT_MARK.match(expected[-1].strip()).group(1))
            expected.pop()
        code, output = _invoke(installed, command.text, work)
        if code != status or (expected and not output_matches(expected, output)):
            problems.append(f"{command.where}: `{command.text}` exited {code} (expected "
                            f"{status}):\n" + "\n".join(output[:30]))
    assert not problems, "\n\n".join(problems)


def test_user_and_project_extensions_are_read_by_the_installed_command(installed: dict
                                                                       ) -> None:
    work = _workdir(installed["root"])
    extensions = installed["home"] / "extensions"
    extensions.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "extensions" / "ports.ttl", extensions / "ports.ttl")
    try:
        code, output = _invoke(installed, "friendship-graph ontology check --errors-only",
                               work / "tests" / "data" / "project")
        assert code == 0, output
        assert output[:5] == [
            "read <bundled>/core.ttl (bundled with friendship-graph)",
            "read <bundled>/rules.ttl (bundled with friendship-graph)",
            "read <bundled>/shapes.ttl (bundled with friendship-graph)",
            "read <user>/ports.ttl (user extensions folder)",
            "read ./ext/tea-road.ttl (friendship-graph.toml)",
        ]
        assert output[-1].startswith("5 file(s), ")
        code, output = _invoke(installed, "friendship-graph validate --alone "
                               "tests/data/extensions/ports-bad.ttl", work)
        assert code == 1 and "This port partnership has no level." in "\n".join(output)
    finally:
        shutil.rmtree(extensions)


def test_build_world_from_the_installed_package_says_what_it_needs(installed: dict) -> None:
    command = str(installed["venv"] / "bin" / "friendship-graph")
    work = _workdir(installed["root"])
    missing = _run([command, "build-world"], cwd=work, env=installed["env"])
    assert missing.returncode == 2, missing
    (line,) = missing.stderr.strip().splitlines()
    assert "--wikipedia" in line and "--wikidata" in line and "Traceback" not in line
    samples = work / "tests" / "data" / "importers"
    inputs = ["--wikipedia", str(samples / "twin_cities_sample.csv"),
              "--wikidata", str(samples / "sister_cities_sample.gexf")]
    no_output = _run([command, "build-world", *inputs], cwd=work, env=installed["env"])
    assert no_output.returncode == 2 and "-o FILE.nq.gz" in no_output.stderr, no_output
    built = _run([command, "build-world", *inputs, "-o", "world.nq.gz"],
                 cwd=work, env=installed["env"])
    assert built.returncode == 0, built.stderr
    assert (work / "world.nq.gz").stat().st_size > 0
    assert sorted(p.name for p in (work / "reports").iterdir()) == [
        f"{source}.{kind}" for source in ("wikidata-sister-cities", "wikipedia-twin-towns")
        for kind in ("report.csv", "review.csv", "review.html")]
