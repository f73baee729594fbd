from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from elearn.forms import BaseForm, optional_int, options
from elearn.i18n import LANGUAGE_NAMES
from elearn.progress.dashboard import Filters


class ReportFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    course = SelectField(_l("Course"), default="")
    country = SelectField(_l("Country"), default="")
    agency = SelectField(_l("Agency"), coerce=optional_int, validators=[Optional()])
    cohort = SelectField(_l("Cohort"), coerce=optional_int, validators=[Optional()])
    language = SelectField(
        _l("Language"), choices=options(LANGUAGE_NAMES, with_any=True), default=""
    )
    date_from = DateField(_l("Start date"), validators=[Optional()])
    date_to = DateField(_l("End date"), validators=[Optional()])

    def filters(self) -> Filters:
        return Filters(
            country=self.country.data or None,
            agency_id=self.agency.data,
            cohort_id=self.cohort.data,
            locale=self.language.data or None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )
