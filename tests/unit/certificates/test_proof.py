"""eddsa-rdfc-2022 Data Integrity proofs: the W3C test vector reproduced exactly, round trips on an
Open Badges 3.0 credential, every kind of tampering refused, and no context ever fetched."""

import copy
import hashlib
import socket
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from elearn.certificates import proof
from elearn.certificates.proof import (
    InvalidProof,
    UnsupportedDocument,
    add_proof,
    canonicalize,
    hash_data,
    multikey,
    verify_proof,
)

# --- W3C "Data Integrity EdDSA Cryptosuites v1.0", B.1 Representation: eddsa-rdfc-2022 ----------
# Copied from the specification and w3c/vc-di-eddsa TestVectors/ (keyPair.json and
# eddsa-rdfc-2022/): key pair, credential without proof, proof options, canonical forms, hashes,
# signature and signed credential.

W3C_PUBLIC_KEY_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_SECRET_KEY_MULTIBASE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"

# The examples context the vector uses; it is not vendored for production, so the vector tests
# serve it to the loader themselves.
W3C_EXAMPLES_CONTEXT_URL = "https://www.w3.org/ns/credentials/examples/v2"
W3C_EXAMPLES_CONTEXT = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}

W3C_UNSIGNED = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}

W3C_CANONICAL_DOCUMENT = """\
<did:example:abcdefgh> <https://www.w3.org/ns/credentials/examples#alumniOf> "The School of Examples" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/examples#AlumniCredential> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/description> "A minimum viable example of an Alumni Credential." .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/name> "Alumni Credential" .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:abcdefgh> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#issuer> <https://vc.example/issuers/5678> .
<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#validFrom> "2023-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
"""  # noqa: E501
W3C_DOCUMENT_HASH = "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"

W3C_VERIFICATION_METHOD = "https://vc.example/issuers/5678#" + W3C_PUBLIC_KEY_MULTIBASE

W3C_PROOF_OPTIONS = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": W3C_VERIFICATION_METHOD,
    "proofPurpose": "assertionMethod",
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
}

W3C_CANONICAL_PROOF_OPTIONS = """\
_:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .
_:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"^^<https://w3id.org/security#cryptosuiteString> .
_:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .
_:c14n0 <https://w3id.org/security#verificationMethod> <https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2> .
"""  # noqa: E501
W3C_PROOF_OPTIONS_HASH = "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"

W3C_COMBINED_HASH = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
)
W3C_SIGNATURE_HEX = (
    "3237ba3b695c09e199540507ead17a58300cc4efe91ce19d582ad7e001455190"
    "f1ea3d13bdeff2cbaf7f30da7fe9f24b475511ef3875b6efe7cc9f49d3f55b02"
)

W3C_SIGNED = {
    **W3C_UNSIGNED,
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": W3C_VERIFICATION_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": (
            "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrV"
            "PE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9"
        ),
    },
}

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def decode_multibase(text: str) -> bytes:
    """base58-btc, written here independently of the module under test."""
    assert text[0] == "z"
    digits = text[1:]
    number = 0
    for char in digits:
        number = number * 58 + BASE58_ALPHABET.index(char)
    leading_zeros = len(digits) - len(digits.lstrip("1"))
    return b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


@pytest.fixture
def w3c_contexts(monkeypatch):
    monkeypatch.setitem(proof.CONTEXTS, W3C_EXAMPLES_CONTEXT_URL, W3C_EXAMPLES_CONTEXT)


@pytest.fixture
def w3c_key() -> Ed25519PrivateKey:
    secret = decode_multibase(W3C_SECRET_KEY_MULTIBASE)
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(secret[2:])


def test_w3c_key_pair_gives_the_published_multikey(w3c_key):
    assert multikey(w3c_key.public_key()) == W3C_PUBLIC_KEY_MULTIBASE


def test_w3c_vector_canonical_forms_and_hashes(w3c_contexts):
    document = canonicalize(W3C_UNSIGNED)
    proof_options = canonicalize(W3C_PROOF_OPTIONS)

    assert document == W3C_CANONICAL_DOCUMENT
    assert hashlib.sha256(document.encode()).hexdigest() == W3C_DOCUMENT_HASH
    assert proof_options == W3C_CANONICAL_PROOF_OPTIONS
    assert hashlib.sha256(proof_options.encode()).hexdigest() == W3C_PROOF_OPTIONS_HASH
    options_without_context = {k: v for k, v in W3C_PROOF_OPTIONS.items() if k != "@context"}
    assert hash_data(W3C_UNSIGNED, options_without_context).hex() == W3C_COMBINED_HASH


def test_w3c_vector_signature_and_signed_credential(w3c_contexts, w3c_key):
    signed = add_proof(
        W3C_UNSIGNED,
        w3c_key,
        verification_method=W3C_PROOF_OPTIONS["verificationMethod"],
        created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC),
    )

    assert signed == {**W3C_SIGNED, "proof": [W3C_SIGNED["proof"]]}  # a set of one
    assert decode_multibase(signed["proof"][0]["proofValue"]).hex() == W3C_SIGNATURE_HEX
    assert "proof" not in W3C_UNSIGNED


