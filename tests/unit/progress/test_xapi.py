"""xAPI statements built from learning events, and the LRS client against a real local server."""

import base64
import json
import socket
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from elearn.progress.xapi import (
    LearningEvent,
    LrsClient,
    LrsRejected,
    LrsUnavailable,
    iso_duration,
    next_retry,
    statement,
)

HOME = "https://elearn.example.org"
COURSE_ACTIVITY = {
    "objectType": "Activity",
    "id": f"{HOME}/xapi/activities/crypto-tracing",
    "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
}
MOMENT = datetime(2025, 3, 1, 9, 30, 15, 250000, tzinfo=UTC)
SID = "9a1b7c1e-3f0e-4a5e-8d5c-2f4a1e6b7c80"


def event(**changes) -> LearningEvent:
    lesson = LearningEvent(
        verb="completed",
        user_id=12,
        course_id="crypto-tracing",
        activity_type="lesson",
        activity_path="crypto-tracing/lessons/ledgers-and-addresses",
        name={"en": "Ledgers and addresses", "uk": "Реєстри та адреси"},
        timestamp=MOMENT,
        locale="uk",
        key="progress:12:34:completed",
    )
    return replace(lesson, **changes)


# Statements


def test_lesson_completed_statement_in_full():
    assert statement(
        event(completion=True, duration_seconds=754), statement_id=SID, home_page=HOME
    ) == {
        "id": SID,
        "actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": "12"}},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"{HOME}/xapi/activities/crypto-tracing/lessons/ledgers-and-addresses",
            "definition": {
                "name": {"en": "Ledgers and addresses", "uk": "Реєстри та адреси"},
                "type": "http://adlnet.gov/expapi/activities/lesson",
            },
        },
        "result": {"completion": True, "duration": "PT12M34S"},
        "context": {
            "platform": "elearn",
            "language": "uk",
            "contextActivities": {"parent": [COURSE_ACTIVITY]},
        },
        "timestamp": "2025-03-01T09:30:15.250Z",
        "version": "1.0.0",
    }


def test_course_launched_has_no_result_and_no_parent():
    launched = event(
        verb="launched",
        activity_type="course",
        activity_path="crypto-tracing",
        name={"en": "Crypto tracing"},
        locale="en",
        key="enrolment:12:3:launched",
    )
    body = statement(launched, statement_id=SID, home_page=HOME + "/", platform="elearn-test")
    assert "result" not in body
    assert body["object"] == COURSE_ACTIVITY | {
        "definition": {
            "name": {"en": "Crypto tracing"},
            "type": "http://adlnet.gov/expapi/activities/course",
        }
    }
    assert body["context"] == {"platform": "elearn-test", "language": "en"}
    assert body["actor"]["account"]["homePage"] == HOME
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/launched"


def test_lesson_experienced_without_outcome_has_no_result():
    body = statement(event(verb="experienced"), statement_id=SID, home_page=HOME)
    assert "result" not in body
    assert body["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/experienced",
        "display": {"en-US": "experienced"},
    }


@pytest.mark.parametrize(("verb", "success"), [("passed", True), ("failed", False)])
def test_assessment_passed_or_failed(verb, success):
    quiz = event(
        verb=verb,
        activity_type="assessment",
        activity_path="crypto-tracing/quizzes/check",
        name={"en": "Check", "ka": "შემოწმება"},
        score_scaled=0.8 if success else 0.45,
        success=success,
        completion=True,
        duration_seconds=3662,
        key=f"attempt:7:{verb}",
    )
    body = statement(quiz, statement_id=SID, home_page=HOME)
    assert body["verb"] == {
        "id": f"http://adlnet.gov/expapi/verbs/{verb}",
        "display": {"en-US": verb},
    }
    assert body["object"] == {
        "objectType": "Activity",
        "id": f"{HOME}/xapi/activities/crypto-tracing/quizzes/check",
        "definition": {
            "name": {"en": "Check", "ka": "შემოწმება"},
            "type": "http://adlnet.gov/expapi/activities/assessment",
        },
    }
    assert body["result"] == {
        "score": {"scaled": 0.8 if success else 0.45},
        "success": success,
        "completion": True,
        "duration": "PT1H1M2S",
    }
    assert body["context"]["contextActivities"] == {"parent": [COURSE_ACTIVITY]}


