"""The documentation is tested: its commands run and print what it shows; nothing is left
undocumented; the generated references are fresh. How a page is read and run (the markers,
the output matching, the servers a page needs) is in ``tests/doc_pages.py``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click
import pytest

from doc_pages import (
    DOCS,
    EXIT_MARK,
    REPO,
    Command,
    PageServers,
    commands_in,
    doc_pages,
    hand_written_pages,
    output_matches,
    page_folder,
    run_command,
    run_page_command,
)
from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV


def test_output_matching_rules() -> None:
    assert output_matches(["a  b", "...", "z"], ["a b", "x", "y", "z", ""])
    assert output_matches(["loaded ... quads"], ["loaded 12 quads"])
    assert output_matches(["..."], [])
    assert not output_matches(["a", "b"], ["a", "c"])
    assert not output_matches(["a"], ["a", "b"])


def test_commands_are_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text\n\n```\n$ friendship-graph queries\npartners: ...\n...\n"
        "$ pip install x\nnoise\n$ friendship-graph stats --format json\n```\n\n"
        "<!-- doc-test: skip runs forever -->\n```console\n$ friendship-graph serve\n```\n",
        encoding="utf-8")
    found = commands_in(page)
    assert [(c.line, c.text, c.expected, c.skip) for c in found] == [
        (4, "friendship-graph queries", ["partners: ...", "..."], ""),
        (9, "friendship-graph stats --format json", [], ""),
        (14, "friendship-graph serve", [], "runs forever"),
    ]



PAGES_WITH_COMMANDS = [p for p in doc_pages() if commands_in(p)]


@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS,
                         ids=[str(p.relative_to(REPO)) for p in PAGES_WITH_COMMANDS])
def test_commands_in_docs_run_and_print_what_is_shown(page: Path, tmp_path: Path) -> None:
    from friendship_graph.store.default import default_store

    default_store().close()  # built once before, so no command prints "building ..."
    cwd = page_folder(page, tmp_path)
    problems, skipped = [], []
    servers = PageServers(cwd, tmp_path)
    try:
        for command in commands_in(page):
            if command.skip:
                skipped.append(f"{command.where} ({command.skip})")
                continue
            code, output, expected = run_page_command(command, cwd, servers)
            status = 0
            if expected and EXIT_MARK.match(expected[-1].strip()):
                status = int(EXIT_MARK.match(expected[-1].strip()).group(1))
                expected.pop()
            shown = "\n".join(output[:40]) + ("\n[...]" if len(output) > 40 else "")
            text = command.text.strip().splitlines()[0] if command.text.strip() else ""
            if code != status:
                problems.append(f"{command.where}: `{text}` exited {code}, expected "
                                f"{status}; output:\n{shown}")
            elif expected and not output_matches(expected, output):
                problems.append(f"{command.where}: `{text}` printed:\n{shown}\n"
                                "--- but the page shows:\n" + "\n".join(expected))
    finally:
        servers.close()
    assert not problems, "\n\n".join(problems)


SPARQL_WORDS = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE|DROP|CLEAR|LOAD)\b"
                          r"|SPARQLWrapper|--endpoint|\bcurl\b|\bserve\b")
#: Pages whose ``python`` blocks all run (test_python_examples_run).
PYTHON_PAGES = ("reference/python-api.md", "tutorial.md", "notebooks.md")


def test_every_sparql_example_is_run() -> None:
    """No SPARQL example of the docs is left out of the tests: none is in a skipped block
    (they run against servers the test starts), and every Python block with SPARQL runs."""
    skipped = [f"{c.where}: {c.text}" for page in doc_pages() for c in commands_in(page)
               if c.skip and SPARQL_WORDS.search(c.text)]
    assert not skipped, "SPARQL examples not run (use doc-test: serve, shell or oxigraph):\n" \
        + "\n".join(skipped)
    not_run = []
    for page in doc_pages():
        text = page.read_text(encoding="utf-8")
        run = {c.line for c in commands_in(page) if c.mode == "python"}
        always = str(page.relative_to(DOCS)) in PYTHON_PAGES if DOCS in page.parents else False
        for match in re.finditer(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
            line = text.count("\n", 0, match.start()) + 2
            if SPARQL_WORDS.search(match.group(1)) and not always and line not in run:
                not_run.append(f"{page.relative_to(REPO)}:{line}")
    assert not not_run, "Python SPARQL examples not run (mark them doc-test: python): " \
        + ", ".join(not_run)


# ----------------------------------------------------------------------------- README


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [b.strip() for b in blocks[:2]]


def test_readme_test_command_is_what_ci_runs() -> None:
    first, second = _readme_commands()
    assert "pytest" in second
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert second in [line.strip() for line in ci.splitlines()], (
        "README's test command and the one in .ci/run differ")


def test_readme_main_command_runs() -> None:
    first, _ = _readme_commands()
    invocation = first.split("&&")[-1].strip()
    assert invocation.startswith("friendship-graph ")
    code, output = run_command(Command(REPO / "README.md", 1, invocation), REPO)
    assert code == 0, "\n".join(output)
    assert output, "the README's main command printed nothing"


# ----------------------------------------------------------------------------- coverage


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in hand_written_pages())


def _command_tree() -> list[tuple[list[str], click.Command]]:
    out = []

    def walk(command: click.Command, path: list[str], parent: click.Context | None) -> None:
        ctx = click.Context(command, info_name=path[-1] if path else "friendship-graph",
                            parent=parent)
        out.append((path, command))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, [*path, name], ctx)

    walk(main, [], None)
    return out


def test_every_command_and_option_is_documented() -> None:
    text = _docs_text()
    words = " ".join(text.split())
    missing = []
    for path, command in _command_tree():
        if path and not re.search(r"(?<![\w-])" + re.escape(" ".join(path)) + r"(?![\w-])",
                                  words):
            missing.append(f"command '{' '.join(path)}'")
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            for name in [*param.opts, *param.secondary_opts]:
                if name.startswith("--") and name != "--help" and not re.search(
                        re.escape(name) + r"(?![\w-])", text):
                    missing.append(f"option {name} of '{' '.join(path) or 'friendship-graph'}'")
    assert not missing, ("undocumented in docs/*.md (hand-written pages): "
                         + "; ".join(sorted(set(missing))))


def test_every_named_query_has_a_section_in_queries_md() -> None:
    from friendship_graph.queries import list_queries

    page = DOCS / "queries.md"
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    headings = [line for line in text.splitlines() if line.startswith("#")]
    missing = [q.name for q in list_queries()
               if not any(re.search(r"(?<![\w-])" + re.escape(q.name) + r"(?![\w-])", h)
                          for h in headings)]
    assert not missing, f"named queries without a section in docs/queries.md: {missing}"


def test_cli_reference_is_fresh() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_cli_reference",
                                                  DOCS / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    fresh = module.render()
    diff = "\n".join(list(difflib.unified_diff(current.splitlines(), fresh.splitlines(),
                                                "committed", "fresh", lineterm=""))[:30])
    assert current == fresh, (
        f"docs/reference/cli.md is stale: run python docs/gen_cli_reference.py\n{diff}")


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = {(DOCS / target).resolve() for target in
              re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", index)}
    missing = [str(p.relative_to(DOCS)) for p in hand_written_pages()
               if p.resolve() not in linked and p.parent.name != "decisions"
               and p != DOCS / "index.md"]
    assert not missing, f"docs/index.md does not link: {missing}"
    broken = [str(p) for p in linked if not p.is_file()]
    assert not broken, f"docs/index.md links missing pages: {broken}"


def test_relative_links_in_docs_resolve() -> None:
    broken = []
    for page in hand_written_pages():
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert not broken, "broken links: " + "; ".join(broken)


def _load_script(name: str):  # noqa: ANN202
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, DOCS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_python_api_reference_lists_every_public_name() -> None:
    """docs/reference/python-api.md is regenerated when modules or public names change."""
    generator = _load_script("gen_api_reference")
    current = (DOCS / "reference" / "python-api.md").read_text(encoding="utf-8")
    missing = []
    for name in generator._modules():
        module = __import__(name, fromlist=["_"])
        if f"## {name}\n" not in current:
            missing.append(name)
        missing += [f"{name}.{public}" for public in getattr(module, "__all__", [])
                    if f"**`{public}" not in current.split(f"## {name}\n", 1)[-1]]
    assert not missing, ("docs/reference/python-api.md is stale: run python "
                         f"docs/gen_api_reference.py (missing: {', '.join(missing)})")


@pytest.mark.parametrize("page", PYTHON_PAGES)
def test_python_examples_run(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    assert blocks, f"no Python example in {page}"
    monkeypatch.chdir(REPO)
    monkeypatch.delenv(ONTOLOGY_ENV, raising=False)
    # The blocks of a page share one namespace, as the cells of a notebook do.
    namespace = {"__name__": "__doc_example__"}
    for block in blocks:
        exec(compile(block, f"docs/{page}", "exec"), namespace)  # noqa: S102
