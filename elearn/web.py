"""Small helpers every blueprint's views share."""

from urllib.parse import urlsplit

from flask import Response, abort, request
from flask_login import current_user

from elearn.extensions import db
from elearn.progress.tables import Table, table_csv


def client_ip() -> str | None:
    return request.remote_addr


def safe_next(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default``."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def require_role(*allowed) -> None:
    """403 unless the signed-in user holds one of ``allowed`` roles."""
    if not any(current_user.has_role(role) for role in allowed):
        abort(403)


def csv_download(table: Table, filename: str) -> Response:
    return Response(
        table_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
