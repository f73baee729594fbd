"""How roles, statuses and scopes are named to people."""

from flask_babel import lazy_gettext as _l

from elearn.auth.models import CoordinatorScope, Role, UserStatus

ROLE_LABELS = {
    Role.TRAINEE: _l("Trainee"),
    Role.TRAINER: _l("Trainer"),
    Role.MENTOR: _l("Mentor"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
    Role.TRANSLATOR: _l("Translator"),
}

STATUS_LABELS = {
    UserStatus.PENDING: _l("Waiting for approval"),
    UserStatus.ACTIVE: _l("Active"),
    UserStatus.SUSPENDED: _l("Suspended"),
    UserStatus.REJECTED: _l("Rejected"),
}

SCOPE_LABELS = {
    CoordinatorScope.AGENCY: _l("Own agency"),
    CoordinatorScope.COUNTRY: _l("Whole country"),
}
