from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import UserStatus
from elearn.extensions import db
from elearn.models import utcnow


def attempt(browser, email, password):
    return browser.submit("/login", {"email": email, "password": password})


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(browser, users):
    user = users()
    response = attempt(browser, user.email, "not-the-password")
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    response = attempt(browser, "nobody@police.example", "not-the-password")
    assert "Wrong email or password." in response.get_data(as_text=True)


def test_login_is_case_insensitive_on_email_and_records_the_time(browser, users):
    user = users()
    response = attempt(browser, user.email.upper(), users.PASSWORD)
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_repeated_failures_lock_the_account_for_a_while(browser, users, app):
    user = users()
    threshold = app.config["ELEARN_LOCKOUT_THRESHOLD"]
    start = utcnow()
    with freeze_time(start):
        for _ in range(threshold):
            attempt(browser, user.email, "wrong-password-x")
        locked = attempt(browser, user.email, users.PASSWORD)
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.locked"))

    later = start + timedelta(minutes=app.config["ELEARN_LOCKOUT_MINUTES"] + 1)
    with freeze_time(later):
        assert attempt(browser, user.email, users.PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(browser, users, app):
    user = users()
    for _round in range(2):  # without the reset, the second round would reach the threshold
        for _ in range(app.config["ELEARN_LOCKOUT_THRESHOLD"] - 1):
            attempt(browser, user.email, "wrong-password-x")
        assert attempt(browser, user.email, users.PASSWORD).status_code == 302
        browser.logout()


def test_too_many_sign_in_requests_from_one_address_are_throttled(browser, users, app, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_LOGIN_RATE_LIMIT", "3 per minute")
    user = users()
    statuses = [attempt(browser, user.email, "wrong-password-x").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Too many requests" in attempt(browser, user.email, "x").get_data(as_text=True)


def test_suspended_user_is_signed_out_at_once(browser, users):
    user = users()
    browser.login(user.email)
    assert browser.get("/profile").status_code == 200
    user.status = UserStatus.SUSPENDED
    db.session.commit()
    assert browser.get("/profile").status_code == 302


def test_logout_needs_a_post_with_csrf(browser, client, users):
    user = users()
    browser.login(user.email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    browser.logout()
    assert browser.get("/profile").status_code == 302


def test_next_parameter_cannot_send_the_user_elsewhere(browser, users):
    user = users()
    response = browser.submit(
        "/login?next=//evil.example/x",
        {"email": user.email, "password": users.PASSWORD},
        action="/login?next=//evil.example/x",
    )
    assert response.headers["Location"] == "/"
