from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, widgets

from elearn.auth.labels import ROLE_LABELS, SCOPE_LABELS, STATUS_LABELS
from elearn.auth.models import CoordinatorScope, Role


def _any(label_map):
    return [("", _l("Any")), *((key.value, label) for key, label in label_map.items())]


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Name or email"))
    status = SelectField(_l("Status"), choices=_any(STATUS_LABELS), default="")
    role = SelectField(_l("Role"), choices=_any(ROLE_LABELS), default="")
    country = SelectField(_l("Country"), default="")


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        _l("Roles"),
        choices=[(role.value, label) for role, label in ROLE_LABELS.items()],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    coordinator_scope = SelectField(
        _l("A coordinator sees"),
        choices=[(scope.value, label) for scope, label in SCOPE_LABELS.items()],
    )

    def selected_roles(self) -> set[Role]:
        return {Role(value) for value in self.roles.data}

    def selected_scope(self) -> CoordinatorScope:
        return CoordinatorScope(self.coordinator_scope.data)


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="")
