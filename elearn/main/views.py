from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from elearn.auth import scope
from elearn.auth.models import Role, User, UserStatus
from elearn.extensions import db
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
    locale = request.form.get("lang")
    if not is_supported(locale):
        abort(400)
    session[SESSION_KEY] = locale
    if current_user.is_authenticated:
        current_user.locale = locale
    return redirect(safe_next(url_for("main.home")))
