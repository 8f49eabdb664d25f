"""What both reference generators do with their text: write it, or check the file is fresh."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(output: Path, text: str, script: str, argv: list[str]) -> int:
    """Write ``text`` to ``output``; with ``--check`` in ``argv`` only compare (exit 1 if
    stale, naming ``script`` to run)."""
    if "--check" in argv:
        current = output.read_text(encoding="utf-8") if output.is_file() else ""
        if current != text:
            print(f"{output} is stale: run python docs/{script}", file=sys.stderr)
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)
    return 0
