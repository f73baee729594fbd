"""xAPI statements from stored progress: the scoped API, the operator export, LRS forwarding."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from elearn.auth.models import CoordinatorScope, Role
from elearn.content.models import Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.forwarding import forward_batch, forwarding_state
from elearn.progress.models import LearningRecord
from elearn.progress.xapi import LrsClient
from elearn.quiz import services as quizzes
from tests.course_files import import_sample_course


@pytest.fixture
def activity(tmp_path, users):
    """A Georgian and a Ukrainian trainee who read a lesson; the Georgian passed the quiz."""
    course = import_sample_course(tmp_path)
    georgian, ukrainian = users(country="GE"), users(country="UA")
    for trainee in (georgian, ukrainian):
        complete_lesson(trainee, ordered_lessons(course)[0], utcnow())
    quiz = db.session.scalar(select(Quiz))
    attempt = quizzes.start_or_resume(georgian, quiz, locale="ka", now=utcnow())
    for question in quiz.questions:
        quizzes.save_answer(
            attempt, question.id, "right" if question.type == "single" else "4", now=utcnow()
        )
    quizzes.submit(attempt, now=utcnow() + timedelta(minutes=3))
    db.session.commit()
    return georgian, ukrainian


def fetch_all(browser, url="/api/v1/xapi/statements?limit=2"):
    statements = []
    while url:
        body = browser.get(url).get_json()
        statements += body["statements"]
        url = body["more"]
    return statements


def test_statements_are_valid_xapi_and_scoped(browser, users, activity):
    georgian, ukrainian = activity
    browser.login(users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY).email)
    statements = fetch_all(browser)

    actors = {s["actor"]["account"]["name"] for s in statements}
    assert actors == {str(georgian.id)}  # nothing of Ukraine
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in statements)
    assert verbs == ["answered", "answered", "completed", "experienced", "launched", "passed"]
    passed = next(s for s in statements if s["verb"]["id"].endswith("/passed"))
    assert passed["result"]["score"]["scaled"] == 1.0 and passed["result"]["success"] is True
    assert passed["result"]["duration"] == "PT3M"
    assert passed["object"]["id"].endswith("/xapi/activities/sample-course/quizzes/basics-check")
    assert passed["context"]["language"] == "ka"
    assert all("mbox" not in s["actor"] for s in statements)
    assert all(s["timestamp"].endswith("Z") for s in statements)
    assert len({s["id"] for s in statements}) == len(statements)


def test_a_trainee_gets_only_their_own_statements(browser, activity):
    georgian, ukrainian = activity
    from tests.factories import UserFactory

    browser.login(ukrainian.email, UserFactory.PASSWORD)
    actors = {s["actor"]["account"]["name"] for s in fetch_all(browser)}
    assert actors == {str(ukrainian.id)}


def test_operator_export_writes_the_same_statements(app, tmp_path, activity):
    out = tmp_path / "statements.json"
    result = app.test_cli_runner().invoke(args=["progress", "xapi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    statements = json.loads(out.read_text())
    assert len(statements) == 9  # 3 lesson events x 2 trainees, 2 answers, 1 passed
    since = (utcnow() + timedelta(days=1)).date().isoformat()
    app.test_cli_runner().invoke(args=["progress", "xapi", "--since", since, "--out", str(out)])
    assert json.loads(out.read_text()) == []


class _Lrs(BaseHTTPRequestHandler):
    status = 204
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).status < 300:
            type(self).received.extend(json.loads(body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs():
    _Lrs.status, _Lrs.received = 204, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Lrs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Lrs, LrsClient(f"http://127.0.0.1:{server.server_port}/xapi", "user", "secret")
    server.shutdown()
    server.server_close()


def test_forwarding_survives_an_lrs_outage_without_losing_statements(activity, lrs):
    handler, client = lrs
    handler.status = 503
    assert forward_batch(client, now=utcnow()) == 0
    state = forwarding_state()
    assert state.failures == 1 and "503" in state.last_error
    assert (
        db.session.scalar(select(LearningRecord.id).where(LearningRecord.forwarded_at.is_not(None)))
        is None
    )
    assert forward_batch(client, now=utcnow()) == 0  # waits for the back-off

    handler.status = 204
    assert forward_batch(client, now=state.next_attempt_at + timedelta(seconds=1)) == 9
    assert len(handler.received) == 9
    assert forward_batch(client, now=utcnow() + timedelta(hours=1)) == 0  # nothing new
