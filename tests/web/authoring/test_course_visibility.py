"""Authoring rights intersected with course visibility (``authoring.permissions``): every
authoring route, for every kind of actor, on a bundled course as it is and on a restricted
course published or not. Refused POSTs leave the database as it was."""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.auth.models import Role, User
from elearn.authoring import services
from elearn.authoring.models import Draft
from elearn.config import PROJECT_ROOT
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson, Module, Quiz
from elearn.content.quiz_syntax import question_spans
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.models import utcnow
from elearn.trainers import services as trainers
from elearn.trainers.models import Programme
from elearn.trainers.programmes import check_programme, save_programme
from tests.conftest import Browser
from tests.course_files import COURSE_YML, PNG_1PX, write_course
from tests.web.authoring.conftest import assigned_translator

RESTRICTED_YML = (
    COURSE_YML.replace("id: sample-course", "id: restricted-course")
    .replace("access: law-enforcement", "access: restricted")
    .replace("countries: [GE, UA]", "countries: [UA]")
    .replace("roles: []", "roles: [trainee, trainer]")
)

# What each actor may do with each course: "author" (everything), "translator" (their
# languages, answer keys included), "translator-no-keys" (their languages, no quiz and no
# export: they could sit its exams), "reader" (sees the course, no authoring: 403), "none" (404).
# Translators are Ukrainian (assigned the course's subject area, or another one) except
# "translator-of-course", a Georgian assigned this one course.
RIGHTS = {
    "bundled": {
        "admin": "author",
        "author": "author",
        "author-outside": "author",  # Georgian: the bundled course's audience includes them
        "author-other-area": "reader",
        "translator": "translator",
        "translator-in-audience": "translator-no-keys",
        "translator-of-course": "translator",
        "translator-other-area": "none",  # "translator" is not among the course's roles
        "trainee": "reader",
        "trainee-outside": "reader",
    },
    "restricted": {
        "admin": "author",
        "author": "author",
        "author-outside": "none",
        "author-other-area": "reader",
        "translator": "translator",
        "translator-in-audience": "translator-no-keys",
        "translator-of-course": "translator",
        "translator-other-area": "none",
        "trainee": "reader",
        "trainee-outside": "none",
    },
    "unpublished": {
        "admin": "author",
        "author": "author",
        "author-outside": "none",
        "author-other-area": "none",
        "translator": "translator",
        "translator-in-audience": "translator-no-keys",
        "translator-of-course": "translator",
        "translator-other-area": "none",
        "trainee": "none",
        "trainee-outside": "none",
    },
}
REFUSED = {"reader": 403, "none": 404}


def _programmes() -> None:
    for name in ("crypto-investigations", "digital-forensics"):
        text = (PROJECT_ROOT / f"courses/_programmes/{name}.yml").read_text()
        save_programme(check_programme(text, Path(f"{name}.yml"), Problems()), text)
    db.session.commit()


def _certified(users, area: str, country: str) -> User:
    trainer = users(Role.TRAINER, country=country)
    programme = db.session.scalar(select(Programme).where(Programme.subject_area == area))
    trainers.certify(None, trainers.apply(trainer, programme, ip=None), now=utcnow(), ip=None)
    db.session.commit()
    return trainer


def _course(kind: str, tmp_path) -> Course:
    if kind == "bundled":
        source, problems = load_course(PROJECT_ROOT / "courses" / "crypto-tracing")
        assert problems == []
        import_course(source)
        db.session.commit()
        return db.session.scalar(select(Course).where(Course.slug == "crypto-tracing"))
    published = "" if kind == "restricted" else "published: false\n"
    folder = write_course(tmp_path, **{"course.yml": RESTRICTED_YML + published})
    source, problems = load_course(folder.rename(folder.with_name("restricted-course")))
    assert problems == []
    import_course(source)
    db.session.commit()
    return db.session.scalar(select(Course).where(Course.slug == "restricted-course"))


def _actor(name: str, users, course: Course) -> User:
    if name == "admin":
        return users(Role.ADMIN)
    if name.startswith("author"):
        area = "digital-forensics" if name == "author-other-area" else "crypto-investigations"
        return _certified(users, area, "GE" if name == "author-outside" else "UA")
    if name == "translator-of-course":
        return assigned_translator(users, country="GE", locale="ka", course=course)
    if name.startswith("translator"):
        area = "training-methodology" if name == "translator-other-area" else None
        roles = (Role.TRAINEE,) if name == "translator-in-audience" else ()
        return assigned_translator(
            users, country="UA", locale="uk", area=area or course.subject_area, roles=roles
        )
    return users(Role.TRAINEE, country="GE" if name == "trainee-outside" else "UA")


@dataclass
class World:
    course: Course
    lesson: Lesson
    quiz: Quiz
    module: Module
    submitted: Draft  # an English quiz draft waiting for review
    approved: Draft  # an English lesson draft approved, waiting for publication


