"""Hostile input: the course parser, the quiz syntax, the GIFT and Aiken importers, the CSV of
cohort members and the parameters of the routes, fed with generated text, huge and negative
numbers, NaN, missing fields and ``url_for``'s reserved keys, give a result or a clear error,
never an unexpected exception and never a 500. Hypothesis runs derandomized, a few dozen
examples each, so that the file stays well under a minute."""

import io
from pathlib import Path

import pytest
from flask import url_for
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from elearn.authoring.models import Draft, ItemKind
from elearn.authoring.preview import question_problems, render_draft
from elearn.catalog.cohorts import Cohort
from elearn.cohorts import services as cohorts
from elearn.content import quiz_syntax as syntax
from elearn.content.answer_keys import answer_key
from elearn.content.loader import load_course
from elearn.content.markdown import TooDeeplyNested, render
from elearn.content.source import Problems
from elearn.demo import DEMO_PASSWORD
from elearn.extensions import db, limiter
from elearn.models import utcnow
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.convert import to_quiz_syntax
from elearn.quiz.forms import GradeForm
from elearn.quiz.gift import parse_gift
from elearn.web.routing import MAX_ID
from tests.conftest import Browser, csrf_token
from tests.course_files import COURSE_YML, LESSON_ONE, write_course
from tests.web.security.world import build_world, user

SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text made of what the formats give meaning to, plus any character.
MARKUP = st.text(
    alphabet=st.sampled_from(
        list("#*[]()=~{}:%-+>|\\/_`!@.,'\"\n\t 0123456789abcxyz") + ["é", "ქ"]
    ),
    max_size=300,
)
HOSTILE_NUMBERS = [
    "9223372036854775808",
    str(2**64),
    "-1",
    "0",
    "NaN",
    "sNaN",
    "inf",
    "-inf",
    "1e309",
    "1.5",
    "abc",
    "",
    " ",
    "0x10",
    "١٢",
]
NUMBERS = st.sampled_from(HOSTILE_NUMBERS) | st.integers(-(2**70), 2**70).map(str)
FINAL_EXAM = "crypto-tracing-final-exam"
RESERVED = ["endpoint", "_method", "_external", "_anchor", "_scheme"]


@SETTINGS
@given(text=MARKUP)
def test_quiz_syntax_and_answer_keys_give_questions_or_problems(text):
    problems = Problems()
    for question in syntax.parse(text, Path("q.quiz.md"), 1, problems):
        answer_key(question, Path("q.quiz.md"), problems)
    assert all(problem.line >= 1 for problem in problems)


@SETTINGS
@given(text=MARKUP, aiken=st.booleans())
def test_moodle_files_give_questions_or_problems_and_convert(text, aiken):
    result = (parse_aiken if aiken else parse_gift)(text)
    assert result.questions or result.problems
    if result.questions:
        problems = Problems()
        syntax.parse(to_quiz_syntax(result.questions, "pool", set()), Path("q"), 1, problems)


@SETTINGS
@given(text=MARKUP | st.sampled_from(["*" * 20000 + "x" + "*" * 20000, "[" * 5000, "> " * 5000]))
def test_markdown_renders_or_says_it_nests_too_deeply(text):
    try:
        assert isinstance(render(text), str)
    except TooDeeplyNested as error:
        assert "too deeply" in str(error.message)


@pytest.mark.parametrize("kind", [ItemKind.LESSON, ItemKind.QUIZ])
def test_previews_and_question_forms_say_the_text_nests_too_deeply(app, kind):
    """A preview (the editor's, after a Moodle import) and a question form's check name the
    problem instead of failing on it."""
    nested = "## single deep\n" + "*" * 20000 + "x" + "*" * 20000
    with app.test_request_context():
        assert str(TooDeeplyNested.message) in render_draft(kind, nested)
        assert question_problems(nested) == [str(TooDeeplyNested.message)]


FRONT_MATTER_VALUES = st.one_of(NUMBERS, MARKUP, st.sampled_from([".nan", ".inf", "[]", "{}", "~"]))


