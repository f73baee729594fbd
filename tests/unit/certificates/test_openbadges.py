"""The Open Badges 3.0 credential: valid against 1EdTech's schema, signed as a VC-JWT that
verifies only unchanged and only with the issuer's key."""

import base64
import json
import warnings
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jwt
from joserfc.errors import SecurityWarning
from joserfc.jwk import OKPKey

from elearn.certificates.data import CertificateData
from elearn.certificates.keys import public_jwk
from elearn.certificates.openbadges import (
    InvalidCredential,
    credential,
    sign_credential,
    validate,
    verify_credential,
)

GEORGIAN = CertificateData(
    serial="TC-2026-7F3K-9QX2",
    holder_name="ნინო ბერიძე",
    holder_latin_name="Nino Beridze",
    holder_locale="ka",
    course_id="crypto-tracing",
    course_version=3,
    course_title={"en": "Tracing crypto-assets", "ka": "კრიპტოაქტივების მიკვლევა"},
    hours=12.5,
    score=87.5,
    issued_on=date(2026, 3, 14),
    expires_on=date(2029, 3, 14),
    issuer="EU Law-Enforcement Training Programme",
    signatory="Ana Kvaratskhelia, Programme Director",
    verify_url="https://training.example.eu/verify/TC-2026-7F3K-9QX2",
)
IDS = {
    "issuer_id": "https://training.example.eu/issuer",
    "issuer_name": "EU Law-Enforcement Training Programme",
    "credential_id": "https://training.example.eu/verify/TC-2026-7F3K-9QX2",
    "achievement_id": "https://training.example.eu/courses/crypto-tracing/3",
}


@pytest.fixture
def georgian() -> dict:
    return credential(GEORGIAN, **IDS)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def segment(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def test_a_georgian_holders_credential_is_valid(georgian):
    assert validate(georgian) == []


def test_the_credential_states_the_certificate(georgian):
    subject = georgian["credentialSubject"]
    assert georgian["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert georgian["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert georgian["issuer"] == {
        "id": IDS["issuer_id"],
        "type": ["Profile"],
        "name": IDS["issuer_name"],
        "official": "Ana Kvaratskhelia, Programme Director",
    }
    assert georgian["validFrom"] == "2026-03-14T00:00:00Z"
    assert georgian["validUntil"] == "2029-03-14T00:00:00Z"
    assert [identity["identityHash"] for identity in subject["identifier"]] == [
        "Nino Beridze",
        "ნინო ბერიძე",
    ]
    assert {identity["identityType"] for identity in subject["identifier"]} == {"name"}
    assert subject["achievement"]["id"] == IDS["achievement_id"]
    assert subject["achievement"]["name"] == "Tracing crypto-assets"
    assert subject["result"] == [{"type": ["Result"], "value": "87.5%"}]


def test_without_score_or_expiry_there_is_no_result_or_end(georgian):
    latin = replace(
        GEORGIAN, holder_name="Ion Popescu", holder_latin_name="Ion Popescu", holder_locale="ro"
    )
    document = credential(replace(latin, score=None, expires_on=None), **IDS)

    assert "validUntil" not in document
    assert "result" not in document["credentialSubject"]
    assert len(document["credentialSubject"]["identifier"]) == 1
    assert validate(document) == []


def test_a_credential_without_issuer_is_invalid(georgian):
    del georgian["issuer"]

    assert validate(georgian) == ["$: 'issuer' is a required property"]


@pytest.mark.parametrize(
    "types",
    [["VerifiableCredential"], ["OpenBadgeCredential"], ["VerifiableCredential", "Badge"]],
)
def test_a_credential_of_the_wrong_type_is_invalid(georgian, types):
    georgian["type"] = types

    errors = validate(georgian)

    assert errors
    assert all(error.startswith("$.type") for error in errors)


def test_a_bad_achievement_is_reported_where_it_is(georgian):
    del georgian["credentialSubject"]["achievement"]["criteria"]
    georgian["credentialSubject"]["achievement"]["inLanguage"] = "Georgian"

    assert validate(georgian) == [
        "$.credentialSubject.achievement: 'criteria' is a required property",
        "$.credentialSubject.achievement.inLanguage: 'Georgian' does not match "
        "'^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'",
    ]


def test_the_signed_jwt_verifies_and_gives_the_credential_back(georgian, key):
    token = sign_credential(georgian, key)

    assert verify_credential(token, key.public_key()) == georgian


def test_the_jwt_follows_the_ob_3_proof_format(georgian, key):
    token = sign_credential(georgian, key)

    header, payload = segment(token, 0), segment(token, 1)
    assert header == {"alg": "EdDSA", "typ": "JWT", "jwk": public_jwk(key)}
    assert "d" not in header["jwk"]
    assert payload["iss"] == IDS["issuer_id"]
    assert payload["jti"] == IDS["credential_id"]
    assert payload["nbf"] == epoch(date(2026, 3, 14))
    assert payload["exp"] == epoch(date(2029, 3, 14))
    assert "sub" not in payload  # the holder is named by identifier, not by an id
    assert payload["credentialSubject"] == georgian["credentialSubject"]


def test_a_subject_id_becomes_the_sub_claim(georgian, key):
    georgian["credentialSubject"]["id"] = "did:example:holder"

    token = sign_credential(georgian, key)

    assert segment(token, 1)["sub"] == "did:example:holder"
    assert verify_credential(token, key.public_key()) == georgian


def test_a_changed_payload_byte_is_a_bad_signature(georgian, key):
    header, payload, signature = sign_credential(georgian, key).split(".")
    middle = len(payload) // 2
    changed = payload[:middle] + ("A" if payload[middle] != "A" else "B") + payload[middle + 1 :]

    with pytest.raises(InvalidCredential, match="bad signature"):
        verify_credential(f"{header}.{changed}.{signature}", key.public_key())


def test_another_keys_jwt_is_a_bad_signature(georgian, key):
    token = sign_credential(georgian, Ed25519PrivateKey.generate())

    with pytest.raises(InvalidCredential, match="bad signature"):
        verify_credential(token, key.public_key())


def sign_payload(payload: dict, key: Ed25519PrivateKey) -> str:
    """A JWT signed with the right key around whatever payload a test needs."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)
        return jwt.encode({"alg": "EdDSA"}, payload, OKPKey.import_key(key), ["EdDSA"])


@pytest.mark.parametrize(
    "token", ["", "abc", "a.b.c", "a.b", "eyJhbGciOiJub25lIn0.e30.", "eyJhbGciOiJub25lIn0.e30"]
)
def test_a_malformed_jwt_is_invalid(token, key):
    with pytest.raises(InvalidCredential, match="malformed"):
        verify_credential(token, key.public_key())


def test_a_signed_payload_that_is_no_credential_is_malformed(key):
    token = sign_payload({"iss": "https://training.example.eu/issuer", "name": "x"}, key)

    with pytest.raises(InvalidCredential, match="malformed"):
        verify_credential(token, key.public_key())


def test_claims_that_contradict_the_credential_are_invalid(georgian, key):
    payload = {
        **georgian,
        "iss": IDS["issuer_id"],
        "jti": "https://elsewhere.example/credential",
        "nbf": epoch(date(2026, 3, 14)),
        "exp": epoch(date(2029, 3, 14)),
    }

    with pytest.raises(InvalidCredential, match="claims do not match"):
        verify_credential(sign_payload(payload, key), key.public_key())
