"""The bad-input corpus (tests/data/bad/): every file is refused with ONE line on stderr naming
the file (and the line, where there is one), a non-zero exit within a time budget, and a store
whose content hash has not changed.

Most files go through the CLI in-process (click's CliRunner); a few, and the 50 MB single
lines generated at test time, through a real ``friendship-graph`` subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from friendship_graph.cli import main
from friendship_graph.store import Store

BAD = Path(__file__).resolve().parent / "data" / "bad"
BUDGET = 30.0  # seconds, per file
RDF_ENDINGS = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"}

#: The line each error must name (None: the error has no line, e.g. an empty file).
EXPECTED_LINE: dict[str, int | None] = {
    # Turtle
    "ttl-syntax-first-line.ttl": 1,
    "ttl-syntax-middle-line.ttl": 11,
    "ttl-syntax-last-line.ttl": 24,
    "ttl-missing-dot-last-line.ttl": 25,
    "ttl-undefined-prefix.ttl": 9,
    "ttl-invalid-iri-space.ttl": 7,
    "ttl-invalid-iri-bad-escape.ttl": 4,
    "ttl-invalid-lang-tag.ttl": 4,
    "ttl-latin1.ttl": 8,
    "ttl-utf16.ttl": 1,
    "ttl-utf16-no-bom.ttl": 1,
    "ttl-bom-twice.ttl": 1,
    "ttl-nul-byte.ttl": 4,
    "ttl-ill-typed-date.ttl": 9,
    "ttl-ill-typed-gyear.ttl": 4,
    "ttl-ill-typed-integer.ttl": 4,
    "ttl-ill-typed-decimal.ttl": 24,
    "ttl-ill-typed-month.ttl": 4,
    "ttl-ill-typed-day.ttl": 4,
    "ttl-non-canonical-integer.ttl": 10,
    "nt-non-canonical-decimal.nt": 4,
    "ttl-empty.ttl": None,
    "ttl-only-comments.ttl": None,
    "ttl-only-prefixes.ttl": None,
    "ttl-binary-garbage.ttl": 1,
    # N-Triples
    "nt-syntax-first-line.nt": 1,
    "nt-syntax-middle-line.nt": 11,  # line 10 lacks its dot: noticed at the start of line 11
    "nt-syntax-last-line.nt": 21,
    "nt-prefixed-name.nt": 5,
    "nt-invalid-iri.nt": 3,
    "nt-ill-typed-date.nt": 13,
    "nt-latin1.nt": 3,
    "nt-empty.nt": None,
    "nt-utf16.nt": 1,
    # N-Quads
    "nq-five-terms-middle-line.nq": 11,
    "nq-syntax-first-line.nq": 1,
    "nq-invalid-graph-iri.nq": 6,
    "nq-ill-typed-integer.nq": 21,
    # TriG
    "trig-unclosed-graph.trig": 25,
    "trig-syntax-middle-line.trig": 15,
    "trig-ill-typed-gyearmonth.trig": 25,
    "trig-nested-graph.trig": 4,
    # JSON-LD
    "jsonld-syntax-middle-line.jsonld": 5,
    "jsonld-remote-context.jsonld": None,
    "jsonld-remote-context-in-array.jsonld": None,
    "jsonld-truncated.jsonld": 4,
    "jsonld-empty.jsonld": 1,
    "jsonld-ill-typed-date.jsonld": 4,
    "jsonld-utf16.jsonld": 1,
    "jsonld-not-an-object.jsonld": None,
    # RDF/XML
    "rdfxml-entity-bomb.rdf": None,
    "rdfxml-external-entity.rdf": None,
    "rdfxml-unclosed-tag.rdf": 14,
    "rdfxml-truncated.rdf": 14,
    "rdfxml-invalid-iri.rdf": 4,
    "rdfxml-ill-typed-integer.rdf": 4,
    "rdfxml-latin1-declared-utf8.rdf": 4,
    "rdfxml-empty.rdf": 1,
    "rdfxml-not-rdf.rdf": None,
    # issue 16: the graphs only the program writes, every XML Schema datatype, XML characters
    "trig-writes-ontology-graph.trig": 6,
    "nq-writes-inferred-graph.nq": 4,
    "trig-writes-system-graph.trig": 5,
    "ttl-control-character.ttl": 7,
    "nt-vertical-tab.nt": 3,
    "ttl-ill-typed-duration.ttl": 6,
    "ttl-ill-typed-time.ttl": 6,
    "ttl-ill-typed-datetimestamp.ttl": 6,
    "ttl-ill-typed-byte.ttl": 6,
    "ttl-ill-typed-unsignedint.ttl": 6,
    "ttl-ill-typed-hexbinary.ttl": 6,
    "ttl-ill-typed-base64.ttl": 6,
    "ttl-ill-typed-gmonthday.ttl": 6,
    "ttl-ill-typed-gday.ttl": 6,
    "ttl-ill-typed-gmonth.ttl": 6,
    "ttl-ill-typed-language.ttl": 6,
    "ttl-ill-typed-daytimeduration.ttl": 6,
    "ttl-ill-typed-yearmonthduration.ttl": 6,
    "ttl-ill-typed-ncname.ttl": 6,
}

#: What the message must say for the files whose point is the reason.
EXPECTED_TEXT = {
    "ill-typed": "ill-typed literal",
    "non-canonical": "canonical form",
    "remote-context": "remote @context",
    "entity": "<!ENTITY",
    "only-": "no statements",
    "not-an-object": "no statements",
    "truncated.rdf": "well-formed",
    "-writes-": "which only friendship-graph writes",
    "control-character": "cannot be written to XML",
    "vertical-tab": "cannot be written to XML",
}

RDF_FILES = sorted(p.name for p in BAD.iterdir() if p.suffix in RDF_ENDINGS)


def test_the_corpus_is_complete() -> None:
    """Every RDF file in the corpus has an expected line, and the corpus is big enough."""
    assert sorted(EXPECTED_LINE) == RDF_FILES
    formats = {Path(name).suffix for name in RDF_FILES}
    assert formats == RDF_ENDINGS
    inputs = [p for p in BAD.iterdir() if p.is_file() and p.suffix not in (".py", ".md")]
    assert len(inputs) >= 40


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory, jinzhong_file: Path) -> Path:
    """An on-disk store holding the ontology and the Jinzhong data (built once)."""
    path = tmp_path_factory.mktemp("bad-input") / "store"
    with Store.open(path) as store:
        store.load_files([jinzhong_file])
    return path


@pytest.fixture(scope="module")
def base_hash(base_store: Path) -> str:
    with Store.open(base_store, read_only=True) as store:
        return store.content_hash()


def _hash(path: Path) -> str:
    with Store.open(path, read_only=True) as store:
        return store.content_hash()


def check_error(stderr: str, path: Path, line: int | None, prefix_only: bool = True) -> str:
    """One line, naming the file (and line); no traceback."""
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    message = lines[0]
    assert message.startswith("error: "), message
    assert "Traceback" not in message
    assert str(path) in message, message
    if line is not None:
        assert f"{path}:{line}:" in message, message
    elif prefix_only:
        assert f"{path}: " in message, message
    return message


@pytest.mark.parametrize("name", RDF_FILES)
def test_bad_rdf_file_is_refused_and_changes_nothing(name: str, base_store: Path,
                                                     base_hash: str) -> None:
    path = BAD / name
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--store", str(base_store), "load", str(path)])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, (result.output, result.stderr)
    assert result.stdout == ""
    message = check_error(result.stderr, path, EXPECTED_LINE[name])
    for key, text in EXPECTED_TEXT.items():
        if key in name:
            assert text in message, message
    assert elapsed < BUDGET
    assert _hash(base_store) == base_hash


@pytest.mark.parametrize("name", [n for n in RDF_FILES if "ill-typed" in n or "syntax" in n
                                  or "entity" in n or "remote" in n])
def test_bad_rdf_file_fails_validate_too(name: str) -> None:
    """``validate FILE`` parses the same way: the same one-line error, exit 2 (not 1)."""
    path = BAD / name
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2, (result.output, result.stderr)
    check_error(result.stderr, path, EXPECTED_LINE[name])


def test_several_files_with_one_bad_load_nothing(base_store: Path, base_hash: str,
                                                 tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text('<https://w3id.org/friendship-graph/id/test/a> '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n', encoding="utf-8")
    bad = BAD / "ttl-ill-typed-date.ttl"
    result = CliRunner().invoke(main, ["--store", str(base_store), "load", str(good), str(bad)])
    assert result.exit_code == 2
    check_error(result.stderr, bad, 9)
    assert _hash(base_store) == base_hash


def test_ill_typed_literal_is_refused_in_memory_too() -> None:
    from friendship_graph.errors import LoadError

    with Store.memory() as store:
        before = store.content_hash()
        with pytest.raises(LoadError) as caught:
            store.load_files([BAD / "ttl-ill-typed-date.ttl"])
        assert caught.value.line == 9
        assert '"2020-1-1"^^xsd:date' in str(caught.value)
        assert store.content_hash() == before


# ------------------------------------------------------------------ real subprocesses


def _run(args: list[str], env_store: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("friendship-graph")
    command = [exe] if exe else [sys.executable, "-m", "friendship_graph.cli"]
    env = {**os.environ, "FRIENDSHIP_GRAPH_STORE": str(env_store)}
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=BUDGET,
                          env=env, check=False)


@pytest.mark.parametrize("name", ["rdfxml-entity-bomb.rdf", "jsonld-remote-context.jsonld",
                                  "ttl-ill-typed-date.ttl", "ttl-latin1.ttl",
                                  "rdfxml-truncated.rdf"])
def test_real_subprocess_refuses_bad_file(name: str, base_store: Path, base_hash: str) -> None:
    path = BAD / name
    done = _run(["load", str(path)], base_store)
    assert done.returncode == 2
    assert done.stdout == ""
    check_error(done.stderr, path, EXPECTED_LINE[name])
    assert _hash(base_store) == base_hash


def _big_line(path: Path, head: str, size: int = 50 << 20) -> Path:
    """Write one line of ``size`` bytes: ``head`` then filler, no newline."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        chunk = "x" * (1 << 20)
        written = len(head)
        while written < size:
            handle.write(chunk)
            written += len(chunk)
    return path


