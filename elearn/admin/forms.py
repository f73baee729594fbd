from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length

from elearn.auth.labels import ROLE_LABELS, SCOPE_LABELS, STATUS_LABELS
from elearn.auth.models import CoordinatorScope, Role
from elearn.web.forms import BaseForm, options


class UserSearchForm(BaseForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Name or email"))
    status = SelectField(_l("Status"), choices=options(STATUS_LABELS, with_any=True), default="")
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS, with_any=True), default="")
    country = SelectField(_l("Country"), default="")


class RolesForm(BaseForm):
    roles = SelectMultipleField(
        _l("Roles"),
        choices=options(ROLE_LABELS),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    coordinator_scope = SelectField(
        _l("A coordinator sees"),
        choices=options(SCOPE_LABELS),
    )

    def selected_roles(self) -> set[Role]:
        return {Role(value) for value in self.roles.data}

    def selected_scope(self) -> CoordinatorScope:
        return CoordinatorScope(self.coordinator_scope.data)


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="")


class XapiClientForm(BaseForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)])
    country = SelectField(_l("Country"), default="")
    agency = SelectField(_l("Agency"), default="")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if bool(self.country.data) == bool(self.agency.data):
            self.agency.errors.append(_l("Choose a country or an agency, not both."))
            return False
        return True
