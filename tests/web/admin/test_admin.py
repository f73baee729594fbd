from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import CoordinatorScope, Role, UserStatus
from elearn.extensions import db


def test_admin_assigns_roles_and_scope_and_it_is_audited(browser, users):
    admin = users(Role.ADMIN)
    officer = users(country="UA")
    browser.login(admin.email)
    response = browser.submit(
        f"/admin/users/{officer.id}",
        {"roles": ["trainer", "coordinator"], "coordinator_scope": "country"},
        action=f"/admin/users/{officer.id}/roles",
    )
    assert response.status_code == 302

    db.session.refresh(officer)
    assert officer.roles == {Role.TRAINER, Role.COORDINATOR}
    assert officer.coordinator_scope == CoordinatorScope.COUNTRY
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.roles"))
    assert event.details["before"] == ["trainee"]
    assert sorted(event.details["after"]) == ["coordinator", "trainer"]
    audit_page = browser.get("/admin/audit").get_data(as_text=True)
    assert "Changed roles" in audit_page
    assert officer.display_name in audit_page


def test_suspend_and_reactivate(browser, users):
    admin = users(Role.ADMIN)
    officer = users()
    browser.login(admin.email)
    browser.submit("/admin/users", {}, action=f"/admin/users/{officer.id}/suspend")
    db.session.refresh(officer)
    assert officer.status == UserStatus.SUSPENDED
    browser.submit("/admin/users", {}, action=f"/admin/users/{officer.id}/reactivate")
    db.session.refresh(officer)
    assert officer.status == UserStatus.ACTIVE
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.suspend", "user.reactivate"]


def test_approving_an_active_user_is_refused_with_a_message(browser, users):
    admin = users(Role.ADMIN)
    officer = users()
    browser.login(admin.email)
    response = browser.submit(
        "/admin/users", {}, action=f"/admin/users/{officer.id}/approve", follow_redirects=True
    )
    assert "You are not allowed to do this." in response.get_data(as_text=True)


def test_admin_cannot_suspend_themselves(browser, users):
    admin = users(Role.ADMIN)
    browser.login(admin.email)
    response = browser.submit(
        "/admin/users", {}, action=f"/admin/users/{admin.id}/suspend", follow_redirects=True
    )
    assert "You are not allowed to do this." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.status == UserStatus.ACTIVE


def test_search_by_name_status_role_and_country(browser, users):
    admin = users(Role.ADMIN, country="UA")
    users(country="AM", display_name="Tigran")
    users(Role.TRAINER, country="AZ", display_name="Leyla")
    users(country="AZ", status=UserStatus.PENDING, display_name="Rashad")
    browser.login(admin.email)

    def names(query):
        html = browser.get("/admin/users?" + query).get_data(as_text=True)
        return {name for name in ("Tigran", "Leyla", "Rashad") if name in html}

    assert names("q=leyla") == {"Leyla"}
    assert names("country=AZ") == {"Leyla", "Rashad"}
    assert names("status=pending") == {"Rashad"}
    assert names("role=trainer") == {"Leyla"}
    assert names("status=bogus") == {"Tigran", "Leyla", "Rashad"}


def test_user_list_is_paginated(browser, users, app, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_PAGE_SIZE", 2)
    admin = users(Role.ADMIN)
    for _ in range(4):
        users()
    browser.login(admin.email)
    first = browser.get("/admin/users").get_data(as_text=True)
    assert "Page 1 of 3" in first
    assert "5 people found." in first
    assert "Page 3 of 3" in browser.get("/admin/users?page=3").get_data(as_text=True)
