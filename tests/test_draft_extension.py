"""A librarian's new kinds of agreement and event, with their cues, reach the drafter with no
Python change: tests/data/extensions/charters.ttl, dropped into ontology/extensions/ of a
temporary copy of the ontology folder (as tests/test_extension.py installs ports.ttl)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

import friendship_graph.ontology as ontology_module
import friendship_graph.ontology_tools as tools_module
from conftest import DATA
from friendship_graph.draft import Gazetteer, draft_text
from friendship_graph.ontology import ONTOLOGY_ENV
from friendship_graph.resources import ontology_dir
from friendship_graph.vocab import FG, FGC

EXTENSION = DATA / "extensions" / "charters.ttl"
ARTICLE = DATA / "draft" / "extension-charter.txt"


def _draft() -> Graph:
    dataset, _ = draft_text(ARTICLE, "2019-10-30", gazetteer=Gazetteer.countries_only())
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


@pytest.fixture
def extended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "extensions").mkdir(exist_ok=True)
    shutil.copy(EXTENSION, folder / "extensions" / "charters.ttl")
    monkeypatch.setattr(ontology_module, "ontology_dir", lambda: folder)
    monkeypatch.setattr(tools_module, "ontology_dir", lambda: folder)
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    return folder


def test_without_the_extension_the_words_mean_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    graph = _draft()
    assert not list(graph.subjects(RDF.type, FG.FriendshipCharter))
    assert not list(graph.subjects(RDF.type, FG.YouthCamp))
    assert list(graph.subjects(RDF.type, FG.SisterCityPartnership))  # still a partnership


def test_the_extension_is_found_by_the_drafter(extended: Path) -> None:
    from friendship_graph.ontology_tools import check_ontology

    report = check_ontology([extended / "extensions" / "charters.ttl"])
    assert report.errors == [], report.to_text()
    graph = _draft()
    charters = list(graph.subjects(RDF.type, FG.FriendshipCharter))
    assert len(charters) == 1
    assert str(graph.value(charters[0], FG.title)) == "晋中—索尔诺克友好城市宪章"
    assert str(graph.value(charters[0], FG.signedOn)) == "2019-04"
    assert len(set(graph.objects(charters[0], FG.party))) == 2
    # the charter records an established partnership (fg:recordsStatus of the new class)
    partnership = graph.value(None, FG.establishedBy, charters[0])
    assert graph.value(partnership, FG.status) == FGC.established
    camps = list(graph.subjects(RDF.type, FG.YouthCamp))
    assert len(camps) == 1
    assert str(graph.value(camps[0], FG.date)) == "2019-07"
    assert graph.value(camps[0], FG.edition) is not None
    quantity = graph.value(camps[0], FG.reportedQuantity)
    assert str(graph.value(quantity, FG.quantityValue)) == "60"
