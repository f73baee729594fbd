"""A trainee takes a quiz on a phone: each answer is saved by the page's script as it is given,
survives a reload, and the attempt is graded on submit. No request leaves the origin."""

import pytest
from sqlalchemy import select

from elearn.catalog.services import enrol_self
from elearn.extensions import db
from elearn.quiz.models import Answer
from tests.course_files import import_sample_course
from tests.e2e.test_accounts import assert_fits_and_stays_local, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_answers_autosave_and_survive_a_reload(phone, live_server, users, tmp_path):
    course = import_sample_course(tmp_path)
    officer = users(country="GE")
    enrol_self(officer, course)
    db.session.commit()

    sign_in(phone, officer.email, UserFactory.PASSWORD)
    phone.goto("/courses/sample-course/quizzes/basics-check")
    phone.get_by_role("button", name="Start an attempt").click()
    phone.get_by_label("The right one").check()
    phone.get_by_label("Your answer").fill("4,5")
    phone.locator(".autosave-status", has_text="Saved").wait_for()
    assert "right" in db.session.scalars(select(Answer.response)).all()

    phone.reload()
    assert phone.get_by_label("The right one").is_checked()
    assert phone.get_by_label("Your answer").input_value() == "4,5"
    assert_fits_and_stays_local(phone, live_server)

    phone.get_by_role("button", name="Finish").click()
    phone.get_by_role("button", name="Submit").click()
    assert "Score: 100%" in phone.locator("main").inner_text()
    assert_fits_and_stays_local(phone, live_server)
