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
from elearn.catalog.cohorts import Cohort
from elearn.certificates import services
from elearn.certificates.bulk import request_bulk_issue
from elearn.certificates.forms import CredentialForm, RevokeForm, VerifyForm
from elearn.certificates.labels import REFUSAL_LABELS, REVOCATION_LABELS, STATUS_LABELS
from elearn.certificates.models import Certificate
from elearn.certificates.permissions import can_manage_certificate
from elearn.content.models import Course
from elearn.extensions import db, limiter
from elearn.models import utcnow
from elearn.web import client_ip
from elearn.web.forms import ConfirmForm

bp = Blueprint("certificates", __name__, template_folder="templates")
bp.add_app_template_global(STATUS_LABELS, "status_labels")

MAX_CREDENTIAL_BYTES = 256 * 1024


def _verify_rate_limit() -> str:
    return current_app.config["ELEARN_VERIFY_RATE_LIMIT"]


def _readable(serial: str) -> Certificate:
    """The holder's own certificate, or one a coordinator in scope or an admin manages; else 404."""
    certificate = services.find(serial)
    if certificate is None:
        abort(404)
    if certificate.user_id != current_user.id and not can_manage_certificate(
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
    body = services.certificate_pdf(certificate)
    record(
        current_user,
        "certificate.download",
        ip=client_ip(),
        target_user=certificate.holder,
        target=certificate.serial,
        format="pdf",
    )
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
    if not can_manage_certificate(current_user, certificate):
        abort(404)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke(
                current_user,
                certificate,
                form.reason.data,
                form.note.data,
                ip=client_ip(),
                now=utcnow(),
            )
        except AuthError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The certificate is revoked."), "success")
        return redirect(url_for("certificates.manage", serial=serial))
    return render_template(
        "certificates/manage.html",
        certificate=certificate,
        form=form,
        reissue_form=ConfirmForm(),
        status=certificate.status(utcnow().date()),
        reason_labels=REVOCATION_LABELS,
    )


@bp.post("/certificates/<serial>/reissue")
@login_required
def reissue(serial: str):
    certificate = _readable(serial)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        replacement = services.reissue(current_user, certificate, ip=client_ip(), now=utcnow())
    except AuthError:
        abort(404)
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
    return render_template(
        "certificates/verify_form.html", form=form, credential_form=CredentialForm()
    )


@bp.post("/verify/credential")
@limiter.limit(_verify_rate_limit)
def verify_credential():
    """Checks an uploaded Open Badges credential as an outside verifier would, and says why it
    is refused if it is."""
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    form = CredentialForm()
    if not form.validate_on_submit():
        return render_template(
            "certificates/verify_form.html", form=VerifyForm(), credential_form=form
        ), 400
    refusal, document = None, None
    try:
        document = badges.parse_credential(form.credential.data.read(MAX_CREDENTIAL_BYTES))
        badges.check_open_badge(document, today=utcnow().date())
    except badges.Refusal as error:
        refusal = REFUSAL_LABELS[error.code]
    return render_template(
        "certificates/verify_credential.html", refusal=refusal, document=document
    ), 200 if refusal is None else 422


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
        reason_label=REVOCATION_LABELS.get(certificate.revoked_reason_code),
        genuine=services.signature_is_valid(certificate),
    )


@bp.get("/certificates/<serial>.json")
@login_required
def badge(serial: str):
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    certificate = _readable(serial)
    document = badges.open_badge(certificate)
    record(
        current_user,
        "certificate.download",
        ip=client_ip(),
        target_user=certificate.holder,
        target=certificate.serial,
        format="openbadge",
    )
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.serial}.json"'
    return response


@bp.get("/.well-known/did.json")
def did_document():
    """The issuer's DID document (did:web): its keys, current and retired, as Multikeys."""
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    return jsonify(badges.did_document())


@bp.get("/credentials/status/<int:number>")
def status_list(number: int):
    """The signed revocation status list `number`, as credentials name it."""
    from elearn.certificates import badges  # pyld, jsonschema: only where used

    document = badges.status_list_credential(number)
    if document is None:
        abort(404)
    response = jsonify(document)
    response.cache_control.max_age = 300
    response.cache_control.public = True
    return response


@bp.post("/cohorts/<int:cohort_id>/courses/<slug>/certificates")
@login_required
def bulk_issue(cohort_id: int, slug: str):
    cohort = db.get_or_404(Cohort, cohort_id)
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None or not ConfirmForm().validate_on_submit():
        abort(404 if course is None else 400)
    try:
        request_bulk_issue(current_user, cohort, course, ip=client_ip(), now=utcnow())
    except AuthError:
        abort(403)
    flash(_("Certificates are being issued; the progress shows below."), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort.id))
