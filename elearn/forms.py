"""The base of every form: WTForms' own messages come from our catalogues, in all five languages
(WTForms ships no Armenian, Azerbaijani or Georgian)."""

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice

# The built-in WTForms messages our forms can show, marked here so that `make translations`
# extracts them into our catalogues.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
)


class BaseForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return get_translations()


def optional_int(value) -> int | None:
    """Coerce a select's value; the empty placeholder becomes None, which DataRequired refuses."""
    return int(value) if value not in (None, "") else None


def options(label_map: dict, *, with_any: bool = False) -> list[SelectChoice]:
    """Select options from a ``{value: label}`` map, optionally led by "Any" (no filter)."""
    leading = [SelectChoice("", _l("Any"))] if with_any else []
    return leading + [SelectChoice(str(value), label) for value, label in label_map.items()]


class ConfirmForm(BaseForm):
    """A button that changes something: only the CSRF token travels."""
