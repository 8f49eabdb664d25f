"""How the docs tests read and run a page (tests/test_docs.py uses it).

How a docs page shows a command (docs/index.md, "Writing docs", says the same for authors)::

    ```
    $ friendship-graph query partners --param place=Jinzhong --format csv
    partner,partnerLabel,...
    ...
    ```

* Every line of a fenced block that starts with ``$ friendship-graph`` is run, in order, for
  each page in a temporary folder of its own (so files a page writes are there for its later
  commands; copies of ``data/`` and ``ontology/`` and a link to ``tests/`` are in it, unless
  the page has the line ``<!-- doc-test: empty folder -->``: then the folder starts empty, as
  for a user who installed the package). Commands answer from the bundled data unless they
  name ``--store``.
* The lines after a command, up to the next ``$`` line or the end of the block, are its
  expected output (stdout and stderr as a terminal shows them). Whitespace runs compare
  equal; a line ``...`` stands for any number of lines and ``...`` inside a line for any
  text. No lines shown: only the exit status is checked.
* The exit status must be 0, unless the shown output ends with a line ``[exit status N]``.
* Other ``$`` lines (``$ pip install ...``) are shown, not run. A block right after the line
  ``<!-- doc-test: skip REASON -->`` is not run.
* Servers, so that every SPARQL example runs: the command of a block right after
  ``<!-- doc-test: serve -->`` (``friendship-graph ... serve``) is started on a free port and
  runs until the page ends or the next such block; its first line is compared with the shown
  one. In a block after ``<!-- doc-test: shell -->`` every ``$`` line runs (``curl ...``), and
  after ``<!-- doc-test: oxigraph -->`` too, with a fresh ``oxigraph serve`` running. In the
  commands and outputs, ``127.0.0.1:7879`` stands for the served port and ``localhost:7878``
  for Oxigraph's. A ``python`` block after ``<!-- doc-test: python -->`` is run with the same
  ports; the comment lines after ``# prints:`` at its end are its expected output.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

import click
from click.testing import CliRunner

from conftest import OxigraphServer, free_port
from friendship_graph.cli import main
from friendship_graph.ontology import ONTOLOGY_ENV

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
#: Generated pages: they document everything by construction, so they do not count.
GENERATED = [DOCS / "reference" / "cli.md", DOCS / "reference" / "python-api.md",
             DOCS / "reference" / "ontology"]
PROMPT = "$ "
SKIP_MARK = re.compile(r"<!--\s*doc-test:\s*(skip|serve|shell|oxigraph|python)\b(.*?)-->")
EMPTY_MARK = re.compile(r"^<!--\s*doc-test:\s*empty folder\s*-->$", re.MULTILINE)
EXIT_MARK = re.compile(r"^\[exit status (\d+)\]$")



@dataclass
class Command:
    file: Path
    line: int
    text: str
    expected: list[str] = field(default_factory=list)
    skip: str = ""
    #: "" (a friendship-graph command), "serve", "shell", "oxigraph" or "python" (see above)
    mode: str = ""

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
    mode = skip = ""
    pending: tuple[str, str] = ("", "")
    current: Command | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        marker = SKIP_MARK.search(line)
        if fence is None:
            if marker:
                pending = (marker.group(1), marker.group(2).strip() or "marked skip")
                continue
            match = re.match(r"^\s*(```+|~~~+)(\w*)", line)
            if match:
                fence, (mode, reason), pending = match.group(1), pending, ("", "")
                skip = reason if mode == "skip" else ""
                mode = "" if mode == "skip" else mode
                current = None
                if mode == "python" and match.group(2) == "python":
                    current = Command(path, number + 1, "", mode="python")
                    out.append(current)
            elif stripped:
                pending = ("", "")
            continue
        if stripped.startswith(fence[:3]) and stripped.strip("`~") == "":
            fence, current = None, None
            continue
        if mode == "python":
            if current is not None:
                current.text += line + "\n"
            continue
        if stripped.startswith(PROMPT.strip()) and (stripped == "$" or
                                                    stripped.startswith(PROMPT)):
            text = stripped[len(PROMPT):].strip()
            if (text.startswith("friendship-graph ") or text == "friendship-graph"
                    or mode in ("shell", "oxigraph") or skip):
                current = Command(path, number, text, skip=skip, mode=mode)
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



# ----------------------------------------------------------------------------- running


_SHELL = re.compile(r"[|<>;&]|\$\(")


def _may_not_stop(text: str) -> bool:
    """A command with a --port option is a server: run it in a subprocess with a timeout."""
    command: click.Command = main
    for token in shlex.split(text)[1:]:
        if isinstance(command, click.Group) and token in command.commands:
            command = command.commands[token]
    return any("--port" in getattr(p, "opts", []) for p in command.params)


def _process_env() -> dict[str, str]:
    """The environment of a command run as a process: the test's, with this Python's scripts
    first on PATH, no store named, no extension, no colours."""
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items()
           if k not in ("FRIENDSHIP_GRAPH_STORE", "FRIENDSHIP_GRAPH_PROJECT")}
    env.update({ONTOLOGY_ENV: "", "COLUMNS": "100", "NO_COLOR": "1",
                "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})
    return env


def run_command(command: Command, cwd: Path) -> tuple[int, list[str]]:
    """Run a docs command in ``cwd``: in-process with CliRunner, or with bash when it uses
    pipes or redirections or is not a friendship-graph command (``curl`` in a shell block).
    Returns the exit status and the output lines."""
    env = {ONTOLOGY_ENV: "", "FRIENDSHIP_GRAPH_STORE": None, "FRIENDSHIP_GRAPH_PROJECT": None,
           "COLUMNS": "100", "NO_COLOR": "1"}
    if (_SHELL.search(command.text) or not command.text.startswith("friendship-graph")
            or _may_not_stop(command.text)):
        full_env = _process_env()
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


def page_folder(page: Path, tmp_path: Path) -> Path:
    """The folder for a page's commands: ``tmp_path`` with copies of data/ and ontology/ (a
    command that writes there must not change the repository) and tests/ linked (read only
    by the docs); empty for a page marked ``<!-- doc-test: empty folder -->``."""
    import shutil

    if EMPTY_MARK.search(page.read_text(encoding="utf-8")):
        return tmp_path
    for name in ("data", "ontology"):
        shutil.copytree(REPO / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    return tmp_path


#: The addresses the pages write for the servers (the defaults of ``friendship-graph serve``
#: and ``oxigraph serve``); in the test they stand for the servers it starts.
SERVED, OXIGRAPH = "127.0.0.1:7879", "localhost:7878"


class PageServers:
    """The servers a page's SPARQL examples talk to: a ``friendship-graph serve`` started by
    a ``serve`` block (until the page ends or the next one) and an ``oxigraph serve`` for the
    ``oxigraph`` blocks, each on a free port."""

    def __init__(self, cwd: Path, tmp: Path) -> None:
        self.cwd, self.tmp = cwd, tmp
        self.ports: dict[str, int] = {}
        self.serve: subprocess.Popen | None = None
        self.oxigraph: OxigraphServer | None = None

    def substitute(self, text: str) -> str:
        """``text`` with the pages' addresses replaced by those of the running servers."""
        for shown, port in self.ports.items():
            text = text.replace(shown, f"127.0.0.1:{port}")
        return text

    def start_serve(self, command: Command, timeout: float = 120.0) -> tuple[int, list[str]]:
        """Start the block's ``serve`` command on a free port; its exit status (0 while it
        runs) and the lines it printed up to "serving ..." and the "workbench: ..." line after
        it (the last line serve prints when it is ready)."""
        self.stop_serve()
        port = free_port()
        args = [*shlex.split(command.text)[1:], "--port", str(port)]
        process = subprocess.Popen([sys.executable, "-m", "friendship_graph.cli", *args],
                                   cwd=self.cwd, env=_process_env(), text=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True)
        lines: list[str] = []
        ready = threading.Event()

        def read() -> None:  # all of stderr, so that the server never blocks on a full pipe
            for line in process.stderr:
                if not ready.is_set():
                    lines.append(line.rstrip("\n"))
                    if line.startswith("workbench: "):
                        ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(timeout)
        self.serve = process
        if process.poll() is not None or not any(line.startswith("serving ") for line in lines):
            self.stop_serve()
            return process.returncode if process.returncode is not None else -1, lines
        self.ports[SERVED] = port
        return 0, [line.replace(f"127.0.0.1:{port}", SERVED) for line in lines]

    def start_oxigraph(self) -> None:
        if self.oxigraph is None:
            self.oxigraph = OxigraphServer(self.tmp / "oxigraph").start()
            self.ports[OXIGRAPH] = self.oxigraph.port

    def stop_serve(self) -> None:
        """Stop the server as Ctrl-C does (its worker processes are in its process group)."""
        process, self.serve = self.serve, None
        self.ports.pop(SERVED, None)
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.stderr.close()

    def close(self) -> None:
        self.stop_serve()
        if self.oxigraph is not None:
            self.oxigraph.stop()


