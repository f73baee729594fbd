from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from wtforms import SelectChoice

from elearn.extensions import db
from elearn.i18n import country_name
from elearn.orgs.models import Agency, Country


def agency_choices(query: Select[tuple[Agency]], locale: str) -> list[SelectChoice]:
    """Agencies grouped by country (programme countries first), for a select with optgroups,
    after an empty "choose" option so that nobody picks the first agency by accident."""
    agencies = db.session.scalars(query.join(Agency.country)).all()
    agencies.sort(key=lambda a: (not a.country.is_partner, a.country.code, a.name_en))
    return [SelectChoice("", _l("Choose your agency"))] + [
        SelectChoice(
            str(agency.id), agency.name, optgroup=country_name(agency.country.code, locale)
        )
        for agency in agencies
    ]


def all_agencies() -> Select[tuple[Agency]]:
    return select(Agency).order_by(Agency.name_en)


def countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.code)))
