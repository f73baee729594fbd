"""The fixed words printed on a certificate, in each of its two languages."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

PRINTED = {
    "title": _l("Certificate of completion"),
    "completed": _l("has successfully completed the course"),
    "hours": _l("Hours of study"),
    "score": _l("Final score"),
    "issued": _l("Issued on"),
    "expires": _l("Valid until"),
    "serial": _l("Certificate number"),
    "verify": _l("Verify"),
    "signature": _l("Signature"),
}

# A trainer certificate says what the holder is certified for, and counts supervised sessions.
TRAINER_PRINTED = PRINTED | {
    "title": _l("Trainer certificate"),
    "completed": _l("is certified as a trainer in"),
    "hours": _l("Supervised sessions delivered"),
}

REVOCATION_LABELS = {
    "renewed": _l("Renewed by a newer certificate"),
    "reissued": _l("Re-issued after a correction"),
    "error": _l("Issued in error"),
    "fraud": _l("Obtained by fraud"),
    "other": _l("Other reason"),
}

# Why /verify refuses an uploaded credential, by badges.Refusal code.
REFUSAL_LABELS = {
    "not_a_credential": _l("This file is not an Open Badges credential."),
    "unknown_context": _l(
        "The credential uses a JSON-LD context this platform does not know, so it cannot be "
        "checked."
    ),
    "undefined_term": _l(
        "The credential contains a term that none of its contexts defines, so it cannot be checked."
    ),
    "malformed_proof": _l("The credential's proof is missing or malformed."),
    "unknown_key": _l("The credential was not signed by a key of this platform."),
    "bad_signature": _l(
        "The signature does not match: the credential has been changed since it was issued."
    ),
    "schema": _l("The credential does not follow the Open Badges 3.0 format."),
    "not_yet_valid": _l("The credential is not valid yet."),
    "expired": _l("The credential has expired."),
    "status_unreachable": _l(
        "The credential's status list cannot be reached, so its revocation cannot be checked."
    ),
    "status_invalid": _l("The credential's status list is not valid."),
    "revoked": _l("The certificate has been revoked."),
}

STATUS_LABELS = {
    "valid": _l("Valid"),
    "revoked": _l("Revoked"),
    "expired": _l("Expired"),
}


def printed_labels(locales: list[str], kind: str = "course") -> dict[str, dict[str, str]]:
    words = TRAINER_PRINTED if kind == "trainer" else PRINTED
    labels = {}
    for locale in locales:
        with force_locale(locale):
            labels[locale] = {key: str(text) for key, text in words.items()}
    return labels
