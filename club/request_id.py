"""One id per request, on every log line it causes and on its answer.

The front proxy sends `X-Request-ID` (nginx: `proxy_set_header X-Request-ID $request_id;`); an id
that is missing or does not look like one (too long, spaces, newlines: a forged header must not
forge log lines) is replaced by a fresh uuid4. The id is kept in a context variable for the
duration of the request, sent back in the `X-Request-ID` header, and put on every log record by
`RequestIdFilter` ("-" outside a request). A Celery task sent during a request carries the id in
its message headers and logs with it in the worker."""

import logging
import re
import sys
import uuid
from contextvars import ContextVar

from celery import signals
from django.utils.log import log_response

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_TASK_HEADER = "club_request_id"
_VALID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

request_id: ContextVar[str] = ContextVar("request_id", default="-")


def valid_or_new(value: str | None) -> str:
    """The id the proxy sent if it is sane (8 to 128 letters, digits or `._:-`), else a new one."""
    if value and _VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def request_id_middleware(get_response):
    """First in MIDDLEWARE, so that every other middleware logs with the id and every answer,
    redirects and error pages included, carries it."""

    def middleware(request):
        value = valid_or_new(request.META.get(_META_KEY))
        request.request_id = value
        token = request_id.set(value)
        try:
            response = get_response(request)
            # Django logs 4xx/5xx answers after the last middleware has returned: log them here,
            # with the id, as Django would (it then skips them). Exceptions are logged earlier.
            if response.status_code >= 400:
                log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
        finally:
            request_id.reset(token)
        response[HEADER] = value
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id`: the current request's id, or "-"."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when the record is emitted, not to the one that existed when
    logging was configured (a test runner or a process manager may swap it)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


# --- Celery: the id travels in the task's message headers -----------------------------------------


@signals.before_task_publish.connect(dispatch_uid="club.request_id.publish")
def _add_request_id_to_task(headers=None, **kwargs):
    current = request_id.get()
    if headers is not None and current != "-":
        headers[_TASK_HEADER] = current


@signals.task_prerun.connect(dispatch_uid="club.request_id.prerun")
def _task_starts(task=None, **kwargs):
    sent = getattr(task.request, _TASK_HEADER, None) or (task.request.headers or {}).get(_TASK_HEADER)
    # Eager tasks run inside the request that sent them: they keep its id.
    value = valid_or_new(sent) if sent else request_id.get()
    task.request._club_request_id_token = request_id.set(value)


@signals.task_postrun.connect(dispatch_uid="club.request_id.postrun")
def _task_ends(task=None, **kwargs):
    token = getattr(task.request, "_club_request_id_token", None)
    if token is not None:
        try:
            request_id.reset(token)
        except ValueError:  # set in another context (should not happen): just clear it
            request_id.set("-")
