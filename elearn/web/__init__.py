"""Small helpers every blueprint's views share."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Response, abort, flash, request
from flask_babel import get_locale
from flask_login import current_user

from elearn.extensions import db
from elearn.refusals import Refused
from elearn.web.csvfile import DELIMITERS, locale_delimiter, table_csv
from elearn.web.tables import Table


def client_ip() -> str | None:
    return request.remote_addr


def safe_next(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default``."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def require_role(*allowed) -> None:
    """403 unless the signed-in user holds one of ``allowed`` roles."""
    if not any(current_user.has_role(role) for role in allowed):
        abort(403)


def csv_download(table: Table, filename: str) -> Response:
    """The table as a CSV file, its columns separated as asked (``?delimiter=semicolon``) or
    as Excel expects in the reader's language."""
    delimiter = request.args.get("delimiter", "")
    if delimiter not in DELIMITERS:
        delimiter = locale_delimiter(str(get_locale()))
    return Response(
        table_csv(table, delimiter),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def apply_change(change: Callable[[], object], success: str) -> bool:
    """Run a change and say so, or roll back and show why it was refused."""
    try:
        change()
    except Refused as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    flash(success, "success")
    return True
