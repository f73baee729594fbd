"""Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0): the certificate as an
OpenBadgeCredential, checked as issued (proof included) against 1EdTech's JSON Schema, vendored
in schemas/ so that validation needs no network. proof.py signs it (embedded Data Integrity
proof); the VC-JWT form is not offered."""

import json
from datetime import date
from functools import cache
from pathlib import Path

from jsonschema import Draft201909Validator
from referencing import Registry, Resource

from elearn.certificates.data import CertificateData

# Every context whose terms the credential uses: VC 2.0 (credentialStatus, the status list
# terms), Open Badges 3.0.3, and 1EdTech's extensions (1EdTechJsonSchemaValidator2019).
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
]
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_FILE = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"


def credential(
    data: CertificateData,
    *,
    issuer_id: str,
    issuer_name: str,
    credential_id: str,
    achievement_id: str,
    status: dict,
) -> dict:
    """The certificate as an unsigned OpenBadgeCredential; `status` is its credentialStatus."""
    document = {
        "@context": CONTEXT,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": issuer_name,
            "official": data.signatory,
        },
        "validFrom": _datetime(data.issued_on),
        "name": data.course_title["en"],
        "credentialSubject": _subject(data, achievement_id),
        "credentialStatus": status,
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if data.expires_on is not None:
        document["validUntil"] = _datetime(data.expires_on)
    return document


def validate(credential: dict) -> list[str]:
    """What the vendored 1EdTech schema finds wrong with the credential, as issued (with its
    proof, which must be an array); empty when valid."""
    errors = sorted(_validator().iter_errors(credential), key=lambda error: error.json_path)
    return [f"{error.json_path}: {error.message}" for error in errors]


def _subject(data: CertificateData, achievement_id: str) -> dict:
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [_name_identity(name) for name in _holder_names(data)],
        "achievement": _achievement(data, achievement_id),
    }
    if data.score is not None:
        subject["result"] = [{"type": ["Result"], "value": f"{round(data.score, 1):g}%"}]
    return subject


def _holder_names(data: CertificateData) -> list[str]:
    """The name in Latin letters, then in the holder's own script when that differs."""
    names = [data.holder_latin_name]
    if data.holder_name != data.holder_latin_name:
        names.append(data.holder_name)
    return names


def _name_identity(name: str) -> dict:
    return {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}


def _achievement(data: CertificateData, achievement_id: str) -> dict:
    title = data.course_title["en"]
    return {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": f"Completion of the course “{title}”: {data.hours:g} hours of training.",
        "criteria": {
            "narrative": f"Complete version {data.course_version} of the course “{title}” "
            "and meet its completion rules."
        },
        "humanCode": data.course_id,
        "version": str(data.course_version),
        "inLanguage": "en",
    }


def _datetime(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    return Draft201909Validator(schema, registry=registry)
