import re
from datetime import timedelta

import pytest
from flask import current_app
from freezegun import freeze_time
from werkzeug.middleware.proxy_fix import ProxyFix

from elearn.auth.models import Role
from elearn.extensions import db
from elearn.mail import outbox
from elearn.models import utcnow
from tests.conftest import Browser, csrf_token
from tests.factories import agency

NEW_PASSWORD = "Dniester-River-Bend-4"


def link_in_last_mail() -> str:
    base = re.escape(current_app.config["ELEARN_BASE_URL"])
    return re.search(base + r"(/\S+)", outbox()[-1].body).group(1)


def request_reset(browser, email):
    return browser.submit("/password/forgot", {"email": email})


def test_reset_link_sets_a_new_password_once(browser, users):
    user = users()
    request_reset(browser, user.email)
    link = link_in_last_mail()

    response = browser.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    browser.login(user.email, NEW_PASSWORD)
    browser.logout()

    reused = browser.get(link, follow_redirects=True).get_data(as_text=True)
    assert "invalid or has expired" in reused


def test_reset_link_expires(browser, users, app):
    user = users()
    start = utcnow()
    with freeze_time(start):
        request_reset(browser, user.email)
    link = link_in_last_mail()
    hours = app.config["ELEARN_RESET_TOKEN_HOURS"]
    with freeze_time(start + timedelta(hours=hours, minutes=1)):
        page = browser.get(link, follow_redirects=True).get_data(as_text=True)
    assert "invalid or has expired" in page


def test_tampered_or_foreign_links_are_refused(browser, users):
    user = users()
    request_reset(browser, user.email)
    link = link_in_last_mail()
    assert "invalid" in browser.get(link[:-2] + "xx", follow_redirects=True).get_data(as_text=True)
    as_invitation = link.replace("/password/reset/", "/password/invitation/")
    assert "invalid" in browser.get(as_invitation, follow_redirects=True).get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(browser):
    response = request_reset(browser, "nobody@police.example")
    assert response.status_code == 302
    assert outbox() == []


def test_reset_mail_is_in_the_users_language(browser, users):
    user = users(locale="uk")
    request_reset(browser, user.email)
    body = outbox()[-1].body
    assert "Hello" not in body
    assert body.startswith(f"Доброго дня, {user.display_name},")


def test_weak_new_password_is_refused(browser, users):
    user = users()
    request_reset(browser, user.email)
    link = link_in_last_mail()
    weak = user.email.split("@")[0] + "-2026"
    response = browser.submit(link, {"password": weak, "confirm": weak})
    assert "must not contain your email address" in response.get_data(as_text=True)


def test_nominated_officer_sets_a_password_from_the_invitation(browser, users):
    coordinator = users(Role.COORDINATOR, country="MD")
    browser.login(coordinator.email)
    response = browser.submit(
        "/admin/users/new",
        {
            "email": "maria.ceban@police.example",
            "display_name": "Maria Ceban",
            "latin_name": "Maria Ceban",
            "agency": agency("MD").id,
            "locale": "ro",
        },
    )
    assert response.status_code == 302
    browser.logout()
    invitation = outbox()[-1]
    assert invitation.to == "maria.ceban@police.example"
    link = link_in_last_mail()
    assert "/password/invitation/" in link

    browser.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    browser.login("maria.ceban@police.example", NEW_PASSWORD)


def test_coordinator_cannot_nominate_into_another_agency(browser, users):
    coordinator = users(Role.COORDINATOR, country="MD")
    browser.login(coordinator.email)
    response = browser.submit(
        "/admin/users/new",
        {
            "email": "someone@police.example",
            "display_name": "X",
            "latin_name": "X",
            "agency": agency("UA").id,
            "locale": "uk",
        },
    )
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form, message",
    [
        ({"password-current_password": "wrong-password-x"}, "Wrong email or password."),
        ({"password-confirm": "Other-Password-123"}, "The passwords differ."),
    ],
)
def test_change_password_refuses_bad_input(browser, users, form, message):
    user = users()
    browser.login(user.email)
    data = {
        "password-current_password": users.PASSWORD,
        "password-password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD,
        **form,
    }
    response = browser.submit("/profile", data, action="/profile/password")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    browser.logout()
    browser.login(user.email)  # the old password still works


def test_change_password_signs_out_other_sessions(app, browser, users):
    user = users()
    other_device = app.test_client()
    browser.login(user.email)
    Browser(other_device).login(user.email)
    response = browser.submit(
        "/profile",
        {
            "password-current_password": users.PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
        action="/profile/password",
    )
    assert response.status_code == 302
    assert browser.get("/profile").status_code == 200
    assert other_device.get("/profile").status_code == 302


@pytest.mark.parametrize(
    "headers",
    [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"}],
    ids=["host", "forwarded-host"],
)
def test_a_forged_host_never_reaches_a_reset_link(app, client, users, monkeypatch, headers):
    monkeypatch.setitem(app.config, "ELEARN_BASE_URL", "https://training.example.org")
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_host=1))  # as behind a proxy
    user = users()
    browser = Browser(client)
    page = browser.get("/password/forgot").get_data(as_text=True)
    response = client.post(
        "/password/forgot",
        data={"csrf_token": csrf_token(page), "email": user.email},
        headers=headers,
    )
    assert response.status_code == 400 and outbox() == []
    assert "evil.example" not in response.get_data(as_text=True)

    request_reset(browser, user.email)  # from a trusted host: the link names the configured site
    assert "https://training.example.org/password/reset/" in outbox()[-1].body


def test_an_untrusted_host_gets_a_localised_refusal(client):
    response = client.get("/login", headers={"Host": "evil.example", "Accept-Language": "uk"})
    assert response.status_code == 400
    assert "Неправильний запит" in response.get_data(as_text=True)
