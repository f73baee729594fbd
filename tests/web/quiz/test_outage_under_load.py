"""A database outage in the middle of a quiz, served for real: trainees autosave answers over HTTP
while a proxy between the application and PostgreSQL cuts every connection and refuses new ones.
During the outage every response is the localised 503 with Retry-After; afterwards the same
sessions work again, and every answer whose save was acknowledged is in the database."""

import http.cookiejar
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from elearn import create_app
from elearn.catalog.services import enrol_self
from elearn.certificates.services import signing_key
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.quiz.models import Answer
from elearn.quiz.services import start_or_resume
from elearn.web.errors import RETRY_AFTER_SECONDS
from tests.conftest import csrf_token
from tests.course_files import write_course
from tests.factories import UserFactory
from tests.outage_proxy import OutageProxy

QUESTIONS = 30
LOCALES = ("ka", "uk", "hy", "az", "ro", "en")
TITLES = {
    "ka": "დროებით მიუწვდომელია",
    "uk": "Тимчасово недоступно",
    "hy": "Ժամանակավորապես անհասանելի է",
    "az": "Müvəqqəti olaraq əlçatan deyil",
    "ro": "Temporar indisponibil",
    "en": "Temporarily unavailable",
}
ESSAYS = "\n".join(f"## essay e{n}\nWrite something.\n" for n in range(QUESTIONS))
QUIZ = "---\nid: outage-check\ntitle: Outage\npass_mark: 0\nshuffle: false\n---\n\n" + ESSAYS


class Trainee(threading.Thread):
    """One officer in a browser: signs in, then answers each question in turn by autosave,
    trying again after a failure, and looks at a page whenever a save fails."""

    def __init__(self, base: str, email: str, locale: str, attempt_id: int, questions, stop):
        super().__init__(daemon=True)
        self.base, self.email, self.locale = base, email, locale
        self.attempt_id, self.questions, self.stop = attempt_id, questions, stop
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.acknowledged: dict[int, str] = {}
        self.failures: list[tuple[int, dict, str]] = []  # status, headers, body
        self.unexpected: list[str] = []

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, body, headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def run(self):
        try:
            self._run()
        except Exception as error:  # reported by the test, never lost in a thread
            self.unexpected.append(repr(error))

    def _run(self):
        status, _headers, page = self.request("/login")
        status, _headers, page = self.request(
            "/login",
            {"csrf_token": csrf_token(page), "email": self.email, "password": UserFactory.PASSWORD},
        )
        assert status == 200, page  # followed the redirect
        status, _headers, page = self.request(f"/attempts/{self.attempt_id}")
        assert status == 200 and f'<html lang="{self.locale}">' in page, page
        token = csrf_token(page)
        for index, question_id in enumerate(self.questions):
            while question_id not in self.acknowledged:
                if time.monotonic() > self.stop:
                    return
                value = f"{self.email} {index} {uuid.uuid4()}"
                status, headers, body = self.request(
                    f"/attempts/{self.attempt_id}/save",
                    {
                        "csrf_token": token,
                        "page": index // 5 + 1,
                        "go": "stay",
                        f"q{question_id}": value,
                    },
                    {"X-Requested-With": "fetch"},
                )
                if status == 200 and json.loads(body) == {"saved": True}:
                    self.acknowledged[question_id] = value
                    continue
                self.failures.append((status, headers, body))
                page = self.request("/my")
                if page[0] != 200:  # else the database is back already
                    self.failures.append(page)
                time.sleep(0.1)


def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def outage_setup(app, tmp_path):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("cuts connections to a database server; runs in the PostgreSQL pass")
    folder = write_course(tmp_path, **{"02-more/outage.quiz.md": QUIZ})
    source, problems = load_course(folder)
    assert problems == []
    import_course(source)
    db.session.commit()
    course = db.session.scalar(select(Course))
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "outage-check"))
    users = UserFactory()
    trainees = []
    for locale in LOCALES:
        user = users(locale=locale, country="GE")
        enrol_self(user, course)
        attempt = start_or_resume(user, quiz, locale=locale, now=utcnow())
        db.session.flush()
        trainees.append(
            (user.email, locale, attempt.id, [q["question"] for q in attempt.questions])
        )
    db.session.commit()
    signing_key()  # the served application runs in production mode, which needs it
    return trainees


def test_an_outage_mid_quiz_loses_no_acknowledged_answer(app, outage_setup):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = OutageProxy((url.host or "127.0.0.1", url.port or 5432))
    through_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    served_app = create_app(
        {
            "SECRET_KEY": "outage-test",
            "SQLALCHEMY_DATABASE_URI": through_proxy,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_timeout": 5},
            "ELEARN_SIGNING_KEY": app.config["ELEARN_SIGNING_KEY"],
            "ELEARN_LOGIN_RATE_LIMIT": "1000 per minute",
            "ELEARN_MAIL_BACKEND": "memory",
        }
    )
    server = served(served_app)
    base = f"http://127.0.0.1:{server.server_port}"
    stop = time.monotonic() + 90
    trainees = [Trainee(base, *t, stop=stop) for t in outage_setup]
    try:
        for trainee in trainees:
            trainee.start()
        while sum(len(t.acknowledged) for t in trainees) < 3 * len(trainees):
            assert time.monotonic() < stop, "the load did not start"
            time.sleep(0.05)
        proxy.cut()
        time.sleep(3)
        proxy.restore()
        for trainee in trainees:
            trainee.join(timeout=max(1, stop - time.monotonic()))
    finally:
        proxy.cut()
        server.shutdown()
        with served_app.app_context():
            db.engine.dispose()

    for trainee in trainees:
        assert trainee.unexpected == []
        assert len(trainee.acknowledged) == QUESTIONS, "the session did not work again"
        for status, headers, body in trainee.failures:
            assert status == 503, body
            assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert "Internal Server Error" not in body
            if body.startswith("{"):  # the autosave's answer
                assert json.loads(body)["error"] == TITLES[trainee.locale]
            else:
                assert f'<html lang="{trainee.locale}">' in body
                assert f"<h1>{TITLES[trainee.locale]}</h1>" in body
        pages = [body for _status, _headers, body in trainee.failures if body.startswith("<")]
        assert pages and len(pages) < len(trainee.failures), "saves and pages during the outage"

    db.session.expire_all()
    for trainee in trainees:
        stored = {
            answer.question_id: answer.response
            for answer in db.session.scalars(
                select(Answer).where(Answer.attempt_id == trainee.attempt_id)
            )
        }
        assert stored == trainee.acknowledged
