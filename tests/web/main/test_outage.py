"""While the database is unreachable every page is the localised error page: 503 with
Retry-After, in the language of the session or the browser, never Werkzeug's English page."""

import pytest
from sqlalchemy import select

from elearn import create_app
from elearn.content.models import Quiz
from elearn.extensions import db, login_manager
from elearn.models import utcnow
from elearn.quiz.services import start_or_resume
from elearn.web.errors import RETRY_AFTER_SECONDS
from tests.course_files import import_sample_course

TITLES = {
    "ka": "დროებით მიუწვდომელია",
    "uk": "Тимчасово недоступно",
    "en": "Temporarily unavailable",
}


@pytest.fixture
def unreachable(app, tmp_path):
    """The same application, configured with a database that cannot be opened (a real failure
    to connect: SQLite cannot create a file in a missing folder)."""
    return create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/elearn.sqlite",
            "ELEARN_SIGNING_KEY": app.config["ELEARN_SIGNING_KEY"],
        }
    )


def session_cookie(client):
    return client.get_cookie("session").value


def assert_outage_page(response, locale):
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert f'<html lang="{locale}">' in html
    assert f"<h1>{TITLES[locale]}</h1>" in html
    assert "Internal Server Error" not in html


def test_a_signed_in_trainee_sees_the_outage_page_in_their_profile_language(
    browser, client, users, unreachable
):
    trainee = users(locale="ka")
    browser.login(trainee.email)
    assert '<html lang="ka">' in browser.get("/courses").get_data(as_text=True)

    outage = unreachable.test_client()
    outage.set_cookie("session", session_cookie(client))
    for url in ("/", "/courses", "/my", "/certificates", "/no-such-page"):
        response = outage.get(url, headers={"Accept-Language": "en"})
        assert_outage_page(response, "ka")

    # Back on a reachable database the same session works as before.
    assert browser.get("/courses").status_code == 200


def test_an_anonymous_visitor_gets_the_browser_language(unreachable):
    response = unreachable.test_client().get("/courses", headers={"Accept-Language": "uk-UA"})
    assert_outage_page(response, "uk")


def test_an_autosave_during_the_outage_is_answered_in_json(
    browser, client, users, unreachable, tmp_path
):
    import_sample_course(tmp_path)
    trainee = users(locale="uk")
    attempt = start_or_resume(trainee, db.session.scalar(select(Quiz)), locale="uk", now=utcnow())
    db.session.commit()
    browser.login(trainee.email)
    browser.get(f"/attempts/{attempt.id}")

    outage = unreachable.test_client()
    outage.set_cookie("session", session_cookie(client))
    response = outage.post(f"/attempts/{attempt.id}/save", headers={"X-Requested-With": "fetch"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.get_json()["error"] == TITLES["uk"]
    assert "saved" not in response.get_json()


def test_other_failures_are_a_localised_500_without_the_user(browser, client, users, monkeypatch):
    trainee = users(locale="ka")
    browser.login(trainee.email)
    browser.get("/courses")

    def broken_loader(token):
        raise RuntimeError("the user cannot be loaded")

    monkeypatch.setattr(login_manager, "_user_callback", broken_loader)
    monkeypatch.setitem(client.application.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/courses", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
    assert '<html lang="ka">' in html and "<h1>დაფიქსირდა შეცდომა</h1>" in html