def test_w3c_signed_credential_verifies(w3c_contexts, w3c_key):
    verify_proof(W3C_SIGNED, w3c_key.public_key())


# --- An Open Badges 3.0 credential --------------------------------------------------------------

ISSUER_ID = "https://elearn.example/issuers/programme"
VERIFICATION_METHOD = ISSUER_ID + "#key-1"
CREATED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
UNKNOWN_CONTEXT_URL = "https://contexts.example/unknown/v1"


def open_badge() -> dict:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:0b6f0e4e-1c1a-4c5e-9a43-4f3f7e0d2a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "კრიპტოვალუტის მიკვლევა — Cryptocurrency tracing",
        "issuer": {
            "id": ISSUER_ID,
            "type": ["Profile"],
            "name": "EU Law-Enforcement Training Programme",
        },
        "validFrom": "2026-03-01T09:00:00Z",
        "credentialSubject": {
            "id": "urn:uuid:7d1e0c52-5a9e-4c1b-8f0e-2b7c1a9d3e44",
            "type": ["AchievementSubject"],
            "name": "Անի Պետրոսյան",
            "achievement": {
                "id": "https://elearn.example/courses/crypto-tracing/v3",
                "type": ["Achievement"],
                "name": "Կրիպտոարժույթի հետագծում",
                "description": "კურსი კრიპტოვალუტის ტრანზაქციების მიკვლევის შესახებ.",
                "criteria": {"narrative": "Completed every module and passed the final quiz."},
            },
        },
    }


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signed(key) -> dict:
    return add_proof(open_badge(), key, verification_method=VERIFICATION_METHOD, created=CREATED)


def test_open_badge_round_trip(key, signed):
    assert {k: v for k, v in signed.items() if k != "proof"} == open_badge()
    assert signed["proof"][0] == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-03-01T09:30:00Z",
        "verificationMethod": VERIFICATION_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": signed["proof"][0]["proofValue"],
    }
    assert signed["proof"][0]["proofValue"].startswith("z")
    assert len(decode_multibase(signed["proof"][0]["proofValue"])) == 64

    verify_proof(signed, key.public_key())


def test_georgian_and_armenian_text_is_signed_as_written(signed):
    nquads = canonicalize({k: v for k, v in signed.items() if k != "proof"})

    assert '"Անի Պետրոսյան"' in nquads
    assert '"კრიპტოვალუტის მიკვლევა — Cryptocurrency tracing"' in nquads


def test_created_is_written_in_utc():
    tbilisi = timezone(timedelta(hours=4))
    signed = add_proof(
        open_badge(),
        Ed25519PrivateKey.generate(),
        verification_method=VERIFICATION_METHOD,
        created=datetime(2026, 3, 1, 13, 30, 15, 999, tzinfo=tbilisi),
    )

    assert signed["proof"][0]["created"] == "2026-03-01T09:30:15Z"


def test_naive_created_is_refused(key):
    with pytest.raises(ValueError, match="timezone-aware"):
        add_proof(
            open_badge(), key, verification_method=VERIFICATION_METHOD, created=datetime(2026, 3, 1)
        )


@pytest.mark.parametrize(
    "path, value",
    [
        pytest.param(path, value, id=path)
        for path, value in [
            ("name", "კრიპტოვალუტის მიკვლევა — Cryptocurrency tracing!"),
            ("validFrom", "2026-03-02T09:00:00Z"),
            ("issuer.id", "https://impostor.example/issuers/programme"),
            ("credentialSubject.name", "Անի Պետրոսյանը"),
            ("credentialSubject.achievement.name", "Կրիպտոարժույթ"),
            ("credentialSubject.achievement.criteria.narrative", "Attended."),
        ]
    ],
)
def test_a_changed_credential_field_is_a_bad_signature(key, signed, path, value):
    tampered = copy.deepcopy(signed)
    *parents, field = path.split(".")
    target = tampered
    for parent in parents:
        target = target[parent]
    target[field] = value

    with pytest.raises(InvalidProof, match="^bad signature$"):
        verify_proof(tampered, key.public_key())


@pytest.mark.parametrize(
    "field, value",
    [
        ("created", "2026-03-01T09:30:01Z"),
        ("verificationMethod", ISSUER_ID + "#key-2"),
    ],
)
def test_a_changed_proof_option_is_a_bad_signature(key, signed, field, value):
    tampered = copy.deepcopy(signed)
    tampered["proof"][0][field] = value

    with pytest.raises(InvalidProof, match="^bad signature$"):
        verify_proof(tampered, key.public_key())


def test_a_changed_proof_value_is_refused(key, signed):
    tampered = copy.deepcopy(signed)
    value = tampered["proof"][0]["proofValue"]
    middle = len(value) // 2
    replacement = "2" if value[middle] != "2" else "3"
    tampered["proof"][0]["proofValue"] = value[:middle] + replacement + value[middle + 1 :]

    with pytest.raises(InvalidProof, match="^bad signature$"):
        verify_proof(tampered, key.public_key())


