"""Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0): the certificate as an
OpenBadgeCredential, signed as a VC-JWT (section 8.2, "JSON Web Token Proof Format") and checked
against 1EdTech's JSON Schema, vendored in schemas/ so that validation needs no network."""

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jwt
from joserfc.errors import BadSignatureError, JoseError, SecurityWarning
from joserfc.jwk import OKPKey
from jsonschema import Draft201909Validator
from referencing import Registry, Resource

from elearn.certificates.data import CertificateData
from elearn.certificates.keys import public_jwk

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_FILE = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
ALGORITHM = "EdDSA"
JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "sub")


class InvalidCredential(Exception):
    """A VC-JWT that is not a credential signed by the expected key; the message says why."""


def credential(
    data: CertificateData,
    *,
    issuer_id: str,
    issuer_name: str,
    credential_id: str,
    achievement_id: str,
) -> dict:
    """The certificate as an unsigned OpenBadgeCredential."""
    document = {
        "@context": CONTEXT,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": issuer_name,
            "official": data.signatory,
        },
        "validFrom": _datetime(data.issued_on),
        "name": data.course_title["en"],
        "credentialSubject": _subject(data, achievement_id),
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if data.expires_on is not None:
        document["validUntil"] = _datetime(data.expires_on)
    return document


def sign_credential(credential: dict, key: Ed25519PrivateKey) -> str:
    """A compact JWS whose payload is the credential plus the JWT claims OB 3.0 requires. The
    header carries the public JWK (its "kid" is the key's thumbprint), since a header "kid" must
    be a URI that resolves to the key."""
    header = {"alg": ALGORITHM, "typ": "JWT", "jwk": public_jwk(key)}
    payload = {**credential, **_claims(credential)}
    with _eddsa_allowed():
        return jwt.encode(header, payload, OKPKey.import_key(key), [ALGORITHM])


def verify_credential(token: str, public_key: Ed25519PublicKey) -> dict:
    """The credential in `token` when `public_key` signed it and its claims match it; otherwise
    raises InvalidCredential. Validity dates are the caller's to judge."""
    try:
        with _eddsa_allowed():
            payload = jwt.decode(token, OKPKey.import_key(public_key), [ALGORITHM]).claims
    except BadSignatureError as error:
        raise InvalidCredential("bad signature") from error
    except (JoseError, ValueError) as error:
        raise InvalidCredential("malformed") from error
    document = {name: value for name, value in payload.items() if name not in JWT_CLAIMS}
    claims = {name: value for name, value in payload.items() if name in JWT_CLAIMS}
    try:
        expected = _claims(document)
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidCredential("malformed") from error
    if claims != expected:
        raise InvalidCredential("claims do not match the credential")
    return document


def validate(credential: dict) -> list[str]:
    """What the vendored 1EdTech schema finds wrong with the credential; empty when valid."""
    errors = sorted(_validator().iter_errors(credential), key=lambda error: error.json_path)
    return [f"{error.json_path}: {error.message}" for error in errors]


def _subject(data: CertificateData, achievement_id: str) -> dict:
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [_name_identity(name) for name in _holder_names(data)],
        "achievement": _achievement(data, achievement_id),
    }
    if data.score is not None:
        subject["result"] = [{"type": ["Result"], "value": f"{round(data.score, 1):g}%"}]
    return subject


def _holder_names(data: CertificateData) -> list[str]:
    """The name in Latin letters, then in the holder's own script when that differs."""
    names = [data.holder_latin_name]
    if data.holder_name != data.holder_latin_name:
        names.append(data.holder_name)
    return names


def _name_identity(name: str) -> dict:
    return {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}


def _achievement(data: CertificateData, achievement_id: str) -> dict:
    title = data.course_title["en"]
    return {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": f"Completion of the course “{title}”: {data.hours:g} hours of training.",
        "criteria": {
            "narrative": f"Complete version {data.course_version} of the course “{title}” "
            "and meet its completion rules."
        },
        "humanCode": data.course_id,
        "version": str(data.course_version),
        "inLanguage": "en",
    }


def _datetime(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _claims(credential: dict) -> dict:
    """The JWT claims OB 3.0 derives from the credential: iss, jti, nbf, and exp and sub when
    the credential has validUntil and a subject id."""
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": _numeric_date(credential["validFrom"]),
    }
    if "validUntil" in credential:
        claims["exp"] = _numeric_date(credential["validUntil"])
    if "id" in credential["credentialSubject"]:
        claims["sub"] = credential["credentialSubject"]["id"]
    return claims


def _numeric_date(timestamp: str) -> int:
    return int(datetime.fromisoformat(timestamp).timestamp())


@contextmanager
def _eddsa_allowed() -> Iterator[None]:
    """joserfc warns that RFC 9864 deprecates "EdDSA" in favour of "Ed25519"; OB 3.0 verifiers
    know the former, so it stays, and only that warning is silenced."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "EdDSA is deprecated", SecurityWarning)
        yield


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft201909Validator(schema, registry=registry)
