"""The committed files themselves: nothing in them names a folder of the machine they were
written on (a checkout must work, and read, the same anywhere)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Top folders of a development machine's paths (Linux, macOS): a committed file names files
#: by their path in the repository, or "next to the checkout", never by these.
MACHINE_ROOTS = ("work", "root", "home", "Users")
#: An absolute path starts a word: at the start of a line, after a space, a quote, a bracket,
#: "=" or "`" (so "https://example.org/home/" is not one).
ABSOLUTE = re.compile(r"(?:^|[\s\"'(\[<=`])(/(?:" + "|".join(MACHINE_ROOTS)
                      + r")/[^\s\"'`)\]>]*)", re.MULTILINE)


def committed_files() -> list[Path]:
    """The files git tracks in this checkout (with the working tree's content)."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: the committed files are not known")
    listed = subprocess.run([git, "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [REPO / name for name in listed.stdout.decode("utf-8").split("\0") if name]


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file (NUL bytes, not UTF-8) or a missing one."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def absolute_paths(text: str) -> list[tuple[int, str]]:
    """(line, path) of every absolute path of a development machine in ``text``."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in ABSOLUTE.finditer(text)]


def test_the_finder_finds_machine_paths_and_nothing_else() -> None:
    assert absolute_paths("see /work/shared/x.txt\n") == [(1, "/work/shared/x.txt")]
    assert absolute_paths('a\nPath("/home/me/data.csv")') == [(2, "/home/me/data.csv")]
    assert absolute_paths("cd /root/x && `/Users/me/y`") == [(1, "/root/x"), (1, "/Users/me/y")]
    assert absolute_paths("https://example.org/home/page and ../shared/data and ~/x") == []
    assert absolute_paths("tests/data/work/a.ttl, src/home/b.py") == []


def test_no_committed_text_file_names_a_folder_of_this_machine() -> None:
    found = []
    for path in committed_files():
        if path == Path(__file__).resolve():
            continue  # the examples of the finder's own test above
        text = text_of(path)
        if text is None:
            continue
        for line, name in absolute_paths(text):
            found.append(f"{path.relative_to(REPO)}:{line}: {name}")
    assert not found, ("absolute paths of a development machine in committed files (name "
                       "files relative to the repository, or 'next to the checkout'):\n"
                       + "\n".join(found))
