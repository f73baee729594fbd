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
