"""Retiring a signing key keeps its public half, and only that."""

from cryptography.hazmat.primitives import serialization

from elearn.certificates.keys import load_or_create_key, retire_key, retired_public_keys


def test_a_retired_key_keeps_only_its_public_half(tmp_path):
    key_file, retired = tmp_path / "signing-key.pem", tmp_path / "retired"
    first = load_or_create_key(key_file)

    kept = retire_key(key_file, retired, stamp="20261207T200000Z")
    second = load_or_create_key(key_file)
    retire_key(key_file, retired, stamp="20271207T200000Z")

    assert not key_file.exists()
    assert kept.name.startswith("20261207T200000Z-") and b"PRIVATE" not in kept.read_bytes()
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    assert [key.public_bytes(*raw) for key in retired_public_keys(retired)] == [
        first.public_key().public_bytes(*raw),
        second.public_key().public_bytes(*raw),
    ]


def test_no_retired_keys_folder_means_no_retired_keys(tmp_path):
    assert retired_public_keys(tmp_path / "missing") == []
