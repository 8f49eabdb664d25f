"""The documentation is tested: its commands run and print what it shows; nothing is left
undocumented; the generated references are fresh.

How a docs page shows a command (docs/index.md, "Writing docs", says the same for authors)::

    ```
    $ friendship-graph query partners --param place=Jinzhong --format csv
    partner,partnerLabel,...
    ...
    ```

* Every line of a fenced block that starts with ``$ friendship-graph`` is run, in order, for
  each page in a temporary folder of its own (so files a page writes are there for its later
  commands; copies of ``data/`` and ``ontology/`` and a link to ``tests/`` are in it).
  Commands answer from the bundled data unless they name ``--store``.
* The lines after a command, up to the next ``$`` line or the end of the block, are its
  expected output (stdout and stderr as a terminal shows them). Whitespace runs compare
  equal; a line ``...`` stands for any number of lines and ``...`` inside a line for any
  text. No lines shown: only the exit status is checked.
* The exit status must be 0, unless the shown output ends with a line ``[exit status N]``.
* Other ``$`` lines (``$ pip install ...``) are shown, not run. A block right after the line
  ``<!-- doc-test: skip REASON -->`` is not run (for servers that do not stop by themselves).
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
#: Generated pages: they document everything by construction, so they do not count.
GENERATED = [DOCS / "reference" / "cli.md", DOCS / "reference" / "python-api.md",
             DOCS / "reference" / "ontology"]
PROMPT = "$ "
SKIP_MARK = re.compile(r"<!--\s*doc-test:\s*skip\b(.*?)-->")
EXIT_MARK = re.compile(r"^\[exit status (\d+)\]$")


@dataclass
class Command:
    file: Path
    line: int
    text: str
    expected: list[str] = field(default_factory=list)
    skip: str = ""

    @property
    def where(self) -> str:
        return f"{self.file.relative_to(REPO)}:{self.line}"


def doc_pages() -> list[Path]:
    pages = [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [p for p in pages if p.is_file()]


def hand_written_pages() -> list[Path]:
    return [p for p in doc_pages() if p != REPO / "README.md"
            and not any(p == g or g in p.parents for g in GENERATED)]


def commands_in(path: Path) -> list[Command]:
    """The ``$ friendship-graph`` commands of a Markdown page, with their shown output."""
    out: list[Command] = []
    fence: str | None = None
    skip = ""
    pending_skip = ""
    current: Command | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        marker = SKIP_MARK.search(line)
        if fence is None:
            if marker:
                pending_skip = marker.group(1).strip() or "marked skip"
                continue
            match = re.match(r"^\s*(```+|~~~+)", line)
            if match:
                fence, skip, pending_skip = match.group(1), pending_skip, ""
            elif stripped:
                pending_skip = ""
            continue
        if stripped.startswith(fence[:3]) and stripped.strip("`~") == "":
            fence, current = None, None
            continue
        if stripped.startswith(PROMPT.strip()) and (stripped == "$" or
                                                    stripped.startswith(PROMPT)):
            text = stripped[len(PROMPT):].strip()
            if text.startswith("friendship-graph ") or text == "friendship-graph":
                current = Command(path, number, text, skip=skip)
                out.append(current)
            else:
                current = None
            continue
        if current is not None:
            current.expected.append(line.rstrip())
    for command in out:
        while command.expected and not command.expected[-1].strip():
            command.expected.pop()
    return out


# ----------------------------------------------------------------------------- matching


def _normal(line: str) -> str:
    return " ".join(line.split())


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line match; ``...`` alone matches any lines, inside a line any text."""
    patterns = [_normal(line) for line in expected]
    lines = [_normal(line) for line in actual]
    while lines and not lines[-1]:
        lines.pop()

    def line_ok(pattern: str, line: str) -> bool:
        if "..." not in pattern:
            return pattern == line
        regex = ".*".join(re.escape(part) for part in pattern.split("..."))
        return re.fullmatch(regex, line) is not None

    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) in memo:
            return memo[i, j]
        if i == len(patterns):
            result = j == len(lines)
        elif patterns[i] == "...":
            result = any(match(i + 1, k) for k in range(j, len(lines) + 1))
        else:
            result = j < len(lines) and line_ok(patterns[i], lines[j]) and match(i + 1, j + 1)
        memo[i, j] = result
        return result

    return match(0, 0)


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