def run_python(command: Command, servers: PageServers) -> tuple[int, list[str], list[str]]:
    """Run a ``python`` block (with the servers' ports): exit status, printed lines, and the
    lines its ``# prints:`` comment shows."""
    code = servers.substitute(command.text)
    _, _, shown = code.partition("# prints:\n")
    expected = [line.removeprefix("#").removeprefix(" ") for line in shown.splitlines()]
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, command.where, "exec"), {"__name__": "__doc_example__"})  # noqa: S102
    except Exception as error:  # noqa: BLE001 - reported as the page's problem
        return 1, [*printed.getvalue().splitlines(), f"{type(error).__name__}: {error}"], \
            expected
    return 0, printed.getvalue().splitlines(), expected


def run_page_command(command: Command, cwd: Path, servers: PageServers,
                     ) -> tuple[int, list[str], list[str]]:
    """Run one command of a page as its block's mode says: exit status, output lines, and
    the expected lines (with the servers' ports)."""
    expected = [servers.substitute(line) for line in command.expected]
    if command.mode == "python":
        return run_python(command, servers)
    if command.mode == "serve":
        code, output = servers.start_serve(command)
        return code, output, list(command.expected)
    if command.mode == "oxigraph":
        servers.start_oxigraph()
    code, output = run_command(replace(command, text=servers.substitute(command.text)), cwd)
    return code, output, expected


