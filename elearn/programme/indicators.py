"""The programme overview's figures, across countries: what it reached, per country, agency and
course, and what officers learnt (pre-test against post-test)."""

from collections import Counter
from dataclasses import dataclass
from statistics import mean

from sqlalchemy import distinct, func, select

from elearn.auth.models import User
from elearn.catalog.models import Enrolment
from elearn.certificates.models import Certificate
from elearn.content.models import Course, Quiz
from elearn.extensions import db
from elearn.i18n import localized
from elearn.orgs.models import Agency, Country
from elearn.progress.dashboard import Filters, in_period
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Attempt


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
        .where(*in_period(CourseCompletion.completed_at, filters))
        .subquery()
    )
    certificates = (
        select(Certificate.user_id, Certificate.course_id)
        .where(Certificate.revoked_at.is_(None), *in_period(Certificate.issued_at, filters))
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
        .where(*in_period(Enrolment.enrolled_at, filters))
        .group_by(Country.code, Agency.name, Course.slug)
        .order_by(Country.code, Agency.name, Course.slug)
    )
    return [IndicatorRow(*row) for row in rows]


def programme_by_month(filters: Filters) -> list[tuple[str, int, int]]:
    """(month, enrolments, completions) for every month with either."""
    enrolled = Counter(
        when.strftime("%Y-%m")
        for when in db.session.scalars(
            select(Enrolment.enrolled_at).where(*in_period(Enrolment.enrolled_at, filters))
        )
    )
    completed = Counter(
        when.strftime("%Y-%m")
        for when in db.session.scalars(
            select(CourseCompletion.completed_at).where(
                *in_period(CourseCompletion.completed_at, filters)
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


def course_titles(locale: str) -> dict[str, str]:
    """Every course's title in ``locale`` by its id, for tables that count by course."""
    return {
        course.slug: localized(course.title, locale)
        for course in db.session.scalars(select(Course))
    }
