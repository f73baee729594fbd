"""The coordinators' dashboard and the programme overview: scoped, charted, exported."""

import csv
import io

import pytest
from sqlalchemy import select

from elearn.auth.models import CoordinatorScope, Role
from elearn.catalog.services import enrol_self
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.quiz import services as quizzes
from tests.course_files import complete_sample_course, import_sample_course, write_course


@pytest.fixture
def course_with_learners(tmp_path, users):
    """A Georgian graduate, a Georgian beginner and a Ukrainian graduate of the sample course."""
    course = import_sample_course(tmp_path)
    learners = {
        "ge-done": users(country="GE", display_name="Nino"),
        "ge-new": users(country="GE", display_name="Levan"),
        "ua-done": users(country="UA", display_name="Olena"),
    }
    for key, user in learners.items():
        enrol_self(user, course)
        if key.endswith("done"):
            complete_sample_course(user, course)
    db.session.commit()
    return learners


def test_georgian_coordinator_sees_georgia_only_on_screen_and_in_csv(
    browser, users, course_with_learners
):
    browser.login(users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY).email)
    page = browser.get("/reports?course=sample-course").get_data(as_text=True)
    assert "Nino" in page and "Levan" in page and "Olena" not in page
    assert "<svg" in page and "Completions over time" in page
    assert "1 officer needs attention" in page  # Levan: inactive

    export = browser.get("/reports?course=sample-course&format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    assert sorted(row[0].split()[0] for row in rows[1:]) == ["Levan", "Nino"]
    for row in rows[1:]:
        for value in row:
            assert value in page

    # URL tampering: asking for Ukraine gives nothing of Ukraine.
    tampered = browser.get("/reports?course=sample-course&country=UA").get_data(as_text=True)
    assert "Olena" not in tampered


def test_filters_narrow_the_report(browser, users, course_with_learners):
    browser.login(users(Role.ADMIN, country="UA").email)
    page = browser.get("/reports?course=sample-course&country=UA").get_data(as_text=True)
    assert "Olena" in page and "Nino" not in page


def test_programme_overview_counts_and_exports(browser, users, course_with_learners):
    browser.login(users(Role.ADMIN, country="UA").email)
    page = browser.get("/reports/programme").get_data(as_text=True)
    assert "Completions per country" in page
    export = browser.get("/reports/programme?format=csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    assert rows[0] == [
        "Country",
        "Agency",
        "Course",
        "Officers",
        "Enrolments",
        "Completions",
        "Certificates",
    ]
    assert {row[2] for row in rows[1:]} == {"Sample course"}  # courses by title, not id
    by_country = {row[0]: row[3:] for row in rows[1:]}
    assert by_country == {"Georgia": ["2", "2", "1", "1"], "Ukraine": ["1", "1", "1", "1"]}
    months = browser.get("/reports/programme?format=months.csv").get_data(as_text=True)
    month = utcnow().strftime("%B %Y")  # named in the reader's language, not 2026-12
    assert list(csv.reader(io.StringIO(months.lstrip("\ufeff"))))[1:] == [[month, "3", "2"]]


def test_reports_are_for_coordinators_and_the_programme_for_admins(browser, users):
    browser.login(users(Role.COORDINATOR, country="GE").email)
    assert browser.get("/reports").status_code == 200
    assert browser.get("/reports/programme").status_code == 403
    browser.logout()
    browser.login(users(country="GE").email)
    assert browser.get("/reports").status_code == 403


def test_a_trainer_reports_on_the_cohorts_they_teach(browser, users, course_with_learners):
    from elearn.catalog.cohorts import Cohort, CohortMember
    from tests.factories import agency

    trainer = users(Role.TRAINER, country="GE")
    taught = course_with_learners["ge-done"]
    db.session.add(
        Cohort(
            name="Taught",
            agency=agency("GE"),
            coordinator_id=trainer.id,
            trainer_id=trainer.id,
            starts_on=utcnow().date(),
            members=[CohortMember(user_id=taught.id)],
        )
    )
    db.session.commit()
    browser.login(trainer.email)
    page = browser.get("/reports?course=sample-course").get_data(as_text=True)
    assert "Nino" in page and "Levan" not in page and "Olena" not in page


def test_knowledge_gain_from_a_pre_test_and_a_post_test(browser, users, tmp_path):
    from tests.course_files import QUIZ

    pre = QUIZ.replace("id: basics-check", "id: pre").replace(
        "attempts: 3", "attempts: 3\npurpose: pretest"
    )
    post = QUIZ.replace("id: basics-check", "id: post").replace(
        "attempts: 3", "attempts: 3\npurpose: posttest"
    )
    source, problems = load_course(
        write_course(tmp_path, **{"01-basics/00-pre.quiz.md": pre, "02-more/post.quiz.md": post})
    )
    assert problems == []
    import_course(source)
    trainee = users(country="GE")
    for slug, correct in (("pre", False), ("post", True)):
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
        attempt = quizzes.start_or_resume(trainee, quiz, locale="en", now=utcnow())
        if correct:
            for question in quiz.questions:
                answer = "right" if question.type == "single" else "4"
                quizzes.save_answer(attempt, question.id, answer, now=utcnow())
        quizzes.submit(attempt, now=utcnow())
    db.session.commit()

    browser.login(users(Role.ADMIN, country="UA").email)
    export = browser.get("/reports/programme?format=gain.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff"))))
    assert rows[1] == ["Sample course", "1", "0%", "100%", "100%"]  # its title, not its id
