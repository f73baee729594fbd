"""The base of every form: WTForms' own messages come from our catalogues, in all five languages
(WTForms ships no Armenian, Azerbaijani or Georgian)."""

import math
from decimal import Decimal

from flask_babel import format_decimal, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectChoice
from wtforms.validators import NumberRange, Optional, StopValidation
from wtforms.widgets import HiddenInput, TextInput

from elearn.web.routing import MAX_ID

# The built-in WTForms messages our forms can show, marked here so that `make translations`
# extracts them into our catalogues.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid float value."),
    _l("Not a valid decimal value."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
)


class BaseForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return get_translations()


def finite(form, field) -> None:
    """Refuse NaN and infinities, which pass (or break) every range comparison; put it before
    ``NumberRange``."""
    value = field.data
    if value is None:
        return
    if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        raise StopValidation(_l("Enter a number."))


class LocaleDecimalField(DecimalField):
    """A number typed as the reader writes it: "2,5" in languages with a decimal comma, "2.5" in
    English (either is read), shown back with the reader's separator."""

    widget = TextInput(input_type="text")

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].strip().replace("\u00a0", "").replace(",", ".")]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_decimal(self.data, locale=get_locale()) if self.data is not None else ""


def version_field() -> IntegerField:
    """The hidden draft version an editing form posts back: a number, or the form is refused."""
    return IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(min=0, max=MAX_ID)]
    )


def optional_int(value) -> int | None:
    """Coerce a select's value; the empty placeholder becomes None, which DataRequired refuses."""
    return int(value) if value not in (None, "") else None


def options(label_map: dict, *, with_any: bool = False) -> list[SelectChoice]:
    """Select options from a ``{value: label}`` map, optionally led by "Any" (no filter)."""
    leading = [SelectChoice("", _l("Any"))] if with_any else []
    return leading + [SelectChoice(str(value), label) for value, label in label_map.items()]


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token travels."""
