"""Bitstring Status List encoding, and the issuer's did:web identifier."""

import base64
import gzip

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from elearn.certificates import did, statuslist
from elearn.certificates.proof import multikey


def test_bit_zero_is_the_first_bytes_most_significant_bit():
    encoded = statuslist.encode([0, 9, statuslist.LIST_SIZE - 1])

    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert encoded[0] == "u" and "=" not in encoded
    assert len(raw) == 16_384  # 131,072 bits: the specification's minimum, for herd privacy
    assert raw[:2] == bytes([0b1000_0000, 0b0100_0000]) and raw[-1] == 1
    assert set(raw[2:-1]) == {0}


def test_set_bits_read_back_and_others_do_not():
    encoded = statuslist.encode([5, 4711])

    assert [i for i in (4, 5, 6, 4710, 4711, 4712) if statuslist.is_set(encoded, i)] == [5, 4711]


def test_the_same_list_encodes_to_the_same_text():
    assert statuslist.encode([3, 1]) == statuslist.encode([1, 3])


@pytest.mark.parametrize(
    "encoded",
    [
        None,
        "zABC",  # not base64url multibase
        "u!!!!",
        "u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 10)).decode().rstrip("="),  # short
        "u" + "A" * (statuslist.MAX_ENCODED_LENGTH + 1),
    ],
)
def test_a_malformed_list_is_refused(encoded):
    with pytest.raises(statuslist.InvalidStatusList):
        statuslist.is_set(encoded, 0)


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(statuslist.InvalidStatusList):
        statuslist.is_set(statuslist.encode([]), statuslist.LIST_SIZE)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://training.example.eu", "did:web:training.example.eu"),
        ("https://training.example.eu/", "did:web:training.example.eu"),
        ("http://127.0.0.1:5000", "did:web:127.0.0.1%3A5000"),
    ],
)
def test_did_web_from_the_base_url(base_url, expected):
    assert did.did_web(did.domain_of(base_url)) == expected


def test_did_document_keeps_every_key_as_an_assertion_method():
    current, retired = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()

    document = did.did_document("did:web:x.example", [current.public_key(), retired.public_key()])

    ids = [f"did:web:x.example#{multikey(key.public_key())}" for key in (current, retired)]
    assert [method["id"] for method in document["verificationMethod"]] == ids
    assert document["assertionMethod"] == ids
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
