"""The answers every route gives the same way: one-line text errors, the ``Server`` header."""

from __future__ import annotations

from starlette.responses import Response

from .. import __version__

__all__ = ["HTTPError", "SERVER_NAME", "text_response", "error_response"]

#: The ``Server`` header; remote stores recognise the endpoint by it (its union default graph).
SERVER_NAME = f"friendship-graph/{__version__}"


class HTTPError(Exception):
    """A request refused with ``status`` and a one-line ``message`` (plus headers)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def text_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """``message`` as one line of ``text/plain`` (ending with a newline)."""
    return Response((message.rstrip("\n") + "\n").encode(), status,
                    {**(headers or {}), "Content-Type": "text/plain; charset=utf-8"})


def error_response(error: HTTPError) -> Response:
    """The answer to an :class:`HTTPError`."""
    return text_response(error.status, error.message, error.headers)
