"""JSON API, version 1."""

from datetime import UTC, datetime

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user, login_required

from elearn.extensions import csrf, db
from elearn.orgs import scope
from elearn.progress.record import recorded_statements
from elearn.progress.xapi import API_VERSION

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only JSON; every route is GET

MAX_LIMIT = 500


@bp.get("/xapi/statements")
@login_required
def statements():
    """The recorded xAPI statements of the learners the caller may see, in the order they were
    stored, paged."""
    try:
        since = datetime.fromisoformat(request.args["since"]) if "since" in request.args else None
    except ValueError:
        abort(400)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    limit = min(max(request.args.get("limit", 100, type=int), 1), MAX_LIMIT)
    page = max(request.args.get("page", 1, type=int), 1)
    query = recorded_statements(scope.visible_users(current_user), since=since)
    chunk = db.session.scalars(query.offset((page - 1) * limit).limit(limit + 1)).all()
    more = ""
    if len(chunk) > limit:
        args = {**request.args.to_dict(), "page": page + 1, "limit": limit}
        more = url_for("api.statements", **args)
    response = jsonify(statements=chunk[:limit], more=more)
    response.headers["X-Experience-API-Version"] = API_VERSION
    return response
