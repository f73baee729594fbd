from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from elearn.auth.services import Profile
from elearn.i18n import LANGUAGE_NAMES
from elearn.web.forms import BaseForm, optional_int


def at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Too long. Limit: %(max)d."))


LANGUAGE_CHOICES = [
    SelectChoice(code, name, {"lang": code}) for code, name in LANGUAGE_NAMES.items()
]


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ProfileFieldsMixin:
    display_name = StringField(
        _l("Full name (in your own script)"), validators=[DataRequired(), at_most(120)]
    )
    latin_name = StringField(
        _l("Full name in Latin letters"),
        description=_l("As in your passport, for certificates."),
        validators=[DataRequired(), at_most(120)],
    )
    locale = SelectField(_l("Preferred language"), choices=LANGUAGE_CHOICES)


class PersonForm(ProfileFieldsMixin, BaseForm):
    """The fields describing an officer, used by self-registration and nomination."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), at_most(254)])
    agency = SelectField(_l("Agency"), coerce=optional_int, validators=[DataRequired()])

    def to_profile(self) -> Profile:
        return Profile(
            email=self.email.data,
            display_name=self.display_name.data,
            latin_name=self.latin_name.data,
            agency_id=self.agency.data,
            locale=self.locale.data,
        )


class NewPasswordMixin:
    password = PasswordField(
        _l("Password"),
        description=_l("Long and hard to guess; not a common password."),
        validators=[DataRequired()],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class RegistrationForm(NewPasswordMixin, PersonForm):
    pass


class ForgotPasswordForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])


class SetPasswordForm(NewPasswordMixin, BaseForm):
    pass


class ProfileForm(ProfileFieldsMixin, BaseForm):
    pass


class ChangePasswordForm(NewPasswordMixin, BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
