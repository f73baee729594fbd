"""The Open Badges credential as others see it: the issuer's DID document, the revocation status
list, and `verify` (CLI and /verify page) refusing bad input with a specific reason."""

import base64
import copy
import gzip
import io
import json
import socket
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from elearn.certificates import badges, proof, services
from elearn.certificates.models import Certificate
from elearn.certificates.statuslist import LIST_SIZE
from elearn.extensions import db
from elearn.models import utcnow

BASE = "http://127.0.0.1:5000"
DID = "did:web:127.0.0.1%3A5000"


def set_bits(status_list: dict) -> list[int]:
    """The set bits of a served list, decoded here as the specification says (multibase "u",
    base64url, GZIP; bit 0 is the first byte's most significant bit)."""
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 == LIST_SIZE
    return [
        number * 8 + position
        for number, byte in enumerate(raw)
        if byte
        for position in range(8)
        if byte >> (7 - position) & 1
    ]


def verify_cli(app, tmp_path, document, *args):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document) if isinstance(document, dict) else document)
    return app.test_cli_runner().invoke(args=["certificates", "verify", str(path), *args])


def verify_page(client, document) -> tuple[int, str]:
    page = client.get("/verify").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    body = json.dumps(document).encode() if isinstance(document, dict) else document
    response = client.post(
        "/verify/credential",
        data={"csrf_token": token, "credential": (io.BytesIO(body), "credential.json")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def signed_by_us(document: dict) -> dict:
    """`document` re-signed with the platform's key, as if the platform had issued it."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    key = services.signing_key()
    method = f"{DID}#{proof.multikey(key.public_key())}"
    return proof.add_proof(unsigned, key, verification_method=method, created=utcnow())


@pytest.fixture
def credential(graduate) -> dict:
    return badges.open_badge(graduate[1])


def test_the_did_document_lists_the_key_as_an_assertion_method(client):
    document = client.get("/.well-known/did.json").get_json()

    multikey = proof.multikey(services.signing_key().public_key())
    assert document["id"] == DID
    assert document["verificationMethod"] == [
        {
            "id": f"{DID}#{multikey}",
            "type": "Multikey",
            "controller": DID,
            "publicKeyMultibase": multikey,
        }
    ]
    assert document["assertionMethod"] == [f"{DID}#{multikey}"]


def test_the_credential_names_the_did_and_its_status_bit(graduate, credential):
    certificate = graduate[1]
    assert credential["issuer"]["id"] == DID
    assert credential["proof"][0]["verificationMethod"].startswith(f"{DID}#z6Mk")
    status = credential["credentialStatus"]
    number, index = divmod(certificate.status_index, LIST_SIZE)
    assert status["statusListCredential"] == f"{BASE}/credentials/status/{number}"
    assert status["statusListIndex"] == str(index)


def test_the_status_list_is_signed_and_changes_only_on_revocation(app, client, graduate):
    certificate = graduate[1]
    number, index = divmod(certificate.status_index, LIST_SIZE)
    url = f"/credentials/status/{number}"
    before = client.get(url)
    assert before.get_data() == client.get(url).get_data()  # the same bytes every time
    listed = before.get_json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["credentialSubject"]["statusPurpose"] == "revocation"
    assert set_bits(listed) == []
    badges.check_signed(listed)

    result = app.test_cli_runner().invoke(
        args=["certificates", "revoke", certificate.serial, "--reason", "error"]
    )

    assert result.exit_code == 0
    after = client.get(url).get_json()
    assert set_bits(after) == [index]
    assert after["validFrom"] >= listed["validFrom"] and after["proof"] != listed["proof"]
    badges.check_signed(after)


def test_an_unused_status_list_is_404(client, graduate):
    number = graduate[1].status_index // LIST_SIZE + 1
    assert client.get(f"/credentials/status/{number}").status_code == 404


def test_a_valid_credential_passes_cli_and_page(app, client, tmp_path, credential):
    result = verify_cli(app, tmp_path, credential)
    assert result.exit_code == 0 and result.output == "valid\n"
    status, page = verify_page(client, credential)
    assert status == 200 and "The credential is genuine" in page and "გიორგი" in page


def test_a_revoked_credential_is_refused(app, client, tmp_path, graduate, credential):
    # The file downloaded before the revocation: its status bit now says revoked.
    services.revoke(None, graduate[1], "fraud", ip=None, now=utcnow())
    db.session.commit()

    result = verify_cli(app, tmp_path, credential)
    assert result.exit_code == 1 and "invalid: revoked: bit" in result.output
    status, page = verify_page(client, credential)
    assert status == 422 and "The certificate has been revoked." in page


def test_a_bad_proof_is_refused(app, client, tmp_path, credential):
    credential["credentialSubject"]["achievement"]["name"] += "!"

    result = verify_cli(app, tmp_path, credential)
    assert result.exit_code == 1 and "invalid: bad signature" in result.output
    assert "Traceback" not in result.output
    status, page = verify_page(client, credential)
    assert status == 422 and "The signature does not match" in page


def test_an_unknown_key_is_refused(app, client, tmp_path, credential):
    impostor = Ed25519PrivateKey.generate()
    method = f"{DID}#{proof.multikey(impostor.public_key())}"
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    forged = proof.add_proof(unsigned, impostor, verification_method=method, created=utcnow())

    result = verify_cli(app, tmp_path, forged)
    assert result.exit_code == 1
    assert "invalid: signed by a key this issuer does not have" in result.output
    status, page = verify_page(client, forged)
    assert status == 422 and "not signed by a key of this platform" in page


@pytest.mark.parametrize("method", [None, ["a", "list"], "did:web:elsewhere.example#z6Mk"])
def test_a_proof_naming_no_key_of_ours_is_refused(app, tmp_path, credential, method):
    credential["proof"][0]["verificationMethod"] = method

    result = verify_cli(app, tmp_path, credential)

    assert result.exit_code == 1
    assert "invalid: signed by a key this issuer does not have" in result.output


def test_an_unknown_context_is_refused(app, client, tmp_path, credential):
    credential["@context"].append("https://contexts.example/unknown/v1")

    result = verify_cli(app, tmp_path, credential)
    assert result.exit_code == 1
    assert "invalid: unknown context: https://contexts.example/unknown/v1" in result.output
    status, page = verify_page(client, credential)
    assert status == 422 and "JSON-LD context this platform does not know" in page


def test_an_undefined_term_is_refused(app, client, tmp_path, credential):
    credential["credentialSubject"]["grade"] = "A+"

    result = verify_cli(app, tmp_path, credential)
    assert result.exit_code == 1 and "invalid: a term no context defines" in result.output
    status, page = verify_page(client, credential)
    assert status == 422 and "a term that none of its contexts defines" in page


def test_a_status_list_that_is_not_there_is_unreachable(app, client, tmp_path, credential):
    moved = copy.deepcopy(credential)
    moved["credentialStatus"]["statusListCredential"] = f"{BASE}/credentials/status/99"
    moved = signed_by_us(moved)

    result = verify_cli(app, tmp_path, moved)
    assert result.exit_code == 1 and "invalid: status list unreachable" in result.output
    status, page = verify_page(client, moved)
    assert status == 422 and "status list cannot be reached" in page


def test_fetching_the_status_list_from_a_server_that_is_down_is_unreachable(
    app, tmp_path, credential
):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    moved = copy.deepcopy(credential)
    moved["credentialStatus"]["statusListCredential"] = f"http://127.0.0.1:{port}/status/0"
    moved = signed_by_us(moved)

    result = verify_cli(app, tmp_path, moved, "--fetch-status")

    assert result.exit_code == 1
    assert f"invalid: status list unreachable: http://127.0.0.1:{port}/status/0" in result.output


def test_a_file_that_is_no_credential_is_refused(app, client, tmp_path):
    result = verify_cli(app, tmp_path, "[1, 2")
    assert (
        result.exit_code == 1
        and "invalid: not an Open Badges credential: not JSON" in result.output
    )
    result = verify_cli(app, tmp_path, "[1, 2]")
    assert result.exit_code == 1 and "invalid: not an Open Badges credential" in result.output
    status, page = verify_page(client, b"\xff\xfe not json")
    assert status == 422 and "This file is not an Open Badges credential." in page
    status, page = verify_page(client, b"[]")
    assert status == 422 and "This file is not an Open Badges credential." in page


def test_a_key_given_twice_is_refused_even_in_a_valid_credential(app, client, tmp_path, graduate):
    credential = json.dumps(badges.open_badge(graduate[1]))
    # The same credential with a second, different "id" at its end: which one would count?
    doubled = credential[:-1] + ', "id": "urn:uuid:00000000-0000-0000-0000-000000000000"}'

    result = verify_cli(app, tmp_path, doubled)

    assert result.exit_code == 1 and "keys given twice: id" in result.output
    status, page = verify_page(client, doubled.encode())
    assert status == 422 and "This file is not an Open Badges credential." in page


def test_after_key_rotation_old_credentials_still_verify(
    app, client, tmp_path, graduate, monkeypatch
):
    key_file = tmp_path / "signing-key.pem"  # a copy: the session's own key stays as it is
    key_file.write_bytes(Path(app.config["ELEARN_SIGNING_KEY"]).read_bytes())
    monkeypatch.setitem(app.config, "ELEARN_SIGNING_KEY", str(key_file))
    monkeypatch.setitem(app.config, "ELEARN_RETIRED_KEYS", str(tmp_path / "retired"))
    old_credential = badges.open_badge(graduate[1])
    old_key = services.signing_key().public_key()

    result = app.test_cli_runner().invoke(args=["certificates", "rotate-key"])

    assert result.exit_code == 0, result.output
    new_key = services.signing_key().public_key()
    assert proof.multikey(new_key) != proof.multikey(old_key)
    document = client.get("/.well-known/did.json").get_json()
    assert document["assertionMethod"] == [
        f"{DID}#{proof.multikey(new_key)}",
        f"{DID}#{proof.multikey(old_key)}",
    ]
    assert verify_cli(app, tmp_path, old_credential).output == "valid\n"
    assert badges.open_badge(graduate[1])["proof"][0]["verificationMethod"].endswith(
        proof.multikey(new_key)
    )
    page = client.get(f"/verify/{graduate[1].serial}").get_data(as_text=True)
    assert "does not match" not in page  # the stored signature, by the old key, still holds
    db.session.expire_all()
    assert db.session.get(Certificate, graduate[1].id).revoked_at is None
