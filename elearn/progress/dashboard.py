"""Figures for the coordinators' dashboard and the programme overview, scoped by the caller."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from elearn.auth import scope
from elearn.auth.models import Role, User
from elearn.catalog.cohorts import Cohort, CohortMember
from elearn.catalog.models import Enrolment
from elearn.content.models import Course, Quiz
from elearn.extensions import db
from elearn.orgs.models import Agency, Country
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Attempt


@dataclass(frozen=True)
class Filters:
    country: str | None = None
    agency_id: int | None = None
    cohort_id: int | None = None
    locale: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def report_population(actor: User) -> Select[tuple[User]]:
    """Whom the actor reports on: their scope (coordinators, admins), else the members of the
    cohorts they teach (trainers, mentors)."""
    if actor.is_admin or actor.has_role(Role.COORDINATOR):
        return scope.visible_users(actor)
    taught = select(CohortMember.user_id).join(Cohort).where(Cohort.trainer_id == actor.id)
    return select(User).where(User.id.in_(taught))


def trainees(scoped: Select[tuple[User]], filters: Filters) -> Select[tuple[User]]:
    """The caller's visible users narrowed by the dashboard filters."""
    query = scoped
    if filters.country:
        country_agencies = select(Agency.id).join(Country).where(Country.code == filters.country)
        query = query.where(User.agency_id.in_(country_agencies))
    if filters.agency_id:
        query = query.where(User.agency_id == filters.agency_id)
    if filters.cohort_id:
        members = select(CohortMember.user_id).where(CohortMember.cohort_id == filters.cohort_id)
        query = query.where(User.id.in_(members))
    if filters.locale:
        query = query.where(User.locale == filters.locale)
    return query.order_by(User.latin_name, User.id)


def enrolled_trainees(actor: User, course: Course, filters: Filters) -> list[User]:
    """The trainees of ``course`` the actor's reports cover, narrowed by ``filters``."""
    enrolled = select(Enrolment.user_id).where(Enrolment.course_id == course.id)
    query = trainees(report_population(actor), filters).where(User.id.in_(enrolled))
    return list(db.session.scalars(query))


def in_period(column, filters: Filters):
    conditions = []
    if filters.date_from:
        conditions.append(func.date(column) >= filters.date_from)
    if filters.date_to:
        conditions.append(func.date(column) <= filters.date_to)
    return conditions


def completions_by_month(user_ids, course: Course, filters: Filters) -> list[tuple[str, int]]:
    """Cumulative completions of the course, month by month."""
    rows = db.session.scalars(
        select(CourseCompletion.completed_at).where(
            CourseCompletion.user_id.in_(user_ids),
            CourseCompletion.course_id == course.id,
            *in_period(CourseCompletion.completed_at, filters),
        )
    )
    per_month = Counter(when.strftime("%Y-%m") for when in rows)
    total, series = 0, []
    for month in sorted(per_month):
        total += per_month[month]
        series.append((month, total))
    return series


def exam_score_bins(user_ids, course: Course) -> list[tuple[str, int]]:
    """Best final exam score of each trainee, in bins of ten points; empty when nobody sat it."""
    finals = select(Quiz.id).where(Quiz.course_id == course.id, Quiz.module_id.is_(None))
    best = db.session.scalars(
        select(func.max(Attempt.score))
        .where(
            Attempt.user_id.in_(user_ids), Attempt.quiz_id.in_(finals), Attempt.score.is_not(None)
        )
        .group_by(Attempt.user_id)
    )
    counts = Counter(min(int(score // 10), 9) for score in best)
    if not counts:
        return []
    return [(f"{10 * b}–{10 * b + 9 if b < 9 else 100}", counts.get(b, 0)) for b in range(10)]
