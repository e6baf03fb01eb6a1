"""nginx (deploy/nginx/club.conf.template, rendered by deploy/render_nginx.py) in front of gunicorn
(deploy/gunicorn.conf.py) with the production settings, on free ports of 127.0.0.1, against the
test database. Used by tests/test_nginx.py; both processes are children of the test run and are
stopped when it ends. nginx runs in the foreground with its own prefix, configuration, logs and
pid file in a temporary folder."""

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "club.example"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict) -> str:
    """The test database (already created by pytest-django) as a DATABASE_URL."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{settings_dict['HOST']}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")


@dataclass
class Stack:
    folder: Path
    https_port: int
    http_port: int
    web_port: int
    static_root: Path
    media_root: Path
    processes: list = field(default_factory=list)

    def tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.folder / "cert.pem"))
        context.check_hostname = False  # we connect to 127.0.0.1; the certificate names club.example
        return context

    def get(self, path, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def request(self, method, path, *, body=None, headers=None, source="127.0.0.1", https=True) -> Answer:
        """One request to nginx from `source` (any 127.x.y.z address: a different client)."""
        if https:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=self.tls(), timeout=30, source_address=(source, 0)
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=30, source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()

    def gunicorn_log(self) -> str:
        return (self.folder / "gunicorn.log").read_text(errors="replace")

    def nginx_error_log(self) -> str:
        path = self.folder / "logs" / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def production_env(*, secret_key, db_url, static_root, media_root, port) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "club.settings.production",
        "SECRET_KEY": secret_key,  # the test run's: sessions made by the tests are valid there
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": db_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "TRUSTED_PROXY_COUNT": "1",
        "LISTINGS_PHOTO_ACCEL_PREFIX": "/protected-media/",
        "CONN_MAX_AGE": "0",  # the test run truncates tables between tests
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # One worker: rate-limit counters then live in its local-memory cache (no REDIS_URL, so
        # nothing is left in Redis between runs and tasks run inline).
        "WEB_CONCURRENCY": "1",
        # The public pages' cache lives in that one worker's memory too (club/page_cache.py).
        "PAGE_CACHE_ENABLED": "1",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ["REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "EMAIL_URL"]:
        env.pop(name, None)
    return env


def nginx_conf(folder: Path) -> str:
    # As root, nginx's workers would run as nobody and could not read the test's temporary files.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {folder}/tmp/{name};" for name in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    return f"""{user}worker_processes 1;
error_log {folder}/logs/error.log warn;
pid {folder}/nginx.pid;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/logs/access.log;
{temp}
    include {folder}/club.conf;
}}
"""


def _wait_for_port(port, process, what, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped with {process.returncode}:\n{log()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}:\n{log()}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def stop_all(stack: Stack):
    """nginx first, then gunicorn."""
    for process in reversed(stack.processes):
        stop(process)


def start(folder: Path, *, secret_key: str, db_url: str) -> Stack:
    """collectstatic, a self-signed certificate, gunicorn, then nginx. The caller calls
    stop_all(stack) when done (start does it itself when something fails)."""
    stack = Stack(folder, free_port(), free_port(), free_port(), folder / "static", folder / "media")
    for sub in ["logs", "tmp", "media/events", "media/partners", "media/private"]:
        (folder / sub).mkdir(parents=True, exist_ok=True)
    env = production_env(
        secret_key=secret_key,
        db_url=db_url,
        static_root=stack.static_root,
        media_root=stack.media_root,
        port=stack.web_port,
    )
    python = sys.executable
    subprocess.run(
        [python, "-W", "ignore", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"]
        + ["-addext", f"subjectAltName=DNS:{HOST}", "-keyout", "key.pem", "-out", "cert.pem"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=60,
    )
    values = {
        "CLUB_SERVER_NAME": HOST,
        "CLUB_HTTP_LISTEN": f"127.0.0.1:{stack.http_port}",
        "CLUB_HTTPS_LISTEN": f"127.0.0.1:{stack.https_port}",
        "CLUB_TLS_CERTIFICATE": str(folder / "cert.pem"),
        "CLUB_TLS_CERTIFICATE_KEY": str(folder / "key.pem"),
        "CLUB_UPSTREAM": f"127.0.0.1:{stack.web_port}",
        "CLUB_STATIC_ROOT": str(stack.static_root),
        "CLUB_MEDIA_ROOT": str(stack.media_root),
    }
    rendered = subprocess.run(
        [python, "deploy/render_nginx.py"], cwd=ROOT, env={**os.environ, **values}, check=True, capture_output=True
    )
    (folder / "club.conf").write_bytes(rendered.stdout)
    (folder / "nginx.conf").write_text(nginx_conf(folder))
    nginx = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "logs" / "error.log")]
    check = subprocess.run([*nginx, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode:
        raise RuntimeError("nginx -t:\n" + check.stdout + check.stderr)

    try:
        with open(folder / "gunicorn.log", "wb") as log:
            gunicorn = subprocess.Popen(
                [str(Path(python).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "club.wsgi:application"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        stack.processes.append(gunicorn)
        _wait_for_port(stack.web_port, gunicorn, "gunicorn", stack.gunicorn_log)
        server = subprocess.Popen([*nginx, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stack.processes.append(server)
        _wait_for_port(stack.https_port, server, "nginx", stack.nginx_error_log)
    except BaseException:
        stop_all(stack)
        raise
    return stack
