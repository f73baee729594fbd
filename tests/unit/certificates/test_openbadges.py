"""The Open Badges 3.0 credential: valid against 1EdTech's schema as issued, proof included, and
built only from terms its contexts define."""

import copy
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from elearn.certificates.data import CertificateData
from elearn.certificates.openbadges import CONTEXT, credential, validate
from elearn.certificates.proof import UnsupportedDocument, add_proof, canonicalize
from elearn.certificates.statuslist import entry

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
    "issuer_id": "did:web:training.example.eu",
    "issuer_name": "EU Law-Enforcement Training Programme",
    "credential_id": "https://training.example.eu/verify/TC-2026-7F3K-9QX2",
    "achievement_id": "https://training.example.eu/courses/crypto-tracing/3",
    "status": entry("https://training.example.eu/credentials/status/0", 4711),
}


@pytest.fixture
def georgian() -> dict:
    return credential(GEORGIAN, **IDS)


@pytest.fixture
def signed(georgian) -> dict:
    return add_proof(
        georgian,
        Ed25519PrivateKey.generate(),
        verification_method="did:web:training.example.eu#z6MkExample",
        created=datetime(2026, 3, 14, 9, 0, tzinfo=UTC),
    )


def test_a_georgian_holders_credential_is_valid(georgian):
    assert validate(georgian) == []


def test_the_credential_as_issued_with_its_proof_array_is_valid(signed):
    assert isinstance(signed["proof"], list)
    assert validate(signed) == []


def test_a_single_proof_object_is_refused_by_the_schema(signed):
    # 1EdTech's schema wants an array; checking with the proof removed once hid this.
    signed["proof"] = signed["proof"][0]

    assert any(error.startswith("$.proof") for error in validate(signed))


def test_every_term_is_defined_by_the_listed_contexts(georgian):
    assert georgian["@context"] == CONTEXT
    assert "1EdTechJsonSchemaValidator2019" in canonicalize(georgian).replace("%20", " ")


def test_without_the_extensions_context_the_schema_type_is_an_undefined_term(georgian):
    # The type is defined only in 1EdTech's extensions context: without it, its IRI would be
    # relative, and canonical forms would differ between implementations.
    without = copy.deepcopy(georgian)
    without["@context"] = CONTEXT[:2]

    with pytest.raises(UnsupportedDocument, match="not defined by any context: 1EdTech"):
        canonicalize(without)


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
    assert georgian["credentialStatus"] == {
        "id": "https://training.example.eu/credentials/status/0#4711",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "4711",
        "statusListCredential": "https://training.example.eu/credentials/status/0",
    }


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
