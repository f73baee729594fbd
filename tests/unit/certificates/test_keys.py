"""The issuer key file, detached Ed25519 signatures and the public JWK."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from elearn.certificates.keys import (
    KeyFileError,
    load_or_create_key,
    public_jwk,
    sign,
    verify_signature,
)

# RFC 8037, appendix A: the private key (A.1), its public key (A.2), its JWK thumbprint (A.3) and
# a signature made with it (A.4)
RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_THUMBPRINT = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
RFC8037_DATA = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
RFC8037_SIGNATURE = (
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
)
RFC8037_KEY = Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(RFC8037_D + "="))


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_a_missing_key_is_created_private_and_then_reused(tmp_path):
    path = tmp_path / "instance" / "keys" / "issuer.pem"

    created = load_or_create_key(path)

    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    assert raw_public(load_or_create_key(path)) == raw_public(created)


def test_an_existing_key_file_is_read_not_replaced(tmp_path):
    path = tmp_path / "issuer.pem"
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)

    assert raw_public(load_or_create_key(path)) == raw_public(key)
    assert path.read_bytes() == pem


def ec_key_pem() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def encrypted_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: b"", id="empty"),
        pytest.param(lambda: b"-----BEGIN PRIVATE KEY-----\ngarbage\n", id="truncated"),
        pytest.param(encrypted_key_pem, id="encrypted"),
        pytest.param(ec_key_pem, id="not-ed25519"),
    ],
)
def test_a_key_file_without_a_usable_key_is_an_error_and_kept(tmp_path, content):
    path = tmp_path / "issuer.pem"
    original = content()
    path.write_bytes(original)

    with pytest.raises(KeyFileError, match="issuer.pem"):
        load_or_create_key(path)

    assert path.read_bytes() == original


def test_the_signature_matches_rfc_8037():
    assert sign(RFC8037_KEY, RFC8037_DATA) == RFC8037_SIGNATURE
    assert verify_signature(RFC8037_KEY.public_key(), RFC8037_DATA, RFC8037_SIGNATURE)


def test_a_signature_verifies_with_the_public_key():
    key = Ed25519PrivateKey.generate()
    signature = sign(key, "ნინო ბერიძე".encode())

    assert "=" not in signature
    assert verify_signature(key.public_key(), "ნინო ბერიძე".encode(), signature)


def test_changed_data_does_not_verify():
    key = Ed25519PrivateKey.generate()
    signature = sign(key, b'{"score":87.5}')

    assert not verify_signature(key.public_key(), b'{"score":97.5}', signature)


def test_another_keys_signature_does_not_verify():
    signature = sign(Ed25519PrivateKey.generate(), b"data")

    assert not verify_signature(Ed25519PrivateKey.generate().public_key(), b"data", signature)


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda signature: "", id="empty"),
        pytest.param(lambda signature: "!!!" + signature[3:], id="not-base64url"),
        pytest.param(lambda signature: signature + "==", id="padded"),
        pytest.param(lambda signature: signature[:-1], id="impossible-length"),
        pytest.param(lambda signature: signature[:-4], id="too-short"),
        pytest.param(
            lambda signature: signature.replace("-", "+").replace("_", "/"), id="plain-base64"
        ),
    ],
)
def test_a_malformed_signature_is_false_not_an_error(mangle):
    public_key = RFC8037_KEY.public_key()

    assert verify_signature(public_key, RFC8037_DATA, mangle(RFC8037_SIGNATURE)) is False


def test_the_jwk_matches_rfc_8037():
    assert public_jwk(RFC8037_KEY) == {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": RFC8037_X,
        "kid": RFC8037_THUMBPRINT,
    }


def test_the_jwk_thumbprint_is_stable_and_the_same_from_either_half():
    key = Ed25519PrivateKey.generate()

    assert public_jwk(key) == public_jwk(key) == public_jwk(key.public_key())
    assert public_jwk(key)["kid"] != public_jwk(Ed25519PrivateKey.generate())["kid"]
