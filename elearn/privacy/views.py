from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from elearn.audit.services import record
from elearn.auth.errors import AuthError
from elearn.auth.models import Role, User
from elearn.extensions import db
from elearn.models import utcnow
from elearn.privacy import services
from elearn.web import client_ip, require_role
from elearn.web.forms import ConfirmForm

bp = Blueprint("privacy", __name__, template_folder="templates")


@bp.get("/profile/data.json")
@login_required
def download():
    """The officer's own data. A GET that changes nothing but the audit log: another site can
    make a browser fetch it, never read it (no CORS), and the audit shows each download."""
    data = services.personal_data(current_user, now=utcnow())
    record(current_user, "user.data_export", ip=client_ip(), target_user=current_user)
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@bp.route("/admin/users/<int:user_id>/erase", methods=["GET", "POST"])
@login_required
def erase(user_id: int):
    require_role(Role.ADMIN)
    user = db.get_or_404(User, user_id)
    if user.erased_at is not None or user.id == current_user.id:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.erase(current_user, user, ip=client_ip(), now=utcnow())
        except AuthError:
            abort(403)
        flash(_("The account is erased."), "success")
        return redirect(url_for("admin.user", user_id=user.id))
    return render_template("privacy/erase.html", user=user, form=form)
