"""Backup and restore of an instance: one tar archive holding the database and the signing keys.

The database is copied by the database's own tools: SQLite's online backup API (a consistent copy
while the application runs) or ``pg_dump --format=custom`` / ``pg_restore``. Course media and
every upload live in the database (``media_files``), so the copy holds them. The signing key is
stored encrypted with a passphrase from the environment (``ELEARN_BACKUP_PASSPHRASE``), so that a
copied archive alone cannot sign certificates, or left out when the operator keeps it elsewhere;
the public halves of retired keys (``ELEARN_RETIRED_KEYS``), which old certificates need, go too.
A manifest lists every member with its SHA-256; restore checks it before changing anything."""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404  # runs pg_dump/pg_restore only, argument lists, no shell
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from elearn.certificates import keys

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
KEY_MEMBER = "signing-key.pem"  # PKCS8, encrypted with the passphrase
KNOWN_MEMBERS = {MANIFEST, KEY_MEMBER, *DATABASE_MEMBERS.values()}
RETIRED_KEY_MEMBER = re.compile(r"retired-keys/[\w.-]+\.pem")  # public keys, not secret


class BackupError(Exception):
    """The backup or restore cannot be done; nothing was changed."""


def backup(
    engine: Engine,
    key_path: Path,
    retired_keys: Path,
    destination: Path,
    *,
    passphrase: bytes | None,
    now: datetime,
) -> dict:
    """Write the archive to ``destination`` (complete or not at all); return its manifest.
    Without ``passphrase`` the key is left out, to be kept separately."""
    dialect = _dialect(engine)
    with tempfile.TemporaryDirectory() as work:
        files = {DATABASE_MEMBERS[dialect]: Path(work) / DATABASE_MEMBERS[dialect]}
        _dump(engine, files[DATABASE_MEMBERS[dialect]])
        if passphrase is not None:
            try:
                key = keys.load_key(key_path)
            except FileNotFoundError:
                raise BackupError(f"there is no signing key at {key_path}") from None
            files[KEY_MEMBER] = Path(work) / KEY_MEMBER
            files[KEY_MEMBER].write_bytes(keys.encrypted_pem(key, passphrase))
        for path in sorted(retired_keys.glob("*.pem")):
            files[f"retired-keys/{path.name}"] = path
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "dialect": dialect,
            "revision": _revision(engine),
            "members": {name: _sha256(path) for name, path in files.items()},
        }
        partial = destination.with_name(f".{destination.name}.partial")
        # Private: the archive holds password hashes and personal data.
        private = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(private, "wb") as file, tarfile.open(fileobj=file, mode="w") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            for name, path in files.items():
                archive.add(path, arcname=name)
        partial.replace(destination)
    return manifest


def restore(
    engine: Engine,
    key_path: Path,
    retired_keys: Path,
    source: Path,
    *,
    passphrase: bytes | None,
    force: bool,
) -> dict:
    """Load the archive into the configured database and key file; return its manifest.
    Refuses a database that has tables unless ``force``, and never replaces a different key."""
    with tempfile.TemporaryDirectory() as work:
        manifest = _extract(source, Path(work))
        dialect = _dialect(engine)
        if manifest["dialect"] != dialect:
            raise BackupError(f"the archive holds a {manifest['dialect']} database, not {dialect}")
        key = _archived_key(Path(work), manifest, key_path, passphrase)
        if not force and inspect(engine).get_table_names():
            raise BackupError("the database is not empty (use --force to overwrite it)")
        _load(engine, Path(work) / DATABASE_MEMBERS[dialect])
        _restore_retired_keys(Path(work), manifest, retired_keys)
    if key is not None and not key_path.exists():
        keys.create_key(key_path, key)
    return manifest


def _dialect(engine: Engine) -> str:
    if engine.dialect.name not in DATABASE_MEMBERS:
        raise BackupError(f"no backup for {engine.dialect.name} databases")
    return engine.dialect.name


