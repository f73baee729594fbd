"""Localised error pages."""

from flask import Flask, Response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from elearn.extensions import db

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
}


def render_error(code: int, title=None, message=None):
    default_title, default_message = MESSAGES[code]
    page = render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        message=message or default_message,
    )
    return page, code


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

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return render_error(500)
