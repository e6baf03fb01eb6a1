"""A local HTTP server for the feed tests (the tests never touch the internet), and a guard that
fails any test whose code tries to connect anywhere but the loopback."""

import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FEEDS = Path(__file__).resolve().parent / "feeds"
HUGE_BYTES = 20 * 1024 * 1024


class FeedHandler(BaseHTTPRequestHandler):
    """good.xml (with an ETag, 304 when it matches), hostile.xml, malformed.xml, good.json,
    slow.xml (trickles for a bounded time), huge.xml (20 MB, no Content-Length), huge-declared.xml
    (announces 20 MB), redirect?to=… and status/<code>. Every request is recorded."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="application/rss+xml", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.requests.append((self.path, dict(self.headers)))
        path = self.path.split("?", 1)[0].lstrip("/")
        if path == "good.xml":
            etag = '"v1"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, headers={"ETag": etag})
            body = self.server.overrides.get("good.xml") or (FEEDS / "good.xml").read_bytes()
            return self._send(200, body, headers={"ETag": etag, "Last-Modified": "Mon, 30 Nov 2026 08:00:00 GMT"})
        if path in ("hostile.xml", "malformed.xml"):
            return self._send(200, (FEEDS / path).read_bytes())
        if path == "good.json":
            return self._send(200, (FEEDS / path).read_bytes(), content_type="application/feed+json")
        if path == "slow.xml":
            return self._trickle()
        if path == "huge.xml":
            return self._huge(declared=False)
        if path == "huge-declared.xml":
            return self._huge(declared=True)
        if path == "redirect":
            target = self.path.split("to=", 1)[1]
            return self._send(302, headers={"Location": target})
        if path.startswith("status/"):
            return self._send(int(path.split("/")[1]), b"nope", content_type="text/plain")
        return self._send(404, b"not found", content_type="text/plain")

    def _trickle(self):
        """A byte every 0.2 s, for 10 s at most (the fetcher gives up well before)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            for _ in range(50):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the fetcher hung up

    def _huge(self, *, declared):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(HUGE_BYTES))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        try:
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass  # the fetcher hung up at its limit
        self.close_connection = True


@pytest.fixture
def feed_server():
    """Base URL (http://127.0.0.1:<port>) of a local feed server; `.requests` lists what it got."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.requests = []
    server.overrides = {}
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Whatever the code under test does, it never connects to anything but this machine."""
    real_connect = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0].split("%", 1)[0]
            assert ipaddress.ip_address(host).is_loopback, f"a test tried to connect to {host}"
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