def _world(kind: str, tmp_path, users) -> World:
    _programmes()
    course = _course(kind, tmp_path)
    writer = _certified(users, "crypto-investigations", "UA")
    reviewer = users(Role.ADMIN)
    lesson = db.session.scalars(select(Lesson).where(Lesson.course_id == course.id)).first()
    quiz = db.session.scalars(select(Quiz).where(Quiz.course_id == course.id)).first()
    drafts = []
    for item in (quiz, lesson):
        draft = services.open_draft(writer, item, "en")
        services.save(
            writer,
            draft,
            title=draft.title,
            markdown=draft.markdown + "\n",
            version=draft.version,
            now=utcnow(),
        )
        services.submit(writer, draft)
        drafts.append(draft)
    services.review(reviewer, drafts[1], approve=True, comment="", ip=None)
    db.session.commit()
    module = db.session.scalars(select(Module).where(Module.course_id == course.id)).first()
    return World(course, lesson, quiz, module, *drafts)


def _database() -> dict[str, list]:
    """Every row of every table, to compare before and after a refused POST."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(table.select())))
            for table in db.metadata.sorted_tables
        }


KINDS = list(RIGHTS)
ACTORS = list(RIGHTS["bundled"])
TRANSLATING = {"author", "translator", "translator-no-keys"}
WITH_KEYS = {"author", "translator"}


@pytest.mark.parametrize("kind", KINDS)
def test_authoring_routes_follow_course_visibility(app, users, tmp_path, kind):
    """Every actor's answers, compared at once so that a failure shows every difference."""
    world = _world(kind, tmp_path, users)
    answers, expected = {}, {}
    for name in ACTORS:
        actor = _actor(name, users, world.course)
        answers[name], expected[name] = _answers(app, world, actor, RIGHTS[kind][name])
    assert answers == expected


def _urls(world: World, locale: str) -> dict[str, set[str]]:
    """The authoring pages of the course, each with the rights that open it."""
    slug, draft = world.course.slug, world.submitted.id
    question = next(iter(question_spans(world.submitted.markdown)))
    return {
        f"/authoring/courses/{slug}": TRANSLATING,
        f"/authoring/lessons/{world.lesson.id}/{locale}": TRANSLATING,
        f"/authoring/modules/{world.module.id}/{locale}": TRANSLATING,
        f"/authoring/courses/{slug}/description/{locale}": TRANSLATING,
        f"/authoring/quizzes/{world.quiz.id}/{locale}": WITH_KEYS,
        f"/authoring/courses/{slug}/export.zip": WITH_KEYS,
        f"/authoring/drafts/{draft}": {"author"},
        f"/authoring/drafts/{draft}/edit": {"author"},
        f"/authoring/drafts/{draft}/questions/{question}": {"author"},
    }


def _posts(world: World) -> dict[str, dict]:
    slug, module = world.course.slug, world.module.id
    question = next(iter(question_spans(world.submitted.markdown)))
    return {
        f"/authoring/drafts/{world.submitted.id}/questions/{question}": {
            "question_id": question,
            "points": "1",
            "prompt": "Changed?",
            "version": str(world.submitted.version),
        },
        f"/authoring/drafts/{world.submitted.id}": {"action": "approve"},
        f"/authoring/drafts/{world.approved.id}": {"action": "publish"},
        f"/authoring/courses/{slug}/modules": {"module-title": "New", "module-item_id": "new"},
        f"/authoring/modules/{module}/move": {"offset": "1"},
        f"/authoring/modules/{module}/remove": {},
        f"/authoring/courses/{slug}/publish": {},
        f"/authoring/courses/{slug}/media": {"image": (io.BytesIO(PNG_1PX), "course.png")},
        f"/authoring/courses/{slug}/lessons": {"lesson-title": "New", "lesson-duration": "5"},
        f"/authoring/courses/{slug}/quizzes": {"quiz-title": "New", "quiz-pass_mark": "70"},
        f"/authoring/lessons/{world.lesson.id}/move": {"offset": "1"},
        f"/authoring/courses/{slug}/move-lesson": {
            "relocate-lesson": str(world.lesson.id),
            "relocate-module": world.module.slug,
        },
        f"/authoring/drafts/{world.submitted.id}/edit": {
            "action": "save",
            "title": "Changed",
            "markdown": "Changed.",
            "version": str(world.submitted.version),
        },
    }


def _answers(app, world: World, actor: User, rights: str) -> tuple[dict, dict]:
    """What the actor gets and what ``rights`` say they should get: the status of every page,
    whether the reviews list and the authoring index name the draft and the course, and for
    POSTs (except authors', tested with each change) the status and whether the database
    stayed as it was."""
    browser = Browser(app.test_client())
    browser.login(actor.email)
    locale = actor.locale if actor.has_role(Role.TRANSLATOR) else "en"
    refused = REFUSED.get(rights, 403)
    answers, expected = {}, {}
    for url, allowed in _urls(world, locale).items():
        answers[url] = browser.get(url).status_code
        expected[url] = 200 if rights in allowed else refused
    reviews = browser.get("/authoring/reviews").get_data(as_text=True)
    answers["reviews list"] = world.submitted.title in reviews
    expected["reviews list"] = rights == "author"
    index = browser.get("/authoring/").get_data(as_text=True)
    answers["authoring index"] = f'/authoring/courses/{world.course.slug}"' in index
    expected["authoring index"] = rights in TRANSLATING
    if rights == "author":
        return answers, expected
    for url, data in _posts(world).items():
        before = _database()
        response = browser.submit("/profile", data, action=url)
        answers[f"POST {url}"] = (response.status_code, _database() == before)
        expected[f"POST {url}"] = (refused, True)
    return answers, expected
