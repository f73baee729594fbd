"""Catalogue, course page and lesson delivery as officers see them."""

from urllib.parse import quote

import pytest
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.catalog.models import Enrolment
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from tests.course_files import COURSE_YML, import_sample_course
from tests.factories import UserFactory

LESSON = "/courses/sample-course/lessons/first-lesson"


@pytest.fixture
def sample_course(tmp_path):
    def make(**overrides):
        import_sample_course(tmp_path, **overrides)

    make()
    return make


@pytest.fixture
def ukrainian(users):
    return users(country="UA", locale="uk")


def enrol(browser):
    return browser.submit("/courses/sample-course", {}, action="/courses/sample-course/enrol")


def test_catalogue_lists_visible_courses_in_the_readers_language(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    html = browser.get("/courses").get_data(as_text=True)
    assert "Зразковий курс" in html


def test_course_outside_the_audience_is_404_everywhere(browser, users, sample_course):
    armenian = users(country="AM")
    browser.login(armenian.email)
    assert "Sample course" not in browser.get("/courses").get_data(as_text=True)
    for url in ("/courses/sample-course", LESSON, "/media/sample-course/chart.png"):
        assert browser.get(url).status_code == 404
    assert enrol(browser).status_code == 404


def test_anonymous_visitors_see_only_public_courses(client, sample_course):
    assert "Sample course" not in client.get("/courses").get_data(as_text=True)
    for url in ("/courses/sample-course", LESSON, "/courses/no-such-course"):
        response = client.get(url)  # sign in first, whether the course exists or not
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_a_deep_link_leads_through_sign_in_to_the_lesson(browser, users, sample_course):
    officer = users(country="UA")
    signed_out = browser.get(LESSON)
    assert signed_out.headers["Location"] == f"/login?next={quote(LESSON, safe='')}"
    page = browser.get(signed_out.headers["Location"]).get_data(as_text=True)
    response = browser.submit(
        signed_out.headers["Location"], {"email": officer.email, "password": UserFactory.PASSWORD}
    )
    assert response.headers["Location"] == LESSON
    assert 'name="email"' in page


def test_enrol_read_and_complete(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    assert browser.get(LESSON).status_code == 302  # not enrolled yet
    assert enrol(browser).status_code == 302
    assert db.session.scalar(select(Enrolment).where(Enrolment.user_id == ukrainian.id))

    page = browser.get(LESSON).get_data(as_text=True)
    assert "Український текст" in page
    assert 'lang="uk"' in page
    assert '<progress id="course-progress" max="3" value="0">' in page

    response = browser.submit(LESSON, {}, action=LESSON + "/complete")
    assert response.headers["Location"].endswith("/lessons/second-lesson")
    row = db.session.scalar(select(LessonProgress).where(LessonProgress.user_id == ukrainian.id))
    assert row.completed_at is not None and row.started_at <= row.completed_at
    course_page = browser.get("/courses/sample-course").get_data(as_text=True)
    assert '<progress id="course-progress" max="3" value="1">' in course_page


def test_missing_translation_falls_back_to_english_with_a_notice(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    enrol(browser)
    page = browser.get("/courses/sample-course/lessons/second-lesson").get_data(as_text=True)
    assert "The second lesson." in page
    assert 'class="alert alert--warning"' in page
    assert 'lang="en"' in page


def test_reader_can_switch_to_another_available_language(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    enrol(browser)
    page = browser.get(LESSON + "?text=en").get_data(as_text=True)
    assert "Text with an image" in page
    assert 'hreflang="uk"' in page


def test_lesson_past_its_review_date_warns_the_reader(browser, users, sample_course):
    browser.login(users(country="UA").email)
    enrol(browser)
    page = browser.get("/courses/sample-course/lessons/second-lesson").get_data(as_text=True)
    assert "due for legal review on January 31, 2020 and may be outdated" in page
    assert "may be outdated" not in browser.get(LESSON).get_data(as_text=True)


def test_media_is_served_to_readers_who_may_see_the_course(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    with browser.get("/media/sample-course/chart.png") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"
        assert response.data.startswith(b"\x89PNG")


def test_restricted_course_cannot_be_self_enrolled(browser, ukrainian, sample_course):
    sample_course(**{"course.yml": COURSE_YML.replace("law-enforcement", "restricted")})
    browser.login(ukrainian.email)
    assert "/enrol" not in browser.get("/courses/sample-course").get_data(as_text=True)
    enrol(browser)
    assert db.session.scalar(select(Enrolment)) is None


def test_role_audience_is_enforced(browser, users, sample_course):
    sample_course(**{"course.yml": COURSE_YML.replace("roles: []", "roles: [trainer]")})
    trainee = users(country="UA")
    browser.login(trainee.email)
    assert browser.get("/courses/sample-course").status_code == 404
    browser.logout()
    browser.login(users(Role.TRAINER, country="UA").email)
    assert browser.get("/courses/sample-course").status_code == 200


def test_agency_audience_is_enforced(browser, users, sample_course):
    police = "National Police of Ukraine"
    sample_course(**{"course.yml": COURSE_YML.replace("roles: []", f"agencies: [{police}]")})
    browser.login(users(country="UA", agency_index=1).email)
    assert browser.get("/courses/sample-course").status_code == 404
    browser.logout()
    browser.login(users(country="UA", agency_index=0).email)
    assert browser.get("/courses/sample-course").status_code == 200


def test_catalogue_filters(browser, ukrainian, sample_course):
    browser.login(ukrainian.email)
    assert "Зразковий курс" in browser.get("/courses?topic=cybercrime").get_data(as_text=True)
    assert "Зразковий курс" not in browser.get("/courses?topic=financial-crime").get_data(
        as_text=True
    )
    assert "Зразковий курс" not in browser.get("/courses?language=uk").get_data(as_text=True)
    assert "Зразковий курс" in browser.get("/courses?language=en").get_data(as_text=True)
