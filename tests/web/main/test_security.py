import pytest

from elearn import create_app
from elearn.auth.models import Role

PUBLIC_PAGES = ["/", "/login", "/register", "/password/forgot", "/no-such-page"]
STAFF_PAGES = ["/", "/profile", "/admin/users", "/admin/users/new", "/admin/audit"]


def assert_secure_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_security_headers_on_public_pages(client, url):
    assert_secure_headers(client.get(url))


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_security_headers_on_signed_in_pages(browser, users, url):
    browser.login(users(Role.ADMIN).email)
    response = browser.get(url)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_signed_in_pages_and_documents_are_never_stored_static_files_are(browser, users):
    assert "no-store" not in browser.get("/login").headers.get("Cache-Control", "")
    browser.login(users().email)
    assert browser.get("/profile").headers["Cache-Control"] == "no-store"
    with browser.get("/static/css/app.css") as static_file:
        assert "no-store" not in static_file.headers.get("Cache-Control", "")


def test_security_headers_on_static_files_and_errors(client):
    with client.get("/static/css/app.css") as static_file:
        assert_secure_headers(static_file)
    assert_secure_headers(client.post("/login"))


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/profile"])
def test_pages_have_no_inline_script_or_style_and_nothing_from_outside(browser, users, url):
    browser.login(users().email)
    html = browser.get(url).get_data(as_text=True)
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert 'src="http' not in html and 'href="http' not in html


def test_session_cookie_is_httponly_and_lax(browser, users):
    response = browser.login(users().email)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_secure_cookies_and_hsts_under_https(monkeypatch):
    monkeypatch.setenv("ELEARN_HTTPS", "1")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/no-such-page", base_url="https://elearn.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_forms_without_a_valid_csrf_token_are_refused_with_a_friendly_page(client, token):
    data = {"email": "someone@police.example", "password": "x"}
    if token:
        data["csrf_token"] = token
    response = client.post("/login", data=data, headers={"Accept-Language": "ro"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<html lang="ro">' in html
    assert "<h1>" in html and "The form has expired" not in html
    assert "<h1>Formularul a expirat</h1>" in html


def test_internal_errors_show_a_localised_page():
    app = create_app(
        {"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom?lang=uk")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert '<html lang="uk">' in html and "Something went wrong" not in html
    assert "Сталася помилка" in html


def test_an_oversized_request_gets_a_localised_413(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = client.post("/login", data={"email": "x" * 2048}, headers={"Accept-Language": "ro"})
    assert response.status_code == 413
    assert "Prea mare" in response.get_data(as_text=True)
