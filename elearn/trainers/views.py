from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth import scope
from elearn.auth.models import Role, User, UserStatus
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.i18n import LANGUAGE_NAMES, country_name
from elearn.models import utcnow
from elearn.orgs.models import Country
from elearn.orgs.queries import countries
from elearn.refusals import Refused
from elearn.trainers import queries, services
from elearn.trainers.forms import (
    ApproveForm,
    DirectoryFilterForm,
    NominateForm,
    ProgrammeForm,
    SessionForm,
    TargetForm,
    observation_form,
)
from elearn.trainers.labels import CANDIDACY_STATUS_LABELS, subject_area_label
from elearn.trainers.models import Candidacy, CandidacyStatus, Programme, TrainingSession
from elearn.trainers.programmes import check_programme, save_programme
from elearn.web import client_ip, csv_download, require_role
from elearn.web.forms import ConfirmForm, options
from elearn.web.tables import Cell, Table

bp = Blueprint("trainers", __name__, url_prefix="/trainers", template_folder="templates")
bp.add_app_template_global(CANDIDACY_STATUS_LABELS, "candidacy_status_labels")
bp.add_app_template_filter(subject_area_label, "subject_area_label")


@bp.get("/")
@login_required
def programmes():
    manages = current_user.is_admin or current_user.has_role(Role.COORDINATOR)
    return render_template(
        "trainers/programmes.html",
        programmes=queries.programmes(),
        mine=queries.candidacies_of(current_user),
        to_review=queries.awaiting_decision(current_user) if manages else [],
        mentoring=queries.mentored_by(current_user),
        nominate_form=_nominate_form() if manages else None,
        form=ConfirmForm(),
    )


@bp.post("/<slug>/apply")
@login_required
def apply(slug: str):
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None or not ConfirmForm().validate_on_submit():
        abort(404 if programme is None else 400)
    candidacy = services.apply(current_user, programme, ip=client_ip())
    flash(_("Your application is sent to your coordinator."), "success")
    return redirect(url_for("trainers.candidacy", candidacy_id=candidacy.id))


def _candidacy_for(candidacy_id: int) -> Candidacy:
    """The candidate, their mentor, and coordinators in scope see a candidacy; others get 404."""
    candidacy = db.get_or_404(Candidacy, candidacy_id)
    allowed = current_user.id in (candidacy.user_id, candidacy.mentor_id) or scope.can_manage_user(
        current_user, candidacy.user
    )
    if not allowed:
        abort(404)
    return candidacy


def _mentor_choices(candidacy: Candidacy):
    return options({m.id: m.display_name for m in services.mentors() if m.id != candidacy.user_id})


@bp.get("/candidacies/<int:candidacy_id>")
@login_required
def candidacy(candidacy_id: int):
    candidacy = _candidacy_for(candidacy_id)
    approve_form = ApproveForm()
    approve_form.mentor.choices = _mentor_choices(candidacy)
    locale = str(get_locale())
    return render_template(
        "trainers/candidacy.html",
        candidacy=candidacy,
        checklist=services.checklist(candidacy, locale),
        session_form=SessionForm(prefix="session"),
        approve_form=approve_form,
        observation_form=observation_form(candidacy.programme.definition["rubric"], locale),
        form=ConfirmForm(),
        locale=locale,
        is_candidate=current_user.id == candidacy.user_id,
        is_mentor=current_user.id == candidacy.mentor_id,
        manages=scope.can_manage_user(current_user, candidacy.user),
        expiring=candidacy.valid_until is not None
        and (candidacy.valid_until - utcnow().date()).days <= services.REMINDER_DAYS,
    )


def _act(candidacy: Candidacy, action, message: str):
    try:
        action()
    except Refused as error:
        flash(str(error.message), "error")
    else:
        flash(message, "success")
    return redirect(url_for("trainers.candidacy", candidacy_id=candidacy.id))


@bp.post("/candidacies/<int:candidacy_id>/approve")
@login_required
def approve(candidacy_id: int):
    candidacy = _candidacy_for(candidacy_id)
    form = ApproveForm()
    form.mentor.choices = _mentor_choices(candidacy)
    if not form.validate_on_submit():
        abort(400)
    mentor = db.session.get(User, form.mentor.data)
    return _act(
        candidacy,
        lambda: services.approve(current_user, candidacy, mentor, ip=client_ip()),
        _("The candidacy is approved and a mentor assigned."),
    )


@bp.post("/candidacies/<int:candidacy_id>/sessions")
@login_required
def log_session(candidacy_id: int):
    candidacy = _candidacy_for(candidacy_id)
    form = SessionForm(prefix="session")
    if not form.validate_on_submit():
        flash(_("Fill in every field of the session."), "error")
        return redirect(url_for("trainers.candidacy", candidacy_id=candidacy.id))
    return _act(
        candidacy,
        lambda: services.log_session(
            current_user,
            candidacy,
            delivered_on=form.delivered_on.data,
            place=form.place.data,
            audience_size=form.audience_size.data,
            topic=form.topic.data,
            today=utcnow().date(),
            ip=client_ip(),
        ),
        _("The session is logged."),
    )


@bp.post("/sessions/<int:session_id>/observe")
@login_required
def observe(session_id: int):
    session = db.get_or_404(TrainingSession, session_id)
    candidacy = _candidacy_for(session.candidacy_id)
    rubric = candidacy.programme.definition["rubric"]
    form = observation_form(rubric, str(get_locale()), formdata=request.form)
    if not form.validate_on_submit():
        flash(_("Score every criterion and write your comments."), "error")
        return redirect(url_for("trainers.candidacy", candidacy_id=candidacy.id))
    scores = {c["id"]: int(form[f"score_{c['id']}"].data) for c in rubric}
    return _act(
        candidacy,
        lambda: services.observe(
            current_user, session, scores=scores, comments=form.comments.data, ip=client_ip()
        ),
        _("The observation is recorded."),
    )


