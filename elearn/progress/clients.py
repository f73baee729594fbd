"""Credentials of outside systems that read xAPI statements (HTTP Basic: key and secret).

The secret is 32 random bytes shown once when issued; only its SHA-256 is stored. A slow
password hash (scrypt) protects guessable passwords; a random 256-bit secret cannot be guessed,
and a fast hash keeps each API request cheap."""

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import Select, select

from elearn.audit.services import record
from elearn.auth.models import User
from elearn.extensions import db
from elearn.orgs.models import Agency, Country
from elearn.progress.models import XapiClient


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_client(
    actor: User | None,
    name: str,
    *,
    country: Country | None = None,
    agency: Agency | None = None,
    ip: str | None,
    now: datetime,
) -> tuple[XapiClient, str]:
    """A new client for exactly one country or one agency; returns it and its secret."""
    if (country is None) == (agency is None):
        raise ValueError("an xAPI client is scoped to one country or one agency")
    secret = secrets.token_urlsafe(32)
    client = XapiClient(
        name=name.strip(),
        key="xapi-" + secrets.token_hex(12),
        secret_hash=_digest(secret),
        country=country,
        agency=agency,
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(client)
    db.session.flush()
    record(
        actor,
        "xapi.client.issue",
        ip=ip,
        target=f"xapi-client:{client.key}",
        name=client.name,
        scope=scope_label(client),
    )
    return client, secret


def revoke_client(actor: User | None, client: XapiClient, *, ip: str | None, now: datetime):
    if client.revoked_at is None:
        client.revoked_at = now
        record(
            actor, "xapi.client.revoke", ip=ip, target=f"xapi-client:{client.key}", name=client.name
        )
        db.session.flush()


def authenticate(key: str, secret: str) -> XapiClient | None:
    """The active client with this key and secret, else None."""
    client = db.session.scalar(select(XapiClient).where(XapiClient.key == key))
    expected = client.secret_hash if client else _digest("")
    matches = hmac.compare_digest(expected, _digest(secret))
    return client if client is not None and matches and not client.is_revoked else None


def client_users(client: XapiClient) -> Select[tuple[User]]:
    """The officers whose statements the client may read: its agency's, or its country's."""
    if client.agency_id is not None:
        return select(User).where(User.agency_id == client.agency_id)
    agencies = select(Agency.id).where(Agency.country_id == client.country_id)
    return select(User).where(User.agency_id.in_(agencies))


def scope_label(client: XapiClient) -> str:
    return client.agency.name_en if client.agency else client.country.code


def clients() -> list[XapiClient]:
    return list(db.session.scalars(select(XapiClient).order_by(XapiClient.created_at.desc())))