def test_50_mb_single_line_unterminated_literal(tmp_path: Path, base_store: Path,
                                                base_hash: str) -> None:
    path = _big_line(tmp_path / "huge.nt", '<https://w3id.org/friendship-graph/id/test/a> '
                     '<http://www.w3.org/2000/01/rdf-schema#label> "')
    started = time.monotonic()
    done = _run(["load", str(path)], base_store)
    assert time.monotonic() - started < BUDGET
    assert done.returncode == 2
    assert "too long" in check_error(done.stderr, path, None)
    assert _hash(base_store) == base_hash


def test_50_mb_single_line_iri(tmp_path: Path, base_store: Path, base_hash: str) -> None:
    """A 50 MB IRI that never closes, through the in-process CLI."""
    path = _big_line(tmp_path / "huge.ttl", "<https://w3id.org/friendship-graph/id/")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--store", str(base_store), "load", str(path)])
    assert time.monotonic() - started < BUDGET
    assert result.exit_code == 2
    assert "too long" in check_error(result.stderr, path, None)
    assert _hash(base_store) == base_hash


def test_50_mb_single_line_rdfxml(tmp_path: Path, base_store: Path, base_hash: str) -> None:
    """A 50 MB RDF/XML text node on one line, never closed."""
    path = _big_line(tmp_path / "huge.rdf",
                     '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                     'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"><rdf:Description '
                     'rdf:about="https://w3id.org/friendship-graph/id/test/a"><rdfs:label>')
    result = CliRunner().invoke(main, ["--store", str(base_store), "load", str(path)])
    assert result.exit_code == 2
    check_error(result.stderr, path, 1)
    assert _hash(base_store) == base_hash


