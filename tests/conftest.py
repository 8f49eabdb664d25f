"""Shared fixtures. Topic-specific fixtures live in the test module that needs them, or below
in a section named after the topic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from friendship_graph.store import Store

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip locally when a real part (server, browser) is missing; fail in CI (CI=true)."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


# ----------------------------------------------------------------------------- browser

#: Headless Chromium's flags for the browser tests (no sandbox in containers, no updates,
#: no network of its own).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_or_skip() -> str:
    """The path of Debian's Chromium, with Playwright importable; skip (locally) or fail (in
    CI) when either is missing."""
    import shutil

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("playwright (Python) is not installed")
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    skip_or_fail("chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------- terminal


def run_on_a_terminal(args: list[str], cwd: Path | None = None,
                      timeout: float = 300) -> tuple[int, bytes, bytes]:
    """Run ``friendship-graph ARGS`` with stderr a pseudo-terminal (where progress shows):
    (exit status, stdout, what the terminal received)."""
    import pty
    import select
    import subprocess
    import sys

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "friendship_graph.cli", *args],
                               stdout=subprocess.PIPE, stderr=slave, cwd=cwd)
    os.close(slave)
    stdout, _ = process.communicate(timeout=timeout)
    seen = b""
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return process.returncode, stdout, seen


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Default stores built by the tests go to a temporary home, not the user's."""
    home = tmp_path_factory.mktemp("fg-home")
    os.environ["FRIENDSHIP_GRAPH_HOME"] = str(home)
    os.environ.pop("FRIENDSHIP_GRAPH_STORE", None)


@pytest.fixture
def memory_store() -> Store:
    """An in-memory store with the ontology only."""
    with Store.memory() as store:
        yield store


@pytest.fixture(scope="session")
def jinzhong_file() -> Path:
    return REPO / "data" / "jinzhong-2019-10-30.trig"


@pytest.fixture
def jinzhong_store(jinzhong_file: Path) -> Store:
    """An in-memory store with the ontology and the Jinzhong dataset."""
    with Store.memory() as store:
        store.load_files([jinzhong_file])
        yield store


@pytest.fixture
def disk_store(tmp_path: Path) -> Path:
    """A path for a new on-disk store (created on first write)."""
    return tmp_path / "store"


# --- oxigraph server ---


@pytest.fixture(autouse=True, scope="session")
def _no_endpoint_from_the_environment() -> None:
    """A FRIENDSHIP_GRAPH_ENDPOINT set in the developer's shell must not redirect the tests."""
    os.environ.pop("FRIENDSHIP_GRAPH_ENDPOINT", None)
    os.environ.pop("FRIENDSHIP_GRAPH_UPDATE_ENDPOINT", None)
    os.environ.pop("FRIENDSHIP_GRAPH_ENDPOINT_UNION", None)
    os.environ.pop("FRIENDSHIP_GRAPH_ENDPOINT_TOKEN", None)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (right now)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real ``oxigraph serve`` process on 127.0.0.1 (the binary from the ``oxigraph`` wheel)."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = 0
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        import shutil
        import subprocess
        import time
        import urllib.request

        binary = shutil.which("oxigraph")
        if binary is None:
            skip_or_fail("the oxigraph server binary is missing (pip install oxigraph)")
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"oxigraph serve did not start on {self.url}")
                time.sleep(0.05)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except Exception:  # noqa: BLE001 - make sure it is gone
                self.process.kill()
                self.process.wait()
            self.process = None


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> OxigraphServer:
    """One ``oxigraph serve`` process for the session (an empty store at first)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    yield server
    server.stop()


# --- no network ---
# For the whole test run, any attempt to reach a non-loopback address (socket.connect,
# socket.sendto, a DNS lookup, urllib) fails at once with NetworkAttempt, and the test that
# made it fails even when the code under test swallowed the error. Loopback (127.0.0.0/8,
# ::1, localhost) stays allowed for the endpoint tests' local servers. See docs/reliability.md.

_NETWORK_ATTEMPTS: list[str] = []
_NETWORK_GUARD = {"installed": False, "active": False}


class NetworkAttempt(OSError):
    """Raised by the audit hook when something tries to reach the network during the tests."""


def _is_loopback(host: object) -> bool:
    import ipaddress

    if host is None or host in ("", "localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host.endswith(".localhost")


def _network_audit_hook(event: str, args: tuple) -> None:
    if not _NETWORK_GUARD["active"]:
        return
    host: object = None
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if not isinstance(address, tuple):  # AF_UNIX paths and the like: local
            return
        host = address[0]
    elif event == "socket.getaddrinfo":
        host = args[0]
    elif event == "urllib.Request":
        from urllib.parse import urlsplit

        url = str(args[0])
        if urlsplit(url).scheme not in ("http", "https", "ftp"):
            return
        host = urlsplit(url).hostname
    else:
        return
    if _is_loopback(host):
        return
    attempt = f"{event} to {host!r}"
    _NETWORK_ATTEMPTS.append(attempt)
    raise NetworkAttempt(f"network access during the tests is forbidden: {attempt}")


def install_network_guard() -> None:
    """Install the audit hook (once per process; audit hooks cannot be removed)."""
    import sys

    if not _NETWORK_GUARD["installed"]:
        sys.addaudithook(_network_audit_hook)
        _NETWORK_GUARD["installed"] = True
    _NETWORK_GUARD["active"] = True


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> None:
    """Session-wide: no outgoing connection to a non-loopback address."""
    install_network_guard()
    yield
    _NETWORK_GUARD["active"] = False


@pytest.fixture(autouse=True)
def _no_network_in_this_test(_no_network: None) -> None:
    """Fail the test that tried to reach the network, even if the error was swallowed."""
    start = len(_NETWORK_ATTEMPTS)
    yield
    attempts = _NETWORK_ATTEMPTS[start:]
    if attempts:
        pytest.fail("the test tried to reach the network: " + "; ".join(attempts))
