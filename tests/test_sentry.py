"""Sentry: with SENTRY_DSN set, an exception in a view reaches the DSN's server (here a real HTTP
server on 127.0.0.1 that keeps what it receives; the SDK's own transport sends it), with the request
id and without personal data. Without SENTRY_DSN the SDK is not even imported. Each case runs in a
subprocess (tests/sentry_probe.py): the SDK patches Django for the life of a process."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sentry_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append((self.path, body.decode()))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def run_probe(**environment):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "club.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
        "PROBE_NAME": "Zebre Personne",
        "PROBE_SESSION": "zebre-session-cookie",
    }
    for name in ["REDIS_URL", "SENTRY_DSN", "SENTRY_ENVIRONMENT", "SENTRY_RELEASE"]:
        env.pop(name, None)
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "manage.py", "shell", "-c", (ROOT / "tests" / "sentry_probe.py").read_text()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("PROBE")), None)
    assert line, result.stdout + result.stderr
    return json.loads(line.removeprefix("PROBE"))


def test_with_a_dsn_an_exception_in_a_view_reaches_sentry(sentry_server):
    port, received = sentry_server
    probe = run_probe(
        SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/42",
        SENTRY_ENVIRONMENT="probe-environment",
        SENTRY_RELEASE="club@1.2.3",
    )
    assert probe["status"] == 500 and probe["active"] is True
    envelopes = [body for path, body in received if path == "/api/42/envelope/"]
    events = [json.loads(line) for body in envelopes for line in body.splitlines() if '"exception"' in line]
    assert events, received
    [event] = events
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "probe-environment" and event["release"] == "club@1.2.3"
    assert event["tags"]["request_id"] == "sentry-probe-request"
    assert event["transaction"] == "/en-panne/"
    # No personal data: no cookie, no form field, no IP address, no local variable of any frame.
    everything = "".join(body for _, body in received)
    assert "zebre-session-cookie" not in everything and "Zebre Personne" not in everything
    assert "REMOTE_ADDR" not in everything and "ip_address" not in everything
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)


def test_without_a_dsn_sentry_is_neither_imported_nor_initialised(sentry_server):
    port, received = sentry_server
    probe = run_probe()
    assert probe["status"] == 500
    assert probe["imported_at_start"] is False and probe["imported"] is False
    assert received == []
