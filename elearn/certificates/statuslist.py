"""W3C Bitstring Status List v1.0 (https://www.w3.org/TR/vc-bitstring-status-list/), purpose
"revocation": each credential names one bit of a list; the issuer publishes the list as a signed
credential and sets the bit when it revokes the credential.

A list holds LIST_SIZE bits (the specification's minimum, 16 KB, for herd privacy); bit 0 is the
most significant bit of the first byte. `encodedList` is the GZIP-compressed bitstring in
multibase base64url without padding ("u...")."""

import gzip
from collections.abc import Iterable
from io import BytesIO

LIST_SIZE = 131_072
PURPOSE = "revocation"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# Compressed lists far beyond this are not ours: refuse to inflate them (a "zip bomb").
MAX_ENCODED_LENGTH = 64_000


class InvalidStatusList(ValueError):
    """An encodedList that does not decode to a bitstring of the expected size."""


def entry(list_url: str, index: int) -> dict:
    """The credential's `credentialStatus`: bit `index` of the list at `list_url`."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def list_credential(
    list_url: str, *, issuer: str, valid_from: str, set_bits: Iterable[int]
) -> dict:
    """The unsigned BitstringStatusListCredential with the bits `set_bits` set."""
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(set_bits),
        },
    }


def encode(set_bits: Iterable[int]) -> str:
    bits = bytearray(LIST_SIZE // 8)
    for index in set_bits:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list, the same bytes
    from joserfc.util import urlsafe_b64encode

    return "u" + urlsafe_b64encode(compressed).decode("ascii")


def is_set(encoded_list: object, index: int) -> bool:
    """Whether bit `index` is set in an `encodedList`; InvalidStatusList if it is malformed."""
    if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
        raise InvalidStatusList("encodedList is not multibase base64url")
    if len(encoded_list) > MAX_ENCODED_LENGTH:
        raise InvalidStatusList("encodedList is too long")
    from joserfc.util import urlsafe_b64decode

    try:
        compressed = urlsafe_b64decode(encoded_list[1:].encode("ascii"))
        with gzip.GzipFile(fileobj=BytesIO(compressed)) as stream:
            bits = stream.read(LIST_SIZE // 8 + 1)
    except (ValueError, OSError, EOFError) as error:
        raise InvalidStatusList("encodedList does not decode") from error
    if len(bits) != LIST_SIZE // 8 or not 0 <= index < LIST_SIZE:
        raise InvalidStatusList("the list or the index has the wrong size")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