# ----------------------------------------------------------------------------- running


_SHELL = re.compile(r"[|<>;&]|\$\(")


def _may_not_stop(text: str) -> bool:
    """A command with a --port option is a server: run it in a subprocess with a timeout."""
    command: click.Command = main
    for token in shlex.split(text)[1:]:
        if isinstance(command, click.Group) and token in command.commands:
            command = command.commands[token]
    return any("--port" in getattr(p, "opts", []) for p in command.params)


def run_command(command: Command, cwd: Path) -> tuple[int, list[str]]:
    """Run a docs command in ``cwd``: in-process with CliRunner, or with bash when it uses
    pipes or redirections. Returns the exit status and the output lines."""
    env = {ONTOLOGY_ENV: "", "FRIENDSHIP_GRAPH_STORE": None, "FRIENDSHIP_GRAPH_PROJECT": None,
           "COLUMNS": "100", "NO_COLOR": "1"}
    if _SHELL.search(command.text) or _may_not_stop(command.text):
        bin_dir = Path(sys.executable).parent
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("FRIENDSHIP_GRAPH_STORE", "FRIENDSHIP_GRAPH_PROJECT")}
        full_env.update({ONTOLOGY_ENV: "", "COLUMNS": "100", "NO_COLOR": "1",
                         "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})
        try:
            done = subprocess.run(["bash", "-c", command.text], cwd=cwd, env=full_env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  timeout=120, check=False)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{command.where}: `{command.text}` did not finish in 120 s; "
                                 "a server? put <!-- doc-test: skip REASON --> before its "
                                 "block") from None
        return done.returncode, done.stdout.splitlines()
    args = shlex.split(command.text)[1:]
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=True,
                                    terminal_width=100)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command.where}: {command.text} raised "
                             f"{type(result.exception).__name__}: {result.exception}")
    return result.exit_code, result.output.splitlines()


def _workdir(tmp_path: Path) -> Path:
    """A folder for a page's commands: copies of data/ and ontology/ (a command that writes
    there must not change the repository), and tests/ linked (read only by the docs)."""
    import shutil

    for name in ("data", "ontology"):
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    return tmp_path


PAGES_WITH_COMMANDS = [p for p in doc_pages() if commands_in(p)]


@pytest.mark.parametrize("page", PAGES_WITH_COMMANDS,
                         ids=[str(p.relative_to(REPO)) for p in PAGES_WITH_COMMANDS])
def test_commands_in_docs_run_and_print_what_is_shown(page: Path, tmp_path: Path) -> None:
    from friendship_graph.store.default import default_store

    default_store().close()  # built once before, so no command prints "building ..."
    cwd = _workdir(tmp_path)
    problems, skipped = [], []
    for command in commands_in(page):
        if command.skip:
            skipped.append(f"{command.where} ({command.skip})")
            continue
        expected = list(command.expected)
        status = 0
        if expected and EXIT_MARK.match(expected[-1].strip()):
            status = int(EXIT_MARK.match(expected[-1].strip()).group(1))
            expected.pop()
        code, output = run_command(command, cwd)
        shown = "\n".join(output[:40]) + ("\n[...]" if len(output) > 40 else "")
        if code != status:
            problems.append(f"{command.where}: `{command.text}` exited {code}, expected "
                            f"{status}; output:\n{shown}")
        elif expected and not output_matches(expected, output):
            problems.append(f"{command.where}: `{command.text}` printed:\n{shown}\n"
                            "--- but the page shows:\n" + "\n".join(expected))
    assert not problems, "\n\n".join(problems)


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


@pytest.mark.parametrize("page", ["reference/python-api.md", "tutorial.md", "notebooks.md"])
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
