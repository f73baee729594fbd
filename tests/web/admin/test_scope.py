"""A coordinator sees and acts only within their agency or country; everything else is 403 and
audited."""

import pytest
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import CoordinatorScope, Role, UserStatus
from elearn.extensions import db


@pytest.fixture
def georgian_coordinator(users):
    return users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY)


@pytest.fixture
def moldovan_pending(users):
    return users(country="MD", status=UserStatus.PENDING, display_name="Vasile")


def denied_events():
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "scope.denied")).all()


def test_georgian_coordinator_does_not_see_moldovan_users(
    browser, georgian_coordinator, moldovan_pending, users
):
    georgian = users(country="GE", agency_index=1, display_name="Giorgi")
    browser.login(georgian_coordinator.email)

    listing = browser.get("/admin/users").get_data(as_text=True)
    assert georgian.display_name in listing
    assert moldovan_pending.display_name not in listing
    filtered = browser.get("/admin/users?country=MD").get_data(as_text=True)
    assert moldovan_pending.display_name not in filtered

    assert browser.get(f"/admin/users/{moldovan_pending.id}").status_code == 403
    [event] = denied_events()
    assert (event.actor_id, event.target_user_id) == (georgian_coordinator.id, moldovan_pending.id)


@pytest.mark.parametrize("action", ["approve", "reject", "suspend", "reactivate"])
def test_georgian_coordinator_cannot_act_on_a_moldovan_user(
    browser, georgian_coordinator, moldovan_pending, action
):
    browser.login(georgian_coordinator.email)
    response = browser.submit(
        "/admin/users", {}, action=f"/admin/users/{moldovan_pending.id}/{action}"
    )

    assert response.status_code == 403
    db.session.refresh(moldovan_pending)
    assert moldovan_pending.status == UserStatus.PENDING
    assert len(denied_events()) == 1


def test_agency_coordinator_does_not_see_other_agencies_of_the_country(browser, users):
    coordinator = users(Role.COORDINATOR, country="GE", agency_index=0)
    colleague = users(country="GE", agency_index=0, display_name="Same agency")
    other = users(country="GE", agency_index=1, display_name="Other agency")
    browser.login(coordinator.email)

    listing = browser.get("/admin/users").get_data(as_text=True)
    assert colleague.display_name in listing
    assert other.display_name not in listing
    assert browser.get(f"/admin/users/{other.id}").status_code == 403


def test_coordinator_cannot_touch_an_admin_of_their_agency(browser, users):
    coordinator = users(Role.COORDINATOR, country="GE")
    admin = users(Role.ADMIN, country="GE")
    browser.login(coordinator.email)
    response = browser.submit("/admin/users", {}, action=f"/admin/users/{admin.id}/suspend")
    assert response.status_code == 403
    db.session.refresh(admin)
    assert admin.status == UserStatus.ACTIVE


def test_coordinator_cannot_assign_roles(browser, users):
    coordinator = users(Role.COORDINATOR, country="GE")
    officer = users(country="GE")
    browser.login(coordinator.email)
    response = browser.submit(
        "/admin/users",
        {"roles": ["admin"], "coordinator_scope": "country"},
        action=f"/admin/users/{officer.id}/roles",
    )
    assert response.status_code == 403
    db.session.refresh(officer)
    assert officer.roles == {Role.TRAINEE}


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.TRAINER, Role.MENTOR])
@pytest.mark.parametrize(
    "url", ["/admin/users", "/admin/users/new", "/admin/audit", "/admin/users/{id}"]
)
def test_non_staff_get_403_on_every_admin_page(browser, users, role, url):
    user = users(role)
    browser.login(user.email)
    assert browser.get(url.format(id=user.id)).status_code == 403


def test_coordinator_cannot_read_the_audit_log(browser, users):
    coordinator = users(Role.COORDINATOR)
    browser.login(coordinator.email)
    assert browser.get("/admin/audit").status_code == 403


def test_admin_pages_require_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
