import pytest

from elearn import create_app
from elearn.certificates.keys import create_key
from elearn.certificates.services import signing_key
from elearn.config import ConfigError


@pytest.fixture
def production_environment(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "FLASK_DEBUG", "ELEARN_DEVELOPMENT", "FLASK_RUN_FROM_CLI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    key = tmp_path / "signing-key.pem"
    create_key(key)
    monkeypatch.setenv("ELEARN_SIGNING_KEY", str(key))
    return key


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


def test_a_server_refuses_to_start_without_its_signing_key(production_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s")
    production_environment.unlink()
    with pytest.raises(ConfigError, match="ELEARN_SIGNING_KEY.*flask certificates create-key"):
        create_app()
    assert not production_environment.exists()


def test_commands_start_without_it_and_create_key_makes_it(production_environment, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # as the `flask` command sets it
    production_environment.unlink()
    app = create_app()
    with app.app_context(), pytest.raises(ConfigError, match="ELEARN_SIGNING_KEY"):
        signing_key()  # never made up in production
    assert not production_environment.exists()

    runner = app.test_cli_runner()
    with app.app_context():  # the commands run in this app, not the tests' own
        created = runner.invoke(args=["certificates", "create-key"])
        again = runner.invoke(args=["certificates", "create-key"])
    assert created.exit_code == 0, created.output
    assert production_environment.stat().st_mode & 0o777 == 0o600
    assert again.exit_code == 1 and "exists already" in again.output
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    assert create_app().config["ELEARN_SIGNING_KEY"] == str(production_environment)


def test_development_creates_the_key_on_first_use(production_environment, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    production_environment.unlink()
    app = create_app()
    with app.app_context():
        signing_key()
    assert production_environment.is_file()
