"""Translators reach the courses an admin assigned them (a subject area or a course), and only
those; the demo's Georgian translator has one."""

from click.testing import CliRunner
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.auth.services import find_user_by_email
from elearn.authoring.models import TranslatorAssignment
from elearn.catalog.models import Enrolment
from elearn.config import PROJECT_ROOT
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course, Lesson
from elearn.demo import DEMO_PASSWORD
from elearn.extensions import db
from tests.conftest import Browser
from tests.course_files import import_sample_course


def test_the_demo_translator_finds_courses_to_translate_into_georgian(app, browser):
    source, problems = load_course(PROJECT_ROOT / "courses" / "crypto-tracing")
    assert problems == []
    import_course(source)
    db.session.commit()
    assert CliRunner().invoke(app.cli, ["elearn", "demo"]).exit_code == 0
    lesson = db.session.scalars(select(Lesson)).first()

    browser.login("translator.ka@elearn.example", DEMO_PASSWORD)
    assert "/courses/crypto-tracing" in browser.get("/courses").get_data(as_text=True)
    workspace = browser.get("/authoring/").get_data(as_text=True)
    assert "/authoring/courses/crypto-tracing" in workspace
    assert browser.get(f"/authoring/lessons/{lesson.id}/ka").status_code == 200
    assert browser.get(f"/authoring/lessons/{lesson.id}/en").status_code == 403
    # Reading is not sitting: a translator outside the audience cannot enrol.
    browser.submit("/courses/crypto-tracing", {}, action="/courses/crypto-tracing/enrol")
    translator = find_user_by_email("translator.ka@elearn.example")
    assert db.session.scalar(select(Enrolment).where(Enrolment.user_id == translator.id)) is None


def test_an_admin_assigns_and_removes_a_course(app, users, tmp_path):
    course = import_sample_course(tmp_path)
    # Roles exclude translators, so only an assignment opens the course to them.
    course.audience = {"countries": ["GE", "UA"], "roles": ["trainee"]}
    db.session.commit()
    translator = users(Role.TRANSLATOR, country="GE", locale="ka")
    admin, coordinator = users(Role.ADMIN), users(Role.COORDINATOR)
    reader, manager = Browser(app.test_client()), Browser(app.test_client())
    reader.login(translator.email)
    assert reader.get("/authoring/courses/sample-course").status_code == 404

    manager.login(coordinator.email)
    assert manager.get("/authoring/translators").status_code == 403
    data = {"translator": str(translator.id), "work": f"course:{course.id}"}
    assert manager.submit("/profile", data, action="/authoring/translators").status_code == 403
    assert db.session.scalar(select(TranslatorAssignment)) is None

    manager.logout()
    manager.login(admin.email)
    page = manager.submit("/authoring/translators", data, follow_redirects=True)
    assert "The translator&#39;s assignment is saved." in page.get_data(as_text=True)
    assert "Course: Sample course" in page.get_data(as_text=True)
    assert reader.get("/authoring/courses/sample-course").status_code == 200
    assert reader.get("/courses/sample-course").status_code == 200

    assignment = db.session.scalar(select(TranslatorAssignment))
    manager.submit(
        "/authoring/translators",
        {},
        action=f"/authoring/translators/assignments/{assignment.id}/remove",
    )
    assert db.session.scalar(select(TranslatorAssignment)) is None
    assert reader.get("/authoring/courses/sample-course").status_code == 404
    assert db.session.scalar(select(Course)).slug == "sample-course"