# ------------------------------------------------------------------ importers

IMPORT_FORMATS = {"pairs-": "pairs", "template-": "template", "edges-": "edges",
                  ".gexf": "gexf", ".graphml": "graphml"}
IMPORT_FILES = sorted(p.name for p in BAD.iterdir()
                      if p.suffix in (".csv", ".tsv", ".gexf", ".graphml"))
IMPORT_EXPECTED_LINE: dict[str, int | None] = {
    "graph-syntax-middle.gexf": 6,
    "graph-syntax-last-line.graphml": 8,
    "graph-truncated.gexf": 4,
    "graph-entity-bomb.gexf": 14,
    "graph-external-entity.graphml": 3,
    "pairs-missing-column.csv": 1,
    "pairs-header-only-wrong.csv": 1,
    "pairs-latin1.csv": 3,
    "pairs-binary.csv": 2,
    "pairs-utf16.csv": 1,
    "template-missing-column.csv": 1,
    "template-latin1.csv": 2,
    "pairs-unterminated-quote.csv": 3,
    "pairs-control-character.csv": 3,
    "template-vertical-tab.csv": 2,
}
#: Bad rows, not bad files: the importers reject the row and go on (issue 4's contract).
ROW_LEVEL = {"edges-one-column.tsv": "rejected: 1 rows"}
#: Known gaps in the importers (reported in issue 8's closing note).
KNOWN_GAPS: dict[str, str] = {}


