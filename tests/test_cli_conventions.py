"""The command line's conventions, one way everywhere: an example in every command's help,
the same ``--format`` names (table, csv, tsv, json) on the commands that print data, ``--nl``
where rows stream, ``-o FILE`` on every command that writes data, one meaning per option name
(``compare --row-kind``; ``--kind`` is a relation kind everywhere else)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from friendship_graph.cli import main
from friendship_graph.cli.common import FORMATS
from friendship_graph.store import Store
from test_docs import _command_tree

#: Commands that print data, and so take the shared --format names.
DATA_COMMANDS = ("query", "stats", "validate", "analyze", "path", "compare")
#: Commands that write data (to stdout or a file), and so take -o FILE.
WRITERS = (*DATA_COMMANDS, "export", "html", "build-world", "draft article", "draft review",
           "ontology docs")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path) -> str:
    path = tmp_path_factory.mktemp("conventions") / "store"
    with Store.open(path) as built:
        built.load_files([jinzhong_file])
    return str(path)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _commands() -> dict[str, click.Command]:
    return {" ".join(path): command for path, command in _command_tree()}


def _option(command: click.Command, name: str) -> click.Option | None:
    return next((p for p in command.params if isinstance(p, click.Option) and name in p.opts),
                None)


def test_every_command_has_an_example_in_its_help() -> None:
    missing = []
    for name in _commands():
        shown = run(*name.split(), "--help").output
        if "Example: friendship-graph" not in shown:
            missing.append(name or "friendship-graph")
    assert not missing, f"no 'Example:' in the --help of: {missing}"


def test_data_commands_share_the_format_names_and_writers_take_o() -> None:
    commands = _commands()
    for name in DATA_COMMANDS:
        option = _option(commands[name], "--format")
        assert option is not None, name
        if isinstance(option.type, click.Choice):  # query takes any result or RDF format
            assert set(FORMATS) <= set(option.type.choices), name
            assert option.default == "table", name
    for name in WRITERS:
        assert _option(commands[name], "-o") is not None, f"{name} has no -o FILE"


def test_kind_means_relation_kinds_and_compare_rows_have_row_kind() -> None:
    commands = _commands()
    for name in ("html", "export", "analyze", "path"):
        assert _option(commands[name], "--kind").name == "kinds"
    assert _option(commands["compare"], "--row-kind") is not None
    assert _option(commands["compare"], "--kind").hidden


def test_compare_kind_still_works_with_a_warning(store: str) -> None:
    args = ["--store", store, "compare", "jinzhong-2019-10-30", "jinzhong-2019-10-30",
            "--format", "csv"]
    new = run(*args, "--row-kind", "date")
    old = run(*args, "--kind", "date")
    assert new.exit_code == old.exit_code == 0
    assert old.stdout == new.stdout
    assert "--kind is deprecated; use --row-kind" in old.stderr
    assert "deprecated" not in new.stderr


@pytest.mark.parametrize("args", [
    ("query", "partners", "--param", "place=晋中"),
    ("stats",),
    ("validate", "tests/data/shapes/AgreementPartiesShape.ttl", "--alone"),
])
def test_nl_is_one_json_object_per_row(store: str, args: tuple[str, ...]) -> None:
    result = run("--store", store, *args, "--nl")
    lines = result.stdout.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines), result.stdout


def test_csv_and_tsv_have_the_same_rows(store: str) -> None:
    as_csv = run("--store", store, "stats", "--format", "csv").stdout
    as_tsv = run("--store", store, "stats", "--format", "tsv").stdout
    rows_csv = list(csv.reader(io.StringIO(as_csv)))
    rows_tsv = list(csv.reader(io.StringIO(as_tsv), delimiter="\t"))
    assert rows_csv == rows_tsv and rows_csv[0] == ["section", "iri", "label", "count"]
    assert {row[0] for row in rows_csv[1:]} == {"class", "relation", "source"}


def test_validate_text_is_the_old_name_of_table(store: str) -> None:
    file = "tests/data/shapes/AgreementPartiesShape.ttl"
    old = run("--store", store, "validate", file, "--alone", "--format", "text")
    new = run("--store", store, "validate", file, "--alone")
    assert old.stdout == new.stdout and old.exit_code == new.exit_code == 1
    assert "--format text is deprecated" in old.stderr


def test_o_writes_what_stdout_shows_with_the_users_umask(store: str, tmp_path: Path) -> None:
    target = tmp_path / "partners.csv"
    command = [sys.executable, "-m", "friendship_graph.cli", "--store", store, "query",
               "partners", "--param", "place=晋中", "--format", "csv"]
    shown = subprocess.run(command, capture_output=True, text=True, check=True)
    written = subprocess.run([*command, "-o", str(target)], capture_output=True, text=True,
                             check=True, preexec_fn=lambda: os.umask(0o027))
    assert written.stdout == "" and f"wrote {target}" in written.stderr
    assert target.read_text(encoding="utf-8") == shown.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
