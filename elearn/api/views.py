"""JSON API, version 1."""

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask_login import current_user, login_required

from elearn.extensions import csrf
from elearn.orgs import scope
from elearn.progress.events import learning_events
from elearn.progress.xapi import API_VERSION, statement

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only JSON; every route is GET

MAX_LIMIT = 500


@bp.get("/xapi/statements")
@login_required
def statements():
    """The xAPI statements of the learners the caller may see, oldest first, paged."""
    try:
        since = datetime.fromisoformat(request.args["since"]) if "since" in request.args else None
    except ValueError:
        abort(400)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    limit = min(max(request.args.get("limit", 100, type=int), 1), MAX_LIMIT)
    page = max(request.args.get("page", 1, type=int), 1)
    events = learning_events(scope.visible_users(current_user), since)
    chunk = events[(page - 1) * limit : page * limit]
    home = current_app.config["ELEARN_BASE_URL"]
    more = ""
    if page * limit < len(events):
        args = {**request.args.to_dict(), "page": page + 1, "limit": limit}
        more = url_for("api.statements", **args)
    response = jsonify(statements=[statement(e, home_page=home) for e in chunk], more=more)
    response.headers["X-Experience-API-Version"] = API_VERSION
    return response
