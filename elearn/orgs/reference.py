"""Reference data: the programme's countries and their law-enforcement agencies."""

import pytz
from sqlalchemy import select

from elearn.extensions import db
from elearn.orgs.models import Agency, Country

PARTNER_TIMEZONES = {
    "AM": "Asia/Yerevan",
    "AZ": "Asia/Baku",
    "GE": "Asia/Tbilisi",
    "MD": "Europe/Chisinau",
    "UA": "Europe/Kyiv",
}

EU_MEMBER_STATES = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
).split()

# (country, name in the national language, name in English)
PARTNER_AGENCIES = [
    ("AM", "Հայաստանի Հանրապետության ոստիկանություն", "Police of the Republic of Armenia"),
    ("AM", "Հայաստանի Հանրապետության քննչական կոմիտե", "Investigative Committee of Armenia"),
    ("AM", "Հակակոռուպցիոն կոմիտե", "Anti-Corruption Committee of Armenia"),
    ("AZ", "Daxili İşlər Nazirliyi", "Ministry of Internal Affairs of Azerbaijan"),
    ("AZ", "Dövlət Təhlükəsizliyi Xidməti", "State Security Service of Azerbaijan"),
    ("AZ", "Baş Prokurorluq", "Prosecutor General's Office of Azerbaijan"),
    ("GE", "საქართველოს შინაგან საქმეთა სამინისტრო", "Ministry of Internal Affairs of Georgia"),
    ("GE", "საქართველოს პროკურატურა", "Prosecutor's Office of Georgia"),
    (
        "GE",
        "ფინანსთა სამინისტროს საგამოძიებო სამსახური",
        "Investigation Service of the Ministry of Finance of Georgia",
    ),
    ("MD", "Inspectoratul General al Poliției", "General Police Inspectorate of Moldova"),
    ("MD", "Centrul Național Anticorupție", "National Anticorruption Centre of Moldova"),
    (
        "MD",
        "Procuratura pentru Combaterea Criminalității Organizate și Cauze Speciale",
        "Prosecutor's Office for Combating Organised Crime and Special Cases",
    ),
    ("UA", "Національна поліція України", "National Police of Ukraine"),
    ("UA", "Служба безпеки України", "Security Service of Ukraine"),
    ("UA", "Національне антикорупційне бюро України", "National Anti-Corruption Bureau of Ukraine"),
    ("UA", "Бюро економічної безпеки України", "Economic Security Bureau of Ukraine"),
]

EU_AGENCY_NAME = "National law-enforcement agency"


def _country(code: str, timezone: str, is_partner: bool) -> Country:
    country = db.session.scalar(select(Country).where(Country.code == code))
    if country is None:
        country = Country(code=code, timezone=timezone, is_partner=is_partner)
        db.session.add(country)
    return country


def _agency(country: Country, name: str, name_en: str) -> Agency:
    agency = db.session.scalar(
        select(Agency).where(Agency.country == country, Agency.name_en == name_en)
    )
    if agency is None:
        agency = Agency(country=country, name=name, name_en=name_en)
        db.session.add(agency)
    return agency


def ensure_reference_data() -> None:
    """Create the countries and agencies that are missing; existing rows are left alone."""
    countries = {
        code: _country(code, timezone, is_partner=True)
        for code, timezone in PARTNER_TIMEZONES.items()
    }
    for code in EU_MEMBER_STATES:
        country = _country(code, pytz.country_timezones[code][0], is_partner=False)
        _agency(country, EU_AGENCY_NAME, EU_AGENCY_NAME)
    for code, name, name_en in PARTNER_AGENCIES:
        _agency(countries[code], name, name_en)
    db.session.flush()


def agency_by_english_name(name_en: str) -> Agency:
    return db.session.scalars(select(Agency).where(Agency.name_en == name_en)).one()