@settings(SETTINGS, max_examples=25)
@given(
    key=st.sampled_from(
        [
            "id",
            "title",
            "duration",
            "review_by",
            "jurisdiction",
            "legal_basis",
            "pass_mark",
            "attempts",
            "time_limit",
            "cooldown",
            "draw",
        ]
    ),
    value=FRONT_MATTER_VALUES,
    yml_key=st.sampled_from(["estimated_hours", "audience", "completion", "published", "id"]),
    yml_value=FRONT_MATTER_VALUES,
)
def test_course_files_load_or_name_their_problems(tmp_path_factory, key, value, yml_key, yml_value):
    lesson = LESSON_ONE.replace("duration: 10", f"duration: 10\n{key}: {value!r}")
    course_yml = COURSE_YML + f"{yml_key}: {yml_value!r}\n"
    root = tmp_path_factory.mktemp("course")
    folder = write_course(root, **{"course.yml": course_yml, "01-basics/01-first.md": lesson})
    source, problems = load_course(folder)
    assert source is not None or problems
    assert all(str(problem.path).startswith(str(folder)) for problem in problems)


# Routes and their parameters, on the demo world.


@pytest.fixture
def world(tmp_path):
    build_world(tmp_path)


def signed_in(app, email: str) -> Browser:
    limiter.reset()  # examples sign in again and again: not the attack the limit is for
    browser = Browser(app.test_client())
    browser.login(email, DEMO_PASSWORD)
    return browser


def test_huge_ids_page_numbers_cursors_and_reserved_keys(app, world):
    """Every rule with an ``int`` in its path, given 2^63 there, answers 404 (the converter
    refuses it; 405 where another rule of the path takes the other method) for the admin,
    before any query could overflow."""
    admin = signed_in(app, "admin@elearn.example")
    token = csrf_token(admin.get("/profile").get_data(as_text=True))
    walked = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.regex.startswith(r"\d")]
        if not ints:
            continue
        url = rule.rule
        for name in rule.arguments:
            value = "9223372036854775808" if name in ints else "x"
            url = url.replace(f"<{name}>", value).replace(f"<int:{name}>", value)
            url = url.split("<any(")[0] if "<any(" in url else url
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = admin.client.open(url, method=method, data={"csrf_token": token})
            assert response.status_code in (404, 405), (method, url, response.status_code)
            walked += 1
    assert walked > 30
    assert admin.get(f"/attempts/{MAX_ID}").status_code == 404  # the largest id is still asked
    _reserved_url_for_keys_in_a_query_are_not_taken_as_options(app, admin)
    _large_page_numbers_and_api_cursors_are_answered(admin)


QUERY_KEYS = [
    "page",
    "format",
    "delimiter",
    "lang",
    "country",
    "cohort",
    "agency",
    "q",
    "status",
    "role",
    "action",
    "text",
    "after",
    "limit",
    "since",
    "until",
    "agent",
    "verb",
    "ascending",
    "statementId",
    "per_page",
    *RESERVED,
]
QUERIES = st.dictionaries(st.sampled_from(QUERY_KEYS), NUMBERS | MARKUP, max_size=5)


