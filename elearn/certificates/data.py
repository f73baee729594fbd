"""What a certificate states, as plain data: the PDF, the signature and the Open Badges
credential are all made from this."""

import json
from dataclasses import asdict, dataclass
from datetime import date


@dataclass(frozen=True)
class CertificateData:
    serial: str  # e.g. TC-2026-7F3K-9QX2
    holder_name: str  # in the holder's own script
    holder_latin_name: str
    holder_locale: str  # hy, az, ka, ro, uk or en: the certificate's second language
    course_id: str  # stable id, e.g. crypto-tracing
    course_version: int
    course_title: dict[str, str]  # {"en": ..., holder_locale: ...}
    hours: float
    score: float | None  # percent
    issued_on: date
    expires_on: date | None
    issuer: str  # the programme's issuing body, e.g. "EU Law-Enforcement Training Programme"
    signatory: str  # name and role of the person who signs
    verify_url: str  # the public verification page of this certificate

    def signed_fields(self) -> dict:
        """What the signature covers: every stated fact, in one canonical form on both sides.

        Numbers are floats, so hours given as an int at issue time and read back from the
        database as a float sign the same bytes. The verification URL is left out: it follows
        from the serial and the deployment's address, which may change without changing a fact."""
        fields = asdict(self)
        del fields["verify_url"]
        fields["hours"] = float(self.hours)
        fields["score"] = None if self.score is None else float(self.score)
        return fields

    def canonical(self) -> bytes:
        """The signed bytes: sorted-key compact JSON of the signed fields (dates as ISO 8601)."""
        return _compact_json(self.signed_fields())

    def legacy_canonicals(self) -> list[bytes]:
        """The forms signed before the canonical form existed: every field as given, with the
        verification URL, hours as an int or a float. Only to re-sign genuine old certificates."""
        fields = asdict(self)
        forms = [fields | {"hours": float(self.hours)}]
        if float(self.hours).is_integer():
            forms.append(fields | {"hours": int(self.hours)})
        return [_compact_json(form) for form in forms]


def _compact_json(fields: dict) -> bytes:
    return json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")
