"""An officer enrols and reads a lesson on a phone: it fits, loads nothing from outside."""

import pytest

from tests.course_files import import_sample_course
from tests.e2e.test_accounts import assert_fits_and_stays_local, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_enrol_read_and_complete_on_a_phone(phone, live_server, users, tmp_path):
    import_sample_course(tmp_path)
    officer = users(country="GE")

    sign_in(phone, officer.email, UserFactory.PASSWORD)
    phone.get_by_role("link", name="Courses").click()
    phone.get_by_role("link", name="Sample course").click()
    phone.get_by_role("button", name="Enrol").click()
    phone.get_by_role("link", name="Start the course").click()

    assert phone.locator("article h1").inner_text() == "First lesson"
    assert phone.locator("article img").evaluate("img => img.naturalWidth") == 1
    assert_fits_and_stays_local(phone, live_server)
    phone.get_by_role("button", name="Mark as complete").click()
    assert phone.locator("article h1").inner_text() == "Second lesson"
    assert phone.locator("progress").get_attribute("value") == "1"
    assert_fits_and_stays_local(phone, live_server)
