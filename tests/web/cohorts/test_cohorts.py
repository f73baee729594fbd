"""Coordinators run cohorts: create, add officers (picked or by CSV), see and export progress."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.models import CoordinatorScope, Role, UserStatus
from elearn.catalog.cohorts import Cohort, CohortMember
from elearn.catalog.models import Enrolment
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from tests.course_files import import_sample_course
from tests.factories import agency


@pytest.fixture
def course(tmp_path):
    return import_sample_course(tmp_path)


@pytest.fixture
def coordinator(users, browser):
    user = users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY)
    browser.login(user.email)
    return user


def create_cohort(browser, course, **changes):
    data = {
        "name": "Tbilisi investigators 2026",
        "agency": agency("GE").id,
        "trainer": "",
        "starts_on": "2026-11-01",
        "ends_on": "2027-01-31",
        "courses": [course.id],
        "deadline": "2026-12-20",
        **changes,
    }
    return browser.submit("/cohorts/new", data)


def the_cohort() -> Cohort:
    db.session.expire_all()
    return db.session.scalar(select(Cohort))


def test_create_cohort_and_add_officers_by_picking(browser, coordinator, course, users):
    assert create_cohort(browser, course).status_code == 302
    cohort = the_cohort()
    assert cohort.courses[0].deadline == date(2026, 12, 20)
    officers = [users(country="GE", display_name="Giorgi") for _ in range(2)]

    page = browser.submit(
        f"/cohorts/{cohort.id}",
        {"pick-users": [o.id for o in officers]},
        action=f"/cohorts/{cohort.id}/members",
    ).get_data(as_text=True)

    assert page.count("Added and enrolled") == 2
    assert the_cohort().member_ids == {o.id for o in officers}
    enrolled = db.session.scalar(select(func.count()).select_from(Enrolment))
    assert enrolled == 2
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cohort.members"))


def test_csv_upload_reports_every_row_and_adds_only_good_ones(browser, coordinator, course, users):
    create_cohort(browser, course)
    cohort = the_cohort()
    good = users(country="GE", email="nino@police.example")
    users(country="MD", email="ion@police.example")
    users(country="GE", email="pending@police.example", status=UserStatus.PENDING)
    rows = [
        "email",
        "nino@police.example",
        "not-an-email",
        "nobody@police.example",
        "ion@police.example",
        "pending@police.example",
        "nino@police.example",
    ]
    upload = "\ufeff" + "\n".join(rows) + "\n"

    page = browser.submit(
        f"/cohorts/{cohort.id}",
        {"csv-file": (io.BytesIO(upload.encode()), "officers.csv")},
        action=f"/cohorts/{cohort.id}/members/csv",
        content_type="multipart/form-data",
    ).get_data(as_text=True)

    for message in (
        "Added and enrolled",
        "Not an email address",
        "No account with this email",
        "Outside your scope",
        "The account is not active",
        "Already a member",
    ):
        assert message in page
    assert the_cohort().member_ids == {good.id}


def test_cohort_progress_matrix_and_its_csv_show_the_same_figures(
    browser, coordinator, course, users
):
    create_cohort(browser, course)
    cohort = the_cohort()
    officer = users(country="GE", display_name="ნინო")
    browser.submit(
        f"/cohorts/{cohort.id}",
        {"pick-users": [officer.id]},
        action=f"/cohorts/{cohort.id}/members",
    )
    complete_lesson(officer, ordered_lessons(course)[0], utcnow())
    db.session.commit()

    page = browser.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    export = browser.get(f"/cohorts/{cohort.id}/courses/sample-course.csv")
    text = export.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Name", "Email", "Agency"]
    assert len(rows) == 2
    for value in rows[1]:
        assert value in page  # every figure of the export is on the screen
    assert rows[1][0].startswith("ნინო ")
    assert rows[1][3].startswith("In progress") and rows[1][4] == "Not started"
    assert rows[1][5] == "33%"


def test_a_coordinator_of_armenia_gets_nothing_of_georgia(app, browser, coordinator, course, users):
    create_cohort(browser, course)
    cohort = the_cohort()
    from tests.conftest import Browser

    armenian = Browser(app.test_client())
    armenian.login(users(Role.COORDINATOR, country="AM", scope=CoordinatorScope.COUNTRY).email)
    assert armenian.get(f"/cohorts/{cohort.id}").status_code == 403
    assert armenian.get(f"/cohorts/{cohort.id}/courses/sample-course.csv").status_code == 403
    assert cohort.name not in armenian.get("/cohorts").get_data(as_text=True)
    officer = users(country="AM")
    response = armenian.submit(
        "/cohorts", {"pick-users": [officer.id]}, action=f"/cohorts/{cohort.id}/members"
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 0


def test_coordinator_cannot_create_a_cohort_in_another_country(browser, coordinator, course):
    response = create_cohort(browser, course, agency=agency("UA").id)
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert the_cohort() is None


def test_end_before_start_is_refused(browser, coordinator, course):
    response = create_cohort(browser, course, ends_on="2026-10-01")
    assert "The end date is before the start date." in response.get_data(as_text=True)


def test_trainee_cannot_see_cohorts(browser, users):
    browser.login(users(country="GE").email)
    assert browser.get("/cohorts").status_code == 403
