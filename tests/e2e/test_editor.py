"""A trainer edits a lesson: the preview follows the typing, rendered and sanitised by the server,
and the draft saves itself. Nothing is fetched from outside and no script breaks the CSP."""

import pytest
from sqlalchemy import select

from elearn.authoring.models import Draft
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
