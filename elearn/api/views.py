"""JSON API, version 1."""

import json
from datetime import UTC, datetime

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user

from elearn.auth import scope
from elearn.extensions import csrf, db
from elearn.models import utcnow
from elearn.progress.clients import authenticate, client_users
from elearn.progress.statements import StatementQuery, recorded_statements
from elearn.progress.xapi import API_VERSION, iso_timestamp
from elearn.web.routing import MAX_ID

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # read-only JSON; every route is GET

MAX_LIMIT = 500
FILTERS = ("since", "until", "verb", "activity", "agent", "ascending", "limit")


@bp.get("/xapi/statements")
def statements():
    """The recorded statements of the learners the caller may see, filtered and paged as the
    xAPI statement resource defines (newest first unless ``ascending=true``)."""
    users = _readable_users()
    query, limit = _query()
    records = db.session.execute(recorded_statements(users, query).limit(limit + 1)).all()
    if query.statement_id is not None:
        if not records:
            abort(404)
        return _xapi(jsonify(_as_stored(records[0])))
    more = ""
    if len(records) > limit:
        kept = {name: request.args[name] for name in FILTERS if name in request.args}
        more = url_for("api.statements", **kept, after=records[limit - 1].id)
    return _xapi(jsonify(statements=[_as_stored(row) for row in records[:limit]], more=more))


def _as_stored(row) -> dict:
    """The statement as written, with the time it was stored, which an LRS adds when serving it."""
    return row.statement | {"stored": iso_timestamp(row.stored_at)}


def _readable_users():
    """Whose statements the caller may read: an LRS client's country or agency (HTTP Basic),
    else the signed-in user's scope; 401 for anyone else."""
    credentials = request.authorization
    if credentials is not None and credentials.type == "basic":
        client = authenticate(credentials.username or "", credentials.password or "")
        if client is not None:
            if "X-Experience-API-Version" not in request.headers:
                _refuse(400, "the X-Experience-API-Version header is required")
            return client_users(client)
    elif current_user.is_authenticated:
        return scope.visible_users(current_user)
    _refuse(401, "HTTP Basic credentials of an xAPI client are required")


def _query() -> tuple[StatementQuery, int]:
    args = request.args
    try:
        agent = json.loads(args["agent"]) if "agent" in args else None
        query = StatementQuery(
            since=_moment(args.get("since")),
            until=_moment(args.get("until")),
            verb=args.get("verb"),
            activity=args.get("activity"),
            user_id=int(agent["account"]["name"]) if agent is not None else None,
            statement_id=args.get("statementId"),
            ascending=args.get("ascending", "false") == "true",
            after=int(args["after"]) if "after" in args else None,
        )
        limit = int(args.get("limit", 100))
    except (ValueError, KeyError, TypeError) as error:
        _refuse(400, f"invalid query parameter: {error}")
    if limit < 0:
        _refuse(400, "limit cannot be negative")
    if any(abs(number or 0) > MAX_ID for number in (query.after, query.user_id)):
        _refuse(400, "invalid query parameter: out of range")
    return query, min(limit or MAX_LIMIT, MAX_LIMIT)  # 0 means the server's maximum


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _xapi(response):
    response.headers["X-Experience-API-Version"] = API_VERSION
    response.headers["X-Experience-API-Consistent-Through"] = iso_timestamp(utcnow())
    return response


def _refuse(status: int, message: str):
    response = _xapi(jsonify(error=message))
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="xAPI", charset="UTF-8"'
    abort(response)
