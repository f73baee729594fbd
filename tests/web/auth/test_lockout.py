"""Sign-in answers the same, in the same work, for known and unknown addresses; throttling slows
a guesser (per address, and per account at an address, with exponential back-off) without
letting a stranger lock an officer out."""

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from werkzeug import security

from elearn.audit.models import AuditEvent
from elearn.auth import passwords
from elearn.auth.models import UserStatus
from elearn.extensions import db
from elearn.models import utcnow
from tests.conftest import Browser

STRANGER = "203.0.113.7"
UNKNOWN = "nobody.here@police.example"


def attempt(browser, email, password, address="127.0.0.1"):
    return browser.submit(
        "/login",
        {"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def page_text(response, email) -> str:
    """The page as the reader sees it, the typed address and the CSRF token left aside."""
    html = response.get_data(as_text=True).replace(email, "EMAIL")
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]+"', "", html)


@pytest.fixture
def hash_checks(monkeypatch):
    """Counts the password hashes actually computed (each call still does the real work)."""
    calls = []

    def counting(pwhash, password):
        calls.append(pwhash)
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    return calls


def test_known_and_unknown_addresses_get_the_same_page(app, users):
    user = users()
    known = attempt(Browser(app.test_client()), user.email, "wrong-password-x")
    unknown = attempt(Browser(app.test_client()), UNKNOWN, "wrong-password-x")
    assert known.status_code == unknown.status_code == 200
    assert "Wrong email or password." in known.get_data(as_text=True)
    assert page_text(known, user.email) == page_text(unknown, UNKNOWN)


def test_every_attempt_computes_one_password_hash(browser, users, hash_checks):
    user = users()
    invited = users()
    invited.password_hash = None  # nominated, no password chosen yet
    db.session.commit()
    for email in (user.email, UNKNOWN, invited.email):
        hash_checks.clear()
        attempt(browser, email, "wrong-password-x")
        assert len(hash_checks) == 1, email
    assert hash_checks[0] != user.password_hash  # the dummy hash, for the account without one


def test_lockout_answers_the_same_for_real_and_unknown_accounts(app, users):
    user = users()
    threshold = app.config["ELEARN_LOCKOUT_THRESHOLD"]
    pages = {}
    for email in (user.email, UNKNOWN):
        browser = Browser(app.test_client())
        for _ in range(threshold):
            attempt(browser, email, "wrong-password-x")
        pages[email] = attempt(browser, email, "wrong-password-x")
    assert "Too many failed attempts" in pages[UNKNOWN].get_data(as_text=True)
    assert page_text(pages[user.email], user.email) == page_text(pages[UNKNOWN], UNKNOWN)


def test_a_strangers_failures_do_not_lock_the_officer_out(app, browser, users, hash_checks):
    officer = users()
    stranger = Browser(app.test_client())
    for _ in range(app.config["ELEARN_LOCKOUT_THRESHOLD"] + 2):
        attempt(stranger, officer.email, "wrong-password-x", address=STRANGER)
    hash_checks.clear()
    locked = attempt(stranger, officer.email, "Correct-Horse-Battery-9", address=STRANGER)
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert hash_checks == []  # refused before any password is checked

    assert attempt(browser, officer.email, "Correct-Horse-Battery-9").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.locked"))
    assert (event.target_user_id, event.ip_address) == (officer.id, STRANGER)


def test_the_wait_doubles_with_each_failure_after_the_threshold(app, browser, users):
    user = users()
    first_wait = timedelta(minutes=app.config["ELEARN_LOCKOUT_MINUTES"])
    now = utcnow()
    with freeze_time(now):
        for _ in range(app.config["ELEARN_LOCKOUT_THRESHOLD"]):
            attempt(browser, user.email, "wrong-password-x")
    for wait in (first_wait, first_wait * 2, first_wait * 4):
        with freeze_time(now + wait - timedelta(seconds=1)):
            still = attempt(browser, user.email, "Correct-Horse-Battery-9")
            assert "Too many failed attempts" in still.get_data(as_text=True)
        now += wait
        with freeze_time(now):  # the wait is over: one more failure doubles the next one
            refused = attempt(browser, user.email, "wrong-password-x")
            assert "Wrong email or password." in refused.get_data(as_text=True)
    with freeze_time(now + first_wait * 8):
        assert attempt(browser, user.email, "Correct-Horse-Battery-9").status_code == 302


def test_an_address_failing_on_many_accounts_is_slowed(app, users, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_LOCKOUT_ADDRESS_THRESHOLD", 3)
    officer = users()
    guesser = Browser(app.test_client())
    for n in range(3):
        attempt(guesser, f"guess{n}@police.example", "wrong-password-x", address=STRANGER)
    blocked = attempt(guesser, officer.email, "Correct-Horse-Battery-9", address=STRANGER)
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "address.locked"))
    later = utcnow() + timedelta(minutes=app.config["ELEARN_LOCKOUT_ADDRESS_MINUTES"], seconds=1)
    with freeze_time(later):
        response = attempt(guesser, officer.email, "Correct-Horse-Battery-9", address=STRANGER)
    assert response.status_code == 302


def test_a_pending_account_with_a_wrong_password_looks_unknown(app, users):
    pending = users(status=UserStatus.PENDING)
    known = attempt(Browser(app.test_client()), pending.email, "wrong-password-x")
    unknown = attempt(Browser(app.test_client()), UNKNOWN, "wrong-password-x")
    assert page_text(known, pending.email) == page_text(unknown, UNKNOWN)
