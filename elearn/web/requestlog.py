"""One JSON line per request: method, path template, status, duration and the signed-in user's
id (or null), written by the ``elearn.requests`` logger to standard error (gunicorn's error log)."""

import json
import logging
import sys
import time

from flask import Flask, g, request
from sqlalchemy import inspect

log = logging.getLogger("elearn.requests")
_STARTED = "_request_started"


class _StderrHandler(logging.Handler):
    """The message alone, on whatever standard error is at the time (gunicorn, pytest)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # logging must never fail a request
            self.handleError(record)


def register(app: Flask) -> None:
    if not app.config.get("ELEARN_REQUEST_LOG", True):
        return
    if not log.handlers:
        log.addHandler(_StderrHandler())
        log.setLevel(logging.INFO)
        log.propagate = False

    def start_clock():
        setattr(g, _STARTED, time.perf_counter())

    # First of the request's hooks, so that a request refused by another hook is timed too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_clock)

    @app.after_request
    def log_request(response):
        log.info(json.dumps(line(response.status_code), separators=(",", ":")))
        return response


def line(status: int) -> dict:
    started = g.pop(_STARTED, None)
    rule = request.url_rule
    return {
        "time": round(time.time(), 3),
        "method": request.method,
        "path": rule.rule if rule is not None else None,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
        "user": _user_id(g.get("_login_user")),
    }


def _user_id(user) -> int | None:
    """The id of the user Flask-Login loaded for this request (None if it loaded none, or an
    anonymous one), read from its identity: the request's work is committed by now, and reading
    an attribute would load the user again."""
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else None