@bp.post("/candidacies/<int:candidacy_id>/<any(recommend, confirm, renew):step>")
@login_required
def advance(candidacy_id: int, step: str):
    candidacy = _candidacy_for(candidacy_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    steps = {
        "recommend": (services.recommend, _("You recommended the candidate.")),
        "confirm": (services.confirm, _("Certified: the trainer certificate is issued.")),
        "renew": (services.renew, _("Renewed: a new trainer certificate is issued.")),
    }
    action, message = steps[step]
    return _act(
        candidacy, lambda: action(current_user, candidacy, now=utcnow(), ip=client_ip()), message
    )


def directory_table(rows: list[Candidacy], locale: str) -> Table:
    mentor_ids = {m.id for m in services.mentors()}
    headers = [
        _("Name"),
        _("Subject area"),
        _("Country"),
        _("Agency"),
        _("Languages"),
        _("Mentor"),
        _("Sessions delivered"),
        _("Valid until"),
        _("Status"),
    ]
    return Table(
        headers,
        [
            [
                Cell(c.user.display_name),
                Cell(subject_area_label(c.programme.subject_area)),
                Cell(country_name(c.user.country.code, locale)),
                Cell(c.user.agency.name),
                Cell(LANGUAGE_NAMES[c.user.locale]),
                Cell(_("Yes") if c.user_id in mentor_ids else ""),
                Cell(str(len(c.sessions))),
                Cell(format_date(c.valid_until) if c.valid_until else ""),
                Cell(_("Certified") if c.status == CandidacyStatus.CERTIFIED else _("Expired")),
            ]
            for c in rows
        ],
    )


@bp.get("/directory")
@login_required
def directory():
    require_role(Role.COORDINATOR, Role.TRAINER, Role.MENTOR, Role.ADMIN)
    locale = str(get_locale())
    form = DirectoryFilterForm(request.args)
    areas = {area: subject_area_label(area) for area in queries.subject_areas()}
    form.subject_area.choices = options(areas, with_any=True)
    form.country.choices = options(
        {c.code: country_name(c.code, locale) for c in countries() if c.is_partner}, with_any=True
    )
    form.validate()
    table = directory_table(
        queries.directory(
            subject_area=form.subject_area.data, country=form.country.data, name=form.q.data
        ),
        locale,
    )
    if request.args.get("format") == "csv":
        return csv_download(table, "trainers.csv")
    return render_template(
        "trainers/directory.html",
        form=form,
        table=table,
        coverage=services.coverage(),
        target_form=_target_form(),
    )


def _target_form() -> TargetForm:
    """Partner countries by name, subject areas by label: nobody types a code."""
    locale = str(get_locale())
    form = TargetForm()
    form.country.choices = options(
        {c.code: country_name(c.code, locale) for c in countries() if c.is_partner}
    )
    form.subject_area.choices = options(
        {area: subject_area_label(area) for area in queries.subject_areas()}
    )
    return form


@bp.post("/targets")
@login_required
def set_target():
    require_role(Role.ADMIN)
    form = _target_form()
    if not form.validate_on_submit():
        abort(400)
    country = db.session.scalar(select(Country).where(Country.code == form.country.data))
    if country is None:
        abort(400)
    services.set_target(
        current_user, country, form.subject_area.data, form.target.data, ip=client_ip()
    )
    flash(_("Target saved."), "success")
    return redirect(url_for("trainers.directory"))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_programme(slug: str):
    """Admins edit a programme's YAML; it is checked like the files, problems named by line."""
    require_role(Role.ADMIN)
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None:
        abort(404)
    form = ProgrammeForm(source=programme.source)
    problems = Problems()
    if form.validate_on_submit():
        definition = check_programme(form.source.data, Path(f"{slug}.yml"), problems)
        if definition is not None and definition["id"] != slug:
            problems.add(Path(f"{slug}.yml"), 1, _("the id cannot change"))
        elif definition is not None:
            save_programme(definition, form.source.data)
            record(current_user, "trainer.programme", ip=client_ip(), target=slug)
            flash(_("Saved."), "success")
            return redirect(url_for("trainers.programmes"))
    return render_template("trainers/edit.html", form=form, programme=programme, problems=problems)


def _nominate_form() -> NominateForm:
    form = NominateForm(prefix="nominate")
    officers = db.session.scalars(
        scope.visible_users(current_user).where(User.status == UserStatus.ACTIVE)
    )
    form.officer.choices = options(
        {u.id: f"{u.display_name} ({u.email})" for u in officers if u.id != current_user.id}
    )
    return form


@bp.post("/<slug>/nominate")
@login_required
def nominate(slug: str):
    """A coordinator nominates an officer of their scope; the candidacy still needs approval."""
    require_role(Role.COORDINATOR, Role.ADMIN)
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    form = _nominate_form()
    if programme is None or not form.validate_on_submit():
        abort(404 if programme is None else 400)
    officer = db.session.get(User, form.officer.data)
    try:
        candidacy = services.apply(officer, programme, nominated_by=current_user, ip=client_ip())
    except Refused:
        abort(403)
    flash(_("The officer is nominated; approve the candidacy to assign a mentor."), "success")
    return redirect(url_for("trainers.candidacy", candidacy_id=candidacy.id))
