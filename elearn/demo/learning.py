"""Demo learning for a first look: trainees part-way through courses and a Georgian cohort whose
members are at different stages, so that dashboards show something real. Runs only for courses
already imported; idempotent."""

from datetime import timedelta

from sqlalchemy import select

from elearn.auth.services import find_user_by_email
from elearn.catalog.cohorts import Cohort, CohortCourse, CohortMember
from elearn.catalog.services import enrol_self, enrolment
from elearn.content.answer_keys import model_response
from elearn.content.models import Course, Quiz
from elearn.content.queries import course_quizzes, ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.quiz import services as quizzes

# (email, course id, lessons completed)
DEMO_PROGRESS = [
    ("trainee.ua@elearn.example", "crypto-tracing", 4),
    ("trainee.ge@elearn.example", "crypto-tracing", 1),
]
# Graduates holding certificates in each language: (email, course id, days ago)
DEMO_GRADUATES = [
    ("trainee.am@elearn.example", "trainer-methodology", 65),
    ("trainee.az@elearn.example", "trainer-methodology", 50),
    ("trainee.md@elearn.example", "trainer-methodology", 35),
    ("trainee.ua@elearn.example", "trainer-methodology", 25),
]
COHORT_NAME = "Tbilisi cybercrime unit, autumn 2026"
COHORT_COORDINATOR = "coordinator.ge@elearn.example"
COHORT_COURSE = "crypto-tracing"


def start_demo_learning() -> None:
    for email, course_id, completed in DEMO_PROGRESS:
        if enrolled := _newly_enrolled(email, course_id):
            user, course = enrolled
            for lesson in ordered_lessons(course)[:completed]:
                complete_lesson(user, lesson, utcnow())
    for email, course_id, days_ago in DEMO_GRADUATES:
        if enrolled := _newly_enrolled(email, course_id):
            _graduate(*enrolled, utcnow(), days_ago=days_ago)
    _cohort()


def _newly_enrolled(email: str, course_id: str):
    """(user, course) after enrolling the user, or None when the course is not imported or the
    user was already enrolled (a second demo run)."""
    user = find_user_by_email(email)
    course = _course(course_id)
    if course is None or enrolment(user, course) is not None:
        return None
    enrol_self(user, course)
    return user, course


def _course(course_id: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == course_id))


def _cohort() -> None:
    course = _course(COHORT_COURSE)
    if course is None or db.session.scalar(select(Cohort).where(Cohort.name == COHORT_NAME)):
        return
    coordinator = find_user_by_email(COHORT_COORDINATOR)
    now = utcnow()
    cohort = Cohort(
        name=COHORT_NAME,
        agency=coordinator.agency,
        coordinator_id=coordinator.id,
        trainer_id=find_user_by_email("mentor@elearn.example").id,
        starts_on=(now - timedelta(days=45)).date(),
        ends_on=(now + timedelta(days=45)).date(),
        courses=[CohortCourse(course=course, deadline=(now + timedelta(days=30)).date())],
    )
    db.session.add(cohort)
    stages = {
        "tamar.ge@elearn.example": _graduate,
        "davit.ge@elearn.example": _struggling,
        "eka.ge@elearn.example": _inactive,
        "trainee.ge@elearn.example": None,
    }
    for email, stage in stages.items():
        user = find_user_by_email(email)
        cohort.members.append(CohortMember(user_id=user.id, added_by_id=coordinator.id))
        if enrolment(user, course) is None:
            enrol_self(user, course)
        if stage:
            stage(user, course, now)
    db.session.flush()


def _graduate(user, course, now, days_ago: int = 20) -> None:
    when = now - timedelta(days=days_ago)
    for lesson in ordered_lessons(course):
        complete_lesson(user, lesson, when)
    for quiz in course_quizzes(course):
        _sit(user, quiz, when, correct=True)


def _struggling(user, course, now) -> None:
    for lesson in ordered_lessons(course)[:6]:
        complete_lesson(user, lesson, now - timedelta(days=10))
    first_quiz = course_quizzes(course)[0]
    for days in (9, 8):
        _sit(user, first_quiz, now - timedelta(days=days), correct=False)


def _inactive(user, course, now) -> None:
    complete_lesson(user, ordered_lessons(course)[0], now - timedelta(days=30))


def _sit(user, quiz: Quiz, when, *, correct: bool) -> None:
    attempt = quizzes.start_or_resume(user, quiz, locale=user.locale, now=when)
    if correct:
        for shown in attempt.questions:
            response = model_response(shown["type"], shown["answer_key"], shown["texts"])
            if response is not None:
                quizzes.save_answer(attempt, shown["question"], response, now=when)
    quizzes.submit(attempt, now=when + timedelta(minutes=12))
