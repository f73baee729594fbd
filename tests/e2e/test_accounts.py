"""A new officer registers on a phone, a coordinator approves on a phone, the officer signs in."""

import re

import pytest
from playwright.sync_api import expect

from elearn.auth.models import CoordinatorScope, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def assert_fits_and_stays_local(page, origin):
    page.wait_for_load_state("load")  # the stylesheet applied, even on a busy machine
    assert page.evaluate(NO_OVERFLOW), f"{page.url} scrolls sideways at 360 px"
    foreign = [url for url in page.watch.requests if not url.startswith(origin)]
    assert foreign == []
    assert page.watch.csp_violations == []


def sign_in(page, email, password):
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_register_approve_sign_in_on_a_phone(phone, live_server, users):
    coordinator = users(Role.COORDINATOR, country="MD", scope=CoordinatorScope.COUNTRY)

    phone.goto("/")
    assert_fits_and_stays_local(phone, live_server)
    phone.get_by_role("link", name="Register").first.click()
    phone.get_by_label("Email").fill("ana.rusu@police.example")
    phone.get_by_label("Full name (in your own script)").fill("Ana Rusu")
    phone.get_by_label("Full name in Latin letters").fill("Ana Rusu")
    phone.get_by_label("Agency").select_option(label="Inspectoratul General al Poliției")
    phone.get_by_label("Preferred language").select_option("ro")
    phone.get_by_label("Password", exact=True).fill("Codrii-Forest-Path-31")
    phone.get_by_label("Repeat the password").fill("Codrii-Forest-Path-31")
    assert_fits_and_stays_local(phone, live_server)
    phone.get_by_role("button", name="Register").click()
    assert phone.get_by_role("status").is_visible()

    sign_in(phone, coordinator.email, UserFactory.PASSWORD)
    phone.get_by_role("link", name="Review registrations").click()
    phone.get_by_role("link", name="Ana Rusu").click()
    assert_fits_and_stays_local(phone, live_server)
    phone.get_by_role("button", name="Approve").click()
    assert phone.locator(".badge--active").is_visible()
    phone.get_by_role("button", name="Sign out").click()

    sign_in(phone, "ana.rusu@police.example", "Codrii-Forest-Path-31")
    assert phone.locator("html").get_attribute("lang") == "ro"
    assert "Ana Rusu" in phone.locator("h1").inner_text()
    assert_fits_and_stays_local(phone, live_server)


def test_language_switcher_without_an_account(phone, live_server):
    phone.goto("/login")
    phone.get_by_role("button", name="ქართული").click()
    assert phone.locator("html").get_attribute("lang") == "ka"
    assert phone.url.endswith("/login")
    phone.goto("/register")
    assert phone.locator("html").get_attribute("lang") == "ka"
    assert_fits_and_stays_local(phone, live_server)


def test_skip_link_moves_focus_to_the_content(phone):
    phone.goto("/login")
    phone.bring_to_front()
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.className") == "skip-link"
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile("#main$"))  # waits: the jump lands after the key press