def _get_urls(app) -> list[str]:
    """Every GET page without path values, and the pages that read a query with their values."""
    draft = db.session.scalar(select(Draft.id))
    with app.test_request_context():
        urls = [
            url_for(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments
        ]
        urls += [
            url_for(
                "quiz.statistics", slug="crypto-tracing", quiz_slug="crypto-tracing-final-exam"
            ),
            url_for("cohorts.show", cohort_id=db.session.scalar(select(Cohort.id))),
            url_for("authoring.edit_draft", draft_id=draft),
        ]
    return urls


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_query_parameters_of_every_page_never_cause_a_server_error(app, world, data):
    browser = data.draw(st.sampled_from(["admin@elearn.example", "coordinator.ge@elearn.example"]))
    client = signed_in(app, browser).client
    url = data.draw(st.sampled_from(_get_urls(app)))
    query = data.draw(QUERIES)
    response = client.get(url, query_string=query)
    assert response.status_code < 500, (url, query)
    response.close()


def _reserved_url_for_keys_in_a_query_are_not_taken_as_options(app, admin):
    """The pager and the CSV links rebuild this page's URL from its query: ``url_for``'s own
    keywords and the route's values given again in the query are left out, not obeyed."""
    query = "endpoint=auth.logout&_external=1&_scheme=javascript&_anchor=x&_method=POST"
    size, app.config["ELEARN_PAGE_SIZE"] = app.config["ELEARN_PAGE_SIZE"], 5  # pages to link
    try:
        response = admin.get(f"/admin/users?{query}&page=2")
    finally:
        app.config["ELEARN_PAGE_SIZE"] = size
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'rel="next"' in html
    assert "javascript:" not in html and "logout?" not in html and "#x" not in html
    for url in ("/reports", "/trainers/directory", "/admin/audit"):
        assert admin.get(f"{url}?{query}").status_code == 200, url
    cohort = db.session.scalar(select(Cohort.id))
    coordinator = signed_in(app, "coordinator.ge@elearn.example")
    csv_links = coordinator.get(f"/cohorts/{cohort}?cohort_id=1&{query}")
    assert csv_links.status_code == 200


@pytest.mark.parametrize("points", ["sNaN", "NaN", "inf", "-inf", "1e999", "-1", "abc", None])
def test_grade_points_must_be_a_finite_number_in_range(app, points):
    with app.test_request_context():
        form = GradeForm(
            formdata=MultiDict({} if points is None else {"points": points}), meta={"csrf": False}
        )
        assert not form.validate()
        assert form.points.errors


def test_hostile_forms_are_answered_with_their_errors(app, world):
    """A draft version that is no number, Markdown nested 20,000 deep, a review without its
    button, a CSV field over the csv module's limit: the page says what is wrong, in the
    user's language, and nothing changes."""
    author = signed_in(app, "trainer@elearn.example")
    draft = db.session.scalar(select(Draft).order_by(Draft.id))
    url, version = f"/authoring/drafts/{draft.id}/edit", draft.version
    page = author.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "title": "T", "duration": "10", "action": "save"}
    nested = "*" * 20000 + "x" + "*" * 20000
    for hostile in (
        {"version": "abc", "markdown": "x"},
        {"version": str(version), "markdown": nested},
    ):
        response = author.client.post(url, data=data | hostile)
        assert response.status_code == 200
    with force_locale("uk"):  # the author's language
        assert str(TooDeeplyNested.message) in response.get_data(as_text=True)
    mentor = signed_in(app, "mentor@elearn.example")
    review = f"/authoring/drafts/{draft.id}"
    token = csrf_token(mentor.get(review).get_data(as_text=True))
    assert mentor.client.post(review, data={"csrf_token": token}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Draft, draft.id).status == draft.status
    _a_csv_field_over_the_csv_modules_limit_is_refused_with_a_message(app)


@SETTINGS
@given(
    rows=st.lists(MARKUP | st.emails() | st.just("x" * 140_000), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "\0"]),
)
def test_member_csv_gives_row_reports_or_one_clear_refusal(app, world, rows, delimiter):
    coordinator = user("coordinator.ge@elearn.example")
    cohort = db.session.scalar(select(Cohort))
    text = "\n".join(delimiter.join([row, "x"]) for row in rows)
    try:
        reports = cohorts.add_members_from_csv(coordinator, cohort, text, ip=None, now=utcnow())
    except cohorts.UnreadableCsv as error:
        assert "CSV" in str(error.message)
    else:
        assert all(report.line >= 1 for report in reports)
    db.session.rollback()


def _a_csv_field_over_the_csv_modules_limit_is_refused_with_a_message(app):
    coordinator = signed_in(app, "coordinator.ge@elearn.example")
    cohort = db.session.scalar(select(Cohort.id))
    page = coordinator.get(f"/cohorts/{cohort}").get_data(as_text=True)
    upload = (io.BytesIO(b'"' + b"a" * 131_073 + b'"\n'), "members.csv")
    response = coordinator.client.post(
        f"/cohorts/{cohort}/members/csv",
        data={"csrf_token": csrf_token(page), "csv-file": upload},
        follow_redirects=True,
    )
    assert response.status_code == 200
    with force_locale("ka"):  # the coordinator's language
        assert str(cohorts.UnreadableCsv.message) in response.get_data(as_text=True)


def _large_page_numbers_and_api_cursors_are_answered(admin):
    for url in ("/admin/users", "/admin/audit"):
        assert admin.get(f"{url}?page=99999999999999999999").status_code == 200
        assert admin.get(f"{url}?page=-5").status_code == 200
    for query in ("after=99999999999999999999", 'agent={"account":{"name":"1' + "0" * 30 + '"}}'):
        assert admin.get(f"/api/v1/xapi/statements?{query}").status_code == 400
