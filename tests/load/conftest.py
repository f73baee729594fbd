"""Races as trainees make them: each officer a real HTTP client with its own cookies, sending
requests at the same moment (a barrier) to the app served by threads on 127.0.0.1, on PostgreSQL.
The tests assert on the rows left in the database, and on every response being an answer a
trainee may get (never a 500)."""

import http.cookiejar
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from elearn.catalog.services import enrol_self
from elearn.certificates.services import signing_key
from elearn.extensions import db
from tests.conftest import csrf_token
from tests.course_files import import_sample_course
from tests.factories import UserFactory

TIMEOUT = 30  # seconds, for any one request or barrier
COURSE_URL = "/courses/sample-course"
QUIZ_URL = COURSE_URL + "/quizzes/basics-check"
# Requests in flight at once stay under the connection pool (5 + 10 overflow): a request waiting
# for a row lock holds its connection.
GROUPS_AT_ONCE = 4


@pytest.fixture(autouse=True)
def _postgresql_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL (SQLite serialises them); these tests run in the "
            "PostgreSQL pass"
        )


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    location: str | None

    def json(self) -> dict:
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer a test looks at


class Officer:
    """One trainee at one browser: a cookie jar and plain HTTP requests to the served app."""

    def __init__(self, base_url: str, user):
        self.base_url = base_url
        self.user = user  # for the test's own thread; the requests' threads use plain values
        self.user_id, self.email = user.id, user.email
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )
        self.token = ""

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Reply:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers or {})
        try:
            with self._opener.open(request, timeout=TIMEOUT) as response:
                return Reply(response.status, response.read().decode(), None)
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), error.headers.get("Location"))

    def get(self, path: str) -> Reply:
        return self.request(path)

    def post(self, path: str, data: dict | None = None, *, fetch: bool = False) -> Reply:
        """A form post, or with ``fetch`` the page script's background post (autosave)."""
        headers = {"X-Requested-With": "fetch"} if fetch else {}
        return self.request(path, {"csrf_token": self.token, **(data or {})}, headers)

    def sign_in(self) -> "Officer":
        page = self.get("/login")
        reply = self.request(
            "/login",
            {
                "csrf_token": csrf_token(page.body),
                "email": self.email,
                "password": UserFactory.PASSWORD,
            },
        )
        assert reply.status == 302, reply.body
        self.token = csrf_token(self.get(COURSE_URL).body)
        return self


@pytest.fixture
def course(tmp_path):
    course = import_sample_course(tmp_path)
    signing_key()  # created once here, not by two requests at once (another story)
    return course


@pytest.fixture
def officers(app, live_server, users, course, monkeypatch):
    """``officers(n)``: n trainees enrolled in the sample course, each signed in at a browser."""
    monkeypatch.setitem(app.config, "ELEARN_LOGIN_RATE_LIMIT", "1000 per minute")

    def make(count: int) -> list[Officer]:
        trainees = [users(country="GE") for _ in range(count)]
        for trainee in trainees:
            enrol_self(trainee, course)
        db.session.commit()
        return [Officer(live_server, trainee).sign_in() for trainee in trainees]

    return make


def at_once(*calls):
    """Run the calls in threads released together by a barrier; their results, in order."""
    barrier = threading.Barrier(len(calls), timeout=TIMEOUT)

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result(timeout=2 * TIMEOUT) for future in futures]


def for_each(items, race) -> list:
    """``race(item)`` for every item, a few of them side by side; the results in order."""
    with ThreadPoolExecutor(GROUPS_AT_ONCE) as pool:
        return list(pool.map(race, items, timeout=10 * TIMEOUT))
