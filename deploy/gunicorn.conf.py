"""gunicorn for the club, behind nginx (deploy/nginx/club.conf.template):

    gunicorn -c deploy/gunicorn.conf.py club.wsgi:application

Read from the environment: GUNICORN_BIND (default 127.0.0.1:8000, nginx's CLUB_UPSTREAM),
WEB_CONCURRENCY (worker processes, default 2 × cores + 1), GUNICORN_TIMEOUT (seconds, default 30)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A stuck request is killed after this; nginx waits a little longer (proxy_read_timeout 60s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# nginx buffers whole requests and answers slow clients: the sync workers only see fast I/O.
worker_class = "sync"
accesslog = "-"
errorlog = "-"
# The request id nginx sets (X-Request-ID) is in every line, next to the client's address.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}i)s'
