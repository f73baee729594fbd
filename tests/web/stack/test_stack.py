"""The production stack: fingerprinted static files cached for a year, compressed bodies and what
a page costs on the wire, health routes, the request log, load shedding, and a worker that does
not import what only some requests need."""

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from elearn import create_app
from elearn.catalog.services import enrol_self
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.web import overload
from elearn.web.security import HEADERS
from tests.conftest import Browser
from tests.course_files import import_sample_course

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
ASSET = re.compile(r'(?:href|src)="(/static/[^"?]+\.(?:css|js)(?:\?v=[0-9a-f]+)?)"')
ROOT = Path(__file__).resolve().parents[3]


def _wire_size(client, url) -> int:
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200, url
    size = len(response.data)
    response.close()
    return size


def test_static_urls_carry_the_content_hash_and_are_cached_for_a_year(client):
    page = client.get("/login").get_data(as_text=True)
    (stylesheet,) = [url for url in ASSET.findall(page) if ".css" in url]
    assert re.search(r"/static/css/app\.css\?v=[0-9a-f]{12}$", stylesheet)

    response = client.get(stylesheet, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Expires" not in response.headers
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    css = (ROOT / "elearn/static/css/app.css").read_bytes()
    assert gzip.decompress(response.data) == css
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    response.close()

    # An old or hand-written URL (no hash, or another one) is revalidated as before.
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert "immutable" not in response.headers.get("Cache-Control", "")
        response.close()


def test_pages_are_compressed_with_their_security_headers(client):
    plain = client.get("/login")
    compressed = client.get("/login", headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.data).decode().count("<form") == plain.get_data(
        as_text=True
    ).count("<form")
    for name, value in HEADERS.items():
        assert compressed.headers[name] == value


@pytest.fixture
def reader(app, users, tmp_path):
    course = import_sample_course(tmp_path)
    trainee = users(country="GE")
    enrol_self(trainee, course)
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(trainee.email)
    return browser, course


def test_a_first_page_and_a_further_lesson_are_light_on_the_wire(reader):
    browser, course = reader
    first, second = ordered_lessons(course)[:2]
    url = f"/courses/{course.slug}/lessons/{first.slug}"
    page = browser.get(url, headers=GZIP)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"  # a signed-in user's page, as before
    html = gzip.decompress(page.data).decode()
    assets = sorted(set(ASSET.findall(html)))
    assert assets, "the page links its stylesheet"
    first_page = len(page.data) + sum(_wire_size(browser.client, asset) for asset in assets)
    assert first_page <= 100 * 1024

    # The assets are cached (immutable): a further lesson costs its HTML alone.
    further = browser.get(f"/courses/{course.slug}/lessons/{second.slug}", headers=GZIP)
    assert further.status_code == 200
    assert len(further.data) <= 20 * 1024


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ok", "database": "ok"}


def test_readiness_fails_while_the_database_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(db.session, "execute", refuse)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["database"] == "unavailable"


def test_each_request_writes_one_json_line(client, users, capsys):
    client.get("/healthz")
    client.get("/courses/no-such-course")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    health, missing = lines[-2:]
    assert health["method"] == "GET" and health["path"] == "/healthz"
    assert health["status"] == 200 and health["user"] is None
    assert isinstance(health["duration_ms"], float)
    assert missing["status"] in (302, 404)


def test_a_signed_in_request_names_its_user(browser, users, capsys):
    trainee = users()
    browser.login(trainee.email)
    capsys.readouterr()
    browser.get("/courses")
    (line,) = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    assert line["path"] == "/courses" and line["user"] == trainee.id


def test_a_request_that_waited_too_long_in_the_queue_gets_503_at_once(app, monkeypatch):
    shedding = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "ELEARN_SIGNING_KEY": app.config["ELEARN_SIGNING_KEY"],
            "ELEARN_MAX_QUEUE_MS": 1000,
            "ELEARN_MAX_CONCURRENT": 1,
        }
    )
    client = shedding.test_client()
    import time

    stale = {"X-Request-Start": f"t={time.time() - 5:.3f}"}
    response = client.get("/login", headers=stale)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(overload.RETRY_AFTER_SECONDS)
    assert "busy" in response.get_data(as_text=True)
    fresh = {"X-Request-Start": f"t={time.time():.3f}"}
    assert client.get("/login", headers=fresh).status_code == 200
    # The single slot was released after each request.
    assert client.get("/healthz").status_code == 200


def test_a_worker_imports_no_heavy_library_until_a_request_needs_it(tmp_path):
    key = tmp_path / "signing-key.pem"
    key.write_text("not read at start-up")
    probe = (
        "import sys, wsgi; heavy = ['alembic', 'cryptography', 'jsonschema', 'pyld', 'redis', "
        "'reportlab', 'segno']; print(','.join(m for m in heavy if m in sys.modules))"
    )
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "ELEARN_SIGNING_KEY": str(key),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite'}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("FLASK_RUN_FROM_CLI", None)
    result = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
