"""The issuer's decentralised identifiers (W3C DID 1.0).

`did:web` (https://w3c-ccg.github.io/did-method-web/): the identifier names the host that serves
the DID document at `https://<host>/.well-known/did.json`, so a verifier finds the issuer's keys
by itself. A port is written percent-encoded (`did:web:example.org%3A8443`). Each key is listed
as a Multikey whose fragment is its own multibase value, so a key keeps its id for good and a
rotation only adds one; every key, current and retired, stays an `assertionMethod`."""

from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from elearn.certificates.proof import multikey

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
WELL_KNOWN_PATH = "/.well-known/did.json"


def did_web(domain: str) -> str:
    """`training.example.eu` -> `did:web:training.example.eu`; a port's colon is encoded."""
    return "did:web:" + quote(domain, safe="")


def domain_of(base_url: str) -> str:
    """The host (and port) of the platform's public address."""
    return urlsplit(base_url).netloc


def verification_method_id(did: str, public_key: Ed25519PublicKey) -> str:
    return f"{did}#{multikey(public_key)}"


def did_document(did: str, public_keys: list[Ed25519PublicKey]) -> dict:
    """The DID document listing `public_keys` (the current one first) as Multikeys, each usable
    for assertions, i.e. for signing credentials."""
    methods = [
        {
            "id": verification_method_id(did, key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey(key),
        }
        for key in public_keys
    ]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
