"""Where a node or a term first appears in the files being checked: the file and line a
finding names. Each file is read once into an index of the IRIs it writes (in full, or as
prefixed names with the file's own prefixes)."""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from pathlib import Path

from .report import Finding

__all__ = ["locate_findings", "iri_lines"]

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>", re.I)
_FULL = re.compile(r"<([^<>\s\"{}|^`\\]*)>")
_NAME = re.compile(r"(?<![\w<@\"'\\/#-])([A-Za-z][\w\-.]*)?:"
                   r"((?:[\w\-:%]|\\[^\s]|\.(?=[\w\-:%\\]))*)")
_ESCAPE = re.compile(r"\\(.)")


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            return ""
    return data.decode("utf-8", errors="replace")


def iri_lines(path: Path) -> dict[str, int]:
    """The first line (1-based) on which each IRI appears in the file."""
    prefixes: dict[str, str] = {}
    first: dict[str, int] = {}
    for number, line in enumerate(_text(path).splitlines(), start=1):
        declared = _PREFIX.match(line)
        if declared:
            prefixes[declared.group(1) or ""] = declared.group(2)
            continue
        if line.lstrip().startswith("#"):
            continue
        for match in _FULL.finditer(line):
            first.setdefault(match.group(1), number)
        if prefixes:
            for match in _NAME.finditer(line):
                namespace = prefixes.get(match.group(1) or "")
                if namespace is not None:
                    local = _ESCAPE.sub(r"\1", match.group(2))
                    first.setdefault(namespace + local, number)
        if '"@id"' in line or "about=" in line or "resource=" in line:
            for match in re.finditer(r"\"(?:@id|@type)\"\s*:\s*\"([^\"]+)\"|"
                                     r"(?:about|resource)=\"([^\"]+)\"", line):
                first.setdefault(match.group(1) or match.group(2), number)
    return first


def locate_findings(findings: Sequence[Finding], paths: Sequence[str | Path]) -> None:
    """Give each finding the first file (of ``paths``) and line that write its node; for an
    unknown term, its use. A blank node is found through the node's statements only when no
    IRI names it: then the finding names the first file."""
    indexes = [(Path(p), iri_lines(Path(p))) for p in paths]
    for finding in findings:
        wanted = [finding.focus]
        if finding.component == "UnknownTerm":
            wanted = [finding.value, finding.focus]
        for iri in wanted:
            hit = next(((p, index[iri]) for p, index in indexes if iri in index), None)
            if hit is not None:
                finding.file, finding.line = str(hit[0]), hit[1]
                break
        else:
            finding.file = str(indexes[0][0]) if indexes else ""
