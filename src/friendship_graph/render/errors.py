"""The error of the HTML export."""

from __future__ import annotations

from ..errors import FriendshipGraphError

__all__ = ["HtmlExportError"]


class HtmlExportError(FriendshipGraphError):
    """The HTML could not be made or written."""