def _import(store: Path, name: str):  # noqa: ANN202
    fmt = next(fmt for key, fmt in IMPORT_FORMATS.items() if key in name)
    return CliRunner().invoke(main, ["--store", str(store), "import", fmt, str(BAD / name)])


@pytest.fixture
def needs_import() -> None:
    if "import" not in main.commands:
        pytest.skip("no 'import' command yet (issue 4)")


@pytest.mark.parametrize("name", [n for n in IMPORT_FILES if n not in ROW_LEVEL])
def test_bad_import_file_is_refused_and_changes_nothing(name: str, base_store: Path,
                                                        base_hash: str, tmp_path: Path,
                                                        needs_import: None) -> None:
    if name in KNOWN_GAPS:
        base_store = Path(shutil.copytree(base_store, tmp_path / "store"))  # it may write
    path = BAD / name
    started = time.monotonic()
    result = _import(base_store, name)
    assert time.monotonic() - started < BUDGET
    if name in KNOWN_GAPS and result.exit_code == 0:
        pytest.xfail(KNOWN_GAPS[name])
    assert result.exit_code == 2, (result.output, result.stderr)
    message = check_error(result.stderr, path, None, prefix_only=False)
    line = IMPORT_EXPECTED_LINE.get(name)
    if line is not None:  # "FILE:LINE:" or the parser's own "line N" in the message
        assert f"{path}:{line}:" in message or f"line {line}" in message, message
    assert _hash(base_store) == base_hash


@pytest.mark.parametrize("name", sorted(ROW_LEVEL))
def test_bad_rows_are_rejected_and_reported(name: str, base_store: Path, tmp_path: Path,
                                            needs_import: None) -> None:
    store = Path(shutil.copytree(base_store, tmp_path / "store"))
    result = _import(store, name)
    assert result.exit_code == 0, result.stderr
    assert ROW_LEVEL[name] in result.stderr


