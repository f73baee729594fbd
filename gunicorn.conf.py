"""Gunicorn reads this file from the working directory (`gunicorn wsgi:app`): the production
settings of docs/deployment.md, each overridable from the environment, and a refusal of settings
that only break once several workers run."""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request each at a time, so CPU-bound pages use every core; two per core
# (plus one) covers the time a request waits on PostgreSQL.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
# The application is imported once, in the master, and shared by the forked workers (copy on
# write): start-up costs one import, and memory per worker stays small.
preload_app = True
# Overload: a bounded queue and short timeouts rather than a pile of requests nobody waits for.
# Connections beyond the backlog are refused by the kernel (nginx answers 503, see
# docs/deployment.md); a request stuck longer than `timeout` has its worker restarted.
backlog = _int("GUNICORN_BACKLOG", 64)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so that a slow leak never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The application writes its own JSON request log (elearn/web/requestlog.py) to the error log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def on_starting(server):
    storage = os.environ.get("ELEARN_RATELIMIT_STORAGE_URI", "memory://")
    if server.cfg.workers > 1 and storage.startswith("memory://"):
        # Each worker would count sign-in attempts alone: the limits would be N times looser.
        raise SystemExit(
            "With more than one worker, rate limits must be shared: set "
            "ELEARN_RATELIMIT_STORAGE_URI=redis://HOST:6379/0 (see docs/deployment.md)."
        )


def post_fork(server, worker):
    """Connections opened in the master (while preloading) are never shared with a worker."""
    from elearn.extensions import db

    app = getattr(worker.app, "callable", None)  # the preloaded application, if any
    if hasattr(app, "app_context"):
        with app.app_context():
            db.engine.dispose(close=False)
