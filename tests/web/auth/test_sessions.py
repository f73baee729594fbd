"""Device sessions: logout ends this device's session for good, each device can be signed out
from the profile, and account changes sign out every device."""

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import Role, UserSession
from elearn.extensions import db
from elearn.models import utcnow
from tests.conftest import Browser

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def device(app, user_agent=FIREFOX):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    return Browser(client)


def sign_in(browser, email, *, remember=False, password="Correct-Horse-Battery-9"):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = browser.submit("/login", data)
    assert response.status_code == 302, response.get_data(as_text=True)


def copy_cookies(source, names, app):
    """A thief's browser holding copies of the named cookies, and nothing else."""
    thief = app.test_client()
    for name in names:
        thief.set_cookie(name, source.client.get_cookie(name).value)
    return thief


def test_a_copied_session_cookie_stops_working_at_logout(app, browser, users):
    user = users()
    browser.login(user.email)
    thief = copy_cookies(browser, ["session"], app)
    assert thief.get("/profile").status_code == 200

    browser.logout()
    assert thief.get("/profile").status_code == 302
    assert browser.get("/profile").status_code == 302


def test_a_copied_remember_cookie_stops_working_at_logout(app, browser, users):
    user = users()
    sign_in(browser, user.email, remember=True)
    assert browser.client.get_cookie("remember_token") is not None
    thief = copy_cookies(browser, ["remember_token"], app)
    assert thief.get("/profile").status_code == 200  # restored from the remember cookie alone

    browser.logout()
    late_thief = copy_cookies(browser, [], app)
    late_thief.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    assert late_thief.get("/profile").status_code == 302
    assert thief.get("/profile").status_code == 302


def test_a_cookie_with_an_old_user_token_just_signs_out(client, users):
    user = users()
    with client.session_transaction() as session:
        session["_user_id"] = "0123456789abcdef0123456789abcdef"  # a pre-device-session token
        session["_fresh"] = True
    assert client.get("/profile").status_code == 302
    Browser(client).login(user.email)
    assert client.get("/profile").status_code == 200


def test_the_profile_lists_devices_and_signs_one_out(app, users):
    user = users()
    laptop, phone = device(app, FIREFOX), device(app, PHONE)
    sign_in(laptop, user.email)
    sign_in(phone, user.email, remember=True)

    page = laptop.get("/profile").get_data(as_text=True)
    assert "Firefox · Windows" in page and "(this device)" in page
    assert "Chrome · Android" in page and "Kept signed in" in page
    phone_session = db.session.scalar(
        select(UserSession).where(UserSession.device == "Chrome · Android")
    )
    response = laptop.submit("/profile", {}, action=f"/profile/devices/{phone_session.id}/sign-out")
    assert response.status_code == 302
    assert phone.get("/profile").status_code == 302
    page = laptop.get("/profile").get_data(as_text=True)
    assert "Chrome · Android" not in page and "That device is signed out." in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.revoke"))
    assert (event.actor_id, event.details["device"]) == (user.id, "Chrome · Android")


def test_signing_out_this_device_from_the_list_is_a_logout(app, users):
    user = users()
    laptop = device(app)
    sign_in(laptop, user.email)
    own = db.session.scalar(select(UserSession))
    response = laptop.submit("/profile", {}, action=f"/profile/devices/{own.id}/sign-out")
    assert response.headers["Location"] == "/login"
    assert laptop.get("/profile").status_code == 302


def test_another_users_device_cannot_be_signed_out(app, users):
    officer, stranger = users(), users()
    officers_phone, strangers_laptop = device(app, PHONE), device(app)
    sign_in(officers_phone, officer.email)
    sign_in(strangers_laptop, stranger.email)
    phone_session = db.session.scalar(select(UserSession).where(UserSession.user_id == officer.id))
    response = strangers_laptop.submit(
        "/profile", {}, action=f"/profile/devices/{phone_session.id}/sign-out"
    )
    assert response.status_code == 404
    assert officers_phone.get("/profile").status_code == 200