def test_50_mb_single_line_csv(tmp_path: Path, base_store: Path, base_hash: str,
                               needs_import: None) -> None:
    """A CSV whose one line is 50 MB (no header end): one line, nothing imported."""
    path = _big_line(tmp_path / "huge.csv", "city1,country1,city2,country2,")
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--store", str(base_store), "import", "pairs", str(path)])
    assert time.monotonic() - started < BUDGET
    assert result.exit_code == 2, result.stderr
    check_error(result.stderr, path, None, prefix_only=False)
    assert _hash(base_store) == base_hash


# ------------------------------------------------------------------ a remote store

REMOTE_SAMPLE = ["ttl-syntax-last-line.ttl", "nt-syntax-middle-line.nt", "nq-invalid-graph-iri.nq",
                 "trig-unclosed-graph.trig", "jsonld-remote-context.jsonld",
                 "rdfxml-entity-bomb.rdf", "rdfxml-truncated.rdf", "ttl-ill-typed-date.ttl",
                 "ttl-non-canonical-integer.ttl", "ttl-empty.ttl"]


@pytest.mark.server
def test_bad_files_change_nothing_on_a_remote_store(oxigraph_server) -> None:  # noqa: ANN001
    """The same refusals with ``--endpoint``: nothing is sent to the server."""
    url = oxigraph_server.url
    with Store.remote(url) as remote:
        before = remote.content_hash()
    for name in REMOTE_SAMPLE:
        path = BAD / name
        result = CliRunner().invoke(main, ["--endpoint", url, "load", str(path)])
        assert result.exit_code == 2, (name, result.stderr)
        check_error(result.stderr, path, EXPECTED_LINE[name])
    with Store.remote(url, read_only=True) as remote:
        assert remote.content_hash() == before


@pytest.mark.parametrize("name", ["bad\nname.ttl", "bad\rname.ttl", "evil\u202egnp.ttl",
                                  "line\u2028break.ttl", "tab\tname.ttl"])
