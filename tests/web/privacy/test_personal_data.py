"""An officer downloads their data; an admin erases an officer on request, and the certificates
they hold stay verifiable."""

import json

import pytest
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.models import Role, User, UserSession, UserStatus
from elearn.catalog.cohorts import Cohort, CohortMember
from elearn.catalog.services import enrol_self
from elearn.certificates import services as certificates
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.completion import update_completion
from elearn.progress.models import LearningRecord
from elearn.quiz import services as quizzes
from elearn.quiz.models import Attempt
from tests.course_files import QUIZ, write_course

ESSAY = "Sealed in bag 41, signed by Nino Beridze, logged at 09:10."
ESSAY_QUIZ = QUIZ + "\n## essay custody {points=2}\nDescribe the chain of custody.\n"


def _question(slug: str) -> int:
    return db.session.scalar(select(Question.id).where(Question.slug == slug))


@pytest.fixture
def graduate(tmp_path, users):
    """A Georgian officer who wrote an essay, was graded with a comment, completed the course,
    holds its certificate and belongs to a cohort."""
    source, problems = load_course(
        write_course(
            tmp_path,
            **{"01-basics/check.quiz.md": ESSAY_QUIZ, "01-basics/check.quiz.uk.md": ""},
        )
    )
    assert problems == []
    import_course(source)
    db.session.commit()
    course = db.session.scalar(select(Course))
    officer = users(country="GE", locale="ka", display_name="ნინო")
    trainer = users(Role.TRAINER, country="GE")
    coordinator = users(Role.COORDINATOR, country="GE")
    enrol_self(officer, course)
    for lesson in ordered_lessons(course):
        complete_lesson(officer, lesson, utcnow())
    attempt = quizzes.start_or_resume(
        officer, db.session.scalar(select(Quiz)), locale="en", now=utcnow()
    )
    quizzes.save_answer(attempt, _question("pick-one"), "right", now=utcnow())
    quizzes.save_answer(attempt, _question("count"), "4", now=utcnow())
    quizzes.save_answer(attempt, _question("custody"), ESSAY, now=utcnow())
    quizzes.submit(attempt, now=utcnow())
    quizzes.grade_essay(
        trainer,
        attempt.answers[_question("custody")],
        1.0,
        "Well put, Nino.",
        ip=None,
        now=utcnow(),
    )
    update_completion(officer, course, now=utcnow())
    cohort = Cohort(
        name="Tbilisi spring intake",
        agency_id=officer.agency_id,
        coordinator_id=coordinator.id,
        starts_on=utcnow().date(),
    )
    cohort.members.append(CohortMember(user_id=officer.id))
    db.session.add(cohort)
    db.session.commit()
    certificate = certificates.current_certificate(officer, course)
    assert certificate is not None
    return officer, certificate


def test_an_officer_downloads_everything_kept_about_them(browser, users, graduate):
    officer, certificate = graduate
    browser.login(officer.email)
    profile = browser.get("/profile").get_data(as_text=True)
    assert 'href="/profile/data.json"' in profile

    response = browser.get("/profile/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == officer.email
    assert data["profile"]["display_name"] == officer.display_name
    assert data["enrolments"][0]["course"] == "sample-course"
    assert data["completions"][0]["course"] == "sample-course"
    assert {row["lesson"] for row in data["lesson_progress"]} == {
        "first-lesson",
        "second-lesson",
        "third-lesson",
    }
    answers = {a["question"]: a for a in data["attempts"][0]["answers"]}
    assert answers["custody"]["response"] == ESSAY
    assert answers["custody"]["comment"] == "Well put, Nino."
    assert answers["pick-one"]["response"] == "right"
    assert data["certificates"][0]["serial"] == certificate.serial
    assert data["certificates"][0]["status"] == "valid"
    assert data["cohorts"][0]["cohort"] == "Tbilisi spring intake"
    stored = db.session.scalar(
        select(func.count()).select_from(LearningRecord).where(LearningRecord.user_id == officer.id)
    )
    assert stored > 0 and len(data["learning_records"]) == stored
    assert data["devices"][0]["revoked_at"] is None

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.data_export"))
    assert event.actor_id == officer.id and event.target_user_id == officer.id


def test_the_download_holds_only_the_signed_in_officers_data(browser, users, graduate):
    officer, _certificate = graduate
    other = users(country="GE")
    browser.login(other.email)
    data = json.loads(browser.get("/profile/data.json").get_data(as_text=True))
    text = json.dumps(data, ensure_ascii=False)
    assert data["profile"]["email"] == other.email
    assert officer.email not in text and ESSAY not in text
    assert data["attempts"] == [] and data["certificates"] == []


def test_the_download_needs_a_signed_in_officer(client):
    response = client.get("/profile/data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_admin_erases_an_officer_and_the_certificate_stays_genuine(browser, users, graduate):
    officer, certificate = graduate
    officer_id, email, name = officer.id, officer.email, officer.display_name
    admin = users(Role.ADMIN)
    officer_client = type(browser)(browser.client.application.test_client())
    officer_client.login(email)
    assert officer_client.get("/profile").status_code == 200

    browser.login(admin.email)
    page = browser.get(f"/admin/users/{officer_id}").get_data(as_text=True)
    assert f'href="/admin/users/{officer_id}/erase"' in page
    confirm = browser.get(f"/admin/users/{officer_id}/erase").get_data(as_text=True)
    assert name in confirm
    assert browser.submit(f"/admin/users/{officer_id}/erase", {}).status_code == 302

    db.session.expire_all()
    erased = db.session.get(User, officer_id)
    assert erased.erased_at is not None and erased.status == UserStatus.SUSPENDED
    assert email not in erased.email and name not in (erased.display_name, erased.latin_name)
    assert erased.password_hash is None and erased.roles == frozenset()
    assert db.session.scalar(select(func.count()).where(UserSession.user_id == officer_id)) == 0
    # The erased officer's own words are gone; the grades and the score stay.
    attempt = db.session.scalar(select(Attempt).where(Attempt.user_id == officer_id))
    essay = attempt.answers[_question("custody")]
    assert essay.response is None and essay.comment is None and essay.fraction == 1.0
    assert attempt.answers[_question("pick-one")].response == "right"
    assert attempt.score == 100.0
    statements = db.session.scalars(
        select(LearningRecord.statement).where(LearningRecord.user_id == officer_id)
    ).all()
    assert statements and ESSAY not in json.dumps(statements, ensure_ascii=False)
    # Their training stays under the same id: the audit trail still points at it.
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.erase"))
    assert event.actor_id == admin.id and event.target_user_id == officer_id
    assert (
        db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "quiz.grade")
        ).target_user_id
        == officer_id
    )

    # A copied cookie no longer opens anything, and the password no longer signs in.
    assert officer_client.get("/profile").status_code == 302
    assert "Wrong email or password." in officer_client.submit(
        "/login", {"email": email, "password": users.PASSWORD}
    ).get_data(as_text=True)

    # The certificate the officer holds is still genuine and valid, as issued.
    verify = browser.client.application.test_client().get(f"/verify/{certificate.serial}")
    page = verify.get_data(as_text=True)
    assert verify.status_code == 200
    assert 'class="verdict verdict--ok"' in page and certificate.holder_name in page
    assert certificates.signature_is_valid(certificate)
    assert email not in page

    admin_page = browser.get(f"/admin/users/{officer_id}").get_data(as_text=True)
    assert (
        "Erased on request" in admin_page and f"/admin/users/{officer_id}/erase" not in admin_page
    )
    assert browser.get(f"/admin/users/{officer_id}/erase").status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TRAINER, Role.TRAINEE])
def test_only_an_admin_erases(browser, users, graduate, role):
    officer, _certificate = graduate
    browser.login(users(role, country="GE").email)
    assert browser.get(f"/admin/users/{officer.id}/erase").status_code == 403
    response = browser.submit("/profile", {}, action=f"/admin/users/{officer.id}/erase")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(User, officer.id).erased_at is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.erase")) is None


def test_erasure_needs_the_csrf_token_and_spares_the_admin_themself(browser, users, graduate):
    officer, _certificate = graduate
    admin = users(Role.ADMIN)
    browser.login(admin.email)
    assert browser.client.post(f"/admin/users/{officer.id}/erase").status_code == 400
    assert browser.get(f"/admin/users/{admin.id}/erase").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, officer.id).erased_at is None
