"""The certificates as Open Badges 3.0 credentials: issued under the platform's did:web, with a
bit in a revocation status list, and checked the way an outside verifier checks them."""

import json
import urllib.request
from collections.abc import Callable
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from elearn.certificates import did, openbadges, proof, statuslist
from elearn.certificates.models import Certificate
from elearn.certificates.services import certificate_data, public_keys, signing_key, verify_url
from elearn.extensions import db

STATUS_LIST_PATH = "/credentials/status/"
FETCH_TIMEOUT = 5  # seconds, for a status list fetched over the network


class Refusal(Exception):
    """Why a credential is not accepted. `code` is one of REFUSALS (the /verify page shows it
    translated); `detail` says where, in English, for operators."""

    def __init__(self, code: str, detail: str = ""):
        self.code, self.detail = code, detail
        super().__init__(f"{REFUSALS[code]}: {detail}" if detail else REFUSALS[code])


REFUSALS = {
    "not_a_credential": "not an Open Badges credential",
    "unknown_context": "unknown context",
    "undefined_term": "a term no context defines",
    "malformed_proof": "malformed proof",
    "unknown_key": "signed by a key this issuer does not have",
    "bad_signature": "bad signature",
    "schema": "does not follow the Open Badges 3.0 schema",
    "not_yet_valid": "not valid yet",
    "expired": "expired",
    "status_unreachable": "status list unreachable",
    "status_invalid": "invalid status list",
    "revoked": "revoked",
}


