"""Signatures cover one canonical form of a certificate's data, whatever the Python types it was
issued with, and genuine certificates signed in an older form are re-signed, forged ones not."""

from click.testing import CliRunner
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.certificates import keys, services
from elearn.extensions import db
from elearn.models import utcnow
from tests.course_files import import_sample_course


def _issue(user, course, *, hours):
    certificate = services.signed_certificate(
        user,
        course=course,
        course_version=1,
        title=course.title,
        hours=hours,
        score=87.5,
        expires_on=None,
        now=utcnow(),
        actor=None,
    )
    db.session.add(certificate)
    db.session.commit()
    db.session.expire_all()  # read back as the database stores it
    return certificate


def test_hours_given_as_an_int_verify_once_read_back_as_a_float(tmp_path, users):
    certificate = _issue(users(), import_sample_course(tmp_path), hours=3)
    assert isinstance(certificate.hours, float)
    assert services.signature_is_valid(certificate)


def test_the_verification_address_may_change_without_breaking_signatures(
    app, tmp_path, users, monkeypatch
):
    certificate = _issue(users(), import_sample_course(tmp_path), hours=3)
    monkeypatch.setitem(app.config, "ELEARN_BASE_URL", "https://training.example.org")
    assert services.signature_is_valid(certificate)


def test_genuine_old_signatures_are_upgraded_and_forged_ones_reported(app, tmp_path, users):
    course = import_sample_course(tmp_path)
    old, forged = _issue(users(), course, hours=3), _issue(users(), course, hours=2)
    legacy_int_hours = services.certificate_data(old).legacy_canonicals()[-1]
    old.signature = keys.sign(services.signing_key(), legacy_int_hours)
    forged.holder_latin_name = "Someone Else"
    db.session.commit()
    assert not services.signature_is_valid(old)

    result = CliRunner().invoke(app.cli, ["certificates", "upgrade-signatures"])

    assert result.exit_code == 1
    assert f"{old.serial} re-signed" in result.output
    assert f"{forged.serial} matches no form of its data" in result.output
    db.session.expire_all()
    assert services.signature_is_valid(old) and not services.signature_is_valid(forged)
    resign_events = select(func.count()).where(AuditEvent.action == "certificate.resign")
    assert db.session.scalar(resign_events) == 1
