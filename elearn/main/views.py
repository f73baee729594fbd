from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select, text
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from elearn.auth import scope
from elearn.auth.models import Role, User, UserStatus
from elearn.extensions import db, limiter
from elearn.i18n import SESSION_KEY, is_supported
from elearn.web import safe_next

bp = Blueprint("main", __name__, template_folder="templates")


def _pending_count() -> int:
    if not (current_user.is_admin or current_user.has_role(Role.COORDINATOR)):
        return 0
    pending = scope.visible_users(current_user).where(User.status == UserStatus.PENDING)
    return db.session.scalar(select(func.count()).select_from(pending.subquery()))


@bp.get("/")
def home():
    pending = _pending_count() if current_user.is_authenticated else 0
    return render_template("main/home.html", pending=pending)


@bp.post("/language")
def switch_language():
    """Browse in another language for this session (the profile's language stays); back to the
    page the switcher was on, or, when that page answered a form (POST only), to its parent."""
    locale = request.form.get("lang")
    if not is_supported(locale):
        abort(400)
    session[SESSION_KEY] = locale
    return redirect(_readable(safe_next(url_for("main.home"))))


def _readable(target: str) -> str:
    """``target``, or the nearest page above it that answers GET."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    path, query = urlsplit(target).path, urlsplit(target).query
    while path not in ("", "/"):
        try:
            adapter.match(path, method="GET")
        except RequestRedirect:
            return target
        except HTTPException:
            path, query = path.rstrip("/").rsplit("/", 1)[0] or "/", ""
            continue
        return f"{path}?{query}" if query else path
    return url_for("main.home")


@bp.get("/healthz")
def healthz():
    """The process is up and serving (for the process supervisor; touches nothing)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Ready for traffic: the database answers and, when configured, Redis (rate limits); 503
    otherwise, so that a load balancer sends requests to another instance."""
    checks = {"database": _check(lambda: db.session.execute(text("SELECT 1")))}
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        checks["redis"] = _check(_storage_answers)
    ready = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if ready else "unavailable", **checks), 200 if ready else 503


def _storage_answers() -> None:
    if not limiter.storage.check():
        raise ConnectionError("the rate-limit storage does not answer")


def _check(probe) -> str:
    try:
        probe()
    except Exception:  # any failure means not ready; the reason goes to the log
        current_app.logger.warning("readiness check failed", exc_info=True)
        db.session.rollback()
        return "unavailable"
    return "ok"