def test_sign_out_everywhere_needs_csrf_and_ends_every_device(app, users):
    user = users()
    laptop, phone = device(app), device(app, PHONE)
    sign_in(laptop, user.email, remember=True)
    sign_in(phone, user.email, remember=True)
    assert laptop.client.post("/profile/devices/sign-out-everywhere").status_code == 400
    assert phone.get("/profile").status_code == 200

    response = laptop.submit("/profile", {}, action="/profile/devices/sign-out-everywhere")
    assert response.headers["Location"] == "/login"
    assert laptop.get("/profile").status_code == 302
    assert phone.get("/profile").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.revoke_all"))
    assert (event.actor_id, event.details["sessions"]) == (user.id, 2)


def test_suspension_and_role_changes_sign_out_every_device(app, users):
    admin, officer = users(Role.ADMIN), users()
    admins_laptop, officers_phone = device(app), device(app, PHONE)
    sign_in(admins_laptop, admin.email)
    sign_in(officers_phone, officer.email, remember=True)

    admins_laptop.submit(
        f"/admin/users/{officer.id}",
        {"roles": ["trainer"], "coordinator_scope": "agency"},
        action=f"/admin/users/{officer.id}/roles",
    )
    assert officers_phone.get("/profile").status_code == 302
    sign_in(officers_phone, officer.email)
    admins_laptop.submit("/admin/users", {}, action=f"/admin/users/{officer.id}/suspend")
    assert officers_phone.get("/profile").status_code == 302
    admins_laptop.submit("/admin/users", {}, action=f"/admin/users/{officer.id}/reactivate")
    assert officers_phone.get("/profile").status_code == 302  # revoked, not merely paused


def test_last_use_is_written_at_most_once_per_interval(app, browser, users):
    user = users()
    start = utcnow()
    touch = timedelta(minutes=app.config["ELEARN_SESSION_TOUCH_MINUTES"])
    with freeze_time(start):
        browser.login(user.email)
    with freeze_time(start + touch - timedelta(seconds=1)):
        assert browser.get("/profile").status_code == 200
    assert db.session.scalar(select(UserSession.last_seen_at)) == start
    with freeze_time(start + touch):
        assert browser.get("/profile").status_code == 200
    assert db.session.scalar(select(UserSession.last_seen_at)) == start + touch


def test_an_idle_session_expires_but_a_remembered_one_lasts(app, users):
    user = users()
    laptop, phone = device(app), device(app, PHONE)
    start = utcnow()
    with freeze_time(start):
        sign_in(laptop, user.email)
        sign_in(phone, user.email, remember=True)
    later = start + app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1)
    with freeze_time(later):
        assert laptop.get("/profile").status_code == 302
        assert phone.get("/profile").status_code == 200
    with freeze_time(start + app.config["REMEMBER_COOKIE_DURATION"] + timedelta(minutes=1)):
        assert phone.get("/profile").status_code == 302


def test_a_huge_or_foreign_device_number_is_not_found(browser, users):
    user = users()
    browser.login(user.email)
    for number in (2**63, 0):
        response = browser.submit("/profile", {}, action=f"/profile/devices/{number}/sign-out")
        assert response.status_code == 404
    assert browser.get("/profile").status_code == 200


def test_a_password_change_keeps_this_device_remembered(app, users):
    user = users()
    phone = device(app, PHONE)
    sign_in(phone, user.email, remember=True)
    new = "Dniester-River-Bend-4"
    form = {
        "password-current_password": users.PASSWORD,
        "password-password": new,
        "password-confirm": new,
    }
    assert phone.submit("/profile", form, action="/profile/password").status_code == 302
    after_restart = copy_cookies(phone, ["remember_token"], app)  # the browser was closed
    assert after_restart.get("/profile").status_code == 200
    alive = db.session.scalars(select(UserSession).where(UserSession.revoked_at.is_(None))).all()
    assert [session.is_remembered for session in alive] == [True]
