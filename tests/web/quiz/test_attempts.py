"""Taking a quiz: start, save as you go, resume, submit once, review; every abuse refused."""

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from elearn.certificates.models import Certificate
from elearn.content.models import Course, Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.models import CourseCompletion
from elearn.quiz.models import Answer, Attempt, AttemptStatus
from tests.conftest import Browser, csrf_token
from tests.course_files import QUIZ, import_sample_course

QUIZ_URL = "/courses/sample-course/quizzes/basics-check"


@pytest.fixture
def course_with_quiz(tmp_path):
    def make(quiz_text=QUIZ):
        import_sample_course(
            tmp_path, **{"01-basics/check.quiz.md": quiz_text, "01-basics/check.quiz.uk.md": ""}
        )

    make()
    return make


@pytest.fixture
def trainee(browser, users, course_with_quiz):
    user = users(country="GE")
    browser.login(user.email)
    browser.submit("/courses/sample-course", {}, action="/courses/sample-course/enrol")
    return user


def question_id(slug: str) -> int:
    return db.session.scalar(select(Question.id).where(Question.slug == slug))


def start(browser) -> int:
    response = browser.submit(QUIZ_URL, {}, action=QUIZ_URL + "/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def save(browser, attempt_id, answers, *, follow_redirects=False):
    """Post answers as the attempt page's form does (the token comes from the quiz page, which
    still has a form once the attempt is closed)."""
    return browser.submit(
        QUIZ_URL,
        {"page": "1", "go": "stay", **answers},
        action=f"/attempts/{attempt_id}/save",
        follow_redirects=follow_redirects,
    )


def submit(browser, attempt_id):
    return browser.submit(QUIZ_URL, {}, action=f"/attempts/{attempt_id}/submit")


def shown_as(attempt_id, slug, choice) -> str:
    """The value the attempt's page gives a choice (its per-attempt alias)."""
    shown = next(q for q in the_attempt(attempt_id).questions if q["slug"] == slug)
    return shown["aliases"][choice]


def the_attempt(attempt_id) -> Attempt:
    db.session.expire_all()
    return db.session.get(Attempt, attempt_id)


def test_full_attempt_is_graded_by_id(browser, trainee):
    attempt_id = start(browser)
    pick, count = question_id("pick-one"), question_id("count")
    save(
        browser,
        attempt_id,
        {f"q{pick}": shown_as(attempt_id, "pick-one", "right"), f"q{count}": "4,5"},
    )
    assert submit(browser, attempt_id).status_code == 302

    attempt = the_attempt(attempt_id)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.score == 100.0 and attempt.passed
    page = browser.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 100%" in page and "Yes." in page


def test_wrong_and_missing_answers_score_zero(browser, trainee):
    attempt_id = start(browser)
    save(
        browser,
        attempt_id,
        {f"q{question_id('pick-one')}": shown_as(attempt_id, "pick-one", "wrong")},
    )
    submit(browser, attempt_id)
    attempt = the_attempt(attempt_id)
    assert attempt.score == 0.0 and attempt.passed is False


def test_answers_survive_a_reload_and_another_device(app, browser, trainee, users):
    attempt_id = start(browser)
    pick = question_id("pick-one")
    save(browser, attempt_id, {f"q{pick}": shown_as(attempt_id, "pick-one", "right")})

    other_device = Browser(app.test_client())
    other_device.login(trainee.email)
    assert start(other_device) == attempt_id  # resumes, does not start a second attempt
    page = other_device.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert f'value="{shown_as(attempt_id, "pick-one", "right")}" checked' in page


def test_autosave_request_answers_json(browser, trainee):
    attempt_id = start(browser)
    page = browser.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    response = browser.client.post(
        f"/attempts/{attempt_id}/save",
        data={"csrf_token": csrf_token(page), "page": "1", f"q{question_id('count')}": "4"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.get_json() == {"saved": True}
    assert db.session.scalar(select(Answer.response)) == "4"


def test_tampered_choice_id_is_refused_and_changes_nothing(browser, trainee):
    attempt_id = start(browser)
    pick = question_id("pick-one")
    save(browser, attempt_id, {f"q{pick}": shown_as(attempt_id, "pick-one", "right")})
    response = save(browser, attempt_id, {f"q{pick}": "invented"}, follow_redirects=True)
    assert "not one of the question" in response.get_data(as_text=True)
    assert db.session.scalar(select(Answer.response)) == "right"


def test_question_from_another_quiz_is_refused(browser, trainee, tmp_path):
    attempt_id = start(browser)
    from elearn.quiz import services

    attempt = the_attempt(attempt_id)
    final_question = db.session.scalar(select(func.max(Question.id))) + 1000
    with pytest.raises(Exception) as refused:
        services.save_answer(attempt, final_question, "x", now=utcnow())
    assert "not part of your attempt" in str(refused.value)


def test_a_form_answering_a_question_outside_the_attempt_is_refused(browser, trainee):
    attempt_id = start(browser)
    pick = question_id("pick-one")
    response = save(
        browser,
        attempt_id,
        {f"q{pick}": shown_as(attempt_id, "pick-one", "right"), f"q{pick + 1000}": "x"},
        follow_redirects=True,
    )
    assert "not part of your attempt" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_someone_elses_attempt_is_404(app, browser, trainee, users):
    attempt_id = start(browser)
    intruder = Browser(app.test_client())
    intruder.login(users(country="GE").email)
    assert intruder.get(f"/attempts/{attempt_id}").status_code == 404
    assert intruder.get(f"/attempts/{attempt_id}/result").status_code == 404


def test_double_submission_grades_once(browser, trainee):
    attempt_id = start(browser)
    save(
        browser,
        attempt_id,
        {f"q{question_id('pick-one')}": shown_as(attempt_id, "pick-one", "right")},
    )
    submit(browser, attempt_id)
    first = the_attempt(attempt_id).submitted_at
    assert submit(browser, attempt_id).status_code == 302
    assert the_attempt(attempt_id).submitted_at == first
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_answers_after_submission_are_refused(browser, trainee):
    attempt_id = start(browser)
    submit(browser, attempt_id)
    response = save(
        browser,
        attempt_id,
        {f"q{question_id('pick-one')}": shown_as(attempt_id, "pick-one", "right")},
        follow_redirects=True,
    )
    assert "already submitted" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


def test_attempt_limit(browser, trainee, course_with_quiz):
    course_with_quiz(QUIZ.replace("attempts: 3", "attempts: 2"))
    for _ in range(2):
        submit(browser, start(browser))
    response = browser.submit(QUIZ_URL, {}, action=QUIZ_URL + "/start", follow_redirects=True)
    assert "used every attempt" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def test_time_limit_is_enforced_on_the_server(browser, trainee, course_with_quiz):
    course_with_quiz(QUIZ.replace("time_limit: 0", "time_limit: 10"))
    begin = utcnow()
    with freeze_time(begin):
        attempt_id = start(browser)
        save(
            browser,
            attempt_id,
            {f"q{question_id('pick-one')}": shown_as(attempt_id, "pick-one", "right")},
        )
    with freeze_time(begin + timedelta(minutes=11)):
        late = save(browser, attempt_id, {f"q{question_id('count')}": "4"}, follow_redirects=True)
    assert "time for this attempt is over" in late.get_data(as_text=True)
    attempt = the_attempt(attempt_id)
    assert attempt.status == AttemptStatus.SUBMITTED
    assert set(attempt.answers) == {question_id("pick-one")}
    assert attempt.score == 50.0


def test_an_attempt_expiring_with_passing_answers_completes_the_course(
    browser, trainee, course_with_quiz
):
    course_with_quiz(QUIZ.replace("time_limit: 0", "time_limit: 10"))
    for lesson in ordered_lessons(db.session.scalar(select(Course))):
        complete_lesson(trainee, lesson, utcnow())
    db.session.commit()
    begin = utcnow()
    with freeze_time(begin):
        attempt_id = start(browser)
        right = shown_as(attempt_id, "pick-one", "right")
        save(
            browser,
            attempt_id,
            {f"q{question_id('pick-one')}": right, f"q{question_id('count')}": "4"},
        )
    with freeze_time(begin + timedelta(minutes=11)):
        assert browser.get(f"/attempts/{attempt_id}").status_code == 302  # to the result

    (completion,) = db.session.scalars(select(CourseCompletion)).all()
    assert completion.user_id == trainee.id
    assert completion.completed_at == begin + timedelta(minutes=10)  # the deadline
    (certificate,) = db.session.scalars(select(Certificate)).all()
    assert certificate.user_id == trainee.id


def test_cooldown_between_attempts(browser, trainee, course_with_quiz):
    course_with_quiz(QUIZ.replace("time_limit: 0", "time_limit: 0\ncooldown: 30"))
    begin = utcnow()
    with freeze_time(begin):
        submit(browser, start(browser))
        refused = browser.submit(QUIZ_URL, {}, action=QUIZ_URL + "/start", follow_redirects=True)
    assert "wait before your next attempt" in refused.get_data(as_text=True)
    with freeze_time(begin + timedelta(minutes=31)):
        start(browser)


def test_feedback_hidden_when_the_quiz_says_never(browser, trainee, course_with_quiz):
    course_with_quiz(QUIZ.replace("after_submission", "never"))
    attempt_id = start(browser)
    save(
        browser,
        attempt_id,
        {f"q{question_id('pick-one')}": shown_as(attempt_id, "pick-one", "right")},
    )
    submit(browser, attempt_id)
    page = browser.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Score: 50%" in page
    assert "Yes." not in page and "General feedback" not in page


def test_attempt_keeps_the_question_version_it_showed(browser, trainee, course_with_quiz):
    attempt_id = start(browser)
    course_with_quiz(QUIZ.replace("- [x] right: The right one", "- [x] right: The corrected one"))
    page = browser.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "The right one" in page and "The corrected one" not in page


def test_not_enrolled_cannot_start(app, users, course_with_quiz):
    outsider = Browser(app.test_client())
    outsider.login(users(country="GE").email)
    response = outsider.get(QUIZ_URL)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Quiz)) == 1


def test_an_attempt_draws_from_the_pool(browser, trainee, course_with_quiz):
    pooled = (
        QUIZ.replace("## single pick-one", "## single pick-one {pool=basics}")
        .replace("## numerical count", "## numerical count {pool=basics}")
        .replace(
            "show_feedback: after_submission", "show_feedback: after_submission\ndraw: {basics: 1}"
        )
    )
    course_with_quiz(pooled)
    attempt = the_attempt(start(browser))
    assert len(attempt.questions) == 1
    assert attempt.questions[0]["slug"] in {"pick-one", "count"}


def test_immediate_feedback_shows_at_once_and_the_answer_is_final(
    browser, trainee, course_with_quiz
):
    course_with_quiz(QUIZ.replace("after_submission", "immediately"))
    attempt_id = start(browser)
    pick = question_id("pick-one")
    save(browser, attempt_id, {f"q{pick}": shown_as(attempt_id, "pick-one", "wrong")})

    page = browser.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Correct answer:" in page and "General feedback." in page
    assert f'name="q{pick}"' not in page  # no inputs any more for that question
    refused = save(
        browser,
        attempt_id,
        {f"q{pick}": shown_as(attempt_id, "pick-one", "right")},
        follow_redirects=True,
    )
    assert "an answer is final" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Answer.response)) == "wrong"
