"""Embedded Data Integrity proofs for Open Badges 3.0 credentials.

W3C "Data Integrity EdDSA Cryptosuites v1.0", cryptosuite eddsa-rdfc-2022: the credential and the
proof options are each canonicalized to N-Quads (RDF Dataset Canonicalization), hashed with
SHA-256, and the two hashes (proof options first) are signed with Ed25519. The signature is the
proof's `proofValue`, multibase base58-btc ("z...").

JSON-LD contexts come only from the files in contexts/: nothing is ever fetched, and a document
naming any other context is refused. Canonicalization runs in the spirit of jsonld.js's "safe
mode": a property that no context defines (which it would silently leave out of what is signed)
and a type or id that expands to a relative IRI (whose quads would depend on the canonicaliser's
default base, so that PyLD and jsonld.js sign different data) are both refused.
"""

import copy
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld
from pyld.context_resolver import ContextResolver

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"

_CONTEXT_FILES = Path(__file__).parent / "contexts"

# context URL -> parsed context document; see contexts/README.md for where each file comes from
CONTEXTS: dict[str, dict] = {
    "https://www.w3.org/ns/credentials/v2": json.loads(
        (_CONTEXT_FILES / "credentials-v2.jsonld").read_text("utf-8")
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": json.loads(
        (_CONTEXT_FILES / "ob-context-3.0.3.json").read_text("utf-8")
    ),
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": json.loads(
        (_CONTEXT_FILES / "ob-extensions.json").read_text("utf-8")
    ),
}

_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_PUBLIC_KEY_CODEC = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint
_XSD_DATETIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
_ABSOLUTE_IRI = re.compile(r"(_:|[A-Za-z][A-Za-z0-9+.-]*:)\S*")  # or a blank node id


class InvalidProof(Exception):
    """The document's proof does not hold; the message is a short reason."""


class UnsupportedDocument(ValueError):
    """The document cannot be canonicalized here: a context that is not vendored, a property no
    context defines, a relative IRI, or JSON-LD that does not process."""


def add_proof(
    document: dict,
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    created: datetime,
) -> dict:
    """A copy of `document` with an embedded eddsa-rdfc-2022 proof made with `private_key`. The
    proof is a set of one (an array), as Open Badges 3.0's JSON Schema requires."""
    if "proof" in document:
        raise ValueError("the document already has a proof")
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(hash_data(document, options))
    return {**copy.deepcopy(document), "proof": [{**options, "proofValue": _multibase(signature)}]}


def verify_proof(document: dict, public_key: Ed25519PublicKey) -> None:
    """Return if `document` carries a valid eddsa-rdfc-2022 proof by `public_key`, else raise
    InvalidProof, or UnsupportedDocument when it cannot be canonicalized. The proof may be one
    object or a set of one. Which key its verificationMethod names is the caller's concern."""
    proof = single_proof(document)
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise InvalidProof("unsupported cryptosuite")
    if proof.get("proofPurpose") != PROOF_PURPOSE or not _is_xsd_datetime(proof.get("created")):
        raise InvalidProof("malformed proof")
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    try:
        signature = _from_multibase(proof.get("proofValue"))
    except ValueError as error:
        raise InvalidProof("malformed proof") from error
    data = hash_data(unsecured, options)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise InvalidProof("bad signature") from None


def single_proof(document: dict) -> dict:
    """The document's one proof, given as an object or as a set of one; else InvalidProof."""
    proof = document.get("proof")
    if proof is None:
        raise InvalidProof("no proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise InvalidProof("malformed proof")
    return proof


def multikey(public_key: Ed25519PublicKey) -> str:
    """The public key as a Multikey `publicKeyMultibase` ("z6Mk..."), for the issuer's
    verification method."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return _multibase(_ED25519_PUBLIC_KEY_CODEC + raw)


def hash_data(document: dict, proof_options: dict) -> bytes:
    """What is signed: SHA-256 of the canonical proof configuration (the proof options under the
    document's @context), followed by SHA-256 of the canonical document without its proof."""
    if "@context" not in document:
        raise UnsupportedDocument("the document has no @context")
    proof_config = {**proof_options, "@context": document["@context"]}
    return _sha256(canonicalize(proof_config)) + _sha256(canonicalize(document))


def canonicalize(document: dict) -> str:
    """The document as canonical N-Quads (RDFC-1.0, which PyLD calls URDNA2015), from its
    expanded form once that holds only defined terms and absolute IRIs."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_undefined_term)
    options = {
        "base": None,  # no default base: a relative IRI stays relative, and is refused below
        "documentLoader": load_context,
        # a resolver of its own, so no context resolved elsewhere in the process is reused
        "contextResolver": ContextResolver({}, load_context),
    }
    try:
        expanded = processor.expand(document, options)
        _refuse_relative_iris(expanded)
        return processor.normalize(
            expanded, {**options, "algorithm": "URDNA2015", "format": "application/n-quads"}
        )
    except jsonld.JsonLdError as error:
        raise UnsupportedDocument(_innermost_reason(error)) from error


def load_context(url: str, options: dict | None = None) -> dict:
    """PyLD document loader that serves the vendored contexts and refuses every other URL."""
    if url not in CONTEXTS:
        raise UnsupportedDocument(f"context not vendored: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(CONTEXTS[url])}


def _innermost_reason(error: BaseException) -> str:
    """The message of the innermost cause: PyLD wraps a loader's refusal in several layers."""
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error.args[0]) if error.args else type(error).__name__


def _refuse_undefined_term(term: str | None) -> None:
    raise UnsupportedDocument(f"property not defined by any context: {term}")


def _refuse_relative_iris(node: object) -> None:
    """Walks expanded JSON-LD: every property, @type and @id must be an absolute IRI (or a
    blank node id), else the term was not defined by any context."""
    if isinstance(node, list):
        for item in node:
            _refuse_relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in ("@type", "@id"):
            for iri in value if isinstance(value, list) else [value]:
                if isinstance(iri, str) and not _ABSOLUTE_IRI.fullmatch(iri):
                    raise UnsupportedDocument(f"term not defined by any context: {iri}")
        elif not key.startswith("@") and not _ABSOLUTE_IRI.fullmatch(key):
            raise UnsupportedDocument(f"property not defined by any context: {key}")
        if key != "@value":
            _refuse_relative_iris(value)


def _xsd_datetime(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("created must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_xsd_datetime(value: object) -> bool:
    return isinstance(value, str) and _XSD_DATETIME.fullmatch(value) is not None


def _sha256(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _multibase(data: bytes) -> str:
    """Multibase base58-btc: "z" and the base58 (Bitcoin alphabet) digits."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, digit = divmod(number, 58)
        digits = _BASE58_ALPHABET[digit] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * leading_zeros + digits


def _from_multibase(text: object) -> bytes:
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("proofValue is not multibase base58-btc")
    digits = text[1:]
    number = 0
    for char in digits:
        number = number * 58 + _BASE58_ALPHABET.index(char)  # ValueError if not base58
    leading_zeros = len(digits) - len(digits.lstrip("1"))
    return b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
