"""The learning record: each fact appended as a frozen statement in its own transaction."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, select

from elearn.auth.models import Role, User
from elearn.content.models import LessonText, Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson, record_visit
from elearn.models import utcnow
from elearn.progress.completion import update_completion
from elearn.progress.models import LearningRecord
from elearn.quiz import services as quizzes
from tests.course_files import QUIZ, import_sample_course

ESSAY_QUIZ = QUIZ + "\n## essay custody {points=2}\nDescribe the chain of custody.\n"
T0 = utcnow().replace(microsecond=0) - timedelta(days=1)


def records(*where) -> list[LearningRecord]:
    return list(db.session.scalars(select(LearningRecord).where(*where).order_by("id")))


def verbs() -> list[str]:
    return [record.verb for record in records()]


def question_id(slug):
    return db.session.scalar(select(Question.id).where(Question.slug == slug))


@pytest.fixture
def course(tmp_path):
    return import_sample_course(tmp_path)


@pytest.fixture
def trainee(users):
    return users(country="GE", locale="ka")


def test_every_visit_is_experienced_and_the_first_is_launched(course, trainee):
    lesson = ordered_lessons(course)[0]
    for minutes in (0, 5, 9):
        record_visit(trainee, lesson, T0 + timedelta(minutes=minutes))
        db.session.commit()
    complete_lesson(trainee, lesson, T0 + timedelta(minutes=10))
    db.session.commit()

    assert verbs() == ["launched", "experienced", "experienced", "experienced", "completed"]
    stamps = [record.statement["timestamp"][11:16] for record in records()]
    start = T0.strftime("%H:%M")
    assert stamps[0] == stamps[1] == start
    assert stamps[2:] == [(T0 + timedelta(minutes=m)).strftime("%H:%M") for m in (5, 9, 10)]
    assert len({record.statement_id for record in records()}) == 5
    assert all(r.statement["id"] == r.statement_id for r in records())


def test_completing_again_records_nothing_more(course, trainee):
    lesson = ordered_lessons(course)[0]
    complete_lesson(trainee, lesson, T0)
    complete_lesson(trainee, lesson, T0 + timedelta(minutes=1))
    db.session.commit()
    assert verbs() == ["launched", "experienced", "completed"]


def test_a_rolled_back_fact_leaves_no_statement(course, trainee):
    record_visit(trainee, ordered_lessons(course)[0], T0)
    db.session.rollback()
    assert records() == []


def submitted(trainee, quiz, answers, *, at=T0):
    attempt = quizzes.start_or_resume(trainee, quiz, locale="ka", now=at)
    for slug, response in answers.items():
        quizzes.save_answer(attempt, question_id(slug), response, now=at)
    quizzes.submit(attempt, now=at + timedelta(minutes=3))
    db.session.commit()
    return attempt


def test_a_submitted_attempt_records_its_answers_then_its_result(course, trainee):
    quiz = db.session.scalar(select(Quiz))
    attempt = submitted(trainee, quiz, {"pick-one": "right", "count": "7"})

    assert verbs() == ["answered", "answered", "failed"]
    failed = records()[-1].statement
    assert failed["result"] == {
        "score": {"scaled": 0.5},
        "success": False,
        "completion": True,
        "duration": "PT3M",
    }
    assert failed["context"]["language"] == "ka"
    assert records()[-1].attempt_id == attempt.id


def test_an_essay_graded_later_is_recorded_when_graded(tmp_path, trainee, users):
    course = import_sample_course(
        tmp_path, **{"01-basics/check.quiz.md": ESSAY_QUIZ, "01-basics/check.quiz.uk.md": ""}
    )
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    attempt = submitted(trainee, quiz, {"pick-one": "right", "custody": "Sealed and logged."})
    assert records() == []  # no score yet: nothing to report

    trainer = users(Role.TRAINER, country="GE")
    answer = attempt.answers[question_id("custody")]
    quizzes.grade_essay(trainer, answer, 1.0, "", ip=None, now=T0 + timedelta(days=3))
    db.session.commit()

    assert verbs() == ["answered", "answered", "passed"]
    answered = [r.statement["object"]["id"].rsplit("/", 1)[1] for r in records()[:2]]
    assert sorted(answered) == ["custody", "pick-one"]
    assert records()[-1].statement["result"]["score"]["scaled"] == 0.75  # 3 of 4 points


def test_a_regrade_appends_a_result_and_keeps_the_old_one(app, course, trainee):
    quiz = db.session.scalar(select(Quiz))
    submitted(trainee, quiz, {"pick-one": "wrong", "count": "4"})
    first = {r.statement_id: r.statement for r in records()}
    question = db.session.get(Question, question_id("pick-one"))
    question.answer_key = {
        "choices": [{"id": "right", "fraction": 0.0}, {"id": "wrong", "fraction": 1.0}]
    }
    db.session.commit()

    result = CliRunner().invoke(app.cli, ["quiz", "regrade", "sample-course", "basics-check"])
    assert result.exit_code == 0, result.output

    db.session.expire_all()
    assert verbs() == ["answered", "answered", "failed", "answered", "passed"]
    assert {r.statement_id: r.statement for r in records()[:3]} == first
    regraded = records()[3].statement
    assert regraded["object"]["id"].endswith("/questions/pick-one")
    assert regraded["result"]["score"]["scaled"] == 1.0
    # Running it again changes no score and records nothing.
    CliRunner().invoke(app.cli, ["quiz", "regrade", "sample-course", "basics-check"])
    assert len(records()) == 5


def test_an_attempt_expired_on_a_later_request_is_recorded_at_its_deadline(tmp_path, trainee):
    course = import_sample_course(
        tmp_path, **{"01-basics/check.quiz.md": QUIZ.replace("time_limit: 0", "time_limit: 10")}
    )
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    attempt = quizzes.start_or_resume(trainee, quiz, locale="ka", now=T0)
    quizzes.save_answer(attempt, question_id("pick-one"), "right", now=T0)
    db.session.commit()

    quizzes.start_or_resume(trainee, quiz, locale="ka", now=T0 + timedelta(hours=2))
    db.session.commit()

    [result] = records(LearningRecord.verb.in_(["passed", "failed"]))
    assert result.statement["timestamp"] == (T0 + timedelta(minutes=10)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    assert result.stored_at > T0 + timedelta(hours=1)  # stored when it happened, not dated


def test_course_completion_is_recorded_once(course, trainee):
    for lesson in ordered_lessons(course):
        complete_lesson(trainee, lesson, T0)
    submitted(trainee, db.session.scalar(select(Quiz)), {"pick-one": "right", "count": "4"})
    update_completion(trainee, course, now=T0 + timedelta(hours=1))
    update_completion(trainee, course, now=T0 + timedelta(hours=2))
    db.session.commit()

    [done] = records(LearningRecord.key.like("course:%"))
    assert done.statement["object"]["definition"] == {
        "name": {"en": "Sample course", "uk": "Зразковий курс"},
        "type": "http://adlnet.gov/expapi/activities/course",
    }


def test_later_renames_and_language_changes_leave_statements_as_written(
    app, course, trainee, monkeypatch
):
    complete_lesson(trainee, ordered_lessons(course)[0], T0)
    submitted(trainee, db.session.scalar(select(Quiz)), {"pick-one": "right", "count": "4"})
    before = {r.statement_id: r.statement for r in records()}

    course.title = {"en": "Renamed course"}
    for text in db.session.scalars(select(LessonText)):
        text.title = "Renamed lesson"
    db.session.get(User, trainee.id).locale = "uk"
    monkeypatch.setitem(app.config, "ELEARN_BASE_URL", "https://moved.example.org")
    db.session.commit()
    db.session.expire_all()

    assert {r.statement_id: r.statement for r in records()} == before
    assert all(
        s["actor"]["account"]["homePage"] == "http://127.0.0.1:5000" for s in before.values()
    )


def test_backfill_records_stored_facts_once(app, course, trainee):
    complete_lesson(trainee, ordered_lessons(course)[0], T0)
    submitted(trainee, db.session.scalar(select(Quiz)), {"pick-one": "right", "count": "4"})
    update_completion(trainee, course, now=T0)  # not met: two lessons left
    expected = sorted(verbs())
    db.session.execute(delete(LearningRecord))  # as before the learning record existed
    db.session.commit()

    runner = CliRunner()
    until = (T0 + timedelta(minutes=1)).isoformat()
    first = runner.invoke(app.cli, ["progress", "backfill-record", "--forwarded-until", until])
    assert first.exit_code == 0, first.output
    assert "6 statement(s) recorded, 0 already there" in first.output
    assert sorted(verbs()) == expected
    # the lesson facts (at T0) were sent by the old forwarder; the attempt (T0 + 3 min) was not
    forwarded = {r.verb for r in records(LearningRecord.forwarded_at.is_not(None))}
    assert forwarded == {"launched", "experienced", "completed"}

    again = runner.invoke(app.cli, ["progress", "backfill-record"])
    assert "0 statement(s) recorded, 6 already there" in again.output
    assert db.session.scalar(select(func.count()).select_from(LearningRecord)) == 6
