"""Forwarding the learning record to a flaky LRS served on 127.0.0.1: errors, timeouts, a
closed port and a forwarder killed mid-batch end with every statement acknowledged once."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from elearn.auth.models import User
from elearn.config import PROJECT_ROOT
from elearn.content.models import Lesson, Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson, record_visit
from elearn.models import utcnow
from elearn.progress.forwarding import forward_batch, forwarding_state
from elearn.progress.models import LearningRecord
from elearn.progress.xapi import LrsClient
from elearn.quiz import services as quizzes
from tests.course_files import QUIZ, import_sample_course


class FlakyLrs:
    """An LRS that behaves as its script says, request after request ("ok" once the script is
    used up): "ok" stores and answers 204 (a repeated id too, as xAPI requires), "error"
    answers 500, "slow" stores but answers after the client gave up, "hang" stores and waits
    until ``release`` (the test kills the forwarder meanwhile)."""

    def __init__(self):
        self.script: list[str] = []
        self.stored: set[str] = set()
        self.posted: Counter[str] = Counter()
        self.acknowledged: Counter[str] = Counter()  # answered 2xx to a client still waiting
        self.hanging = threading.Event()
        self.release = threading.Event()
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                ids = [statement["id"] for statement in body]
                lrs.posted.update(ids)
                behaviour = lrs.script.pop(0) if lrs.script else "ok"
                if behaviour != "error":
                    lrs.stored.update(ids)
                if behaviour == "slow":
                    time.sleep(1.5)
                elif behaviour == "hang":
                    lrs.hanging.set()
                    lrs.release.wait(30)
                elif behaviour == "ok":
                    lrs.acknowledged.update(ids)
                self.send_response(500 if behaviour == "error" else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xapi"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def client(self, timeout: float = 5) -> LrsClient:
        return LrsClient(self.url, "elearn", "secret", timeout=timeout)


@pytest.fixture
def lrs(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    flaky = FlakyLrs()
    flaky.thread.start()
    yield flaky
    flaky.release.set()
    flaky.server.shutdown()
    flaky.server.server_close()


@pytest.fixture
def course(tmp_path):
    return import_sample_course(tmp_path)


def recorded_ids() -> set[str]:
    return set(db.session.scalars(select(LearningRecord.statement_id)))


def unforwarded() -> int:
    return db.session.scalar(select(func.count()).where(LearningRecord.forwarded_at.is_(None)))


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def forwarder_process(app, lrs: FlakyLrs, output, *, batch: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "ELEARN_SIGNING_KEY": app.config["ELEARN_SIGNING_KEY"],
        "ELEARN_LRS_ENDPOINT": lrs.url,
        "no_proxy": "*",
    }
    command = ["-m", "flask", "--app", "elearn", "progress", "forward-xapi", "--batch", str(batch)]
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def test_every_statement_is_acknowledged_once_through_every_failure(
    app, course, users, lrs, tmp_path
):
    for trainee in (users(country="GE"), users(country="UA"), users(country="GE")):
        for lesson in ordered_lessons(course):
            complete_lesson(trainee, lesson, utcnow())
    db.session.commit()
    everything = recorded_ids()
    assert len(everything) == 27  # 3 trainees x 3 lessons x launched, experienced, completed

    # The forwarder process sends two batches, then is killed while the LRS holds the third.
    lrs.script = ["ok", "ok", "hang"]
    log = tmp_path / "forwarder.log"
    with log.open("w") as output, forwarder_process(app, lrs, output, batch=5) as process:
        try:
            assert lrs.hanging.wait(60), log.read_text()
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
    lrs.release.set()
    db.session.expire_all()
    assert unforwarded() == 27 - 10

    # A 500, a timeout and a refused connection: nothing is marked delivered, back-off grows.
    now = utcnow()
    lrs.script = ["error", "slow"]
    assert forward_batch(lrs.client(), now=now, batch=5) == 0
    assert forward_batch(lrs.client(timeout=0.5), now=now + timedelta(hours=1), batch=5) == 0
    refused = LrsClient(f"http://127.0.0.1:{closed_port()}/xapi", "elearn", "secret")
    assert forward_batch(refused, now=now + timedelta(hours=2), batch=5) == 0
    state = forwarding_state()
    assert state.failures == 3 and "unreachable" in state.last_error
    db.session.commit()
    assert unforwarded() == 17

    # The LRS is back: the rest goes, batch after batch, and then nothing more.
    later = now + timedelta(hours=3)
    while forward_batch(lrs.client(), now=later, batch=5):
        db.session.commit()
    db.session.commit()
    assert unforwarded() == 0
    assert forward_batch(lrs.client(), now=later + timedelta(hours=1)) == 0

    assert lrs.stored == everything  # none lost
    assert set(lrs.acknowledged) == everything
    assert set(lrs.acknowledged.values()) == {1}  # none sent again once acknowledged
    assert sum(lrs.posted.values()) > len(everything)  # the failed batches were retried


def test_a_fact_dated_before_statements_already_sent_is_still_sent(tmp_path, users, lrs):
    course = import_sample_course(
        tmp_path, **{"01-basics/check.quiz.md": QUIZ.replace("time_limit: 0", "time_limit: 10")}
    )
    trainee = users(country="GE")
    quiz = db.session.scalar(select(Quiz).where(Quiz.course_id == course.id))
    start = utcnow() - timedelta(hours=2)
    attempt = quizzes.start_or_resume(trainee, quiz, locale="en", now=start)
    pick_one = db.session.scalar(select(Question.id).where(Question.slug == "pick-one"))
    quizzes.save_answer(attempt, pick_one, "right", now=start)
    record_visit(trainee, ordered_lessons(course)[0], start + timedelta(hours=1))
    db.session.commit()
    assert forward_batch(lrs.client(), now=utcnow()) == 2  # the visit: launched, experienced
    db.session.commit()

    # The attempt expires on a later request, dated at its deadline, before the visit.
    quizzes.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    db.session.commit()
    assert forward_batch(lrs.client(), now=utcnow()) == 2  # its answer and its result
    db.session.commit()
    assert lrs.stored == recorded_ids()


def test_a_statement_committed_after_a_later_one_was_sent_is_not_lost(app, course, users, lrs):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL; SQLite serialises them (id = commit order)"
        )
    first_id, second = users(country="GE").id, users(country="UA")
    lesson_id = ordered_lessons(course)[0].id
    db.session.commit()
    flushed, may_commit = threading.Event(), threading.Event()
    ids_of_slow = []

    def slow_writer():
        with app.app_context():
            record_visit(
                db.session.get(User, first_id), db.session.get(Lesson, lesson_id), utcnow()
            )
            ids_of_slow.extend(db.session.scalars(select(LearningRecord.id)))  # its own, unseen
            flushed.set()
            may_commit.wait(30)
            db.session.commit()

    writer = threading.Thread(target=slow_writer, daemon=True)
    writer.start()
    assert flushed.wait(30)
    record_visit(second, ordered_lessons(course)[0], utcnow())
    db.session.commit()
    assert min(db.session.scalars(select(LearningRecord.id))) > max(
        ids_of_slow
    )  # the open transaction holds the lower ids

    assert forward_batch(lrs.client(), now=utcnow()) == 2  # only the committed ones
    db.session.commit()
    may_commit.set()
    writer.join(30)
    assert forward_batch(lrs.client(), now=utcnow()) == 2  # the late commit is found
    db.session.commit()
    assert lrs.stored == recorded_ids() and len(lrs.stored) == 4
    assert set(lrs.acknowledged.values()) == {1}
