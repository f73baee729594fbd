"""xAPI 1.0.3: learning events as Statements, and a client that POSTs them to an LRS.

A learner is identified by an account on our site (home page + user id), never by e-mail or
name. A statement's id is chosen once, when the learning record stores it (``record.py``), and
travels with it; sending it twice gives the LRS the same id and content, which it stores once.
"""

import base64
import http.client
import json
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.error import HTTPError
from urllib.parse import quote

API_VERSION = "1.0.3"
# A Learning Record Provider that sets the Statement version MUST set it to 1.0.0
# (xAPI-Data 2.4.10); the patch version in use travels in the X-Experience-API-Version header.
STATEMENT_VERSION = "1.0.0"

VERBS = ("launched", "experienced", "completed", "answered", "passed", "failed")
ACTIVITY_TYPES = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "interaction": "http://adlnet.gov/expapi/activities/cmi.interaction",
}

FIRST_RETRY_DELAY = timedelta(minutes=1)
MAX_RETRY_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class LearningEvent:
    verb: str
    user_id: int
    course_id: str
    activity_type: str
    activity_path: str
    name: dict[str, str]
    timestamp: datetime
    locale: str
    key: str
    score_scaled: float | None = None
    success: bool | None = None
    completion: bool | None = None
    duration_seconds: int | None = None
    response: str | None = None
    # An answered question: its interaction definition (``interactions.definition``) and the
    # quiz it belongs to, which becomes its parent (the course its grouping).
    interaction: dict | None = None
    quiz_path: str | None = None


class LrsUnavailable(Exception):
    """The LRS could not take the statements now (network, timeout, 429, 5xx): retry later."""


class LrsRejected(Exception):
    """The LRS refused the statements (4xx): sending them again as they are will not help."""


def statement(
    event: LearningEvent, *, statement_id: str, home_page: str, platform: str = "elearn"
) -> dict:
    home_page = home_page.rstrip("/")
    account = {"homePage": home_page, "name": str(event.user_id)}
    body = {
        "id": statement_id,
        "actor": {"objectType": "Agent", "account": account},
        "verb": _verb(event.verb),
        "object": _activity(event, home_page),
        "context": _context(event, home_page, platform),
        "timestamp": iso_timestamp(event.timestamp),
        "version": STATEMENT_VERSION,
    }
    if outcome := _result(event):
        body["result"] = outcome
    return body


def activity_id(home_page: str, activity_path: str) -> str:
    return f"{home_page.rstrip('/')}/xapi/activities/{quote(activity_path, safe='/')}"


def iso_duration(seconds: int) -> str:
    """ISO 8601 duration in hours, minutes and seconds: 3725 -> "PT1H2M5S", 0 -> "PT0S"."""
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative: {seconds}")
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    units = ((hours, "H"), (minutes, "M"), (seconds, "S"))
    return "PT" + ("".join(f"{amount}{unit}" for amount, unit in units if amount) or "0S")


def iso_timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with milliseconds, e.g. "2025-03-01T07:30:00.000Z"."""
    if moment.utcoffset() is None:
        raise ValueError(f"a timestamp needs a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _verb(verb: str) -> dict:
    if verb not in VERBS:
        raise ValueError(f"unknown verb: {verb!r}")
    return {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}}


def _activity(event: LearningEvent, home_page: str) -> dict:
    if event.activity_type not in ACTIVITY_TYPES:
        raise ValueError(f"unknown activity type: {event.activity_type!r}")
    definition = {"name": dict(event.name), "type": ACTIVITY_TYPES[event.activity_type]}
    if event.activity_type == "interaction":
        if not event.interaction:
            raise ValueError("an interaction activity needs its interaction definition")
        definition |= event.interaction
    return {
        "objectType": "Activity",
        "id": activity_id(home_page, event.activity_path),
        "definition": definition,
    }


def _context(event: LearningEvent, home_page: str, platform: str) -> dict:
    context = {"platform": platform, "language": event.locale}
    course = _context_activity(home_page, event.course_id, "course")
    if event.quiz_path is not None:
        quiz = _context_activity(home_page, event.quiz_path, "assessment")
        context["contextActivities"] = {"parent": [quiz], "grouping": [course]}
    elif event.activity_type != "course":
        context["contextActivities"] = {"parent": [course]}
    return context


def _context_activity(home_page: str, path: str, kind: str) -> dict:
    return {
        "objectType": "Activity",
        "id": activity_id(home_page, path),
        "definition": {"type": ACTIVITY_TYPES[kind]},
    }


def _result(event: LearningEvent) -> dict:
    result = {}
    if event.score_scaled is not None:
        if not 0 <= event.score_scaled <= 1:
            raise ValueError(f"a scaled score must lie in [0, 1]: {event.score_scaled}")
        result["score"] = {"scaled": event.score_scaled}
    if event.success is not None:
        result["success"] = event.success
    if event.completion is not None:
        result["completion"] = event.completion
    if event.duration_seconds is not None:
        result["duration"] = iso_duration(event.duration_seconds)
    if event.response is not None:
        result["response"] = event.response
    return result


def next_retry(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed sends (1, 2, ...): 1 minute, doubling, at most 6 hours."""
    if attempts < 1:
        raise ValueError(f"attempts counts failed sends and starts at 1: {attempts}")
    doublings = min(attempts - 1, 16)  # far past the cap already; keeps the power small
    return min(FIRST_RETRY_DELAY * 2**doublings, MAX_RETRY_DELAY)


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect of a POST with a GET and no body, losing the statements;
    a redirect here is a wrong endpoint setting, reported as a rejection."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class LrsClient:
    def __init__(self, endpoint: str, username: str, password: str, timeout: float = 10):
        self.url = endpoint.rstrip("/") + "/statements"
        credentials = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self.headers = {
            "Content-Type": "application/json",
            "X-Experience-API-Version": API_VERSION,
            "Authorization": f"Basic {credentials}",
        }
        self.timeout = timeout
        self.opener = urllib.request.build_opener(_RefuseRedirects)

    def send(self, statements: list[dict]) -> None:
        """POST the statements as one batch; raises LrsUnavailable or LrsRejected."""
        if not statements:
            return
        request = urllib.request.Request(
            self.url, data=json.dumps(statements).encode(), headers=self.headers, method="POST"
        )
        try:
            with self.opener.open(request, timeout=self.timeout):
                return
        except HTTPError as error:
            with error:
                raise _http_failure(error) from error
        except (OSError, http.client.HTTPException) as error:
            raise LrsUnavailable(f"LRS at {self.url} unreachable: {error}") from error


def _http_failure(error: HTTPError) -> Exception:
    try:
        detail = error.read(500).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        detail = ""
    message = f"LRS answered {error.code} {error.reason}" + (f": {detail}" if detail else "")
    if error.code == 429 or error.code >= 500:
        return LrsUnavailable(message)
    return LrsRejected(message)
