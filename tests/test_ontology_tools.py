"""``ontology check`` (the lint) and ``ontology docs`` (the reference generator)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef

from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV, load_ontology
from friendship_graph.ontology_tools import (
    check_ontology,
    declared_terms,
    released_terms,
    write_reference,
)
from friendship_graph.resources import ontology_dir
from friendship_graph.vocab import ONTOLOGY_IRI, OWL

EXT = Path(__file__).resolve().parent / "data" / "extensions"


def _codes(report) -> dict[str, list[int | None]]:  # noqa: ANN001
    out: dict[str, list[int | None]] = {}
    for finding in report.findings:
        out.setdefault(finding.code, []).append(finding.line)
    return out


def test_bundled_ontology_has_no_errors() -> None:
    report = check_ontology()
    assert report.ok, report.to_text(warnings=False)
    assert report.terms >= 100


def test_bundled_ontology_passes_its_own_lint_without_warnings() -> None:
    """Every property has a domain and a range, every class a shape (issue 21: 29 warnings)."""
    report = check_ontology()
    assert report.warnings == [], report.to_text()
    result = CliRunner().invoke(main, ["ontology", "check"], env={ONTOLOGY_ENV: ""})
    assert result.exit_code == 0
    assert result.output.strip().endswith("OK (0 error(s), 0 warning(s))")


def test_good_extension_is_clean() -> None:
    report = check_ontology([EXT / "ports.ttl"])
    assert report.findings == [], report.to_text()
    assert report.terms == 2


def test_bad_extension_every_problem_with_its_line() -> None:
    report = check_ontology([EXT / "bad-extension.ttl"])
    assert not report.ok
    codes = _codes(report)
    lines = (EXT / "bad-extension.ttl").read_text(encoding="utf-8").splitlines()

    def line_of(text: str) -> int:
        return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))

    assert codes["label-zh"] == [line_of("fg:NoChineseLabel")]
    assert codes["definition"] == [line_of("fg:NoDefinition")]
    assert codes["undefined-parent"] == [line_of("fg:UndefinedParent")]
    assert codes["namespace"] == [line_of("ex:Outside")]
    assert codes["duplicate"] == [line_of("fg:City")]
    assert line_of("fg:looseRelation") in codes["domain-range"]
    assert line_of("fg:Unchecked") in codes["no-shape"]
    assert "label-en" not in codes
    by_code = {f.code: f for f in report.findings}
    assert "fg:Partnershp" in by_code["undefined-parent"].message
    assert "core.ttl" in by_code["duplicate"].message
    assert by_code["no-shape"].severity == by_code["domain-range"].severity == "warning"
    assert all(f.file.endswith("bad-extension.ttl") for f in report.findings)


def test_syntax_error_is_a_finding_with_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix fg: <https://w3id.org/friendship-graph/ontology#> .\n\n"
                   "fg:Broken a \n", encoding="utf-8")
    report = check_ontology([bad])
    assert [f.code for f in report.errors] == ["syntax"]
    assert report.errors[0].line in (3, 4)


def test_removed_and_renamed_terms(tmp_path: Path) -> None:
    version, terms = released_terms()
    assert version == str(load_ontology().graph.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo))
    assert ("https://w3id.org/friendship-graph/ontology#Partnership"
            in {iri for _, iri in terms})
    released = tmp_path / "released-terms.txt"
    released.write_text(
        "# version: 0.1.0\n"
        "https://w3id.org/friendship-graph/ontology#City  # city or town\n"
        "https://w3id.org/friendship-graph/ontology#Harbour  # port city\n",
        encoding="utf-8")
    report = check_ontology([EXT / "ports.ttl"], released=released)
    removed = [f for f in report.errors if f.code == "removed"]
    assert len(removed) == 1
    assert removed[0].line == 3 and removed[0].file.endswith("released-terms.txt")
    assert "fg:Harbour" in removed[0].message and "renamed to fg:PortCity?" in removed[0].message


def test_version_needs_a_changelog_section(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# Changelog\n\n## 0.0.9\n\nOld.\n", encoding="utf-8")
    report = check_ontology(changelog=changelog)
    assert [f.code for f in report.errors] == ["changelog"]
    assert report.errors[0].file.endswith("core.ttl") and report.errors[0].line


def test_released_terms_file_matches_the_ontology() -> None:
    """Every released term is still declared (also checked by 'ontology check')."""
    declared = {str(t) for t in declared_terms(load_ontology().graph)}
    _, terms = released_terms(ontology_dir() / "released-terms.txt")
    assert {iri for _, iri in terms} <= declared


def test_cli_check_exit_status_and_output() -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["ontology", "check", str(EXT / "ports.ttl")],
                         env={ONTOLOGY_ENV: ""})
    assert good.exit_code == 0, good.output
    assert good.output.strip().endswith("OK (0 error(s), 0 warning(s))")
    bad = runner.invoke(main, ["ontology", "check", "--errors-only",
                               str(EXT / "bad-extension.ttl")], env={ONTOLOGY_ENV: ""})
    assert bad.exit_code == 1
    assert "warning:" not in bad.output
    assert re.search(r"bad-extension\.ttl:\d+: error: fg:NoChineseLabel has no Chinese label",
                     bad.output)


def test_reference_pages(tmp_path: Path, jinzhong_store) -> None:  # noqa: ANN001
    written = write_reference(tmp_path / "ref", jinzhong_store)
    assert sorted(p.name for p in written) == ["classes.md", "concepts.md", "index.md",
                                               "properties.md"]
    classes = (tmp_path / "ref" / "classes.md").read_text(encoding="utf-8")
    properties = (tmp_path / "ref" / "properties.md").read_text(encoding="utf-8")
    index = (tmp_path / "ref" / "index.md").read_text(encoding="utf-8")
    concepts = (tmp_path / "ref" / "concepts.md").read_text(encoding="utf-8")
    graph = load_ontology().graph
    from friendship_graph.ontology_tools import _short

    for term in declared_terms(graph):
        if str(term).startswith("https://w3id.org/friendship-graph/"):
            assert f"## {_short(str(term))} " in classes + properties + concepts or \
                f"### {_short(str(term))} " in concepts, term
    # both languages, definitions, hierarchy, alignments, an example
    assert "| label (zh) | 友好城市关系 |" in classes
    assert "| exact match | `wdt:P190` |" in properties
    assert "[fg:Partnership](#fg-partnership)" in classes
    assert "- [fg:Place](classes.md#fg-place) (place)" in index
    assert "  - [fg:City](classes.md#fg-city) (city or town)" in index
    section = classes.split("## fg:LetterOfIntent ")[1].split("\n## ")[0]
    assert "Example from the data:" in section and "fg:LetterOfIntent" in section
    section = properties.split("## fg:twinnedWith ")[1].split("\n## ")[0]
    assert "(derived by the rules)" in section
    section = properties.split("## fg:party ")[1].split("\n## ")[0]  # a union, in words
    assert "| range | [fg:Place](classes.md#fg-place) (place) or [fg:Organization](classes.md" \
           "#fg-organization) (organisation) |" in section
    section = properties.split("## fg:signedOn ")[1].split("\n## ")[0]
    assert "| range | `xsd:date` or `xsd:gYearMonth` or `xsd:gYear` |" in section
    assert "### fgc:established " in concepts


def test_cli_docs_writes_and_reports(tmp_path: Path, jinzhong_file: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    loaded = runner.invoke(main, ["--store", str(store), "load", str(jinzhong_file)],
                           env={ONTOLOGY_ENV: ""})
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(main, ["--store", str(store), "ontology", "docs", "-o",
                                  str(tmp_path / "out")], env={ONTOLOGY_ENV: ""})
    assert result.exit_code == 0, result.output
    assert "wrote 4 files to" in result.output
    assert "Example from the data:" in (tmp_path / "out" / "classes.md").read_text("utf-8")


def test_committed_reference_lists_every_term() -> None:
    """docs/reference/ontology/ is regenerated when the ontology changes."""
    from friendship_graph.ontology_tools import _short

    folder = Path(__file__).resolve().parents[1] / "docs" / "reference" / "ontology"
    text = "".join((folder / name).read_text(encoding="utf-8")
                   for name in ("classes.md", "properties.md", "concepts.md"))
    assert (folder / "index.md").is_file()
    graph = load_ontology().graph
    missing = [_short(str(t)) for t in declared_terms(graph)
               if str(t).startswith("https://w3id.org/friendship-graph/")
               and f"# {_short(str(t))} " not in text]
    assert not missing, ("docs/reference/ontology/ is stale; run: friendship-graph ontology docs "
                         f"-o docs/reference/ontology  (missing: {', '.join(sorted(missing))})")


def test_deprecated_term_in_reference(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    extension = tmp_path / "old.ttl"
    extension.write_text(
        "@prefix fg: <https://w3id.org/friendship-graph/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "fg:TownTwinning a owl:Class ; rdfs:subClassOf fg:Partnership ;\n"
        '    rdfs:label "town twinning (old name)"@en , "城镇结对(旧名)"@zh ;\n'
        '    skos:definition "Old name of fg:Twinning."@en ;\n'
        "    owl:deprecated true ; dcterms:isReplacedBy fg:Twinning .\n", encoding="utf-8")
    monkeypatch.setenv(ONTOLOGY_ENV, str(extension))
    assert check_ontology([extension]).ok
    write_reference(tmp_path / "ref")
    classes = (tmp_path / "ref" / "classes.md").read_text(encoding="utf-8")
    section = classes.split("## fg:TownTwinning ")[1].split("\n## ")[0]
    assert "| deprecated | yes: use [fg:Twinning](#fg-twinning) (twinning) |" in section
