"""Trainers grade written answers; a fixed question regrades old attempts; both audited."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import Role
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Question, Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.quiz import services
from elearn.quiz.models import Attempt
from tests.course_files import QUIZ, write_course

ESSAY_QUIZ = (
    QUIZ
    + "\n## essay custody {points=2}\nDescribe the chain of custody.\n\n"
    + "> Full marks: who held the exhibit, when, and the seal numbers.\n"
)


def import_quiz(tmp_path, text):
    course, problems = load_course(
        write_course(
            tmp_path, **{"01-basics/check.quiz.md": text, "01-basics/check.quiz.uk.md": ""}
        )
    )
    assert problems == []
    import_course(course)
    db.session.commit()
    return db.session.scalar(select(Quiz))


def question_id(slug):
    return db.session.scalar(select(Question.id).where(Question.slug == slug))


@pytest.fixture
def submitted_essay(tmp_path, users):
    quiz = import_quiz(tmp_path, ESSAY_QUIZ)
    trainee = users(country="GE", display_name="Giorgi")
    attempt = services.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    services.save_answer(attempt, question_id("pick-one"), "right", now=utcnow())
    services.save_answer(attempt, question_id("custody"), "Sealed, signed, logged.", now=utcnow())
    services.submit(attempt, now=utcnow())
    db.session.commit()
    return attempt


def test_an_essay_keeps_the_score_open_until_graded(browser, users, submitted_essay):
    assert submitted_essay.score is None
    trainer = users(Role.TRAINER, country="GE")
    browser.login(trainer.email)
    queue = browser.get("/grading").get_data(as_text=True)
    assert "Sealed, signed, logged." in queue

    url = f"/grading/{submitted_essay.id}/{question_id('custody')}"
    response = browser.submit("/grading", {"points": "1", "comment": "Name the seal."}, action=url)
    assert response.status_code == 302

    db.session.expire_all()
    attempt = db.session.get(Attempt, submitted_essay.id)
    assert attempt.score == 50.0  # 1 + 0 + 1 of 4 points
    assert attempt.answers[question_id("custody")].comment == "Name the seal."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.grade"))
    assert event.actor_id == trainer.id
    assert "Sealed" not in browser.get("/grading").get_data(as_text=True)


def test_the_grader_sees_who_wrote_what_for_which_quiz_and_the_model_answer(
    browser, users, submitted_essay
):
    browser.login(users(Role.TRAINER, country="GE", locale="ro").email)
    queue = browser.get("/grading").get_data(as_text=True)
    assert "Giorgi" in queue and "Sample course" in queue and "Describe the chain" in queue
    assert "who held the exhibit, when, and the seal numbers" in queue  # the author's rubric
    assert 'inputmode="decimal"' in queue

    url = f"/grading/{submitted_essay.id}/{question_id('custody')}"
    browser.submit("/grading", {"points": "1,5", "comment": ""}, action=url)  # a decimal comma
    db.session.expire_all()
    assert (
        db.session.get(Attempt, submitted_essay.id).answers[question_id("custody")].fraction == 0.75
    )


def test_a_trainer_of_another_country_cannot_grade(browser, users, submitted_essay):
    browser.login(users(Role.TRAINER, country="MD").email)
    assert "Sealed" not in browser.get("/grading").get_data(as_text=True)
    url = f"/grading/{submitted_essay.id}/{question_id('custody')}"
    assert browser.submit("/grading", {"points": "2"}, action=url).status_code == 403
    db.session.expire_all()
    assert db.session.get(Attempt, submitted_essay.id).score is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "scope.denied"))


def test_trainees_cannot_open_the_queue(browser, users, submitted_essay):
    browser.login(users(country="GE").email)
    assert browser.get("/grading").status_code == 403


def test_too_many_points_are_refused(browser, users, submitted_essay):
    browser.login(users(Role.TRAINER, country="GE").email)
    url = f"/grading/{submitted_essay.id}/{question_id('custody')}"
    response = browser.submit("/grading", {"points": "5"}, action=url, follow_redirects=True)
    assert "Give between 0 and 2" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Attempt, submitted_essay.id).score is None


def test_regrade_after_a_question_fix_is_audited(app, tmp_path, users):
    quiz = import_quiz(tmp_path, QUIZ)
    trainee = users(country="GE")
    attempt = services.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    services.save_answer(attempt, question_id("pick-one"), "wrong", now=utcnow())
    services.submit(attempt, now=utcnow())
    db.session.commit()
    assert attempt.score == 0.0

    fixed = QUIZ.replace("- [x] right:", "- [ ] right:").replace("- [ ] wrong:", "- [x] wrong:")
    import_quiz(tmp_path, fixed)
    result = CliRunner().invoke(app.cli, ["quiz", "regrade", "sample-course", "basics-check"])

    assert result.exit_code == 0, result.output
    assert "1 attempt(s) changed score." in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 50.0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "quiz.regrade"))
    assert (event.details["before"], event.details["after"]) == (0.0, 50.0)


def test_statistics_page_for_trainers_only(browser, users, tmp_path):
    quiz = import_quiz(tmp_path, QUIZ)
    for locale, choice in [("en", "right")] * 5 + [("uk", "wrong")] * 5:
        trainee = users(country="GE")
        attempt = services.start_or_resume(trainee, quiz, locale=locale, now=utcnow())
        services.save_answer(attempt, question_id("pick-one"), choice, now=utcnow())
        services.submit(attempt, now=utcnow())
    db.session.commit()
    url = "/courses/sample-course/quizzes/basics-check/statistics"

    browser.login(users(country="GE").email)
    assert browser.get(url).status_code == 403
    browser.logout()
    browser.login(users(Role.TRAINER, country="GE").email)
    page = browser.get(url).get_data(as_text=True)
    assert "Based on 10 graded attempts." in page
    assert "much harder: check the translation" in page
    assert '<rect width="50" height="12"' in page  # facility 50% as a bar
    assert "Based on 0 graded attempts." in browser.get(url + "?country=MD").get_data(as_text=True)


def test_statistics_by_cohort(browser, users, tmp_path):
    from elearn.catalog.cohorts import Cohort, CohortMember
    from tests.factories import agency

    quiz = import_quiz(tmp_path, QUIZ)
    coordinator = users(Role.COORDINATOR, country="GE")
    in_cohort, outside = users(country="GE"), users(country="GE")
    for trainee in (in_cohort, outside):
        attempt = services.start_or_resume(trainee, quiz, locale="en", now=utcnow())
        services.submit(attempt, now=utcnow())
    cohort = Cohort(
        name="Group A",
        agency=agency("GE"),
        coordinator_id=coordinator.id,
        starts_on=utcnow().date(),
        members=[CohortMember(user_id=in_cohort.id)],
    )
    db.session.add(cohort)
    db.session.commit()
    browser.login(coordinator.email)
    url = "/courses/sample-course/quizzes/basics-check/statistics"
    assert "Based on 2 graded attempts." in browser.get(url).get_data(as_text=True)
    by_cohort = browser.get(f"{url}?cohort={cohort.id}").get_data(as_text=True)
    assert "Based on 1 graded attempt." in by_cohort
