"""gunicorn settings for production; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Pages are server-rendered and mostly wait on PostgreSQL: sync workers, (2 x cores) + 1.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# PDF reports can take a second or two; leave head room before a worker is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# No query strings in the access log: they can hold tokens.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'
# Masks the tokens of invitation and password-reset links, also in a format given on the command
# line (bench/run.py).
logger_class = "ghnt_portal.security.gunicorn_logging.RedactingLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once the worker has loaded Django: load WeasyPrint ahead of the first PDF, then hide the
    long-lived objects from the cycle collector (gc.freeze), so that full collections skip them
    and the pauses that land on requests are shorter (bench/FINDINGS.md)."""
    import gc

    from ghnt_portal.pdf import warm_up

    warm_up()
    gc.collect()
    gc.freeze()
