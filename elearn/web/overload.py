"""Under overload, a quick 503 with ``Retry-After`` rather than a queue that grows until every
request times out (docs/deployment.md, "Overload").

Two limits, both off unless configured:

- ``ELEARN_MAX_CONCURRENT``: requests one process serves at once (threaded workers); a request
  beyond it waits at most ``ELEARN_QUEUE_WAIT_MS`` for a free slot, then gets 503.
- ``ELEARN_MAX_QUEUE_MS``: a request that waited longer than this before a worker took it (the
  reverse proxy's ``X-Request-Start: t=<seconds since the epoch>`` header, as nginx sets it) is
  answered 503 at once: its user has probably given up, and serving it would only delay the
  requests behind it.

The page is the localised error page, rendered without the database."""

import threading
import time

from flask import Flask, g, request
from flask_babel import lazy_gettext as _l

from elearn.extensions import login_manager
from elearn.i18n import WITHOUT_DATABASE
from elearn.web.errors import render_error

RETRY_AFTER_SECONDS = 5
_HOLDS_SLOT = "_holds_request_slot"

BUSY = (
    _l("The platform is busy"),
    _l("Too many people are using the platform at this moment. Try again in a few seconds."),
)


def register(app: Flask) -> None:
    limit = int(app.config.get("ELEARN_MAX_CONCURRENT") or 0)
    wait = int(app.config.get("ELEARN_QUEUE_WAIT_MS") or 0) / 1000
    max_queue = int(app.config.get("ELEARN_MAX_QUEUE_MS") or 0) / 1000
    slots = threading.BoundedSemaphore(limit) if limit > 0 else None

    def shed_load():
        if max_queue and queued_for(request.headers.get("X-Request-Start", "")) > max_queue:
            return busy()
        if slots is not None:
            acquired = slots.acquire(timeout=wait) if wait else slots.acquire(blocking=False)
            if not acquired:
                return busy()
            setattr(g, _HOLDS_SLOT, True)
        return None

    def release_slot(error=None):
        if g.pop(_HOLDS_SLOT, False):
            slots.release()

    if slots is not None or max_queue:
        # Before any other hook: a refused request costs no database work.
        funcs = app.before_request_funcs.setdefault(None, [])
        funcs.insert(1 if funcs else 0, shed_load)
        app.teardown_request(release_slot)


def queued_for(header: str) -> float:
    """Seconds since the proxy received the request (0 if the header is absent or malformed)."""
    value = header.removeprefix("t=").strip()
    try:
        started = float(value)
    except ValueError:
        return 0.0
    if started > 1e14:  # microseconds
        started /= 1_000_000
    elif started > 1e11:  # milliseconds
        started /= 1000
    return max(0.0, time.time() - started)


def busy():
    setattr(g, WITHOUT_DATABASE, True)
    login_manager._update_request_context_with_user()  # render as anonymous: no user query
    page, code = render_error(503, *BUSY)
    return page, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}