def parse_credential(data: bytes | str) -> dict:
    """A credential file read as JSON. A key given twice is refused: parsers disagree on which
    one counts, so the signed document and the one shown could differ."""

    def unique_keys(pairs):
        keys = [key for key, _value in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise Refusal("not_a_credential", f"keys given twice: {', '.join(repeated)}")
        return dict(pairs)

    try:
        return json.loads(data, object_pairs_hook=unique_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refusal("not_a_credential", f"not JSON ({error})") from error


class StatusListUnavailable(Exception):
    """The status list credential a credential names cannot be had."""


def issuer_did() -> str:
    config = current_app.config
    return did.did_web(config["ELEARN_DID_WEB_DOMAIN"] or did.domain_of(config["ELEARN_BASE_URL"]))


def did_document() -> dict:
    return did.did_document(issuer_did(), public_keys())


def status_list_url(number: int) -> str:
    return f"{_base()}{STATUS_LIST_PATH}{number}"


def open_badge(certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 credential with an embedded eddsa-rdfc-2022 proof."""
    unsigned = openbadges.credential(
        certificate_data(certificate),
        issuer_id=issuer_did(),
        issuer_name=certificate.issuer,
        credential_id=verify_url(certificate.serial),
        achievement_id=f"{_base()}/achievements/{certificate.subject_id}",
        status=_status_entry(certificate.status_index),
    )
    return _signed(unsigned, created=certificate.issued_at)


def status_list_credential(number: int) -> dict | None:
    """The signed revocation list `number`, made from the database: the same bytes until a
    certificate in it is revoked. None when no certificate uses that list."""
    first = number * statuslist.LIST_SIZE
    in_list = (Certificate.status_index >= first) & (
        Certificate.status_index < first + statuslist.LIST_SIZE
    )
    issued, last_revoked = db.session.execute(
        select(func.min(Certificate.issued_at), func.max(Certificate.revoked_at)).where(in_list)
    ).one()
    if issued is None:
        return None
    revoked = db.session.scalars(
        select(Certificate.status_index).where(in_list, Certificate.revoked_at.is_not(None))
    )
    updated = last_revoked or issued
    unsigned = statuslist.list_credential(
        status_list_url(number),
        issuer=issuer_did(),
        valid_from=_xsd(updated),
        set_bits=[index - first for index in revoked],
    )
    return _signed(unsigned, created=updated)


def local_status_list(url: str) -> dict:
    """A status list of this platform, from its database, without any network access."""
    prefix = f"{_base()}{STATUS_LIST_PATH}"
    number = url.removeprefix(prefix)
    document = None
    if url.startswith(prefix) and number.isdigit():
        document = status_list_credential(int(number))
    if document is None:
        raise StatusListUnavailable(f"{url} is not a status list of this platform")
    return document


def fetched_status_list(url: str) -> dict:
    """A status list fetched from its URL, as a verifier elsewhere would get it."""
    if not url.startswith(("https://", "http://")):
        raise StatusListUnavailable(f"{url} is not an http(s) URL")
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:  # nosec B310  # http(s) checked above
            return json.loads(response.read(statuslist.MAX_ENCODED_LENGTH * 2))
    except (OSError, ValueError) as error:
        raise StatusListUnavailable(f"{url}: {error}") from error


def check_open_badge(
    document: object, *, today: date, status_lists: Callable[[str], dict] = local_status_list
) -> None:
    """Return if `document` is a valid credential of this issuer, not revoked; else raise a
    Refusal saying why. The checks run in the order a verifier elsewhere runs them: contexts,
    key, proof, schema, dates, then the status list, fetched with `status_lists`."""
    check_signed(document)
    problems = openbadges.validate(document)
    if problems:
        raise Refusal("schema", problems[0])
    valid_from, valid_until = document.get("validFrom", ""), document.get("validUntil")
    if valid_from[:10] > today.isoformat():
        raise Refusal("not_yet_valid", valid_from[:10])
    if valid_until and valid_until[:10] < today.isoformat():
        raise Refusal("expired", valid_until[:10])
    if "credentialStatus" in document:
        _check_status(document["credentialStatus"], status_lists)


def check_signed(document: object) -> None:
    """The document is JSON-LD on vendored contexts, signed by one of the issuer's keys."""
    if not isinstance(document, dict) or "@context" not in document:
        raise Refusal("not_a_credential")
    contexts = document["@context"]
    for context in contexts if isinstance(contexts, list) else [contexts]:
        if isinstance(context, str) and context not in proof.CONTEXTS:
            raise Refusal("unknown_context", context)
    try:
        method = proof.single_proof(document).get("verificationMethod")
    except proof.InvalidProof as error:
        raise Refusal("malformed_proof", str(error)) from None
    keys = {did.verification_method_id(issuer_did(), key): key for key in public_keys()}
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(method, str) or method not in keys or issuer_id != issuer_did():
        raise Refusal("unknown_key", str(method))
    try:
        proof.verify_proof(document, keys[method])
    except proof.InvalidProof as error:
        code = "bad_signature" if str(error) == "bad signature" else "malformed_proof"
        raise Refusal(code, str(error)) from None
    except proof.UnsupportedDocument as error:
        code = "unknown_context" if "context not vendored" in str(error) else "undefined_term"
        raise Refusal(code, str(error)) from None


def _check_status(entry: object, status_lists: Callable[[str], dict]) -> None:
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise Refusal("status_invalid", "credentialStatus is not a BitstringStatusListEntry")
    url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    if entry.get("statusPurpose") != statuslist.PURPOSE or not str(index).isdigit():
        raise Refusal("status_invalid", "not a revocation entry with an index")
    try:
        status_list = status_lists(str(url))
    except StatusListUnavailable as error:
        raise Refusal("status_unreachable", str(error)) from None
    try:
        check_signed(status_list)
    except Refusal as refusal:
        raise Refusal("status_invalid", str(refusal)) from None
    subject = status_list.get("credentialSubject")
    if (
        status_list.get("id") != url
        or "BitstringStatusListCredential" not in status_list.get("type", [])
        or not isinstance(subject, dict)
        or subject.get("statusPurpose") != statuslist.PURPOSE
    ):
        raise Refusal("status_invalid", f"{url} is not a revocation list")
    try:
        revoked = statuslist.is_set(subject.get("encodedList"), int(index))
    except statuslist.InvalidStatusList as error:
        raise Refusal("status_invalid", str(error)) from None
    if revoked:
        raise Refusal("revoked", f"bit {index} of {url}")


def _status_entry(index: int) -> dict:
    number, bit = divmod(index, statuslist.LIST_SIZE)
    return statuslist.entry(status_list_url(number), bit)


def _signed(unsigned: dict, *, created: datetime) -> dict:
    key = signing_key()
    method = did.verification_method_id(issuer_did(), key.public_key())
    return proof.add_proof(unsigned, key, verification_method=method, created=created)


def _xsd(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _base() -> str:
    return current_app.config["ELEARN_BASE_URL"].rstrip("/")