def test_hostile_file_names_still_give_one_line(name: str, tmp_path: Path, base_store: Path,
                                                base_hash: str) -> None:
    """A file name cannot split the error over lines or reorder it on a terminal."""
    path = tmp_path / name
    path.write_text("<a> <b> <c> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--store", str(base_store), "load", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert ":1: " in lines[0] and "nothing was loaded" in lines[0]
    assert not any(c in lines[0] for c in "\r\t\u202e\u2028")
    assert _hash(base_store) == base_hash


@pytest.mark.parametrize("damage", ["sst", "current"])
def test_damaged_store_is_one_clear_line(damage: str, base_store: Path, tmp_path: Path) -> None:
    """A store whose files were damaged (a disk fault, a bad copy) gives one line, not a
    RocksDB traceback."""
    store = tmp_path / "store"
    shutil.copytree(base_store, store)
    targets = list(store.glob("*.sst")) if damage == "sst" else [store / "CURRENT"]
    assert targets
    for target in targets:
        target.write_bytes(b"garbage\n")
    for args in (["stats"], ["load", str(BAD.parent.parent.parent / "data" /
                                          "jinzhong-2019-10-30.trig")]):
        result = CliRunner().invoke(main, ["--store", str(store), *args])
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "cannot open the store" in lines[0], result.stderr
        assert "internal error" not in lines[0]


# ------------------------------------------------------------------ issue 16: options, writes

ONTOLOGY = "https://w3id.org/friendship-graph/graph/ontology"
INFERRED = "https://w3id.org/friendship-graph/graph/inferred"
SYSTEM = "https://w3id.org/friendship-graph/graph/system"
GOOD_TTL = BAD.parent / "store" / "good.ttl"
PAIRS = BAD.parent / "importers" / "pairs.csv"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-inputs")
    good = folder / "good.ttl"
    good.write_text('<https://w3id.org/friendship-graph/id/test/a> '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n', encoding="utf-8")
    pairs = folder / "pairs.csv"
    pairs.write_text("city1,country1,city2,country2\nParis,France,Rome,Italy\n",
                     encoding="utf-8")
    deep = folder / "deep.json"
    deep.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    edges = folder / "long-id.tsv"
    edges.write_text("x" * (17 << 20) + " b\n", encoding="utf-8")
    return {"good": good, "pairs": pairs, "deep": deep, "edges": edges, "out": folder}


#: (arguments, text the one line must hold); FILE names come from ``inputs``.
HOSTILE_COMMANDS: list[tuple[list[str], str]] = [
    (["load", "--graph", "a b", "{good}"], "is not an IRI"),
    (["load", "--graph", "http://x/\udcff", "{good}"], "not UTF-8"),
    (["load", "--replace", "--graph", ONTOLOGY, "{good}"], "written only by friendship-graph"),
    (["load", "--graph", INFERRED, "{good}"], "written only by friendship-graph"),
    (["load", "--graph", SYSTEM, "{good}"], "written only by friendship-graph"),
    (["remove", ONTOLOGY], "written only by friendship-graph"),
    (["remove", INFERRED], "written only by friendship-graph"),
    (["import", "pairs", "--source", "ontology", "{pairs}"], "written only by friendship-graph"),
    (["import", "pairs", "--source", "Inferred", "{pairs}"], "written only by friendship-graph"),
    (["import", "pairs", "--source", "system", "{pairs}"], "written only by friendship-graph"),
    (["import", "pairs", "--delimiter", ";;", "{pairs}"], "one character"),
    (["import", "pairs", "--delimiter", "", "{pairs}"], "one character"),
    (["import", "pairs", "--mapping", "{deep}", "{pairs}"], "nested too deeply"),
    (["import", "pairs", "--license", "not an iri >", "{pairs}"], "is not an IRI"),
    (["import", "pairs", "--license", "https://x.org/a b", "{pairs}"], "is not an IRI"),
    (["import", "pairs", "--source-url", "http://x/<y>", "{pairs}"], "is not an IRI"),
    (["import", "pairs", "--retrieved", "2020-99", "{pairs}"], "is not a date"),
    (["import", "pairs", "--report", "/proc/nonexistent/r.csv", "{pairs}"], "does not exist"),
    (["import", "pairs", "--report", "{out}", "{pairs}"], "is a directory"),
    (["import", "edges", "{edges}"], "at most 16 MB"),
    (["query", "search", "-p", "text=a\udcff\udcfe"], "not UTF-8"),
    (["html", "--focus", "<img src=x onerror=alert(1)>", "-o", "{out}/x.html"], "not an IRI"),
    (["export", "--format", "graphml", "-o", "{out}/x.graphml", "--focus", "<x y>"],
     "not an IRI"),
    (["export", "--format", "csv", "-o", "{out}/x", "--focus", "fg:a b"], "not an IRI"),
    # click's own usage errors, of the group and of a command: one line, without the usage
    (["--ontology", "/nonexistent/x.ttl", "stats"], "does not exist"),
    (["--no-such-option", "stats"], "No such option"),
    (["import"], "Missing argument '{pairs|template|"),
    (["query", "--format"], "requires an argument"),
]


@pytest.mark.parametrize(("args", "text"), HOSTILE_COMMANDS,
                         ids=[" ".join(a)[:60] for a, _ in HOSTILE_COMMANDS])
def test_hostile_options_give_one_line_and_change_nothing(
        args: list[str], text: str, inputs: dict[str, Path], base_store: Path,
        base_hash: str) -> None:
    filled = [a.format(**{k: str(v) for k, v in inputs.items()}) if "{" in a else a
              for a in args]
    result = CliRunner().invoke(main, ["--store", str(base_store), *filled])
    assert result.exit_code == 2, (result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and text in lines[0], lines[0]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert _hash(base_store) == base_hash


@pytest.mark.parametrize("update", [
    f"INSERT DATA {{ GRAPH <{ONTOLOGY}> {{ <a:s> <a:p> <a:o> }} }}",
    "DROP GRAPH graph:inferred",
    "CLEAR ALL",
    "DROP NAMED",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"MOVE <{ONTOLOGY}> TO <http://x/copy>",
    "WITH graph:system DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT DATA { GRAPH <http://x/fine> { <a:s> <a:p> <a:o> } } # \r ; DROP GRAPH graph:ontology",
])
def test_updates_to_reserved_graphs_are_refused_before_anything_is_written(
        update: str, tmp_path: Path, base_store: Path, base_hash: str) -> None:
    from friendship_graph.errors import FriendshipGraphError

    store_path = Path(shutil.copytree(base_store, tmp_path / "store"))
    with Store.open(store_path) as store:
        with pytest.raises(FriendshipGraphError) as caught:
            store.update(update)
        assert len(str(caught.value).splitlines()) == 1
    assert _hash(store_path) == base_hash


def test_year_zero_is_no_traceback(tmp_path: Path) -> None:
    """"0000-06-01"^^xsd:date is valid XML Schema 1.1 (1 BCE); rdflib cannot make it a
    Python date, which must not print a traceback (in data or as a parameter)."""
    data = tmp_path / "year-zero.ttl"
    data.write_text("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    "<https://w3id.org/friendship-graph/id/test/a> "
                    '<https://w3id.org/friendship-graph/ontology#startDate> '
                    '"0000-06-01"^^xsd:date .\n', encoding="utf-8")
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["--store", str(store), "load", str(data)]).exit_code == 0
    for args in (["query", "SELECT ?d WHERE { ?s fg:startDate ?d }"],
                 ["query", "partners", "-p", "place=Jinzhong", "-p", "as_of=0000"]):
        result = runner.invoke(main, ["--store", str(store), *args])
        assert result.exit_code == 0, result.stderr
        assert "Traceback" not in result.stderr and "Failed to convert" not in result.stderr


def test_compression_bomb_is_refused_while_reading(tmp_path: Path, base_store: Path,
                                                   base_hash: str) -> None:
    """A .gz of 600 MB of one repeated statement (ratio ~300): refused after the first
    16 MB, long before it is read."""
    import gzip

    bomb = tmp_path / "bomb.nt.gz"
    line = (b"<https://w3id.org/friendship-graph/id/test/a> "
            b"<http://www.w3.org/2000/01/rdf-schema#label> \"a\" .\n")
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        for _ in range(60):
            handle.write(line * 100_000)
    started = time.monotonic()
    done = _run(["load", str(bomb)], base_store)
    assert time.monotonic() - started < BUDGET
    assert done.returncode == 2
    assert "compression bomb" in check_error(done.stderr, bomb, None)
    assert _hash(base_store) == base_hash


# ------------------------------------------------------------------ issue 16: broken rules

JINZHONG_GRAPH = "https://w3id.org/friendship-graph/graph/jinzhong-2019-10-30"
#: Rules a librarian could get wrong, and what the one line must say.
BROKEN_RULES = {
    "syntax": ("CONSTRUCT { ?s fg:x ?o } WHERE { ?s ?p ", "is not valid SPARQL"),
    "select": ("SELECT * WHERE { ?s ?p ?o }", "it is not a CONSTRUCT query"),
    "service": ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }",
                "uses SERVICE or LOAD"),
    "load": ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ; LOAD <http://127.0.0.1:9/x>",
             "uses SERVICE or LOAD"),
}