def test_question_answered_is_an_interaction_with_the_response():
    answer = event(
        verb="answered",
        activity_type="interaction",
        activity_path="crypto-tracing/quizzes/check/questions/fee",
        name={"en": "Transaction fee", "hy": "Գործարքի վճար"},
        success=False,
        response="b[,]c",
        locale="hy",
        key="answer:7:fee",
        interaction={"interactionType": "choice", "correctResponsesPattern": ["b[,]c"]},
        quiz_path="crypto-tracing/quizzes/check",
    )
    body = statement(answer, statement_id=SID, home_page=HOME)
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert body["object"] == {
        "objectType": "Activity",
        "id": f"{HOME}/xapi/activities/crypto-tracing/quizzes/check/questions/fee",
        "definition": {
            "name": {"en": "Transaction fee", "hy": "Գործարքի վճար"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
            "correctResponsesPattern": ["b[,]c"],
        },
    }
    assert body["result"] == {"success": False, "response": "b[,]c"}
    assert body["context"] == {
        "platform": "elearn",
        "language": "hy",
        "contextActivities": {
            "parent": [
                {
                    "objectType": "Activity",
                    "id": f"{HOME}/xapi/activities/crypto-tracing/quizzes/check",
                    "definition": {"type": "http://adlnet.gov/expapi/activities/assessment"},
                }
            ],
            "grouping": [COURSE_ACTIVITY],
        },
    }


def test_an_interaction_without_its_definition_is_refused():
    with pytest.raises(ValueError, match="interaction definition"):
        statement(event(activity_type="interaction"), statement_id=SID, home_page=HOME)


def test_language_map_keeps_every_locale_and_its_script():
    names = {"en": "Ledgers", "hy": "Մատյաններ", "ka": "რეესტრები", "uk": "Реєстри"}
    body = statement(event(name=names), statement_id=SID, home_page=HOME)
    assert body["object"]["definition"]["name"] == names
    serialised = json.loads(json.dumps(body, ensure_ascii=False))
    assert serialised["object"]["definition"]["name"]["ka"] == "რეესტრები"


def test_actor_is_an_account_never_a_mailbox_or_a_name():
    actor = statement(event(), statement_id=SID, home_page=HOME)["actor"]
    assert actor == {"objectType": "Agent", "account": {"homePage": HOME, "name": "12"}}
    assert not {"mbox", "mbox_sha1sum", "openid", "name"} & actor.keys()


def test_activity_path_is_escaped_into_a_valid_iri():
    body = statement(
        event(activity_path="crypto-tracing/lessons/two words"), statement_id=SID, home_page=HOME
    )
    assert body["object"]["id"] == f"{HOME}/xapi/activities/crypto-tracing/lessons/two%20words"


def test_unknown_verb_or_activity_type_is_refused():
    with pytest.raises(ValueError, match="verb"):
        statement(event(verb="liked"), statement_id=SID, home_page=HOME)
    with pytest.raises(ValueError, match="activity type"):
        statement(event(activity_type="module"), statement_id=SID, home_page=HOME)


# Statement ids


def test_the_statement_carries_the_id_it_is_given_whatever_the_site():
    first = statement(event(), statement_id=SID, home_page=HOME)
    other = statement(event(), statement_id=SID, home_page="https://staging.example.org")
    assert first["id"] == other["id"] == SID
    assert first["actor"] != other["actor"]  # the site is the account's home page, not the id


# Scores


@pytest.mark.parametrize("scaled", [0, 0.0, 0.5, 1, 1.0])
def test_scaled_score_within_zero_and_one_is_kept(scaled):
    assert statement(event(score_scaled=scaled), statement_id=SID, home_page=HOME)["result"] == {
        "score": {"scaled": scaled}
    }


@pytest.mark.parametrize("scaled", [-0.01, 1.01, -1, 2, float("nan"), float("inf")])
def test_scaled_score_outside_zero_and_one_is_refused(scaled):
    with pytest.raises(ValueError, match="scaled score"):
        statement(event(score_scaled=scaled), statement_id=SID, home_page=HOME)


# Durations


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "PT0S"),
        (1, "PT1S"),
        (59, "PT59S"),
        (60, "PT1M"),
        (61, "PT1M1S"),
        (3600, "PT1H"),
        (3600 + 62, "PT1H1M2S"),
        (3600 + 125, "PT1H2M5S"),
        (7200 + 60, "PT2H1M"),
        (90000, "PT25H"),
    ],
)
def test_iso_duration(seconds, expected):
    assert iso_duration(seconds) == expected


def test_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        iso_duration(-1)
    with pytest.raises(ValueError, match="negative"):
        statement(event(duration_seconds=-5), statement_id=SID, home_page=HOME)


def test_zero_duration_is_sent():
    assert statement(event(duration_seconds=0), statement_id=SID, home_page=HOME)["result"] == {
        "duration": "PT0S"
    }