def _revision(engine: Engine) -> str | None:
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _extract(source: Path, work: Path) -> dict:
    """The manifest, once every member is extracted to ``work`` and matches its checksum."""
    try:
        with tarfile.open(source, "r") as archive:
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            expected = {MANIFEST, *manifest["members"]}
            names = set(archive.getnames())
            known = {n for n in names if n in KNOWN_MEMBERS or RETIRED_KEY_MEMBER.fullmatch(n)}
            if names != expected or names != known:
                raise BackupError(f"unexpected members in {source}: {sorted(names ^ expected)}")
            archive.extractall(
                work, members=[archive.getmember(n) for n in manifest["members"]], filter="data"
            )
    except (OSError, tarfile.TarError, KeyError, TypeError, ValueError) as error:
        raise BackupError(f"{source} is not a readable backup archive ({error})") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    for name, digest in manifest["members"].items():
        if _sha256(work / name) != digest:
            raise BackupError(f"{name} in {source} is damaged (checksum mismatch)")
    return manifest


def _restore_retired_keys(work: Path, manifest: dict, retired_keys: Path) -> None:
    """Put back the public halves of retired keys that the instance does not have yet."""
    for name in manifest["members"]:
        if RETIRED_KEY_MEMBER.fullmatch(name):
            target = retired_keys / Path(name).name
            if not target.exists():
                retired_keys.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / name, target)


def _archived_key(work: Path, manifest: dict, key_path: Path, passphrase: bytes | None):
    """The key in the archive, decrypted (None when the archive has none); refuses when the
    instance already has a different one."""
    if KEY_MEMBER not in manifest["members"]:
        return None
    if passphrase is None:
        raise BackupError(
            "the archive holds the encrypted signing key: set ELEARN_BACKUP_PASSPHRASE"
        )
    try:
        key = keys.decrypt_pem((work / KEY_MEMBER).read_bytes(), passphrase)
    except keys.KeyFileError as error:
        raise BackupError(f"cannot decrypt the signing key: {error}") from error
    if key_path.exists():
        present = keys.public_jwk(keys.load_key(key_path))
        if present != keys.public_jwk(key):
            raise BackupError(
                f"{key_path} holds another signing key; move it away to restore the archived one"
            )
    return key


def _dump(engine: Engine, target: Path) -> None:
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        copy = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
            raw.close()
        return
    _check_pg_dump_version(engine)
    _run_pg(
        engine,
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
    )


def _load(engine: Engine, source: Path) -> None:
    engine.dispose()  # no pooled connection may hold locks on what is replaced
    if engine.dialect.name == "sqlite":
        copy = sqlite3.connect(source)
        raw = engine.raw_connection()
        try:
            copy.backup(raw.driver_connection)
        finally:
            raw.close()
            copy.close()
        engine.dispose()
        return
    _run_pg(
        engine,
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(source),
        ],
    )


def _run_pg(engine: Engine, command: list[str]) -> None:
    """Run a PostgreSQL client tool on the configured database; the password goes through the
    environment, never the command line."""
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    url = engine.url
    environment = {**os.environ, "PGPASSWORD": url.password or ""}
    target = [
        f"--host={url.host or 'localhost'}",
        f"--port={url.port or 5432}",
        f"--username={url.username or 'postgres'}",
        f"--dbname={url.database}",
    ]
    done = subprocess.run(
        [executable, *command[1:], *target],
        env=environment,  # nosec B603  # fixed argv, no shell
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _check_pg_dump_version(engine: Engine) -> None:
    """pg_dump refuses, or writes what pg_restore cannot read, when older than the server."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    version = subprocess.run(  # nosec B603  # a fixed argument list, no shell
        [pg_dump, "--version"], capture_output=True, text=True, check=True
    )
    client = int(re.search(r"(\d+)\.", version.stdout).group(1))
    with engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar()) // 10000
    if client < server:
        raise BackupError(
            f"pg_dump {client} is older than the PostgreSQL {server} server: "
            f"install postgresql-client-{server}"
        )
