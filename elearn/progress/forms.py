from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from elearn.auth import scope
from elearn.auth.models import User
from elearn.catalog.permissions import visible_cohorts, visible_courses
from elearn.extensions import db
from elearn.i18n import LANGUAGE_NAMES, country_name, localized
from elearn.orgs.queries import countries
from elearn.progress.dashboard import Filters
from elearn.web.forms import BaseForm, optional_int, options


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


def report_form(actor: User, args, locale: str) -> ReportFilterForm:
    """The filter form of the reports, its choices limited to what ``actor`` may see."""
    form = ReportFilterForm(args)
    form.course.choices = options(
        {c.slug: localized(c.title, locale) for c in visible_courses(actor)},
        with_any=True,
    )
    form.country.choices = options(
        {c.code: country_name(c.code, locale) for c in countries() if c.is_partner}, with_any=True
    )
    agencies = db.session.scalars(scope.manageable_agencies(actor)).all()
    form.agency.choices = options({a.id: a.name for a in agencies}, with_any=True)
    cohorts = db.session.scalars(visible_cohorts(actor)).all()
    form.cohort.choices = options({c.id: c.name for c in cohorts}, with_any=True)
    return form
