"""A librarian's extension appears everywhere with no Python change.

The extension (tests/data/extensions/ports.ttl) adds a place class, fg:PortCity (under
fg:City), and a relation kind, fg:PortPartnership (under fg:Partnership), with English and
Chinese labels, definitions, styles and a SHACL shape. It is installed the way a librarian
does it, as a file in ``ontology/extensions/`` (of a temporary copy of the ontology folder),
and, in the second test, with ``--ontology FILE``.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import friendship_graph.ontology as ontology_module
import friendship_graph.ontology_tools as tools_module
from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV, load_ontology, ontology_files
from friendship_graph.resources import ontology_dir
from friendship_graph.store import Store
from friendship_graph.vocab import FG, ID

EXT = Path(__file__).resolve().parent / "data" / "extensions"
PORT_CITY = FG.PortCity
PORT_PARTNERSHIP = FG.PortPartnership
HARBOURTON = ID["place/xx/harbourton"]
QUAYSIDE = ID["place/xx/quayside"]
PARTNERSHIP = ID["partnership/xx-harbourton-quayside"]
MESSAGE = "This port partnership has no level."


def _module(name: str):  # noqa: ANN202
    """The module, or None while it has not landed."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)



@pytest.fixture
def extended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled ontology folder with ports.ttl dropped into extensions/."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "extensions").mkdir(exist_ok=True)
    shutil.copy(EXT / "ports.ttl", folder / "extensions" / "ports.ttl")
    monkeypatch.setattr(ontology_module, "ontology_dir", lambda: folder)
    monkeypatch.setattr(tools_module, "ontology_dir", lambda: folder)
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    return folder


def test_extension_appears_everywhere(extended: Path, tmp_path: Path) -> None:
    # Discovery: the file is part of the ontology, and of the default store's fingerprint.
    assert extended / "extensions" / "ports.ttl" in ontology_files()
    ontology = load_ontology()
    assert PORT_PARTNERSHIP in ontology.subclasses(FG.Partnership)
    assert ontology.label(PORT_CITY, "zh") == "港口城市"

    # The lint: no errors, no warnings (labels, definitions, parents, shapes are there).
    from friendship_graph.ontology_tools import check_ontology

    report = check_ontology([extended / "extensions" / "ports.ttl"])
    assert report.findings == [], report.to_text()

    # Validation: the extension's shape applies; the good data conforms.
    from friendship_graph.validate import validate_files

    bad = validate_files([EXT / "ports-bad.ttl"])
    assert not bad.conforms
    assert [f.message for f in bad.findings if f.severity == "Violation"] == [
        "This port partnership has no level. Add fg:level (fgc:cityLevel when the cities "
        "concluded it)."]
    good = validate_files([EXT / "ports-data.trig"])
    assert good.conforms, good.to_text()

    with Store.memory() as store:
        store.load_files([EXT / "ports-data.trig"])

        # Rules: an established port partnership makes the places fg:twinnedWith.
        assert store.query(f"ASK {{ <{HARBOURTON}> fg:twinnedWith <{QUAYSIDE}> }}").boolean

        # Named queries follow the hierarchy.
        from friendship_graph.queries import list_queries, run_query

        rows = run_query(store, "partners", {"place": "Harbourton"}).dicts()
        assert [(r["partner"], r["kind"], str(r["kindLabel"])) for r in rows] == [
            (QUAYSIDE, PORT_PARTNERSHIP, "port partnership")]
        names = {q.name for q in list_queries()}
        if "search" in names:
            search = next(q for q in list_queries() if q.name == "search")
            first = next(p for p in search.parameters if p.type in ("string", "place"))
            found = run_query(store, "search", {first.name: "Harbourton"})
            assert HARBOURTON in {v for row in found.rows for v in row}

        # The networkx projection: a node of the new class, an edge of the new kind.
        network = _module("friendship_graph.network")
        if network is None:
            pytest.skip("friendship_graph.network not implemented yet")
        graph = network.to_networkx(store)
        assert graph.nodes[str(HARBOURTON)]["type"] == str(PORT_CITY)
        assert graph.nodes[str(HARBOURTON)]["type_label"] == "port city"
        edges = [d for _, _, k, d in graph.edges(keys=True, data=True) if k == str(PARTNERSHIP)]
        assert [e["relation"] for e in edges] == [str(PORT_PARTNERSHIP)]
        assert edges[0]["relation_label"] == "port partnership"

        # The HTML: the legend lists the class, the filters the relation, with their style.
        render = _module("friendship_graph.render")
        if render is None or not hasattr(render, "to_html"):
            pytest.skip("friendship_graph.render not implemented yet")
        page = render.read_page_data(render.to_html(graph))
        legend = {c["id"]: c for c in page["classes"]}
        assert legend[str(PORT_CITY)]["label"] == "port city"
        assert legend[str(PORT_CITY)].get("label_zh", "港口城市") == "港口城市"
        assert "#17becf" in str(legend[str(PORT_CITY)])
        filters = {r["id"]: r for r in page["relations"]}
        assert filters[str(PORT_PARTNERSHIP)]["label"] == "port partnership"
        assert "#17becf" in str(filters[str(PORT_PARTNERSHIP)])

        # The generated reference.
        from friendship_graph.ontology_tools import write_reference

        write_reference(tmp_path / "ref", store)
    classes = (tmp_path / "ref" / "classes.md").read_text(encoding="utf-8")
    section = classes.split("## fg:PortPartnership ")[1].split("\n## ")[0]
    assert "| label (zh) | 友好港关系 |" in section
    assert "[fg:Partnership](#fg-partnership)" in section
    assert "fgsh:PortPartnershipLevelShape" in section
    assert "id:partnership/xx-harbourton-quayside" in section  # the example
    index = (tmp_path / "ref" / "index.md").read_text(encoding="utf-8")
    assert "[fg:PortCity](classes.md#fg-portcity) (port city)" in index


def test_ontology_option_and_existing_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """--ontology FILE on any command; a store made without it gets it when opened with it."""
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    extension = tmp_path / "ports.ttl"
    shutil.copy(EXT / "ports.ttl", extension)
    store = tmp_path / "store"
    runner = CliRunner()
    env = {ONTOLOGY_ENV: ""}  # restored after each call (--ontology sets it)

    # A store created without the extension; the data uses the new class.
    made = runner.invoke(main, ["--store", str(store), "init", "--empty"], env=env)
    assert made.exit_code == 0, made.output
    plain = runner.invoke(main, ["--store", str(store), "load", str(EXT / "ports-data.trig")],
                          env=env)
    assert plain.exit_code == 0, plain.output
    without = runner.invoke(main, ["--store", str(store), "query", "partners", "--param",
                                   "place=Harbourton", "--format", "csv"], env=env)
    assert without.exit_code == 0, without.output
    assert "port partnership" not in without.output  # the store does not know the class

    # With --ontology, the (read-only) query sees the extension's hierarchy and labels.
    extended = runner.invoke(main, ["--ontology", str(extension), "--store", str(store), "query",
                                    "partners", "--param", "place=Harbourton", "--format",
                                    "csv"], env=env)
    assert extended.exit_code == 0, extended.output
    assert "Quayside" in extended.output and "port partnership" in extended.output

    # validate and ontology check honour --ontology too.
    checked = runner.invoke(main, ["--ontology", str(extension), "validate",
                                   str(EXT / "ports-bad.ttl")], env=env)
    assert checked.exit_code == 1 and MESSAGE in checked.output
    unchecked = runner.invoke(main, ["validate", str(EXT / "ports-bad.ttl")], env=env)
    assert MESSAGE not in unchecked.output
    lint = runner.invoke(main, ["--ontology", str(extension), "ontology", "check"], env=env)
    assert lint.exit_code == 0, lint.output

    # The default store is rebuilt with the extension (its fingerprint includes it).
    from friendship_graph.store.default import default_store_path

    before = default_store_path()
    monkeypatch.setenv(ONTOLOGY_ENV, str(extension))
    assert default_store_path() != before
    with Store.memory() as memory:
        assert memory.query(f"ASK {{ <{PORT_CITY}> rdfs:subClassOf fg:City }}").boolean
    assert URIRef(PORT_CITY) in load_ontology().classes()


def test_store_follows_the_ontology_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """Store.open reloads the ontology graph when the ontology files changed; a reader that
    cannot upgrade (another reader holds the store) answers from the ontology it has."""
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    path = tmp_path / "store"
    Store.open(path).close()
    ask = f"ASK {{ <{PORT_CITY}> rdfs:subClassOf fg:City }}"
    with Store.open(path, read_only=True) as other_reader:
        monkeypatch.setenv(ONTOLOGY_ENV, str(EXT / "ports.ttl"))
        with Store.open(path, read_only=True) as reader:
            assert not reader.query(ask).boolean  # could not write: the old ontology
        assert not other_reader.query(ask).boolean
    with Store.open(path, read_only=True) as reader:
        assert reader.query(ask).boolean  # upgraded on open
    monkeypatch.delenv(ONTOLOGY_ENV)
    with Store.open(path) as writer:
        assert not writer.query(ask).boolean  # the extension is gone again
