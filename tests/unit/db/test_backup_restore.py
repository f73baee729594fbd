"""`flask elearn backup` then `flask elearn restore` onto a fresh database and a fresh instance
folder: every row comes back, and every certificate still verifies."""

import contextlib
import tarfile

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from elearn import create_app
from elearn.certificates.models import Certificate
from elearn.certificates.services import signature_is_valid
from elearn.config import PROJECT_ROOT
from elearn.extensions import db

PASSPHRASE = {"ELEARN_BACKUP_PASSPHRASE": "correct horse battery staple"}


@contextlib.contextmanager
def fresh_database(app, tmp_path):
    """An empty database beside the tests' own: a new SQLite file, or a new PostgreSQL database."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        (tmp_path / "fresh").mkdir()
        yield f"sqlite:///{tmp_path}/fresh/elearn.sqlite"
        return
    name = f"{url.database}_restore"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def table_rows(engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{name}"'))),
                key=repr,
            )
            for name in inspect(engine).get_table_names()
        }


def verification() -> dict[str, bool]:
    return {c.serial: signature_is_valid(c) for c in db.session.scalars(select(Certificate))}


def invoke(app, *args, env=None):
    with app.app_context():  # the command runs in this application, not the tests' own
        return app.test_cli_runner().invoke(args=list(args), env=env)


@pytest.fixture
def populated(app, tmp_path, monkeypatch):
    """The demo instance, made by the same commands as `make run`, whose certificates were
    signed by a key since retired (rotated): restoring them needs the retired keys too."""
    keys = tmp_path / "source-instance"
    monkeypatch.setitem(app.config, "ELEARN_SIGNING_KEY", str(keys / "signing-key.pem"))
    monkeypatch.setitem(app.config, "ELEARN_RETIRED_KEYS", str(keys / "retired-keys"))
    courses = [str(PROJECT_ROOT / "courses" / c) for c in ("crypto-tracing", "trainer-methodology")]
    for args in (
        ["courses", "import", *courses],
        ["trainers", "import-programmes"],
        ["elearn", "demo"],
        ["certificates", "rotate-key"],
    ):
        result = invoke(app, *args)
        assert result.exit_code == 0, result.output
    return verification()


def test_a_restore_onto_a_fresh_instance_is_the_same_instance(app, populated, tmp_path):
    assert populated and all(populated.values())  # course and trainer certificates alike
    archive = tmp_path / "backup.tar"
    original_rows = table_rows(db.engine)
    refused = invoke(app, "elearn", "backup", str(archive))
    assert refused.exit_code == 1 and "ELEARN_BACKUP_PASSPHRASE" in refused.output
    made = invoke(app, "elearn", "backup", str(archive), env=PASSPHRASE)
    assert made.exit_code == 0, made.output
    assert "signing key encrypted" in made.output
    with tarfile.open(archive) as members:
        key = members.extractfile("signing-key.pem").read()
        retired = [name for name in members.getnames() if name.startswith("retired-keys/")]
    assert b"ENCRYPTED PRIVATE KEY" in key and len(retired) == 1

    with fresh_database(app, tmp_path) as url:
        fresh = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": app.config["SECRET_KEY"],
                "SQLALCHEMY_DATABASE_URI": url,
                "ELEARN_SIGNING_KEY": str(tmp_path / "instance" / "signing-key.pem"),
                "ELEARN_RETIRED_KEYS": str(tmp_path / "instance" / "retired-keys"),
            }
        )
        try:
            wrong = invoke(
                fresh, "elearn", "restore", str(archive), env={"ELEARN_BACKUP_PASSPHRASE": "wrong"}
            )
            assert wrong.exit_code == 1 and "cannot decrypt" in wrong.output
            damaged = tmp_path / "damaged.tar"
            data = bytearray(archive.read_bytes())
            data[len(data) // 2] ^= 0xFF
            damaged.write_bytes(data)
            broken = invoke(fresh, "elearn", "restore", str(damaged), env=PASSPHRASE)
            assert broken.exit_code == 1 and "nothing restored" in broken.output
            with fresh.app_context():
                assert inspect(db.engine).get_table_names() == []
                assert not (tmp_path / "instance" / "signing-key.pem").exists()

            restored = invoke(fresh, "elearn", "restore", str(archive), env=PASSPHRASE)
            assert restored.exit_code == 0, restored.output

            with fresh.app_context():
                assert table_rows(db.engine) == original_rows
                assert verification() == populated
            again = invoke(fresh, "elearn", "restore", str(archive), env=PASSPHRASE)
            assert again.exit_code == 1 and "not empty" in again.output
        finally:
            with fresh.app_context():
                db.engine.dispose()


def test_a_backup_without_the_key_says_so_and_the_restore_asks_for_it(app, tmp_path):
    archive = tmp_path / "backup.tar"
    made = invoke(app, "elearn", "backup", str(archive), "--without-key")
    assert made.exit_code == 0 and "signing key NOT included" in made.output
    with tarfile.open(archive) as members:
        assert "signing-key.pem" not in members.getnames()
    key = tmp_path / "instance" / "signing-key.pem"
    with fresh_database(app, tmp_path) as url:
        fresh = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "s",
                "SQLALCHEMY_DATABASE_URI": url,
                "ELEARN_SIGNING_KEY": str(key),
            }
        )
        try:
            restored = invoke(fresh, "elearn", "restore", str(archive))
        finally:
            with fresh.app_context():
                db.engine.dispose()
    assert restored.exit_code == 0, restored.output
    assert f"put the one kept separately at {key}" in restored.output
    assert not key.exists()
