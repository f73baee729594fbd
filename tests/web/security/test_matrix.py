"""The authorization matrix: every rule of the URL map, requested by anonymous and by a demo
account of every role (inside and outside scope and audience) on the bundled courses as they
are, a restricted course and an unpublished one, gives the status written in ``MATRIX``; every
refused POST leaves the database as it was. A route without an entry fails the test.

Codes, one per actor of ``ACTORS`` in order: O allowed (200, or a redirect elsewhere than the
sign-in page), L sent to sign in (a redirect to /login, or 401), R 403, N 404, B 400, and for a
POST, D declined with the reason on the page (200, or a redirect with a message). A POST an
actor is allowed to make is not sent: what it does is its feature's tests' business (its
refusals are this test's)."""

import hashlib

from flask import url_for
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.models import UserSession
from elearn.authoring.models import Draft, TranslatorAssignment
from elearn.catalog.cohorts import Cohort
from elearn.certificates.models import Certificate
from elearn.content.models import Course, Lesson, Module, Quiz
from elearn.demo import DEMO_PASSWORD
from elearn.extensions import db
from elearn.quiz.models import Attempt
from elearn.trainers.models import Candidacy, TrainingSession
from tests.conftest import Browser, csrf_token
from tests.web.security.matrix_table import MATRIX
from tests.web.security.world import ACTORS, COURSES, build_world, user

PROGRAMME = "crypto-investigations-trainer"
# Values of the route arguments no world object names (they name nothing, or a fixed thing).
FIXED = {
    "locale": "en",
    "question_id": "no-such-question",  # the demo draft is a lesson's: no question
    "number": 0,  # the first revocation status list
    "action": "approve",
    "step": "recommend",
    "purpose": "reset",
    "token": "forged-token",
    "filename": "css/app.css",
    "name": "chart.png",
    "assignment_id": None,  # filled from the world
    "client_id": 1,  # no xAPI client exists: 404 for the admin too
    "user_id": None,
}


def world_values(kind: str) -> dict:
    """The objects the URLs name: the trainee's attempt and certificate, the demo cohort,
    draft, candidacy and training session, an officer, the admin's own device session (no one
    else's to end), and a course of ``kind`` with a lesson, module and quiz."""
    slug, lesson_slug, quiz_slug = COURSES[kind]
    trainee = user("trainee.am@elearn.example")
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    return FIXED | {
        "slug": slug,
        "lesson_slug": lesson_slug,
        "quiz_slug": quiz_slug,
        "attempt_id": db.session.scalar(
            select(Attempt.id).where(Attempt.user_id == trainee.id).order_by(Attempt.id)
        ),
        "serial": db.session.scalar(
            select(Certificate.serial)
            .where(Certificate.user_id == trainee.id)
            .order_by(Certificate.id)
        ),
        "cohort_id": db.session.scalar(select(func.min(Cohort.id))),
        "draft_id": db.session.scalar(select(func.min(Draft.id))),  # the demo draft
        "lesson_id": db.session.scalar(
            select(func.min(Lesson.id)).join(Module).where(Module.course_id == course.id)
        ),
        "module_id": db.session.scalar(
            select(func.min(Module.id)).where(Module.course_id == course.id)
        ),
        "quiz_id": db.session.scalar(select(func.min(Quiz.id)).where(Quiz.course_id == course.id)),
        "candidacy_id": db.session.scalar(select(func.min(Candidacy.id))),
        "session_id": db.session.scalar(select(func.min(TrainingSession.id))),
        "assignment_id": db.session.scalar(select(func.min(TranslatorAssignment.id))),
        "user_id": trainee.id,
    }


def fingerprint() -> dict[str, str]:
    """Every table's rows, hashed; audit events other than refusals (a refused change to another
    officer is audited as ``scope.denied``, which is the point)."""
    prints = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            if table.name == AuditEvent.__tablename__:
                query = query.where(AuditEvent.action != "scope.denied")
            rows = [tuple(row) for row in connection.execute(query)]
            prints[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return prints


def code(response, method: str) -> str:
    status = response.status_code
    if status in (301, 302, 303) and response.headers["Location"].startswith("/login"):
        return "L"
    if status in (200, 302, 303):
        return "O" if method == "GET" else "D"
    return {401: "L", 403: "R", 404: "N", 400: "B"}.get(status, str(status))


def test_every_route_answers_every_actor_as_written_and_refusals_change_nothing(app, tmp_path):
    build_world(tmp_path)
    browsers, tokens = {}, {}
    for actor in ACTORS:
        browsers[actor.name] = browser = Browser(app.test_client())
        if actor.email:
            browser.login(actor.email, DEMO_PASSWORD)
        page = browser.get("/profile" if actor.email else "/login").get_data(as_text=True)
        tokens[actor.name] = csrf_token(page)
    admin_device = db.session.scalar(
        select(func.min(UserSession.id)).where(
            UserSession.user_id == user("admin@elearn.example").id
        )
    )
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
    walked = {(r.endpoint, m) for r in rules for m in r.methods - {"HEAD", "OPTIONS"}}
    assert walked == set(MATRIX), "routes without an entry, or entries without a route"

    values_of = {kind: world_values(kind) for kind in COURSES}  # before the GETs open drafts
    wrong = []
    for method in ("GET", "POST"):  # every look first: some POSTs sign their actor out
        before = fingerprint()  # the GETs may open drafts; the refused POSTs change nothing
        for rule in rules:
            if method not in rule.methods:
                continue
            entry = MATRIX[rule.endpoint, method]
            for kind, expected in entry.items() if isinstance(entry, dict) else [("", entry)]:
                values = dict(values_of[kind or "bundled"])
                if rule.endpoint == "auth.sign_out_device":
                    values["session_id"] = admin_device
                if rule.endpoint.startswith("trainers."):
                    values["slug"] = PROGRAMME
                if rule.endpoint == "quiz.grade":
                    values["question_id"] = 1
                with app.test_request_context():
                    url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
                wrong += _walk(browsers, tokens, method, url, expected.split(), before)
    assert wrong == [], "\n".join(wrong)


def _walk(browsers, tokens, method, url, expected, before) -> list[str]:
    """Each actor's answer from ``url``; after the refused POSTs, the tables as ``before``."""
    wrong, sent = [], []
    for actor, wanted in zip(ACTORS, expected, strict=True):
        browser = browsers[actor.name]
        if method == "GET":
            with browser.get(url) as response:
                got = code(response, method)
        elif wanted == "O":
            continue
        else:
            response = browser.client.post(url, data={"csrf_token": tokens[actor.name]})
            got = code(response, method)
            sent.append(actor.name)
        if got != wanted:
            wrong.append(f"{method} {url} by {actor.name}: {got}, expected {wanted}")
    if sent:
        after = fingerprint()
        changed = [table for table, digest in after.items() if before[table] != digest]
        if changed:
            wrong.append(f"{method} {url} by one of {sent} changed {changed}")
    return wrong
