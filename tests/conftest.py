"""Fixtures: one application per test session on a real database (SQLite, or PostgreSQL
when ELEARN_TEST_DATABASE_URL says so), migrated with Alembic; each test starts from the
reference data alone."""

import os
import re
import threading

import flask_migrate
import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from elearn import create_app
from elearn.extensions import db, limiter
from elearn.mail import outbox
from elearn.orgs.reference import ensure_reference_data
from tests.factories import UserFactory

REFERENCE_TABLES = {"countries", "agencies", "alembic_version"}


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("ELEARN_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def _empty_database() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production, rather than in the
    test's (which would share the database session and ``g`` between test and request)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
            "ELEARN_MAIL_BACKEND": "memory",
            "ELEARN_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "ELEARN_SIGNING_KEY": str(tmp_path_factory.mktemp("keys") / "signing-key.pem"),
            "ELEARN_RETIRED_KEYS": str(tmp_path_factory.mktemp("retired-keys")),
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        _empty_database()
        # Every schema change must migrate both ways on an empty database.
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()
        ensure_reference_data()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


class _DatabaseUse:
    """Whether any SQL ran, on any engine and from any thread, since ``forget``: a test that
    never reached the database (a parser, grading, quiz syntax) has no row to delete."""

    sql_ran = False

    @classmethod
    def forget(cls) -> None:
        cls.sql_ran = False

    @classmethod
    def seen(cls, *args, **kwargs) -> None:
        cls.sql_ran = True


event.listen(Engine, "before_cursor_execute", _DatabaseUse.seen)


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test in an application context; after it, if it ran any SQL, every row but the
    reference data is deleted (pure tests skip that deletion, which costs more than they do)."""
    _DatabaseUse.forget()
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        if _DatabaseUse.sql_ran:
            _delete_test_rows()
        outbox().clear()
        limiter.reset()


def _delete_test_rows() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


def buffered(app):
    """Each response read whole before it is sent. Werkzeug's server skips closing a response
    when the browser drops the connection first (a favicon, a page left early), which leaves a
    static file open; a buffered response holds no file."""

    def wsgi(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(app):
    """The app served by threads on a free port of 127.0.0.1, as a browser reaches it."""
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def users():
    return UserFactory()


CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that fills in forms as a person would: load the page, then post it."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def submit(self, page_url, data, *, action=None, follow_redirects=False, **kwargs):
        page = self.client.get(page_url)
        payload = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
        return self.client.post(
            action or page_url, data=payload, follow_redirects=follow_redirects, **kwargs
        )

    def login(self, email, password=UserFactory.PASSWORD):
        response = self.submit("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def logout(self):
        return self.submit("/", {}, action="/logout")


@pytest.fixture
def browser(client):
    return Browser(client)
