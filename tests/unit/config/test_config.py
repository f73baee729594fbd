import pytest

from elearn import create_app
from elearn.config import ConfigError


@pytest.fixture
def production_environment(monkeypatch):
    for name in ("SECRET_KEY", "FLASK_DEBUG", "ELEARN_DEVELOPMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")


def test_refuses_to_start_without_secret_key_in_production(production_environment):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_starts_with_a_secret_key_and_reads_the_environment(production_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example/elearn")
    monkeypatch.setenv("ELEARN_LOCKOUT_THRESHOLD", "7")
    app = create_app()
    assert app.config["SECRET_KEY"] == "a-real-secret"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/elearn"
    assert app.config["ELEARN_LOCKOUT_THRESHOLD"] == 7
    assert app.config["ELEARN_MAIL_BACKEND"] == "smtp"


def test_development_mode_needs_no_secret_and_logs_mail(production_environment, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app()
    assert app.config["SECRET_KEY"]
    assert app.config["ELEARN_MAIL_BACKEND"] == "log"


def test_default_database_is_sqlite_in_the_instance_folder(production_environment, monkeypatch):
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("SECRET_KEY", "s")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/elearn.sqlite")
