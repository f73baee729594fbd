"""Localised error pages, including while the database is unreachable."""

import logging

from flask import Flask, Response, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import InternalServerError, SecurityError

from elearn.extensions import db, login_manager
from elearn.i18n import WITHOUT_DATABASE

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Access denied"), _l("You are not allowed to see this page.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Not allowed"), _l("This action is not available here.")),
    413: (_l("Too large"), _l("What you sent is too large for this site. Send a smaller file.")),
    429: (
        _l("Too many requests"),
        _l("You have tried this too many times. Wait a minute, then try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("The error was logged. Try again later or contact your coordinator."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l(
            "The platform cannot reach its database at the moment. What you saved before is kept. "
            "Try again in a minute."
        ),
    ),
}


def render_error(code: int, title=None, message=None):
    default_title, default_message = MESSAGES[code]
    title, message = title or default_title, message or default_message
    if request.headers.get("X-Requested-With") == "fetch" or request.blueprint == "api":
        return jsonify(error=str(title), message=str(message)), code
    # A server error page never needs the user: the nav is left out and the locale comes from
    # the session or the browser (i18n.select_locale), so the page renders with no database.
    page = render_template(
        "errors/error.html", code=code, title=title, message=message, with_nav=code < 500
    )
    return page, code


def is_database_unavailable(error: BaseException) -> bool:
    """A lost or refused connection, a pool timeout, or an operational failure of the server."""
    if isinstance(error, OperationalError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def server_error(error: BaseException):
    """503 with Retry-After when the database is unreachable, else 500; rendered without the
    database, so it cannot fail the way the request did."""
    original = error
    if isinstance(error, InternalServerError) and error.original_exception is not None:
        original = error.original_exception  # unhandled, and logged by Flask already
    unavailable = is_database_unavailable(original)
    if unavailable:
        log.error("database unavailable: %s", original)
    elif original is error:
        log.error("request failed", exc_info=error)
    setattr(g, WITHOUT_DATABASE, True)
    # Flask-Login's template context loads the user; render this page as anonymous instead.
    login_manager._update_request_context_with_user()
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool discards it
        log.warning("rollback after a failed request failed", exc_info=True)
    if unavailable:
        page, code = render_error(503)
        return page, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return render_error(500)


def register(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_error(
            400,
            _l("The form has expired"),
            _l(
                "For your security the form could not be accepted. Go back, reload the page "
                "and send it again."
            ),
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # No URL can be built for a host that is not trusted, so no page layout either.
        title, message = MESSAGES[400]
        return Response(f"{title}\n\n{message}\n", 400, mimetype="text/plain")

    # Database failures are handled as they are raised (also when testing, where Flask would
    # re-raise them); anything else unhandled reaches the 500 handler.
    app.register_error_handler(DBAPIError, server_error)
    app.register_error_handler(PoolTimeout, server_error)
    app.register_error_handler(InternalServerError, server_error)
