from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.auth import scope
from elearn.auth.errors import AuthError
from elearn.auth.models import Role, User, UserStatus
from elearn.catalog.cohorts import Cohort
from elearn.catalog.permissions import (
    can_manage_cohort,
    can_view_cohort,
    visible_cohorts,
    visible_courses,
)
from elearn.certificates.bulk import jobs_for
from elearn.cohorts import services
from elearn.cohorts.forms import CohortForm, MembersCsvForm, MembersForm
from elearn.extensions import db
from elearn.i18n import localized
from elearn.models import utcnow
from elearn.orgs.queries import agency_choices
from elearn.progress.reports import course_matrix
from elearn.progress.tables import matrix_table
from elearn.web import client_ip, csv_download, require_role
from elearn.web.forms import ConfirmForm, options

bp = Blueprint("cohorts", __name__, template_folder="templates")

STAFF = (Role.COORDINATOR, Role.ADMIN, Role.TRAINER, Role.MENTOR)
MAX_CSV_BYTES = 512 * 1024


def _cohort_for(cohort_id: int, *, manage: bool) -> Cohort:
    cohort = db.get_or_404(Cohort, cohort_id)
    allowed = can_manage_cohort if manage else can_view_cohort
    if not allowed(current_user, cohort):
        abort(403)
    return cohort


@bp.get("/cohorts")
@login_required
def index():
    require_role(*STAFF)
    cohorts = db.session.scalars(visible_cohorts(current_user)).all()
    return render_template("cohorts/index.html", cohorts=cohorts)


def _fill_cohort_form(form: CohortForm) -> None:
    locale = str(get_locale())
    form.agency.choices = agency_choices(scope.manageable_agencies(current_user), locale)
    trainers = db.session.scalars(
        scope.visible_users(current_user).where(User.status == UserStatus.ACTIVE)
    ).all()
    form.trainer.choices = options(
        {u.id: u.display_name for u in trainers if u.has_role(Role.TRAINER)}, with_any=True
    )
    form.courses.choices = options(
        {course.id: localized(course.title, locale) for course in visible_courses(current_user)}
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
@login_required
def create():
    require_role(Role.COORDINATOR, Role.ADMIN)
    form = CohortForm()
    _fill_cohort_form(form)
    if form.validate_on_submit():
        plan = services.CohortPlan(
            name=form.name.data,
            agency_id=form.agency.data,
            trainer_id=form.trainer.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            courses={course_id: form.deadline.data for course_id in form.courses.data},
        )
        try:
            cohort = services.create_cohort(current_user, plan, ip=client_ip())
        except AuthError:
            abort(403)
        flash(_("The cohort is created. Add its officers now."), "success")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    return render_template("cohorts/new.html", form=form)


@bp.get("/cohorts/<int:cohort_id>")
@login_required
def show(cohort_id: int):
    cohort = _cohort_for(cohort_id, manage=False)
    members = [member.user for member in cohort.members]
    now = utcnow()
    locale = str(get_locale())
    tables = [
        (
            item,
            matrix_table(
                course_matrix(item.course, members, now=now, deadline=item.deadline), locale
            ),
        )
        for item in cohort.courses
    ]
    members_form = MembersForm(prefix="pick")
    candidates = db.session.scalars(
        scope.visible_users(current_user).where(User.status == UserStatus.ACTIVE)
    ).all()
    members_form.users.choices = options(
        {
            user.id: f"{user.display_name} ({user.email})"
            for user in candidates
            if user.id not in cohort.member_ids
        }
    )
    return render_template(
        "cohorts/show.html",
        cohort=cohort,
        tables=tables,
        can_manage=can_manage_cohort(current_user, cohort),
        members_form=members_form,
        csv_form=MembersCsvForm(prefix="csv"),
        certify_form=ConfirmForm(),
        bulk_jobs=jobs_for(cohort),
    )


@bp.post("/cohorts/<int:cohort_id>/members")
@login_required
def add_members(cohort_id: int):
    cohort = _cohort_for(cohort_id, manage=True)
    form = MembersForm(prefix="pick")
    form.users.choices = options(
        {user_id: "" for user_id in request.form.getlist("pick-users", int)}
    )
    if not form.validate_on_submit():
        abort(400)
    users = db.session.scalars(select(User).where(User.id.in_(form.users.data))).all()
    reports = services.add_members(current_user, cohort, list(users), ip=client_ip(), now=utcnow())
    return render_template("cohorts/report.html", cohort=cohort, reports=reports)


@bp.post("/cohorts/<int:cohort_id>/members/csv")
@login_required
def add_members_csv(cohort_id: int):
    cohort = _cohort_for(cohort_id, manage=True)
    form = MembersCsvForm(prefix="csv")
    if not form.validate_on_submit():
        flash(_("Choose a CSV file."), "error")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    data = form.file.data.read(MAX_CSV_BYTES + 1)
    try:
        if len(data) > MAX_CSV_BYTES:
            raise ValueError
        text = data.decode("utf-8-sig")
    except (UnicodeDecodeError, ValueError):
        flash(_("The file must be a UTF-8 CSV file of at most 512 KB."), "error")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    try:
        reports = services.add_members_from_csv(
            current_user, cohort, text, ip=client_ip(), now=utcnow()
        )
    except services.UnreadableCsv as error:
        flash(str(error.message), "error")
        return redirect(url_for("cohorts.show", cohort_id=cohort.id))
    return render_template("cohorts/report.html", cohort=cohort, reports=reports)


@bp.get("/cohorts/<int:cohort_id>/courses/<slug>.csv")
@login_required
def export_matrix(cohort_id: int, slug: str):
    cohort = _cohort_for(cohort_id, manage=False)
    item = next((i for i in cohort.courses if i.course.slug == slug), None)
    if item is None:
        abort(404)
    members = [member.user for member in cohort.members]
    matrix = course_matrix(item.course, members, now=utcnow(), deadline=item.deadline)
    return csv_download(matrix_table(matrix, str(get_locale())), f"{cohort.id}-{slug}.csv")