# Timestamps


def test_timestamp_in_another_zone_is_sent_as_the_same_moment_in_utc():
    kyiv = timezone(timedelta(hours=2))
    local = datetime(2025, 3, 1, 11, 30, 15, 250000, tzinfo=kyiv)
    assert statement(event(timestamp=local), statement_id=SID, home_page=HOME)["timestamp"] == (
        "2025-03-01T09:30:15.250Z"
    )


def test_timestamp_keeps_milliseconds_even_when_zero():
    moment = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert statement(event(timestamp=moment), statement_id=SID, home_page=HOME)["timestamp"] == (
        "2025-03-01T09:30:00.000Z"
    )


def test_timestamp_without_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        statement(event(timestamp=datetime(2025, 3, 1, 9, 30)), statement_id=SID, home_page=HOME)


# Retry delays


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (9, 256), (10, 360), (11, 360), (1000, 360)],
)
def test_next_retry_doubles_up_to_six_hours(attempts, minutes):
    assert next_retry(attempts) == timedelta(minutes=minutes)


def test_next_retry_counts_from_one():
    with pytest.raises(ValueError):
        next_retry(0)


# The LRS client, against a real HTTP server on 127.0.0.1


@dataclass(frozen=True)
class Received:
    path: str
    headers: Message
    body: object


@dataclass
class FakeLrs:
    url: str
    status: int = 204
    answer: bytes = b""
    delay: float = 0
    location: str | None = None
    received: list[Received] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def lrs(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    fake = FakeLrs(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            fake.received.append(Received(self.path, self.headers, json.loads(body)))
            if fake.delay:
                fake.release.wait(fake.delay)
            self.send_response(fake.status)
            if fake.location:
                self.send_header("Location", fake.location)
            self.send_header("Content-Length", str(len(fake.answer)))
            self.end_headers()
            self.wfile.write(fake.answer)

        def do_GET(self):
            fake.received.append(Received(self.path, self.headers, None))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/xapi/"
    yield fake
    fake.release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def client(url: str, timeout: float = 5) -> LrsClient:
    return LrsClient(url, "elearn-key", "s3cret:пароль", timeout=timeout)


def test_send_posts_the_batch_with_version_auth_and_json(lrs):
    statements = [
        statement(event(), statement_id=SID, home_page=HOME),
        statement(event(key="k2"), statement_id=SID, home_page=HOME),
    ]
    client(lrs.url).send(statements)

    [request] = lrs.received
    assert request.path == "/xapi/statements"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Experience-API-Version"] == "1.0.3"
    scheme, token = request.headers["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(token).decode() == "elearn-key:s3cret:пароль"
    assert request.body == statements


def test_send_accepts_200_with_the_stored_ids(lrs):
    statements = [statement(event(), statement_id=SID, home_page=HOME)]
    lrs.status = 200
    lrs.answer = json.dumps([statements[0]["id"]]).encode()
    client(lrs.url).send(statements)
    assert len(lrs.received) == 1


def test_send_of_nothing_makes_no_request(lrs):
    client(lrs.url).send([])
    assert lrs.received == []


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_throttling_mean_unavailable(lrs, status):
    lrs.status = status
    with pytest.raises(LrsUnavailable, match=str(status)):
        client(lrs.url).send([statement(event(), statement_id=SID, home_page=HOME)])


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413])
def test_client_errors_mean_rejected(lrs, status):
    lrs.status = status
    lrs.answer = b'{"message": "invalid language tag"}'
    with pytest.raises(LrsRejected, match=f"{status}.*invalid language tag"):
        client(lrs.url).send([statement(event(), statement_id=SID, home_page=HOME)])


def test_redirect_is_not_followed_and_is_rejected(lrs):
    # urllib would otherwise turn the POST into a GET without the statements and report success.
    lrs.status = 302
    lrs.location = "/xapi/statements?moved=1"
    with pytest.raises(LrsRejected, match="302"):
        client(lrs.url).send([statement(event(), statement_id=SID, home_page=HOME)])
    assert [request.path for request in lrs.received] == ["/xapi/statements"]


def test_closed_port_means_unavailable(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LrsUnavailable, match="unreachable"):
        client(f"http://127.0.0.1:{port}/xapi").send(
            [statement(event(), statement_id=SID, home_page=HOME)]
        )


def test_slow_server_means_unavailable(lrs):
    lrs.delay = 10
    with pytest.raises(LrsUnavailable, match="unreachable"):
        client(lrs.url, timeout=0.3).send([statement(event(), statement_id=SID, home_page=HOME)])
    assert len(lrs.received) == 1
