from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from elearn.admin.forms import AuditFilterForm, RolesForm, UserSearchForm
from elearn.admin.queries import filter_users
from elearn.audit.labels import ACTION_LABELS
from elearn.audit.services import recent_events, record_refusal
from elearn.auth import mails, scope, services
from elearn.auth.errors import AuthError
from elearn.auth.forms import PersonForm
from elearn.auth.models import Role, User
from elearn.extensions import db
from elearn.i18n import country_name
from elearn.links import site_url
from elearn.orgs.queries import agency_choices, countries
from elearn.web import client_ip, require_role
from elearn.web.forms import ConfirmForm, options
from elearn.web.routing import bounded_int

bp = Blueprint("admin", __name__, template_folder="templates")

STATUS_ACTIONS = {
    "approve": services.approve,
    "reject": services.reject,
    "suspend": services.suspend,
    "reactivate": services.reactivate,
}


@bp.before_request
@login_required
def require_staff():
    require_role(Role.ADMIN, Role.COORDINATOR)


def _user_in_scope(user_id: int) -> User:
    """The user, or 403 (audited) when outside the signed-in coordinator's scope."""
    user = db.get_or_404(User, user_id)
    if not scope.can_see_user(current_user, user):
        record_refusal(
            current_user, "scope.denied", ip=client_ip(), target_user=user, attempted="view"
        )
        abort(403)
    return user


@bp.get("/users")
def users():
    form = UserSearchForm(request.args)
    locale = str(get_locale())
    form.country.choices = options(
        {country.code: country_name(country.code, locale) for country in countries()},
        with_any=True,
    )
    query = scope.visible_users(current_user)
    if form.validate():
        query = filter_users(
            query,
            text=form.q.data or "",
            status=form.status.data,
            role=form.role.data,
            country=form.country.data,
        )
    page = db.paginate(
        query,
        page=bounded_int(request.args, "page", 1),
        per_page=current_app.config["ELEARN_PAGE_SIZE"],
        error_out=False,
    )
    return render_template("admin/users.html", form=form, page=page)


@bp.get("/users/<int:user_id>")
def user(user_id: int):
    user = _user_in_scope(user_id)
    roles_form = RolesForm(
        roles=[role.value for role in user.roles], coordinator_scope=user.coordinator_scope.value
    )
    return render_template(
        "admin/user.html",
        user=user,
        action_form=ConfirmForm(),
        roles_form=roles_form,
        can_manage=scope.can_manage_user(current_user, user),
        can_assign_roles=scope.can_assign_roles(current_user) and user.id != current_user.id,
        can_erase=current_user.is_admin and user.erased_at is None and user.id != current_user.id,
    )


@bp.post("/users/<int:user_id>/<any(approve, reject, suspend, reactivate):action>")
def change_status(user_id: int, action: str):
    user = _user_in_scope(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        STATUS_ACTIONS[action](current_user, user, ip=client_ip())
    except AuthError as error:
        flash(str(error.message), "error")
        return redirect(url_for("admin.user", user_id=user.id))
    if action == "approve":
        mails.send_approval(user, site_url("auth.login"))
    flash(_("Saved."), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/users/<int:user_id>/roles")
def change_roles(user_id: int):
    user = _user_in_scope(user_id)
    form = RolesForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.assign_roles(
            current_user, user, form.selected_roles(), form.selected_scope(), ip=client_ip()
        )
    except AuthError:
        abort(403)
    flash(_("Roles saved."), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.route("/users/new", methods=["GET", "POST"])
def nominate():
    form = PersonForm()
    form.agency.choices = agency_choices(scope.manageable_agencies(current_user), str(get_locale()))
    if form.validate_on_submit():
        try:
            user = services.nominate(current_user, form.to_profile(), ip=client_ip())
        except AuthError as error:
            form.email.errors = [*form.email.errors, str(error.message)]
        else:
            _send_invitation(user)
            flash(_("The account is created and an invitation was sent."), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/nominate.html", form=form)


def _send_invitation(user: User) -> None:
    purpose = services.INVITATION_PURPOSE
    link = site_url("auth.set_password", purpose=purpose, token=services.make_token(user, purpose))
    days = current_app.config["ELEARN_INVITATION_TOKEN_DAYS"]
    mails.send_invitation(user, link, days, inviter=current_user)


@bp.get("/audit")
def audit():
    require_role(Role.ADMIN)
    form = AuditFilterForm(request.args)
    form.action.choices = options(ACTION_LABELS, with_any=True)
    action = form.action.data if form.validate() else ""
    page = db.paginate(
        recent_events(action=action or None),
        page=bounded_int(request.args, "page", 1),
        per_page=current_app.config["ELEARN_PAGE_SIZE"],
        error_out=False,
    )
    return render_template("admin/audit.html", form=form, page=page, action_labels=ACTION_LABELS)
