"""Logs on standard error with the request id on every line, the X-Request-ID header, the traceback
of every 500 in the log (never on the page), and ADMINS read from the environment."""

import logging
import re
import time

import pytest
from celery import shared_task
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from club.observability import parse_admins
from club.request_id import request_id

HEX32 = re.compile(r"[0-9a-f]{32}")
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ \[\S+\] ")


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_sent_back():
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="5f0c1e2d-proxy-id.01")
    assert response["X-Request-ID"] == "5f0c1e2d-proxy-id.01"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent",
    [None, "", "short", "x" * 129, "forged\n2026-01-01 ERROR fake line", "id with spaces", "<script>"],
)
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(sent):
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = Client().get("/healthz", **headers)
    assert HEX32.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_each_request_gets_its_own_id():
    client = Client()
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_log_lines_of_a_request_carry_its_id_and_others_a_dash(capsys):
    response = Client().get("/agenda/n-existe-pas-du-tout/")
    logging.getLogger("club.tests").warning("outside any request")
    lines = capsys.readouterr().err.splitlines()
    expected = f"WARNING django.request [{response['X-Request-ID']}] Not Found: /agenda/n-existe-pas-du-tout/"
    [line] = [line for line in lines if expected in line]
    assert LINE.match(line)
    assert lines[-1].endswith("WARNING club.tests [-] outside any request")
    assert request_id.get() == "-"  # nothing leaks from one request into what follows


@pytest.mark.django_db
@pytest.mark.urls("tests.error_urls")
def test_a_500_logs_its_traceback_with_the_request_id_and_shows_none(caplog, capsys):
    response = Client(raise_request_exception=False).get("/en-panne/", HTTP_X_REQUEST_ID="req-500-abcdef")
    assert response.status_code == 500 and response["X-Request-ID"] == "req-500-abcdef"
    html = response.content.decode()
    assert "Un problème est survenu" in html
    assert "Traceback" not in html and "secret detail" not in html and "req-500" not in html

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR and record.getMessage() == "Internal Server Error: /en-panne/"
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert record.request_id == "req-500-abcdef"

    stderr = capsys.readouterr().err
    assert "ERROR django.request [req-500-abcdef] Internal Server Error: /en-panne/\nTraceback" in stderr
    assert 'raise RuntimeError("secret detail' in stderr  # the traceback, with its source lines


def test_admins_from_the_environment():
    assert parse_admins("Ana Lopez <ana@example.org>,bob@example.org") == [
        ("Ana Lopez", "ana@example.org"),
        ("bob@example.org", "bob@example.org"),
    ]
    assert parse_admins('"Lopez, Ana" <ana@example.org>') == [("Lopez, Ana", "ana@example.org")]
    assert parse_admins("") == [] and parse_admins(" , ") == []
    with pytest.raises(ImproperlyConfigured):
        parse_admins("Ana Lopez")


# --- Celery: a task sent during a request logs with that request's id ------------------------------

seen_by_tasks: list[str] = []


@shared_task(name="tests.record_request_id")
def record_request_id():
    seen_by_tasks.append(request_id.get())


def _wait_for(count):
    deadline = time.monotonic() + 10
    while len(seen_by_tasks) < count and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_carries_the_id_of_the_request_that_sent_it(celery_worker):
    seen_by_tasks.clear()
    token = request_id.set("request-that-sent-it")  # what the middleware does during a request
    try:
        record_request_id.delay()
    finally:
        request_id.reset(token)
    _wait_for(1)
    record_request_id.delay()  # from no request (celery beat, a command)
    _wait_for(2)
    assert seen_by_tasks == ["request-that-sent-it", "-"]


def test_an_inline_task_keeps_the_id_of_its_request():
    seen_by_tasks.clear()
    token = request_id.set("inline-request-id")
    try:
        record_request_id.delay()  # tasks run inline without Redis, and in the tests
    finally:
        request_id.reset(token)
    assert seen_by_tasks == ["inline-request-id"]
    assert request_id.get() == "-"