def test_another_key_is_a_bad_signature(signed):
    with pytest.raises(InvalidProof, match="^bad signature$"):
        verify_proof(signed, Ed25519PrivateKey.generate().public_key())


def test_no_proof(key):
    with pytest.raises(InvalidProof, match="^no proof$"):
        verify_proof(open_badge(), key.public_key())


@pytest.mark.parametrize(
    "field, value",
    [("cryptosuite", "eddsa-jcs-2022"), ("type", "Ed25519Signature2020")],
)
def test_unsupported_cryptosuite(key, signed, field, value):
    tampered = copy.deepcopy(signed)
    tampered["proof"][0][field] = value

    with pytest.raises(InvalidProof, match="^unsupported cryptosuite$"):
        verify_proof(tampered, key.public_key())


@pytest.mark.parametrize(
    "field, value",
    [
        ("proofValue", "u" + "A" * 86),  # base64url multibase, not base58-btc
        ("proofValue", "z0OIl"),  # not base58 digits
        ("proofValue", None),
        ("created", "1 March 2026"),
        ("proofPurpose", "authentication"),
    ],
)
def test_malformed_proof(key, signed, field, value):
    tampered = copy.deepcopy(signed)
    tampered["proof"][0][field] = value

    with pytest.raises(InvalidProof, match="^malformed proof$"):
        verify_proof(tampered, key.public_key())


def test_a_proof_set_is_not_supported(key, signed):
    tampered = {**signed, "proof": [signed["proof"]]}

    with pytest.raises(InvalidProof, match="^malformed proof$"):
        verify_proof(tampered, key.public_key())


def test_unknown_remote_context_is_refused_by_the_loader_without_network(monkeypatch, key, signed):
    connections = []

    def no_network(*args, **kwargs):
        connections.append(args)
        raise OSError("this test allows no network access")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    refused = []
    vendored_only = proof.load_context

    def recording_loader(url, options=None):
        try:
            return vendored_only(url, options)
        except UnsupportedDocument:
            refused.append(url)
            raise

    monkeypatch.setattr(proof, "load_context", recording_loader)
    with_unknown_context = copy.deepcopy(signed)
    with_unknown_context["@context"].append(UNKNOWN_CONTEXT_URL)

    with pytest.raises(UnsupportedDocument, match="^context not vendored"):
        verify_proof(with_unknown_context, key.public_key())
    with pytest.raises(UnsupportedDocument, match=f"^context not vendored: {UNKNOWN_CONTEXT_URL}$"):
        add_proof(
            {k: v for k, v in with_unknown_context.items() if k != "proof"},
            key,
            verification_method=VERIFICATION_METHOD,
            created=CREATED,
        )

    assert refused == [UNKNOWN_CONTEXT_URL, UNKNOWN_CONTEXT_URL]
    assert connections == []


def test_loader_serves_only_vendored_contexts():
    served = proof.load_context("https://www.w3.org/ns/credentials/v2")

    assert served["document"]["@context"]["@protected"] is True
    with pytest.raises(UnsupportedDocument, match="context not vendored"):
        proof.load_context(W3C_EXAMPLES_CONTEXT_URL)


def test_a_property_no_context_defines_is_refused(key, signed):
    # Canonicalization would drop it, leaving it unsigned: refuse to sign or verify it.
    with_undefined = copy.deepcopy(signed)
    with_undefined["credentialSubject"]["grade"] = "A+"

    with pytest.raises(UnsupportedDocument, match="property not defined by any context: grade"):
        verify_proof(with_undefined, key.public_key())
    with pytest.raises(UnsupportedDocument, match="property not defined by any context: grade"):
        add_proof(
            {k: v for k, v in with_undefined.items() if k != "proof"},
            key,
            verification_method=VERIFICATION_METHOD,
            created=CREATED,
        )


def test_a_document_with_a_proof_is_not_signed_again(key, signed):
    with pytest.raises(ValueError, match="already has a proof"):
        add_proof(signed, key, verification_method=VERIFICATION_METHOD, created=CREATED)


def test_multikey_is_an_ed25519_multikey(key):
    encoded = multikey(key.public_key())

    assert encoded.startswith("z6Mk")
    assert decode_multibase(encoded) == b"\xed\x01" + key.public_key().public_bytes_raw()


def test_a_type_no_context_defines_is_refused_rather_than_made_relative(key):
    # jsonld.js in safe mode refuses it; PyLD would make it relative to its default base and
    # sign a quad that no other implementation reproduces.
    with_undefined_type = open_badge()
    with_undefined_type["credentialSubject"]["type"] = ["AchievementSubject", "Graduate"]

    with pytest.raises(UnsupportedDocument, match="term not defined by any context: Graduate"):
        add_proof(
            with_undefined_type, key, verification_method=VERIFICATION_METHOD, created=CREATED
        )


def test_a_relative_id_is_refused(key):
    with_relative_id = {**open_badge(), "id": "credentials/42"}

    with pytest.raises(UnsupportedDocument, match="not defined by any context: credentials/42"):
        add_proof(with_relative_id, key, verification_method=VERIFICATION_METHOD, created=CREATED)