def broken_rule_file(folder: Path, kind: str) -> Path:
    """An extension whose shape carries the broken rule (a blank node, as librarians write)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"broken-{kind}.ttl"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix fg: <https://w3id.org/friendship-graph/ontology#> .\n"
        "fg:BrokenRuleShape a sh:NodeShape ; sh:targetClass fg:City ;\n"
        f'    sh:rule [ a sh:SPARQLRule ; sh:construct """{BROKEN_RULES[kind][0]}""" ] .\n',
        encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["extensions", "--ontology"])
@pytest.mark.parametrize("kind", sorted(BROKEN_RULES))
def test_broken_rule_in_an_extension_changes_nothing_and_bricks_nothing(
        kind: str, how: str, inputs: dict[str, Path], base_store: Path, base_hash: str,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write with a broken rule in an extension (ontology/extensions/ or --ontology) is
    one line naming the file, and leaves the store as it was; reading still works; once the
    file is fixed (removed here), load, import and remove work again (issue 16 item 2)."""
    import friendship_graph.ontology as ontology_module
    from friendship_graph.ontology import ONTOLOGY_ENV
    from friendship_graph.resources import ontology_dir

    store = Path(shutil.copytree(base_store, tmp_path / "store"))
    monkeypatch.setenv(ONTOLOGY_ENV, "")  # restored (unset) after the test
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    if how == "extensions":
        rule = broken_rule_file(folder / "extensions", kind)
        monkeypatch.setattr(ontology_module, "ontology_dir", lambda: folder)
        before: list[str] = []
    else:
        rule = broken_rule_file(tmp_path / "mine", kind)
        before = ["--ontology", str(rule)]

    def cli(*args: str):  # noqa: ANN202
        result = CliRunner().invoke(main, [*before, "--store", str(store), *args])
        os.environ[ONTOLOGY_ENV] = ""  # what --ontology set for the run
        return result

    writes = [("load", str(inputs["good"])),
              ("import", "pairs", "--source", "broken-rule-test", str(inputs["pairs"])),
              ("remove", JINZHONG_GRAPH)]
    for args in writes:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output, result.stderr)
        message = check_error(result.stderr, rule, None)
        assert BROKEN_RULES[kind][1] in message and "BrokenRuleShape" in message, message
        assert _hash(store) == base_hash, args
    for args in (("stats",), ("query", "partners", "-p", "place=Jinzhong", "--format", "csv")):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert _hash(store) == base_hash
    # The file fixed: the store takes every write again.
    rule.unlink()
    before = []
    for args in writes:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    with Store.open(store, read_only=True) as reader:
        assert not reader._inference_pending()
        graphs = {str(g) for g in reader.graphs()}
    assert JINZHONG_GRAPH not in graphs
    assert any("broken-rule-test" in g for g in graphs)


