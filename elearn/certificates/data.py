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

    def canonical(self) -> bytes:
        """The signed bytes: sorted-key compact JSON of every field (dates as ISO 8601)."""
        data = asdict(self)
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                          default=str).encode("utf-8")  # fmt: skip
