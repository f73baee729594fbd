"""The issuer's Ed25519 signing key: kept as an unencrypted PKCS8 PEM file, detached signatures
in base64url and the public key as a JWK; after a rotation, former keys as public PEM files."""

import os
import re
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc.jwk import OKPKey
from joserfc.util import urlsafe_b64decode, urlsafe_b64encode

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class KeyFileError(Exception):
    """The key file exists but does not hold an unencrypted Ed25519 private key."""


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The key stored at `path`; a new one, written there with mode 0600, when there is none
    (development only: in production a lost key must be restored, see services.signing_key).
    A file that holds no usable key raises KeyFileError and is left as it is."""
    try:
        return load_key(path)
    except FileNotFoundError:
        return create_key(path)


def load_key(path: Path) -> Ed25519PrivateKey:
    """The key stored at `path`; FileNotFoundError when there is none."""
    return _parse_key(path.read_bytes(), path)


def encrypted_pem(key: Ed25519PrivateKey, passphrase: bytes) -> bytes:
    """The key as an encrypted PKCS8 PEM (as `openssl pkey` reads it), for backups."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


def decrypt_pem(pem: bytes, passphrase: bytes) -> Ed25519PrivateKey:
    """The key from `encrypted_pem`; KeyFileError for a wrong passphrase or anything else."""
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyFileError("wrong passphrase, or not an encrypted private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"the file holds a {type(key).__name__}, not an Ed25519 key")
    return key


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return _b64url_encode(key.sign(data))


def verify_signature(public_key: Ed25519PublicKey, data: bytes, signature: str) -> bool:
    """Whether `signature` is the key's signature of `data`; False for any malformed value."""
    try:
        public_key.verify(_b64url_decode(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_jwk(key: Ed25519PrivateKey | Ed25519PublicKey) -> dict:
    """The public key as an OKP JWK whose "kid" is its RFC 7638 SHA-256 thumbprint."""
    public_key = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    jwk = OKPKey.import_key(public_key)
    return {**jwk.as_dict(private=False), "kid": jwk.thumbprint()}


def _b64url_encode(data: bytes) -> str:
    return urlsafe_b64encode(data).decode("ascii")


def _b64url_decode(text: str) -> bytes:
    """Strict: raises ValueError for padding or any character outside the base64url alphabet."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not unpadded base64url")
    return urlsafe_b64decode(text.encode("ascii"))


def _parse_key(pem: bytes, path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise KeyFileError(f"{path} does not hold an unencrypted PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path} holds a {type(key).__name__}, not an Ed25519 key")
    return key


def create_key(path: Path, key: Ed25519PrivateKey | None = None) -> Ed25519PrivateKey:
    """Write `key` (a new one by default) to `path` with mode 0600 and return what `path` then
    holds. Written to a private temporary file and linked into place, so that of two processes
    starting together one wins and the other reads the winner's complete file; an existing file
    is never replaced."""
    key = key or Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(pem)
    try:
        os.link(temporary, path)
    except FileExistsError:
        return _parse_key(path.read_bytes(), path)
    finally:
        temporary.unlink()
    return key


def retired_public_keys(directory: Path) -> list[Ed25519PublicKey]:
    """The public halves of former signing keys, kept after a rotation (``*.pem`` files in
    `directory`, oldest first) so that credentials they signed still verify."""
    public_keys = []
    for path in sorted(directory.glob("*.pem")):
        key = serialization.load_pem_public_key(path.read_bytes())
        if not isinstance(key, Ed25519PublicKey):
            raise KeyFileError(f"{path} holds a {type(key).__name__}, not an Ed25519 public key")
        public_keys.append(key)
    return public_keys


def retire_key(path: Path, directory: Path, *, stamp: str) -> Path:
    """Rotation: the key at `path` is kept only as its public half in `directory` (named by
    `stamp`, which sorts by time) and the private key file is removed, for a new key to take its
    place. Returns the retired public key's file."""
    key = _parse_key(path.read_bytes(), path)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    directory.mkdir(parents=True, exist_ok=True)
    retired = directory / f"{stamp}-{public_jwk(key)['kid']}.pem"
    retired.write_bytes(pem)
    path.unlink()
    return retired