@pytest.mark.parametrize("update", [
    'INSERT DATA { GRAPH <http://x/g> { <a:s> <a:p> "a\\u0001b" } }',
    'INSERT DATA { GRAPH <http://x/g> { <a:s> <a:p> "a\x0bb" } }',
    "INSERT { GRAPH <http://x/g> { ?s <a:p> '\\U0000FFFE' } } WHERE { ?s a fg:City }",
])
def test_updates_with_characters_xml_cannot_carry_are_refused(
        update: str, tmp_path: Path, base_store: Path, base_hash: str) -> None:
    from friendship_graph.errors import QueryError

    store_path = Path(shutil.copytree(base_store, tmp_path / "store"))
    with Store.open(store_path) as store:
        with pytest.raises(QueryError) as caught:
            store.update(update)
        assert "XML 1.0 cannot carry" in str(caught.value)
        assert len(str(caught.value).splitlines()) == 1
    assert _hash(store_path) == base_hash


def test_add_quads_with_a_character_xml_cannot_carry_is_refused() -> None:
    from rdflib import Literal, URIRef

    from friendship_graph.errors import FriendshipGraphError

    with Store.memory() as store:
        before = store.content_hash()
        with pytest.raises(FriendshipGraphError, match="U\\+0002, which XML 1.0 cannot carry"):
            store.add_quads([(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("a\x02b"),
                              URIRef("urn:x:g"))])
        assert store.content_hash() == before
