"""A trainer edits a lesson: the preview follows the typing, rendered and sanitised by the server,
and the draft saves itself. Nothing is fetched from outside and no script breaks the CSP."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from elearn.authoring.models import Draft
from elearn.content.models import Quiz
from elearn.extensions import db
from tests.e2e.test_accounts import assert_fits_and_stays_local, sign_in
from tests.factories import UserFactory
from tests.web.authoring.conftest import (
    certified_trainer,
    lesson,
    sample_course_with_programme,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def course(tmp_path):
    return sample_course_with_programme(tmp_path)


def test_live_preview_and_autosave(phone, live_server, users, course):
    trainer = certified_trainer(users)
    sign_in(phone, trainer.email, UserFactory.PASSWORD)
    phone.goto(f"/authoring/lessons/{lesson().id}/en")
    phone.get_by_label("Text (Markdown)").fill(
        "## Fresh heading\n\n<script>alert(1)</script>Plain."
    )
    phone.locator("[data-live-preview] h2", has_text="Fresh heading").wait_for()
    assert phone.locator("[data-live-preview] script").count() == 0
    phone.locator(".autosave-status", has_text="Saved").wait_for(timeout=15000)
    db.session.expire_all()
    assert db.session.scalar(select(Draft.markdown)).startswith("## Fresh heading")
    assert_fits_and_stays_local(phone, live_server)


def test_a_quiz_is_started_and_given_a_question_on_a_phone(phone, live_server, users, course):
    sign_in(phone, certified_trainer(users).email, UserFactory.PASSWORD)
    phone.goto("/authoring/courses/sample-course")
    assert_fits_and_stays_local(phone, live_server)
    new_quiz = phone.locator("form", has=phone.get_by_role("heading", name="New quiz"))
    new_quiz.get_by_label("Title (English)").fill("Warm-up")
    new_quiz.get_by_role("button", name="Write the questions").click()
    phone.get_by_label("Question type").select_option("matching")
    phone.get_by_role("button", name="Add a question").click()
    expect(phone.get_by_label("Text (Markdown)")).to_have_value(
        re.compile("## matching matching-1")
    )
    expect(phone.locator("[data-live-preview] h3")).to_contain_text("Matching pairs")
    assert_fits_and_stays_local(phone, live_server)


def test_a_question_is_edited_in_its_form_on_a_phone(phone, live_server, users, course):
    sign_in(phone, certified_trainer(users).email, UserFactory.PASSWORD)
    phone.goto(f"/authoring/quizzes/{db.session.scalar(select(Quiz.id))}/en")
    phone.get_by_role("button", name="pick-one").click()  # saves the draft, opens the form
    phone.wait_for_url(re.compile(r"/questions/pick-one$"))
    assert_fits_and_stays_local(phone, live_server)
    phone.get_by_label("Question (Markdown)").fill("Which one is right?")
    phone.get_by_role("button", name="Save the question").click()
    expect(phone.get_by_label("Text (Markdown)")).to_have_value(re.compile("Which one is right?"))
