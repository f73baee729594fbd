"""The certificate services called directly (no request): issue on completion, signature and
verification, revocation and reissue, and their refusals."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.errors import NotAllowed
from elearn.auth.models import CoordinatorScope, Role
from elearn.certificates import services
from elearn.certificates.models import Certificate, RevocationReason
from elearn.extensions import db
from elearn.models import utcnow
from elearn.progress.completion import completion_of
from tests.course_files import COURSE_YML, complete_sample_course, import_sample_course
from tests.programmes import certified_trainer, sample_programme

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def course(tmp_path):
    return import_sample_course(
        tmp_path, **{"course.yml": COURSE_YML + "certificate_valid_years: 2\n"}
    )


@pytest.fixture
def holder(users):
    return users(country="GE", locale="ka", display_name="გიორგი")


@pytest.fixture
def certificate(holder, course):
    """Issued by the completion itself (``certify_completion`` listens to it)."""
    complete_sample_course(holder, course)
    db.session.commit()
    return services.current_certificate(holder, course)


def certificates() -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate))


def audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def refused_and_rolled_back(call, error=NotAllowed):
    with pytest.raises(error):
        call()
    db.session.rollback()
    db.session.commit()


# Issue


def test_completion_issues_one_signed_certificate_frozen_as_issued(holder, course, certificate):
    completion = completion_of(holder, course)
    assert certificate.issued_at == completion.completed_at  # dated with the completion
    assert (certificate.kind, certificate.course_id, certificate.user_id) == (
        "course",
        course.id,
        holder.id,
    )
    assert (certificate.holder_name, certificate.holder_latin_name, certificate.locale) == (
        holder.display_name,
        holder.latin_name,
        "ka",
    )
    assert certificate.course_title == {"en": "Sample course", "ka": "Sample course"}
    assert completion.final_score is None  # the sample course has no final exam
    assert (certificate.score, certificate.hours, certificate.course_version) == (None, 2, 1)
    issued = certificate.issued_on
    assert certificate.expires_on == issued.replace(year=issued.year + 2)
    assert certificate.serial.startswith(f"TC-{issued.year}-") and len(certificate.serial) == 17
    assert services.signature_is_valid(certificate)
    [event] = audits("certificate.issue")
    assert (event.actor_id, event.target_user_id, event.target) == (
        None,
        holder.id,
        certificate.serial,
    )
    again = services.issue_if_eligible(holder, course, now=utcnow())
    assert again.id == certificate.id and certificates() == 1
    assert len(audits("certificate.issue")) == 1


def test_no_certificate_without_completion_or_for_a_course_that_does_not_certify(
    users, holder, course
):
    assert services.issue_if_eligible(holder, course, now=NOW) is None
    course.certifies = False
    complete_sample_course(holder, course)
    db.session.commit()
    assert services.issue_if_eligible(holder, course, now=NOW) is None
    assert certificates() == 0 and audits("certificate.issue") == []


def test_a_certificate_issued_on_29_february_expires_on_28_february(holder, course, certificate):
    services.revoke(None, certificate, RevocationReason.ERROR, ip=None, now=NOW)
    leap_day = datetime(2028, 2, 29, 12, tzinfo=UTC)
    renewed = services.issue_if_eligible(holder, course, now=leap_day)
    assert (renewed.issued_on, renewed.expires_on) == (date(2028, 2, 29), date(2030, 2, 28))


def test_status_follows_expiry_and_revocation(certificate):
    assert certificate.status(certificate.expires_on) == "valid"
    assert certificate.status(certificate.expires_on + timedelta(days=1)) == "expired"
    services.revoke(None, certificate, RevocationReason.ERROR, ip=None, now=NOW)
    assert certificate.status(certificate.issued_on) == "revoked"


# Verification


def test_find_reads_a_serial_as_people_type_it(certificate):
    typed = " " + certificate.serial.lower().replace("0", "o").replace("1", "l") + " "
    assert services.find(typed).id == certificate.id
    assert services.find("TC-2026-0000-0000") is None


def test_a_changed_row_no_longer_matches_its_signature(certificate):
    certificate.holder_latin_name = "Someone Else"
    assert not services.signature_is_valid(certificate)
    certificate.holder_latin_name = certificate.holder.latin_name
    assert services.signature_is_valid(certificate)
    certificate.score = 99
    assert not services.signature_is_valid(certificate)


def test_upgrading_signatures_leaves_valid_ones_and_reports_forgeries(certificate):
    original = certificate.signature
    assert services.upgrade_signatures() == ([], [])
    certificate.hours = 40  # changed behind the issuer's back: no form of the data matches
    assert services.upgrade_signatures() == ([], [certificate])
    assert certificate.signature == original and audits("certificate.resign") == []


# Revocation


def test_a_coordinator_in_scope_revokes_with_a_reason(users, holder, certificate):
    coordinator = users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY)
    services.revoke(
        coordinator, certificate, "fraud", "  Forged exam sheet ", ip="203.0.113.5", now=NOW
    )
    db.session.commit()
    stored = db.session.get(Certificate, certificate.id)
    assert (stored.revoked_at, stored.revoked_reason_code, stored.revoked_reason) == (
        NOW,
        "fraud",
        "Forged exam sheet",
    )
    assert stored.revoked_by_id == coordinator.id
    assert services.current_certificate(holder, certificate.course) is None
    [event] = audits("certificate.revoke")
    assert (event.actor_id, event.target, event.ip_address, event.details) == (
        coordinator.id,
        certificate.serial,
        "203.0.113.5",
        {"reason": "fraud", "note": "Forged exam sheet"},
    )
    with pytest.raises(NotAllowed):  # revoked already
        services.revoke(coordinator, certificate, "other", ip=None, now=NOW)
    assert stored.revoked_reason_code == "fraud"


@pytest.mark.parametrize("who", ["the holder", "outside the scope", "another agency"])
def test_a_revocation_by_someone_not_allowed_is_refused_and_audited(
    users, holder, certificate, who
):
    actor = {
        "the holder": lambda: holder,
        "outside the scope": lambda: users(Role.COORDINATOR, country="MD"),
        "another agency": lambda: users(Role.COORDINATOR, country="GE", agency_index=1),
    }[who]()
    revoke = services.revoke
    refused_and_rolled_back(
        lambda: revoke(actor, certificate, RevocationReason.FRAUD, ip="192.0.2.8", now=NOW)
    )
    assert db.session.get(Certificate, certificate.id).revoked_at is None
    [event] = audits("scope.denied")
    assert (event.actor_id, event.target_user_id, event.ip_address, event.details) == (
        actor.id,
        holder.id,
        "192.0.2.8",
        {"attempted": "certificate.revoke"},
    )
    assert audits("certificate.revoke") == []


def test_an_unknown_reason_is_refused(certificate):
    revoke = services.revoke
    refused_and_rolled_back(
        lambda: revoke(None, certificate, "bored", ip=None, now=NOW), error=ValueError
    )
    # (revoke sets revoked_at before it reads the reason: only the rollback undoes it)
    assert db.session.get(Certificate, certificate.id).revoked_at is None
    assert audits("certificate.revoke") == []


# Reissue


def test_reissue_revokes_the_old_serial_and_links_the_new_certificate(users, holder, certificate):
    holder.latin_name = "Giorgi Kapanadze"
    admin = users(Role.ADMIN, country="UA")
    new = services.reissue(admin, certificate, ip=None, now=NOW)
    db.session.commit()
    old = db.session.get(Certificate, certificate.id)
    assert (old.revoked_reason_code, old.replaced_by_id, old.revoked_by_id) == (
        "reissued",
        new.id,
        admin.id,
    )
    assert new.serial != old.serial and new.revoked_at is None
    assert (new.holder_latin_name, new.issued_at, new.issued_by_id) == (
        "Giorgi Kapanadze",
        NOW,
        admin.id,
    )
    assert (new.expires_on, new.score) == (date(2028, 6, 15), old.score)
    assert services.signature_is_valid(new) and services.signature_is_valid(old)
    assert services.current_certificate(holder, certificate.course).id == new.id
    [event] = audits("certificate.reissue")
    assert (event.target, event.details) == (new.serial, {"replaces": old.serial})


def test_a_reissue_out_of_scope_changes_nothing(users, holder, certificate):
    outsider = users(Role.COORDINATOR, country="MD", scope=CoordinatorScope.COUNTRY)
    reissue = services.reissue
    refused_and_rolled_back(lambda: reissue(outsider, certificate, ip=None, now=NOW))
    assert certificates() == 1
    stored = db.session.get(Certificate, certificate.id)
    assert (stored.revoked_at, stored.replaced_by_id) == (None, None)
    assert audits("scope.denied")[0].details == {"attempted": "certificate.revoke"}


def test_a_trainer_certificate_is_reissued_for_its_programme(tmp_path, users, course):
    programme = sample_programme(tmp_path)
    trainer = certified_trainer(users)
    old = db.session.scalar(select(Certificate).where(Certificate.user_id == trainer.id))
    new = services.reissue(users(Role.ADMIN), old, ip=None, now=NOW)
    assert new.programme_id == programme.id and old.replaced_by_id == new.id
