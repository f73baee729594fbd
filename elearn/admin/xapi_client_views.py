"""Admin pages for the credentials of outside xAPI readers: issue (the secret shown once), list,
revoke. The rules live in ``progress.clients``."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.admin.forms import XapiClientForm
from elearn.auth.models import Role
from elearn.extensions import db
from elearn.i18n import country_name
from elearn.models import utcnow
from elearn.orgs.models import Agency, Country
from elearn.orgs.queries import agency_choices, countries
from elearn.progress.clients import clients, issue_client, revoke_client
from elearn.progress.models import XapiClient
from elearn.web import client_ip, require_role
from elearn.web.forms import ConfirmForm, options

bp = Blueprint("xapi_clients", __name__, template_folder="templates")


@bp.before_request
@login_required
def require_admin():
    require_role(Role.ADMIN)


def _form() -> XapiClientForm:
    locale = str(get_locale())
    form = XapiClientForm()
    form.country.choices = options(
        {"": "—"} | {c.code: country_name(c.code, locale) for c in countries()}
    )
    form.agency.choices = [("", "—")] + agency_choices(select(Agency), locale)[1:]
    return form


@bp.route("/", methods=["GET", "POST"])
def index():
    form = _form()
    issued = None
    if form.validate_on_submit():
        country = db.session.scalar(select(Country).where(Country.code == form.country.data))
        agency = db.session.get(Agency, int(form.agency.data)) if form.agency.data else None
        issued = issue_client(
            current_user,
            form.name.data,
            country=country,
            agency=agency,
            ip=client_ip(),
            now=utcnow(),
        )
        form = _form()
    return render_template(
        "admin/xapi_clients.html",
        form=form,
        issued=issued,
        clients=clients(),
        revoke_form=ConfirmForm(),
    )


@bp.post("/<int:client_id>/revoke")
def revoke(client_id: int):
    client = db.get_or_404(XapiClient, client_id)
    if ConfirmForm().validate_on_submit():
        revoke_client(current_user, client, ip=client_ip(), now=utcnow())
        flash(_("Credentials revoked."), "success")
    return redirect(url_for("xapi_clients.index"))
