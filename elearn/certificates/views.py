from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.errors import AuthError
from elearn.certificates import services
from elearn.certificates.bulk import request_bulk_issue
from elearn.certificates.document import render_pdf
from elearn.certificates.forms import RevokeForm, VerifyForm
from elearn.certificates.labels import STATUS_LABELS, printed_labels
from elearn.certificates.models import Certificate
from elearn.certificates.proof import multikey
from elearn.cohorts.models import Cohort
from elearn.content.models import Course
from elearn.extensions import db, limiter
from elearn.forms import ConfirmForm
from elearn.models import utcnow
from elearn.web import client_ip, get_or_404

bp = Blueprint("certificates", __name__, template_folder="templates")


def _verify_rate_limit() -> str:
    return current_app.config["ELEARN_VERIFY_RATE_LIMIT"]


def _readable(serial: str) -> Certificate:
    """The holder's own certificate, or one a coordinator in scope or an admin manages; else 404."""
    certificate = services.find(serial)
    if certificate is None:
        abort(404)
    if certificate.user_id != current_user.id and not services.can_manage(
        current_user, certificate
    ):
        abort(404)
    return certificate


@bp.get("/certificates")
@login_required
def mine():
    certificates = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == current_user.id)
        .order_by(Certificate.issued_at.desc())
    ).all()
    return render_template(
        "certificates/mine.html", certificates=certificates, today=utcnow().date()
    )


@bp.get("/certificates/<serial>.pdf")
@login_required
def pdf(serial: str):
    certificate = _readable(serial)
    data = services.certificate_data(certificate)
    body = render_pdf(data, printed_labels(sorted({"en", certificate.locale}), certificate.kind))
    record(current_user, "certificate.download", ip=client_ip(), target_user=certificate.holder,
           target=certificate.serial, format="pdf")  # fmt: skip
    db.session.commit()
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{certificate.serial}.pdf"'},
    )


@bp.route("/certificates/<serial>", methods=["GET", "POST"])
@login_required
def manage(serial: str):
    """Staff view of a certificate: revoke it with a reason, or re-issue it after a correction."""
    certificate = _readable(serial)
    if not services.can_manage(current_user, certificate):
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(
                current_user, certificate, form.reason.data, ip=client_ip(), now=utcnow()
            )
        except AuthError as error:
            db.session.commit()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The certificate is revoked."), "success")
        return redirect(url_for("certificates.manage", serial=serial))
    return render_template(
        "certificates/manage.html", certificate=certificate, form=form,
        reissue_form=ConfirmForm(), status=certificate.status(utcnow().date()),
    )  # fmt: skip


@bp.post("/certificates/<serial>/reissue")
@login_required
def reissue(serial: str):
    certificate = _readable(serial)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        replacement = services.reissue(current_user, certificate, ip=client_ip(), now=utcnow())
    except AuthError:
        db.session.commit()
        abort(404)
    db.session.commit()
    flash(_("A corrected certificate is issued; the old number is revoked."), "success")
    return redirect(url_for("certificates.manage", serial=replacement.serial))


@bp.get("/verify")
@limiter.limit(_verify_rate_limit)
def verify_form():
    form = VerifyForm(request.args)
    if request.args and form.validate():
        return redirect(
            url_for("certificates.verify", serial=services.normalise_serial(form.serial.data))
        )
    return render_template("certificates/verify_form.html", form=form)


@bp.get("/verify/<serial>")
@limiter.limit(_verify_rate_limit)
def verify(serial: str):
    certificate = services.find(serial)
    if certificate is None:
        return render_template("certificates/verify_unknown.html", serial=serial), 404
    status = certificate.status(utcnow().date())
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        status=status,
        status_label=STATUS_LABELS[status],
        genuine=services.signature_is_valid(certificate),
    )


@bp.get("/certificates/<serial>.json")
@login_required
def badge(serial: str):
    certificate = _readable(serial)
    document = services.open_badge(certificate)
    record(current_user, "certificate.download", ip=client_ip(), target_user=certificate.holder,
           target=certificate.serial, format="openbadge")  # fmt: skip
    db.session.commit()
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    return response


@bp.get("/issuer")
def issuer():
    """The issuer's public profile with its verification key, for anyone checking a credential."""
    key = services.signing_key().public_key()
    issuer_id = services.issuer_id()
    return jsonify(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": issuer_id,
            "type": ["Profile"],
            "name": current_app.config["ELEARN_CERT_ISSUER"],
            "verificationMethod": [
                {
                    "id": f"{issuer_id}#key-1",
                    "type": "Multikey",
                    "controller": issuer_id,
                    "publicKeyMultibase": multikey(key),
                }
            ],
        }
    )


@bp.post("/cohorts/<int:cohort_id>/courses/<slug>/certificates")
@login_required
def bulk_issue(cohort_id: int, slug: str):
    cohort = get_or_404(Cohort, cohort_id)
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not ConfirmForm().validate_on_submit():
        abort(404 if course is None else 400)
    try:
        request_bulk_issue(current_user, cohort, course, ip=client_ip(), now=utcnow())
    except AuthError:
        db.session.commit()
        abort(403)
    db.session.commit()
    flash(_("Certificates are being issued; the progress shows below."), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))
