"""The one scope module, called directly with real rows."""

from elearn.auth import scope
from elearn.auth.models import CoordinatorScope, Role
from elearn.extensions import db


def visible(actor):
    return set(db.session.scalars(scope.visible_users(actor)))


def test_admin_sees_everyone(users):
    admin = users(Role.ADMIN, country="UA")
    others = {users(country=code) for code in ("AM", "AZ", "GE", "MD")}
    assert visible(admin) == others | {admin}


def test_country_coordinator_sees_every_agency_of_their_country_only(users):
    coordinator = users(Role.COORDINATOR, country="MD", scope=CoordinatorScope.COUNTRY)
    first = users(country="MD", agency_index=0)
    second = users(country="MD", agency_index=1)
    users(country="UA")
    assert visible(coordinator) == {coordinator, first, second}


def test_agency_coordinator_sees_their_agency_only(users):
    coordinator = users(Role.COORDINATOR, country="MD")
    colleague = users(country="MD", agency_index=0)
    users(country="MD", agency_index=1)
    assert visible(coordinator) == {coordinator, colleague}


def test_trainee_trainer_and_mentor_see_only_themselves(users):
    users(country="GE")
    for role in (Role.TRAINEE, Role.TRAINER, Role.MENTOR):
        actor = users(role, country="GE")
        assert visible(actor) == {actor}
        assert not scope.can_manage_user(actor, users(country="GE"))


def test_manage_rules(users):
    admin = users(Role.ADMIN)
    coordinator = users(Role.COORDINATOR, country="GE")
    officer = users(country="GE")
    assert scope.can_manage_user(admin, officer)
    assert scope.can_manage_user(coordinator, officer)
    assert not scope.can_manage_user(coordinator, admin)
    assert not scope.can_manage_user(admin, admin)
    assert scope.can_see_user(coordinator, coordinator)
    assert scope.can_assign_roles(admin) and not scope.can_assign_roles(coordinator)
