"""Browser tests: Debian's chromium driven by Playwright against the live server on 127.0.0.1
(``live_server``, in tests/conftest.py)."""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def chromium(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Everything a page asked for and every CSP complaint it logged."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.csp_violations: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and self.csp_violations.append(message.text)
            ),
        )


@pytest.fixture
def phone(chromium, live_server):
    """A 360 px wide phone-sized page, with its requests watched."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, base_url=live_server)
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()
