"""Nothing on an attempt page gives the right answer away: a trainee who answers only from what
the page shows (field names, values and their order) scores no better than one who guesses, and
no answer id of the course appears on the page. Checked on a bundled course's quizzes as they
are."""

import math
import random
import statistics
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from sqlalchemy import delete, select

from elearn.catalog.models import Enrolment
from elearn.config import PROJECT_ROOT
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.extensions import db
from elearn.progress.models import LearningRecord
from elearn.quiz.models import Answer, Attempt
from elearn.quiz.views import PAGE_SIZE
from tests.conftest import csrf_token

QUIZZES = [
    "/courses/crypto-tracing/quizzes/crypto-tracing-final-exam",
    "/courses/crypto-tracing/quizzes/tracing-techniques-check",
]
ROUNDS = 8
# Attempts are drawn by the system's random source, so scores vary from run to run: reading the
# page may beat guessing only by what chance explains (three standard errors, about 0.3 here).
# A leak shows anyway as a question answered right in every round (checked first).
STANDARD_ERRORS = 3


class AttemptForm(HTMLParser):
    """The answer fields of an attempt page: {name: [values in page order]} per question."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = defaultdict(list)
        self.hidden: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "input" and attrs.get("type") in ("radio", "checkbox"):
            self.fields[name].append(attrs["value"])
        elif tag == "input" and attrs.get("type") == "hidden" and name.startswith("q"):
            self.hidden[name] = attrs["value"]
        elif tag == "select" and name.startswith("q"):
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def echo(fields: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    """The value that repeats the field's own name, where there is one."""
    return {
        name: [next((v for v in values if name.endswith(f"-{v}")), values[0])]
        for name, values in fields.items()
    }


