"""What a server serves and its limits (no HTTP here: the app and the runner read them)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ServerSettings", "DEFAULT_PORT", "MAX_BODY"]

DEFAULT_PORT = 7879
#: Bodies larger than this are refused (413): a query or an update is text, not a data dump.
MAX_BODY = 16 << 20


@dataclass
class ServerSettings:
    """What a server serves and its limits.

    ``cors_origins``: origins whose web pages may read the answers (CORS; none by default,
    ``"*"`` for any). ``allowed_hosts``: ``Host`` header names answered besides the bound
    address (``"*"`` for any, ``"*.example.org"`` for subdomains). ``raw_csv``: CSV and
    TSV answers with cells exactly as they are (by default a cell a spreadsheet would run as
    a formula gets a leading ``'``).
    """

    store_path: str
    timeout: float = 30.0
    max_results: int = 100_000
    allow_updates: bool = False
    token: str | None = None
    workers: int = 2
    allow_network: bool = False
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    raw_csv: bool = False
