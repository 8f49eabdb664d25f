"""Checks every request passes before any route sees it: the ``Host`` header (against DNS
rebinding) and the body's declared length (bounded memory).

Both are plain ASGI middleware, so every route module (the SPARQL protocol now, others
later) is behind them.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import text_response

__all__ = ["HostGuard", "BodyLimit", "answered_hosts", "host_of"]

_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARD = ("", "0.0.0.0", "::")
_WITH_BODY = ("POST", "PUT", "PATCH")


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def answered_hosts(bind_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` names a server bound to ``bind_host`` answers: the bound address; for a
    loopback address also ``localhost``, ``127.0.0.1`` and ``::1``; for every interface
    (``0.0.0.0``, ``::``) those and the machine's host name; and the ``extra`` names
    (``--allowed-host``)."""
    host = bind_host.strip("[]").lower()
    names = {host} if host not in _WILDCARD else set()
    address = _ip(host)
    if host == "localhost" or (address is not None and address.is_loopback) \
            or host in _WILDCARD:
        names.update(_LOOPBACK_NAMES)
    if host in _WILDCARD:
        names.add(socket.gethostname().lower())
    names.update(name.strip().lower().rstrip(".") for name in extra if name.strip())
    return frozenset(names)


def host_of(header: str) -> str | None:
    """The host name of a ``Host`` header (lower case, without the port; an IPv6 address
    without its brackets), or None when it is malformed."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        if end < 0 or (header[end + 1:] and not header[end + 1:].startswith(":")):
            return None
        name = header[1:end]
        return name if _ip(name) is not None else None
    name, _, port = header.partition(":")
    if not name or (port and not port.isdigit()) or any(c in name for c in "/\\@ "):
        return None
    return name.rstrip(".")


class HostGuard:
    """Answer only requests whose ``Host`` is one of ``hosts`` (``*`` for any,
    ``*.example.org`` for its subdomains). An IP address is also accepted when the server
    listens on every interface (DNS rebinding needs a name, not an address). Others get
    ``400`` with the option that would allow them."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], *, any_address: bool = False) -> None:
        self.app = app
        self.hosts = frozenset(hosts)
        self.any_address = any_address

    def allows(self, name: str) -> bool:
        """Whether a host name (from :func:`host_of`) is answered."""
        if "*" in self.hosts or name in self.hosts:
            return True
        if self.any_address and _ip(name) is not None:
            return True
        return any(p.startswith("*.") and name.endswith(p[1:]) for p in self.hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = dict(scope["headers"]).get(b"host")
        name = host_of(raw.decode("latin-1")) if raw is not None else None
        if name is None:
            answer = text_response(400, "the request has no valid Host header")
        elif self.allows(name):
            await self.app(scope, receive, send)
            return
        else:
            answer = text_response(
                400, f"this server does not answer for the host {name!r} (a page reaching "
                "it by another name could read it); if that name is right, start the server "
                f"with --allowed-host {name}")
        await answer(scope, receive, send)


class BodyLimit:
    """Refuse a request body before it is read unless its ``Content-Length`` is at most
    ``limit`` bytes: a body without one (``POST`` without ``Content-Length``, or chunked)
    ``411``, a malformed or negative one ``400``, a larger one ``413``. (The HTTP parser
    reads no more than the declared length, so that is all a route can receive.)"""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def refusal(self, method: str, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        """(status, message) when a request with this method and these headers is refused."""
        length = headers.get(b"content-length")
        if b"transfer-encoding" in headers or (length is None and method in _WITH_BODY):
            return 411, ("the request needs a Content-Length header (a chunked body is "
                         "not accepted)")
        if length is None:
            return None
        text = length.decode("latin-1").strip()
        if not text.isdigit():
            return 400, f"bad Content-Length {text!r}: it must be a number of bytes"
        if int(text) > self.limit:
            return 413, f"the request body is larger than {self.limit >> 20} MB"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refusal = self.refusal(scope["method"], dict(scope["headers"]))
            if refusal is not None:
                answer = text_response(*refusal, {"Connection": "close"})
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
