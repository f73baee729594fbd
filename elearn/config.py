"""Settings read from the environment: SECRET_KEY, DATABASE_URL and ELEARN_*."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment does not allow the application to start safely."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _trusted_hosts(base_url: str, local: bool) -> list[str]:
    """Host names requests may carry (Flask answers 400 to any other ``Host`` header): the list
    in ELEARN_TRUSTED_HOSTS, else the host of ELEARN_BASE_URL, plus loopback names when the site
    is local (development, tests, or a base URL on this machine)."""
    configured = os.environ.get("ELEARN_TRUSTED_HOSTS")
    if configured:
        return [host.strip() for host in configured.split(",") if host.strip()]
    host = urlsplit(base_url).hostname or "localhost"
    loopback = ["localhost", "127.0.0.1"]
    return [host, *loopback] if local or host in loopback else [host]


def missing_signing_key(path: str) -> str:
    return (
        f"The certificate signing key {path} (ELEARN_SIGNING_KEY) does not exist. Restore it from "
        "the backup (flask elearn restore), or create one with `flask certificates create-key` "
        "if no certificate was ever issued: certificates signed with a lost key no longer verify."
    )


def _default_database_url(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "elearn.sqlite")


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment, then apply ``overrides`` (tests use these)."""
    overrides = overrides or {}
    debug = _flag("FLASK_DEBUG") or _flag("ELEARN_DEVELOPMENT")
    https = _flag("ELEARN_HTTPS")
    config = {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or _default_database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_DURATION": timedelta(days=_int("ELEARN_REMEMBER_DAYS", 30)),
        "ELEARN_SESSION_TOUCH_MINUTES": _int("ELEARN_SESSION_TOUCH_MINUTES", 15),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int("ELEARN_SESSION_HOURS", 12)),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("ELEARN_RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "ELEARN_DEVELOPMENT": debug,
        "ELEARN_HTTPS": https,
        "ELEARN_PROXY_COUNT": _int("ELEARN_PROXY_COUNT", 0),
        "ELEARN_BASE_URL": os.environ.get("ELEARN_BASE_URL", "http://127.0.0.1:5000"),
        "ELEARN_LOGIN_RATE_LIMIT": os.environ.get("ELEARN_LOGIN_RATE_LIMIT", "20 per minute"),
        "ELEARN_VERIFY_RATE_LIMIT": os.environ.get("ELEARN_VERIFY_RATE_LIMIT", "30 per minute"),
        "ELEARN_LOCKOUT_THRESHOLD": _int("ELEARN_LOCKOUT_THRESHOLD", 5),
        "ELEARN_LOCKOUT_MINUTES": _int("ELEARN_LOCKOUT_MINUTES", 15),
        "ELEARN_LOCKOUT_ADDRESS_THRESHOLD": _int("ELEARN_LOCKOUT_ADDRESS_THRESHOLD", 50),
        "ELEARN_LOCKOUT_ADDRESS_MINUTES": _int("ELEARN_LOCKOUT_ADDRESS_MINUTES", 1),
        "ELEARN_LOCKOUT_WINDOW_HOURS": _int("ELEARN_LOCKOUT_WINDOW_HOURS", 24),
        "ELEARN_REGISTER_RATE_LIMIT": os.environ.get("ELEARN_REGISTER_RATE_LIMIT", "10 per hour"),
        "ELEARN_PASSWORD_MIN_LENGTH": _int("ELEARN_PASSWORD_MIN_LENGTH", 10),
        "ELEARN_PASSWORD_HASH_METHOD": os.environ.get("ELEARN_PASSWORD_HASH_METHOD", "scrypt"),
        "ELEARN_RESET_TOKEN_HOURS": _int("ELEARN_RESET_TOKEN_HOURS", 2),
        "ELEARN_INVITATION_TOKEN_DAYS": _int("ELEARN_INVITATION_TOKEN_DAYS", 14),
        "ELEARN_MAIL_BACKEND": os.environ.get("ELEARN_MAIL_BACKEND", "smtp"),
        "ELEARN_MAIL_SENDER": os.environ.get("ELEARN_MAIL_SENDER", "elearn@localhost"),
        "ELEARN_SMTP_HOST": os.environ.get("ELEARN_SMTP_HOST", "localhost"),
        "ELEARN_SMTP_PORT": _int("ELEARN_SMTP_PORT", 25),
        "ELEARN_SMTP_USER": os.environ.get("ELEARN_SMTP_USER"),
        "ELEARN_SMTP_PASSWORD": os.environ.get("ELEARN_SMTP_PASSWORD"),
        "ELEARN_SMTP_STARTTLS": _flag("ELEARN_SMTP_STARTTLS"),
        "ELEARN_PAGE_SIZE": _int("ELEARN_PAGE_SIZE", 25),
        # The production stack (docs/deployment.md): request log and load shedding.
        "ELEARN_REQUEST_LOG": os.environ.get("ELEARN_REQUEST_LOG", "1") != "0",
        "ELEARN_MAX_CONCURRENT": _int("ELEARN_MAX_CONCURRENT", 0),
        "ELEARN_QUEUE_WAIT_MS": _int("ELEARN_QUEUE_WAIT_MS", 0),
        "ELEARN_MAX_QUEUE_MS": _int("ELEARN_MAX_QUEUE_MS", 0),
        # Media files (2 MB) and CSV uploads (512 KB) fit well inside this.
        "MAX_CONTENT_LENGTH": _int("ELEARN_MAX_REQUEST_MB", 4) * 1024 * 1024,
        "ELEARN_SIGNING_KEY": os.environ.get(
            "ELEARN_SIGNING_KEY", os.path.join(instance_path, "signing-key.pem")
        ),
        # Former signing keys (public halves, *.pem), kept so that what they signed verifies.
        "ELEARN_RETIRED_KEYS": os.environ.get(
            "ELEARN_RETIRED_KEYS", os.path.join(instance_path, "retired-keys")
        ),
        # The did:web domain (host, and port if any) of the issuer; by default ELEARN_BASE_URL's.
        "ELEARN_DID_WEB_DOMAIN": os.environ.get("ELEARN_DID_WEB_DOMAIN"),
        "ELEARN_CERT_ISSUER": os.environ.get(
            "ELEARN_CERT_ISSUER", "EU Programme against Organised Crime: Law-Enforcement Training"
        ),
        "ELEARN_CERT_SIGNATORY": os.environ.get("ELEARN_CERT_SIGNATORY", "Programme Director"),
        # Issuer name and signatory title in other languages, e.g. ELEARN_CERT_ISSUER_RO.
        **{
            name: os.environ[name]
            for locale in ("HY", "AZ", "KA", "RO", "UK")
            for name in (f"ELEARN_CERT_ISSUER_{locale}", f"ELEARN_CERT_SIGNATORY_{locale}")
            if os.environ.get(name)
        },
        "ELEARN_LRS_ENDPOINT": os.environ.get("ELEARN_LRS_ENDPOINT"),
        "ELEARN_LRS_USERNAME": os.environ.get("ELEARN_LRS_USERNAME", ""),
        "ELEARN_LRS_PASSWORD": os.environ.get("ELEARN_LRS_PASSWORD", ""),
    }
    if debug:
        config["ELEARN_MAIL_BACKEND"] = os.environ.get("ELEARN_MAIL_BACKEND", "log")
    config.update(overrides)
    config.setdefault(
        "TRUSTED_HOSTS",
        _trusted_hosts(config["ELEARN_BASE_URL"], local=debug or bool(config.get("TESTING"))),
    )
    if not config["SECRET_KEY"]:
        if not (debug or config.get("TESTING")):
            raise ConfigError(
                "SECRET_KEY is not set. Set it in the environment "
                "(or set FLASK_DEBUG=1 for local development only)."
            )
        config["SECRET_KEY"] = "development-only-not-secret"  # nosec B105  # FLASK_DEBUG only
    # A server (gunicorn, any WSGI host) in production never starts without its signing key;
    # `flask` commands may (create-key and restore bring it), but never make one up either.
    serving = os.environ.get("FLASK_RUN_FROM_CLI") != "true"
    production = not (config["ELEARN_DEVELOPMENT"] or config.get("TESTING"))
    if serving and production and not os.path.isfile(config["ELEARN_SIGNING_KEY"]):
        raise ConfigError(missing_signing_key(config["ELEARN_SIGNING_KEY"]))
    return config
