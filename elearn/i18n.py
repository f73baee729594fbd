"""Locales: which exist, how each names itself, and how a request's locale is chosen."""

from collections.abc import Mapping
from typing import TypeVar

from babel import Locale
from flask import g, has_request_context, request, session
from flask_login import current_user

SOURCE_LOCALE = "en"
LOCALES = ("hy", "az", "ka", "ro", "uk", "en")
TRANSLATED_LOCALES = LOCALES[:-1]

# Each language by its own name, as the switcher shows it.
LANGUAGE_NAMES = {
    "hy": "Հայերեն",
    "az": "Azərbaycanca",
    "ka": "ქართული",
    "ro": "Română",
    "uk": "Українська",
    "en": "English",
}

# The language of each partner country, e.g. the one its translators translate into.
COUNTRY_LANGUAGES = {"AM": "hy", "AZ": "az", "GE": "ka", "MD": "ro", "UA": "uk"}

SESSION_KEY = "locale"
# The signed-in user's profile locale as last read, for pages rendered without the database.
USER_LOCALE_KEY = "user_locale"
# Set on ``g`` by a page that must render without the database (errors.server_error).
WITHOUT_DATABASE = "without_database"


def is_supported(locale: str | None) -> bool:
    return locale in LANGUAGE_NAMES


def select_locale() -> str:
    """The language chosen in this session (the switcher or ``?lang=``), else the profile's, else
    Accept-Language, else en. Browsing in another language changes nothing else: mails and the
    trainer directory follow the profile. Signing in forgets a choice made before
    (``forget_browsing_locale``), so that the officer's own language applies."""
    if not has_request_context():
        return SOURCE_LOCALE
    if is_supported(session.get(SESSION_KEY)):
        return session[SESSION_KEY]
    return _profile_locale() or request.accept_languages.best_match(LOCALES) or SOURCE_LOCALE


def _profile_locale() -> str | None:
    """The signed-in user's language; without the database (an error page) the one last seen,
    kept in the session for that purpose."""
    if g.get(WITHOUT_DATABASE):
        return session.get(USER_LOCALE_KEY) if is_supported(session.get(USER_LOCALE_KEY)) else None
    if not (current_user.is_authenticated and is_supported(current_user.locale)):
        return None
    if session.get(USER_LOCALE_KEY) != current_user.locale:
        session[USER_LOCALE_KEY] = current_user.locale
    return current_user.locale


def forget_browsing_locale() -> None:
    session.pop(SESSION_KEY, None)


def select_timezone() -> str | None:
    if has_request_context() and not g.get(WITHOUT_DATABASE) and current_user.is_authenticated:
        return current_user.timezone
    return None


def remember_requested_locale() -> None:
    """Keep a valid ``?lang=`` in the session; an unknown one is ignored."""
    requested = request.args.get("lang")
    if is_supported(requested):
        session[SESSION_KEY] = requested


def country_name(code: str, locale: str) -> str:
    """The country's name in ``locale``, from CLDR (no translation catalogue needed)."""
    return Locale.parse(locale).territories.get(code, code)


Text = TypeVar("Text")


def localized(texts: Mapping[str, Text], locale: str) -> Text:
    """``texts`` (one per locale) in ``locale`` when it has a non-empty one, else in English, the
    source every text has. Templates use the ``localized`` filter (the reader's locale)."""
    return texts.get(locale) or texts[SOURCE_LOCALE]
