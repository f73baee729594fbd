"""Figures for the coordinators' dashboard and the programme overview, scoped by the caller."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import mean

from sqlalchemy import Select, distinct, func, select

from elearn.auth.models import Role, User
from elearn.catalog.models import Enrolment
from elearn.certificates.models import Certificate
from elearn.cohorts.models import Cohort, CohortMember
from elearn.content.models import Course
from elearn.extensions import db
from elearn.orgs import scope
from elearn.orgs.models import Agency, Country
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Attempt, Quiz


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


def _in_period(column, filters: Filters):
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
            *_in_period(CourseCompletion.completed_at, filters),
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


@dataclass(frozen=True)
class IndicatorRow:
    country: str
    agency: str
    course: str
    officers: int
    enrolments: int
    completions: int
    certificates: int


def programme_indicators(filters: Filters) -> list[IndicatorRow]:
    """Officers enrolled, enrolments, completions and certificates (not revoked) per country,
    agency and course."""
    completions = (
        select(CourseCompletion.user_id, CourseCompletion.course_id)
        .where(*_in_period(CourseCompletion.completed_at, filters))
        .subquery()
    )
    certificates = (
        select(Certificate.user_id, Certificate.course_id)
        .where(Certificate.revoked_at.is_(None), *_in_period(Certificate.issued_at, filters))
        .subquery()
    )
    rows = db.session.execute(
        select(
            Country.code,
            Agency.name,
            Course.slug,
            func.count(distinct(Enrolment.user_id)),
            func.count(Enrolment.id),
            func.count(completions.c.user_id),
            func.count(certificates.c.user_id),
        )
        .select_from(Enrolment)
        .join(User, User.id == Enrolment.user_id)
        .join(Agency, Agency.id == User.agency_id)
        .join(Country, Country.id == Agency.country_id)
        .join(Course, Course.id == Enrolment.course_id)
        .outerjoin(
            completions,
            (completions.c.user_id == Enrolment.user_id)
            & (completions.c.course_id == Enrolment.course_id),
        )
        .outerjoin(
            certificates,
            (certificates.c.user_id == Enrolment.user_id)
            & (certificates.c.course_id == Enrolment.course_id),
        )
        .where(*_in_period(Enrolment.enrolled_at, filters))
        .group_by(Country.code, Agency.name, Course.slug)
        .order_by(Country.code, Agency.name, Course.slug)
    )
    return [IndicatorRow(*row) for row in rows]


def programme_by_month(filters: Filters) -> list[tuple[str, int, int]]:
    """(month, enrolments, completions) for every month with either."""
    enrolled = Counter(
        when.strftime("%Y-%m")
        for when in db.session.scalars(
            select(Enrolment.enrolled_at).where(*_in_period(Enrolment.enrolled_at, filters))
        )
    )
    completed = Counter(
        when.strftime("%Y-%m")
        for when in db.session.scalars(
            select(CourseCompletion.completed_at).where(
                *_in_period(CourseCompletion.completed_at, filters)
            )
        )
    )
    return [(m, enrolled[m], completed[m]) for m in sorted(enrolled.keys() | completed.keys())]


@dataclass(frozen=True)
class KnowledgeGain:
    course: str
    trainees: int  # who took both tests
    before: float  # mean best pre-test score, percent
    after: float

    @property
    def gain(self) -> float:
        return self.after - self.before


def knowledge_gain() -> list[KnowledgeGain]:
    """Per course with a pre-test and a post-test: mean best scores of trainees who took both."""
    purposes = {
        quiz.id: (quiz.course.slug, quiz.settings.get("purpose"))
        for quiz in db.session.scalars(select(Quiz))
        if quiz.settings.get("purpose") in ("pretest", "posttest")
    }
    rows = db.session.execute(
        select(Attempt.quiz_id, Attempt.user_id, func.max(Attempt.score))
        .where(Attempt.quiz_id.in_(purposes), Attempt.score.is_not(None))
        .group_by(Attempt.quiz_id, Attempt.user_id)
    )
    scores: dict[str, dict[str, dict[int, float]]] = {}
    for quiz_id, user_id, score in rows:
        course, purpose = purposes[quiz_id]
        scores.setdefault(course, {}).setdefault(purpose, {})[user_id] = score
    gains = []
    for course, tests in sorted(scores.items()):
        both = tests.get("pretest", {}).keys() & tests.get("posttest", {}).keys()
        if both:
            before = mean(tests["pretest"][user] for user in both)
            after = mean(tests["posttest"][user] for user in both)
            gains.append(KnowledgeGain(course, len(both), before, after))
    return gains
