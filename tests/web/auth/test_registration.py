import re

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth import passwords
from elearn.auth.models import CoordinatorScope, Role, User, UserStatus
from elearn.extensions import db
from elearn.mail import outbox
from tests.conftest import Browser
from tests.factories import agency

REGISTRATION = {
    "email": "Nino.Kapanadze@Police.example",
    "display_name": "ნინო კაპანაძე",
    "latin_name": "Nino Kapanadze",
    "locale": "ka",
    "password": "Narikala-Fortress-77",
    "confirm": "Narikala-Fortress-77",
}


def register(browser, **changes):
    data = {**REGISTRATION, "agency": agency("GE").id, **changes}
    return browser.submit("/register", data)


def test_registration_creates_a_pending_trainee(browser):
    response = register(browser)

    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nino.kapanadze@police.example"))
    assert user.status == UserStatus.PENDING
    assert user.roles == {Role.TRAINEE}
    assert user.display_name == "ნინო კაპანაძე"
    assert user.country.code == "GE"
    (mail,) = outbox()
    assert mail.to == "nino.kapanadze@police.example"
    assert "ნინო კაპანაძე" in mail.body and "კოორდინატორი მას განიხილავს" in mail.body
    assert "Hello" not in mail.body  # in the language the officer registered in


def test_pending_account_cannot_sign_in(browser):
    register(browser)
    response = browser.submit(
        "/login", {"email": REGISTRATION["email"], "password": REGISTRATION["password"]}
    )
    assert response.status_code == 200
    assert "waiting for approval" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "approver_roles, approver_country, scope",
    [
        ((Role.COORDINATOR,), "GE", CoordinatorScope.AGENCY),
        ((Role.COORDINATOR,), "GE", CoordinatorScope.COUNTRY),
        ((Role.ADMIN,), "UA", CoordinatorScope.AGENCY),
    ],
    ids=["agency-coordinator", "country-coordinator", "admin"],
)
def test_registration_approval_then_login(browser, users, approver_roles, approver_country, scope):
    approver = users(*approver_roles, country=approver_country, scope=scope)
    register(browser)
    officer = db.session.scalar(select(User).where(User.email == "nino.kapanadze@police.example"))

    browser.login(approver.email)
    listing = browser.get("/admin/users?status=pending").get_data(as_text=True)
    assert "ნინო კაპანაძე" in listing
    response = browser.submit(
        f"/admin/users/{officer.id}", {}, action=f"/admin/users/{officer.id}/approve"
    )
    assert response.status_code == 302
    browser.logout()

    db.session.refresh(officer)
    assert officer.status == UserStatus.ACTIVE
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.approve"))
    assert (event.actor_id, event.target_user_id) == (approver.id, officer.id)
    assert event.ip_address == "127.0.0.1"
    approval_mail = outbox()[-1]
    assert approval_mail.to == officer.email
    assert approval_mail.subject != "Your registration was approved"  # sent in Georgian

    browser.login(REGISTRATION["email"], REGISTRATION["password"])
    home = browser.get("/").get_data(as_text=True)
    assert "ნინო კაპანაძე" in home
    assert 'lang="ka"' in home


def test_rejected_registration_cannot_sign_in(browser, users):
    coordinator = users(Role.COORDINATOR, country="GE")
    register(browser)
    officer = db.session.scalar(select(User).where(User.email == "nino.kapanadze@police.example"))
    browser.login(coordinator.email)
    browser.submit(f"/admin/users/{officer.id}", {}, action=f"/admin/users/{officer.id}/reject")
    browser.logout()

    response = browser.submit(
        "/login", {"email": REGISTRATION["email"], "password": REGISTRATION["password"]}
    )
    assert "cannot sign in" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "not-an-email"}, "Invalid email address."),
        ({"display_name": ""}, "This field is required."),
        ({"confirm": "something-else-entirely"}, "The passwords differ."),
        ({"password": "short", "confirm": "short"}, "Use at least 10 characters."),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"agency": "999999"}, "Not a valid choice."),
        ({"agency": ""}, "This field is required."),
    ],
)
def test_invalid_registration_is_refused_and_changes_nothing(browser, changes, message):
    response = register(browser, **changes)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(User)).all() == []


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_mail(app, browser, users):
    fresh = register(browser, email="someone.new@police.example")
    owner = users(email="nino.kapanadze@police.example", locale="ro")
    other = Browser(app.test_client())
    taken = register(other)

    assert (taken.status_code, taken.headers["Location"]) == (302, fresh.headers["Location"])
    pages = [b.get(fresh.headers["Location"]).get_data(as_text=True) for b in (browser, other)]
    assert "review your registration" in pages[0]
    assert without_csrf_tokens(pages[0]) == without_csrf_tokens(pages[1])
    assert len(db.session.scalars(select(User)).all()) == 2  # the new one and the owner
    mail = outbox()[-1]
    assert mail.to == owner.email
    assert "/password/forgot" in mail.body and "Hello" not in mail.body  # in Romanian
    assert mail.body.startswith(f"Bună ziua, {owner.display_name},")
    assert mail.subject == "Cineva a încercat să se înregistreze cu adresa dumneavoastră"


def without_csrf_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" (type="hidden" )?value="[^"]+"', "", html)


def test_registration_is_rate_limited_per_address(browser, app, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_REGISTER_RATE_LIMIT", "2 per hour")
    statuses = [
        register(browser, email=f"officer.{n}@police.example").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.parametrize("locale", ["hy", "az", "ka", "ro", "uk"])
def test_registration_errors_are_in_the_readers_language(browser, locale):
    data = {**REGISTRATION, "agency": "", "email": "bad", "display_name": "x" * 121}
    response = browser.submit(f"/register?lang={locale}", data, action="/register")
    html = response.get_data(as_text=True)

    assert f'lang="{locale}"' in html
    for english in ("Invalid email address.", "This field is required.", "Too long."):
        assert english not in html
    with force_locale(locale):
        expected = {
            "email": gettext("Invalid email address."),
            "agency": gettext("This field is required."),
            "display_name": gettext("Too long. Limit: %(max)d.", max=120),
        }
    for field, message in expected.items():
        assert not message.startswith(("Invalid", "This field", "Too long"))  # translated
        assert f'<ul class="errors" id="{field}-errors"><li>{escape(message)}</li>' in html
    assert db.session.scalars(select(User)).all() == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(browser, users, role):
    user = users(role)
    browser.login(user.email)
    html = browser.get("/").get_data(as_text=True)

    assert user.display_name in html
    assert ("/admin/users" in html) == (role in {Role.ADMIN, Role.COORDINATOR})
    assert ("/admin/audit" in html) == (role == Role.ADMIN)
    expected_admin_status = 200 if role in {Role.ADMIN, Role.COORDINATOR} else 403
    assert browser.get("/admin/users").status_code == expected_admin_status


def test_a_taken_address_costs_the_same_password_hash(app, browser, users, monkeypatch):
    users(email="nino.kapanadze@police.example")
    hashed = []
    real = passwords.generate_password_hash

    def counting(password, method):
        hashed.append(method)
        return real(password, method=method)

    monkeypatch.setattr(passwords, "generate_password_hash", counting)
    register(browser, email="someone.new@police.example")
    register(Browser(app.test_client()))
    assert hashed == [app.config["ELEARN_PASSWORD_HASH_METHOD"]] * 2
