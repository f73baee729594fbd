"""Locale: profile, else ?lang= kept in the session, else Accept-Language, else English."""

import re

import pytest
from flask_babel import force_locale, format_decimal, gettext, ngettext
from markupsafe import escape

from elearn.extensions import db
from elearn.i18n import LANGUAGE_NAMES


def page_locale(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.get_data(as_text=True)).group(1)


def test_english_by_default(client):
    assert page_locale(client.get("/login")) == "en"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("ka-GE,ka;q=0.9", "ka"),
        ("ro-MD", "ro"),
        ("az-Latn-AZ", "az"),
        ("hy-AM", "hy"),
        ("uk,en;q=0.5", "uk"),
        ("de-DE", "en"),
        ("fr, uk;q=0.1", "uk"),
    ],
)
def test_accept_language(client, header, expected):
    assert page_locale(client.get("/login", headers={"Accept-Language": header})) == expected


def test_lang_parameter_is_kept_in_the_session_and_beats_accept_language(client):
    assert page_locale(client.get("/login?lang=hy", headers={"Accept-Language": "uk"})) == "hy"
    assert page_locale(client.get("/register", headers={"Accept-Language": "uk"})) == "hy"


def test_unknown_locale_falls_back_without_error(client):
    response = client.get("/login?lang=xx", headers={"Accept-Language": "zz"})
    assert response.status_code == 200
    assert page_locale(response) == "en"


def test_profile_locale_beats_session_and_header(browser, users):
    user = users(locale="az")
    browser.get("/login?lang=ka")
    browser.login(user.email)
    response = browser.get("/", headers={"Accept-Language": "uk"})
    assert page_locale(response) == "az"


def test_switcher_browses_in_another_language_and_leaves_the_profile(browser, users):
    user = users(locale="en")
    browser.login(user.email)
    response = browser.submit("/", {"lang": "ro", "next": "/profile"}, action="/language")
    assert response.headers["Location"] == "/profile"
    assert page_locale(browser.get("/profile")) == "ro"
    db.session.refresh(user)
    assert user.locale == "en"  # mails and the trainer directory still use it
    browser.logout()
    browser.login(user.email)
    assert page_locale(browser.get("/")) == "en"  # signing in: the officer's own language again


@pytest.mark.parametrize(
    ("shown_at", "back_to"),
    [("/logout", "/"), ("/profile/devices/sign-out-everywhere", "/profile"), ("/nowhere/x", "/")],
)
def test_switching_on_a_page_that_answered_a_form_returns_to_a_page_that_exists(
    browser, users, shown_at, back_to
):
    browser.login(users().email)
    response = browser.submit("/", {"lang": "ka", "next": shown_at}, action="/language")
    assert response.headers["Location"] == back_to
    assert browser.get(back_to).status_code == 200


def test_switcher_refuses_an_unknown_language(browser):
    assert browser.submit("/", {"lang": "xx"}, action="/language").status_code == 400


def test_switcher_shows_each_language_by_its_own_name(client):
    html = client.get("/").get_data(as_text=True)
    for code, name in LANGUAGE_NAMES.items():
        assert f'lang="{code}"' in html and name in html


@pytest.mark.parametrize("locale", ["hy", "az", "ka", "ro", "uk"])
def test_pages_are_translated(client, locale):
    html = client.get(f"/login?lang={locale}").get_data(as_text=True)
    assert ">Sign in<" not in html
    assert "Forgot your password?" not in html
    with force_locale(locale):
        sign_in, forgot = gettext("Sign in"), gettext("Forgot your password?")
    assert (sign_in, forgot) != ("Sign in", "Forgot your password?")
    assert f">{escape(sign_in)}<" in html and str(escape(forgot)) in html


@pytest.mark.parametrize("locale", ["hy", "az", "ka", "ro", "uk"])
def test_error_pages_are_translated(client, locale):
    response = client.get(f"/no-such-page?lang={locale}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" not in html
    with force_locale(locale):
        not_found = gettext("Page not found")
    assert not_found != "Page not found" and str(escape(not_found)) in html


@pytest.mark.parametrize(
    "locale, expected",
    [("uk", "12\xa0345,5"), ("ro", "12.345,5"), ("en", "12,345.5"), ("ka", "12\xa0345,5")],
)
def test_numbers_follow_the_locale(locale, expected):
    with force_locale(locale):
        assert format_decimal(12345.5) == expected


@pytest.mark.parametrize(
    "locale, numbers, distinct_forms",
    [("uk", (1, 3, 5), 3), ("ro", (1, 2, 20), 3), ("hy", (1, 2), 2), ("ka", (1, 2), 2)],
)
def test_plural_forms_are_applied(app, locale, numbers, distinct_forms):
    with app.test_request_context(), force_locale(locale):
        forms = {
            ngettext("%(count)s person found.", "%(count)s people found.", n, count=n)
            for n in numbers
        }
    assert len(forms) == distinct_forms


def test_armenian_treats_zero_as_singular(app):
    with app.test_request_context(), force_locale("hy"):
        zero = ngettext("%(count)s person found.", "%(count)s people found.", 0, count=0)
        one = ngettext("%(count)s person found.", "%(count)s people found.", 1, count=1)
    assert zero.replace("0", "1") == one
