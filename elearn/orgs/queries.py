from babel import Locale
from sqlalchemy import Select, select

from elearn.extensions import db
from elearn.orgs.models import Agency, Country


def country_name(code: str, locale: str) -> str:
    """The country's name in ``locale``, from CLDR (no translation catalogue needed)."""
    return Locale.parse(locale).territories.get(code, code)


def agency_choices(query: Select[tuple[Agency]], locale: str) -> dict[str, list[tuple[int, str]]]:
    """Agencies grouped by country name, for a select with one group per country."""
    agencies = db.session.scalars(query.join(Agency.country)).all()
    grouped: dict[str, list[tuple[int, str]]] = {}
    for agency in sorted(agencies, key=lambda a: (not a.country.is_partner, a.country.code)):
        group = grouped.setdefault(country_name(agency.country.code, locale), [])
        group.append((agency.id, agency.name))
    return grouped


def all_agencies() -> Select[tuple[Agency]]:
    return select(Agency).order_by(Agency.name_en)


def countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.code)))
