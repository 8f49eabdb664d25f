"""Extensions and data where installed users can put them: the user's extensions folder (in
the data directory) and a project's friendship-graph.toml; every command reads them, names
them the same way on every installation, and the default store follows them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA
from friendship_graph.cli import main
from friendship_graph.ontology import (
    ONTOLOGY_ENV,
    load_ontology,
    ontology_files,
    ontology_sources,
    source_label,
)
from friendship_graph.project import PROJECT_ENV, find_project
from friendship_graph.resources import HOME_ENV, user_extensions_dir
from friendship_graph.store.default import default_data_files, default_store_path
from friendship_graph.vocab import FG

PROJECT = DATA / "project"
TEA_ROAD = FG.TeaRoadAlliance


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, no project, no --ontology."""
    folder = tmp_path / "home"
    monkeypatch.setenv(HOME_ENV, str(folder))
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    monkeypatch.delenv(PROJECT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


def test_the_user_extensions_folder_is_read_and_followed(home: Path) -> None:
    before = default_store_path()
    assert TEA_ROAD not in load_ontology().classes()
    user_extensions_dir().mkdir(parents=True)
    extension = user_extensions_dir() / "tea-road.ttl"
    shutil.copy(PROJECT / "ext" / "tea-road.ttl", extension)
    assert extension in ontology_files()
    assert [s.text() for s in ontology_sources() if s.origin == "user"] == [
        "<user>/tea-road.ttl (user extensions folder)"]
    assert TEA_ROAD in load_ontology().classes()
    added = default_store_path()
    assert added != before  # the default store is rebuilt with the extension
    extension.write_text(extension.read_text(encoding="utf-8") + "\n# edited\n",
                         encoding="utf-8")
    assert default_store_path() not in (before, added)
    lint = CliRunner().invoke(main, ["ontology", "check"])
    assert "read <user>/tea-road.ttl (user extensions folder)" in lint.output


def test_a_project_is_found_from_a_folder_below_it(home: Path, tmp_path: Path) -> None:
    project = tmp_path / "work"
    shutil.copytree(PROJECT, project)
    (project / "notes" / "deep").mkdir(parents=True)
    found = find_project(project / "notes" / "deep")
    assert found is not None and found.path == project / "friendship-graph.toml"
    assert found.extensions == (project / "ext" / "tea-road.ttl",)
    assert found.data == (project / "data" / "tea-road-alliance.ttl",)
    before = default_store_path()
    os.chdir(project / "notes")  # not below the working folder: the path as it is
    assert [s.text() for s in ontology_sources() if s.origin == "project"] == [
        f"{project / 'ext' / 'tea-road.ttl'} (friendship-graph.toml)"]
    os.chdir(project)
    assert [s.label for s in ontology_sources()][-1] == "./ext/tea-road.ttl"
    assert default_data_files()[-1] == project / "data" / "tea-road-alliance.ttl"
    assert default_store_path() != before
    assert TEA_ROAD in load_ontology().classes()


def test_the_project_option_and_the_default_store_with_project_data(home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--project", str(PROJECT), "query", "sources", "--format",
                                  "csv"], env={PROJECT_ENV: None})
    assert result.exit_code == 0, result.output
    ask = runner.invoke(main, ["--project", str(PROJECT), "query", "--format", "csv",
                               "ASK { ?x a fg:TeaRoadAlliance }"], env={PROJECT_ENV: None})
    assert ask.exit_code == 0, ask.output
    assert "true" in ask.output


@pytest.mark.parametrize(("text", "error"), [
    ("[ontology\nextensions = 1\n", "not valid TOML"),
    ("[ontology]\nextensions = 1\n", "must be a list of file names"),
    ('[data]\nfiles = ["nowhere.ttl"]\n', "names nowhere.ttl, which does not exist"),
])
def test_a_broken_project_file_is_one_line(home: Path, tmp_path: Path, text: str,
                                           error: str) -> None:
    (tmp_path / "friendship-graph.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["ontology", "check"])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / 'friendship-graph.toml'}: ") and error in line


def test_labels_do_not_depend_on_the_installation(home: Path) -> None:
    from friendship_graph.resources import ontology_dir

    assert source_label(ontology_dir() / "core.ttl") == "<bundled>/core.ttl"
    assert source_label(Path("x") / "y.ttl") == "./x/y.ttl"
