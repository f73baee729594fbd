"""Cohorts: create them, add officers (picked, or from a CSV of emails), enrol them.

Callers commit."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from elearn.audit.services import record
from elearn.auth import scope
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User, UserStatus
from elearn.auth.services import find_user_by_email
from elearn.catalog.cohorts import Cohort, CohortCourse, CohortMember
from elearn.catalog.models import Enrolment
from elearn.catalog.permissions import can_manage_cohort
from elearn.catalog.services import enrolment
from elearn.content.models import Course
from elearn.extensions import db
from elearn.orgs.models import Agency
from elearn.refusals import Refused

OUTCOMES = {
    "added": _l("Added and enrolled"),
    "member": _l("Already a member"),
    "unknown": _l("No account with this email"),
    "invalid": _l("Not an email address"),
    "scope": _l("Outside your scope"),
    "inactive": _l("The account is not active"),
}


@dataclass(frozen=True)
class CohortPlan:
    name: str
    agency_id: int
    trainer_id: int | None
    starts_on: date
    ends_on: date | None
    courses: dict[int, date | None]  # course id -> deadline


@dataclass(frozen=True)
class RowReport:
    line: int
    email: str
    outcome: str

    @property
    def message(self):
        return OUTCOMES[self.outcome]


def create_cohort(actor: User, plan: CohortPlan, *, ip: str | None) -> Cohort:
    agency = db.session.get_one(Agency, plan.agency_id)
    if not scope.can_manage_agency(actor, agency):
        raise NotAllowed()
    cohort = Cohort(
        name=plan.name.strip(),
        agency=agency,
        coordinator_id=actor.id,
        trainer_id=plan.trainer_id,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        courses=[
            CohortCourse(course=db.session.get_one(Course, course_id), deadline=deadline)
            for course_id, deadline in plan.courses.items()
        ],
    )
    db.session.add(cohort)
    db.session.flush()
    record(actor, "cohort.create", ip=ip, target=f"cohort:{cohort.id}", name=cohort.name)
    return cohort


def _outcome(actor: User, cohort: Cohort, user: User | None) -> str:
    if user is None:
        return "unknown"
    if not (scope.can_manage_user(actor, user) or actor.id == user.id):
        return "scope"
    if user.status != UserStatus.ACTIVE:
        return "inactive"
    if user.id in cohort.member_ids:
        return "member"
    return "added"


def _add(actor: User, cohort: Cohort, user: User, now: datetime) -> None:
    cohort.members.append(CohortMember(user_id=user.id, added_by_id=actor.id, added_at=now))
    for item in cohort.courses:
        if enrolment(user, item.course) is None:
            db.session.add(
                Enrolment(user_id=user.id, course_id=item.course_id, enrolled_by_id=actor.id)
            )
    db.session.flush()


def add_members(
    actor: User, cohort: Cohort, users: list[User], *, ip: str | None, now: datetime
) -> list[RowReport]:
    """Add officers picked from the actor's scope; each gets a row in the report."""
    if not can_manage_cohort(actor, cohort):
        raise NotAllowed()
    reports = []
    for line, user in enumerate(users, start=1):
        outcome = _outcome(actor, cohort, user)
        if outcome == "added":
            _add(actor, cohort, user, now)
        reports.append(RowReport(line, user.email, outcome))
    _audit_members(actor, cohort, reports, ip)
    return reports


class UnreadableCsv(Refused):
    message = _l("The file is not a CSV file with one email address per row.")


def add_members_from_csv(
    actor: User, cohort: Cohort, text: str, *, ip: str | None, now: datetime
) -> list[RowReport]:
    """One email per row (a header row ``email`` is allowed); bad rows are reported and skipped,
    the good ones added."""
    if not can_manage_cohort(actor, cohort):
        raise NotAllowed()
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error:  # a field over csv.field_size_limit(), a NUL byte
        raise UnreadableCsv() from None
    reports = []
    for line, row in enumerate(rows, start=1):
        email = (row[0] if row else "").strip()
        if not email or (line == 1 and email.lower() == "email"):
            continue
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            reports.append(RowReport(line, email, "invalid"))
            continue
        user = find_user_by_email(email)
        outcome = _outcome(actor, cohort, user)
        if outcome == "added":
            _add(actor, cohort, user, now)
        reports.append(RowReport(line, email, outcome))
    _audit_members(actor, cohort, reports, ip)
    return reports


def _audit_members(actor: User, cohort: Cohort, reports: list[RowReport], ip: str | None):
    added = [report.email for report in reports if report.outcome == "added"]
    if added:
        record(actor, "cohort.members", ip=ip, target=f"cohort:{cohort.id}", added=added)
