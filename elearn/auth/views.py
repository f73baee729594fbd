from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from elearn.auth import mails, services, sessions
from elearn.auth.errors import AuthError, EmailTaken, NotAllowed, WeakPassword
from elearn.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    SetPasswordForm,
)
from elearn.auth.labels import ROLE_LABELS, SCOPE_LABELS, STATUS_LABELS
from elearn.extensions import limiter
from elearn.i18n import forget_browsing_locale
from elearn.links import site_url
from elearn.models import utcnow
from elearn.orgs.queries import agency_choices, all_agencies
from elearn.web import client_ip, safe_next

bp = Blueprint("auth", __name__, template_folder="templates")
bp.add_app_template_filter(ROLE_LABELS.get, "role_label")
bp.add_app_template_filter(STATUS_LABELS.get, "status_label")
bp.add_app_template_filter(SCOPE_LABELS.get, "scope_label")


def _login_rate_limit() -> str:
    return current_app.config["ELEARN_LOGIN_RATE_LIMIT"]


def _register_rate_limit() -> str:
    return current_app.config["ELEARN_REGISTER_RATE_LIMIT"]


def _sign_in(user, *, remember: bool) -> None:
    """Start a device session for this browser, commit, and hand it to Flask-Login."""
    sessions.start_session(
        user, user_agent=request.user_agent.string, remembered=remember, now=utcnow()
    )
    login_user(user, remember=remember)
    forget_browsing_locale()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, ip=client_ip(), now=utcnow()
            )
        except AuthError as error:
            form.form_errors.append(str(error.message))
        else:
            _sign_in(user, remember=form.remember.data)
            return redirect(safe_next(url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        sessions.sign_out(current_user, now=utcnow())
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.home"))


def _fill_agencies(form) -> None:
    form.agency.choices = agency_choices(all_agencies(), str(get_locale()))


def show_password_problems(form, error: WeakPassword) -> None:
    form.password.errors = [*form.password.errors, *error.problems]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_rate_limit, methods=["POST"])
def register():
    form = RegistrationForm(locale=str(get_locale()))
    _fill_agencies(form)
    if form.validate_on_submit():
        try:
            registered = services.register(form.to_profile(), form.password.data)
        except WeakPassword as error:
            show_password_problems(form, error)
        except EmailTaken as taken:
            # The same answer as for a new account; only the address's owner learns of it.
            mails.send_registration_attempt(taken.owner, site_url("auth.forgot_password"))
            return _registration_received()
        else:
            mails.send_registration_received(registered)
            return _registration_received()
    return render_template("auth/register.html", form=form)


def _registration_received():
    flash(
        _("Thank you. A coordinator of your agency will review your registration."),
        "success",
    )
    return redirect(url_for("main.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.is_active:
            link = site_url(
                "auth.set_password",
                purpose=services.RESET_PURPOSE,
                token=services.make_token(user, services.RESET_PURPOSE),
            )
            hours = current_app.config["ELEARN_RESET_TOKEN_HOURS"]
            mails.send_password_reset(user, link, hours)
        # The same answer whether or not the address has an account.
        flash(_("If an account uses this address, a reset link is on its way."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/<any(reset, invitation):purpose>/<token>", methods=["GET", "POST"])
def set_password(purpose: str, token: str):
    try:
        user = services.user_for_token(token, purpose)
    except AuthError as error:
        flash(str(error.message), "error")
        return redirect(url_for("auth.forgot_password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except WeakPassword as error:
            show_password_problems(form, error)
        else:
            logout_user()
            flash(_("Your password is set. Sign in with it now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user, purpose=purpose)


def _render_profile(form=None, password_form=None):
    return render_template(
        "auth/profile.html",
        form=form or ProfileForm(obj=current_user, prefix="profile"),
        password_form=password_form or ChangePasswordForm(prefix="password"),
        devices=sessions.list_sessions(current_user, now=utcnow()),
        this_device=current_user.current_session,
    )


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, prefix="profile")
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            display_name=form.display_name.data,
            latin_name=form.latin_name.data,
            locale=form.locale.data,
        )
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile"))
    return _render_profile(form=form)


@bp.post("/profile/password")
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except WeakPassword as error:
            show_password_problems(form, error)
        except AuthError as error:
            form.current_password.errors = [str(error.message)]
        else:
            # Every session ended: this device signs in again, as remembered as it was.
            _sign_in(current_user._get_current_object(), remember=_is_remembered())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("auth.profile"))
    return _render_profile(password_form=form), 400


def _is_remembered() -> bool:
    return current_user.current_session is not None and current_user.current_session.is_remembered


@bp.post("/profile/devices/<int:session_id>/sign-out")
@login_required
def sign_out_device(session_id: int):
    is_this_device = current_user.current_session.id == session_id
    try:
        sessions.revoke_session(current_user, session_id, ip=client_ip(), now=utcnow())
    except NotAllowed:
        abort(404)
    if is_this_device:
        logout_user()
        flash(_("You have signed out."), "success")
        return redirect(url_for("auth.login"))
    flash(_("That device is signed out."), "success")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/devices/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    sessions.sign_out_everywhere(current_user, ip=client_ip(), now=utcnow())
    logout_user()
    flash(_("You are signed out on every device."), "success")
    return redirect(url_for("auth.login"))