def first_shown(fields: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    return {name: values[:1] for name, values in fields.items()}


def smallest(fields: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    return {name: [min(values)] for name, values in fields.items()}


READING_THE_PAGE = [echo, first_shown, smallest]


def guess(fields: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    return {name: [rng.choice(values)] for name, values in fields.items()}


@pytest.fixture
def trainee_on_crypto_tracing(browser, users):
    course, problems = load_course(PROJECT_ROOT / "courses" / "crypto-tracing")
    assert problems == []
    import_course(course)
    db.session.commit()
    trainee = users(country="GE")
    browser.login(trainee.email)
    browser.submit("/courses/crypto-tracing", {}, action="/courses/crypto-tracing/enrol")
    assert db.session.scalar(select(Enrolment.id))
    return trainee


def take(browser, quiz_url: str, answer, rng) -> dict[str, list[float]]:
    """One attempt answered by ``answer``; the fraction earned per question whose options the
    page shows (True/False is left out: its two options are the answer itself, shown in order)."""
    started = browser.submit(quiz_url, {}, action=quiz_url + "/start")
    attempt_id = int(started.headers["Location"].rsplit("/", 1)[1])
    pages = -(-len(db.session.get(Attempt, attempt_id).questions) // PAGE_SIZE)
    for page_number in range(1, pages + 1):
        page = browser.get(f"/attempts/{attempt_id}?page={page_number}").get_data(as_text=True)
        assert_no_course_ids(page, attempt_id)
        form = AttemptForm()
        form.feed(page)
        data = {"csrf_token": csrf_token(page), "page": str(page_number), "go": "stay"}
        data |= form.hidden | answer(form.fields, rng)
        assert browser.client.post(f"/attempts/{attempt_id}/save", data=data).status_code == 302
    browser.submit(quiz_url, {}, action=f"/attempts/{attempt_id}/submit")
    attempt = db.session.get(Attempt, attempt_id)
    db.session.refresh(attempt)
    earned = {}
    for shown in attempt.questions:
        answer_row = attempt.answers.get(shown["question"])
        if shown["type"] in ("single", "multiple", "matching", "ordering"):
            earned[shown["slug"]] = answer_row.fraction if answer_row else 0.0
    for table in (LearningRecord, Answer, Attempt):  # so that the attempt limit never applies
        db.session.execute(delete(table))
    db.session.commit()
    return earned


def assert_no_course_ids(page: str, attempt_id: int) -> None:
    attempt = db.session.get(Attempt, attempt_id)
    for shown in attempt.questions:
        for ident in shown["texts"]["answers"]:
            if shown["type"] in ("single", "multiple", "matching", "ordering"):
                assert f'value="{ident}"' not in page and f'-{ident}"' not in page, ident


@pytest.mark.parametrize("quiz_url", QUIZZES)
def test_reading_the_page_scores_no_better_than_guessing(
    browser, trainee_on_crypto_tracing, quiz_url
):
    rng = random.Random(20261207)
    earned = {answer: defaultdict(list) for answer in [guess, *READING_THE_PAGE]}
    for _ in range(ROUNDS):
        for answer, by_question in earned.items():
            for slug, fraction in take(browser, quiz_url, answer, rng).items():
                by_question[slug].append(fraction)

    guessed = [f for fractions in earned[guess].values() for f in fractions]
    for answer in READING_THE_PAGE:
        for slug, fractions in earned[answer].items():
            assert min(fractions) < 1, f"{answer.__name__} always answers {slug} right"
        read = [f for fractions in earned[answer].values() for f in fractions]
        advantage = statistics.mean(read) - statistics.mean(guessed)
        chance = STANDARD_ERRORS * math.sqrt(
            statistics.variance(read) / len(read) + statistics.variance(guessed) / len(guessed)
        )
        assert advantage <= chance, f"{answer.__name__} beats guessing by {advantage:.2f}"


def strings_of(value) -> list[str]:
    """Every key and string value of a JSON document."""
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in strings_of(item))]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    return [value] if isinstance(value, str) else []


@pytest.mark.parametrize("quiz_url", QUIZZES)
def test_no_json_the_trainee_receives_during_an_attempt_names_an_answer(
    browser, trainee_on_crypto_tracing, quiz_url
):
    """Autosaves (answered, empty, with a question of another attempt, after the attempt was
    submitted) and the errors a script gets back carry a verdict and a message, never a
    course answer id, an alias or a score."""
    fetch = {"X-Requested-With": "fetch"}
    started = browser.submit(quiz_url, {}, action=quiz_url + "/start")
    attempt_id = int(started.headers["Location"].rsplit("/", 1)[1])
    attempt = db.session.get(Attempt, attempt_id)
    pages = -(-len(attempt.questions) // PAGE_SIZE)
    save_url = f"/attempts/{attempt_id}/save"
    received, token = [], None
    for page_number in range(1, pages + 1):
        page = browser.get(f"/attempts/{attempt_id}?page={page_number}").get_data(as_text=True)
        form = AttemptForm()
        form.feed(page)
        token = csrf_token(page)
        base = {"csrf_token": token, "page": str(page_number)} | form.hidden
        for data in (
            base | guess(form.fields, random.Random(page_number)),
            base,
            base | {"q999999-x": "x"},
        ):
            received.append(browser.client.post(save_url, data=data, headers=fetch))
    browser.submit(quiz_url, {}, action=f"/attempts/{attempt_id}/submit")
    received.append(browser.client.post(save_url, data={"csrf_token": token}, headers=fetch))
    received.append(browser.client.post("/attempts/2147483647/save", data={}, headers=fetch))

    db.session.refresh(attempt)
    forbidden = {"fraction", "right", "correct", "score", "answer_key", "points"}
    for shown in attempt.questions:
        forbidden |= set(shown["texts"]["answers"])
        for kind in ("aliases", "option_aliases"):
            forbidden |= set(shown.get(kind, {}).values())
    assert {response.status_code for response in received} >= {200, 409}
    for response in received:
        assert response.is_json, response.get_data(as_text=True)[:200]
        document = response.get_json()
        assert set(document) <= {"saved", "message", "error"}, document
        words = {w for text in strings_of(document) for w in text.replace(".", " ").split()}
        assert not words & forbidden, words & forbidden
