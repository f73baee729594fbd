"""Two submissions of one attempt at the same moment grade it once (row lock on PostgreSQL)."""

import threading

import pytest
from sqlalchemy import select

from elearn.content.models import Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.quiz import services
from elearn.quiz.models import Attempt, AttemptStatus
from tests.course_files import import_sample_course


@pytest.fixture
def open_attempt(tmp_path, users) -> int:
    import_sample_course(tmp_path)
    trainee = users(country="GE")
    quiz = db.session.scalar(select(Quiz))
    attempt = services.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    db.session.commit()
    return attempt.id


def test_simultaneous_submissions_grade_once(app, open_attempt, monkeypatch):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL feature; this test runs in the PostgreSQL pass")
    gradings = []
    grade = services._grade_and_close
    monkeypatch.setattr(
        services, "_grade_and_close", lambda *args: (gradings.append(1), grade(*args))
    )
    both_ready = threading.Barrier(2, timeout=10)

    def submit():
        with app.app_context():
            attempt = db.session.get(Attempt, open_attempt)
            both_ready.wait()
            services.submit(attempt, now=utcnow())
            db.session.commit()

    threads = [threading.Thread(target=submit, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert gradings == [1]
    db.session.expire_all()
    assert db.session.get(Attempt, open_attempt).status == AttemptStatus.SUBMITTED
