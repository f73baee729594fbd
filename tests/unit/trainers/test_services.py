"""The trainer track's services called directly (no request): the path from application to
certificate, expiry, authoring rights, and every refusal with its audit."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.errors import NotAllowed
from elearn.auth.models import CoordinatorScope, Role
from elearn.certificates.models import Certificate, RevocationReason
from elearn.certificates.services import signature_is_valid
from elearn.extensions import db
from elearn.models import utcnow
from elearn.orgs.models import Country
from elearn.trainers import services
from elearn.trainers.models import Candidacy, CandidacyStatus, Observation, Programme
from elearn.trainers.permissions import qualified_to_author
from tests.course_files import complete_sample_course, import_sample_course
from tests.programmes import certified_trainer, sample_programme

RUBRIC_OK = {"outcomes": 3, "content": 3, "methods": 3, "facilitation": 3, "assessment": 3}
TODAY = date.today()


@pytest.fixture
def course(tmp_path):
    return import_sample_course(tmp_path)  # subject area: crypto-investigations


@pytest.fixture
def programme(tmp_path, course):
    return sample_programme(tmp_path)


@pytest.fixture
def mentor(users, programme):
    return certified_trainer(users, Role.MENTOR, display_name="Mentor")


@pytest.fixture
def coordinator(users):
    return users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY)


@pytest.fixture
def candidate(users):
    return users(country="GE", display_name="Candidate")


def audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def refused_and_rolled_back(call, error=NotAllowed):
    """Run a refused call as a request would: the refusal raises, the work is rolled back and
    the rest committed (what survives the rollback: the refusal's audit)."""
    with pytest.raises(error):
        call()
    db.session.rollback()
    db.session.commit()


def qualify(candidate, course):
    """The prerequisite course completed and its quiz (the written assessment) passed."""
    complete_sample_course(candidate, course)
    db.session.commit()


def active(candidate, coordinator, mentor, programme) -> Candidacy:
    candidacy = services.apply(candidate, programme, ip=None)
    services.approve(coordinator, candidacy, mentor, ip="203.0.113.9")
    db.session.commit()
    return candidacy


def log(candidate, candidacy, *, days_ago=1, audience=12, place=" Tbilisi ", topic=" Explorers "):
    return services.log_session(
        candidate,
        candidacy,
        delivered_on=TODAY - timedelta(days=days_ago),
        place=place,
        audience_size=audience,
        topic=topic,
        today=TODAY,
        ip=None,
    )


def observed_sessions(candidate, mentor, candidacy, count=3, scores=RUBRIC_OK):
    for days in range(count):
        session = log(candidate, candidacy, days_ago=days + 1)
        services.observe(mentor, session, scores=scores, comments=" Good. ", ip=None)
    db.session.commit()


def recommended(candidate, coordinator, mentor, programme, course) -> Candidacy:
    qualify(candidate, course)
    candidacy = active(candidate, coordinator, mentor, programme)
    observed_sessions(candidate, mentor, candidacy)
    services.recommend(mentor, candidacy, now=utcnow(), ip=None)
    db.session.commit()
    return candidacy


# Applying and nomination


def test_applying_twice_keeps_one_candidacy_and_audits_once(candidate, programme):
    first = services.apply(candidate, programme, ip="198.51.100.7")
    again = services.apply(candidate, programme, ip=None)
    db.session.commit()
    assert again.id == first.id
    assert (first.status, first.user_id, first.nominated_by_id) == (
        CandidacyStatus.APPLIED,
        candidate.id,
        None,
    )
    [event] = audits("trainer.apply")
    assert (event.actor_id, event.target_user_id, event.target, event.ip_address) == (
        candidate.id,
        candidate.id,
        programme.slug,
        "198.51.100.7",
    )


def test_a_coordinator_nominates_in_scope_only(users, coordinator, candidate, programme):
    nominated = services.apply(candidate, programme, nominated_by=coordinator, ip=None)
    assert nominated.nominated_by_id == coordinator.id
    assert audits("trainer.apply")[0].actor_id == coordinator.id
    outsider = users(country="MD")
    with pytest.raises(NotAllowed):
        services.apply(outsider, programme, nominated_by=coordinator, ip=None)
    assert db.session.scalar(select(Candidacy).where(Candidacy.user_id == outsider.id)) is None


# Approval with a mentor


def test_approval_assigns_the_mentor_and_is_audited(candidate, coordinator, mentor, programme):
    candidacy = active(candidate, coordinator, mentor, programme)
    assert (candidacy.status, candidacy.mentor_id, candidacy.approved_by_id) == (
        CandidacyStatus.ACTIVE,
        mentor.id,
        coordinator.id,
    )
    [event] = audits("trainer.approve")
    assert (event.actor_id, event.target_user_id, event.ip_address, event.details) == (
        coordinator.id,
        candidate.id,
        "203.0.113.9",
        {"mentor": mentor.id},
    )


@pytest.mark.parametrize("who", ["themselves", "outside the scope"])
def test_an_approval_by_someone_not_allowed_is_refused_and_audited(
    users, candidate, mentor, programme, who
):
    actor = candidate if who == "themselves" else users(Role.COORDINATOR, country="MD")
    candidacy = services.apply(candidate, programme, ip=None)
    db.session.commit()
    refused_and_rolled_back(lambda: services.approve(actor, candidacy, mentor, ip="192.0.2.1"))
    assert db.session.get(Candidacy, candidacy.id).status == CandidacyStatus.APPLIED
    [event] = audits("scope.denied")
    assert (event.actor_id, event.target_user_id, event.ip_address) == (
        actor.id,
        candidate.id,
        "192.0.2.1",
    )
    assert event.details == {"attempted": "trainer.approve"}
    assert audits("trainer.approve") == []


def test_the_mentor_must_be_a_certified_mentor_other_than_the_candidate(
    users, candidate, coordinator, mentor, programme
):
    candidacy = services.apply(candidate, programme, ip=None)
    uncertified = users(Role.TRAINER, Role.MENTOR, country="GE")
    certified_without_the_role = certified_trainer(users)
    for not_a_mentor in (uncertified, certified_without_the_role, candidate):
        with pytest.raises(services.TrainerTrackError):
            services.approve(coordinator, candidacy, not_a_mentor, ip=None)
    assert (candidacy.status, candidacy.mentor_id) == (CandidacyStatus.APPLIED, None)
    services.approve(coordinator, candidacy, mentor, ip=None)
    with pytest.raises(services.TrainerTrackError):  # approved already
        services.approve(coordinator, candidacy, mentor, ip=None)
    assert len(audits("trainer.approve")) == 1


# Sessions and observations


def test_the_candidate_logs_a_session_once_it_took_place(candidate, coordinator, mentor, programme):
    candidacy = active(candidate, coordinator, mentor, programme)
    session = log(candidate, candidacy, days_ago=0)
    db.session.commit()
    assert (session.place, session.topic, session.delivered_on) == ("Tbilisi", "Explorers", TODAY)
    assert candidacy.sessions == [session]
    [event] = audits("trainer.session")
    assert (event.actor_id, event.target) == (candidate.id, f"session:{session.id}")
    with pytest.raises(services.FutureSession):
        log(candidate, candidacy, days_ago=-1)
    assert len(candidacy.sessions) == 1


def test_only_the_candidate_logs_and_only_once_approved(users, candidate, programme, mentor):
    candidacy = services.apply(candidate, programme, ip=None)
    with pytest.raises(NotAllowed):  # applied, not approved yet
        log(candidate, candidacy)
    candidacy.status = CandidacyStatus.ACTIVE
    with pytest.raises(NotAllowed):
        log(mentor, candidacy)
    assert candidacy.sessions == [] and audits("trainer.session") == []


def test_the_mentor_observes_against_the_rubric(candidate, coordinator, mentor, programme):
    candidacy = active(candidate, coordinator, mentor, programme)
    session = log(candidate, candidacy)
    observation = services.observe(mentor, session, scores=RUBRIC_OK, comments=" Good. ", ip=None)
    db.session.commit()
    stored = db.session.scalar(select(Observation))
    assert stored.id == observation.id and stored.session_id == session.id
    assert (stored.mentor_id, stored.scores, stored.comments) == (mentor.id, RUBRIC_OK, "Good.")
    assert audits("trainer.observe")[0].target == f"session:{session.id}"


@pytest.mark.parametrize(
    "scores",
    [
        {k: v for k, v in RUBRIC_OK.items() if k != "methods"},  # a criterion missing
        RUBRIC_OK | {"extra": 3},  # one the rubric does not have
        RUBRIC_OK | {"content": 5},  # beyond the levels 1-4
        RUBRIC_OK | {"content": 0},
    ],
)
def test_scores_outside_the_rubric_are_refused(candidate, coordinator, mentor, programme, scores):
    candidacy = active(candidate, coordinator, mentor, programme)
    session = log(candidate, candidacy)
    with pytest.raises(services.TrainerTrackError):
        services.observe(mentor, session, scores=scores, comments="x", ip=None)
    assert session.observation is None


def test_an_observation_by_another_mentor_is_refused_and_audited(
    users, candidate, coordinator, mentor, programme
):
    candidacy = active(candidate, coordinator, mentor, programme)
    session = log(candidate, candidacy)
    db.session.commit()
    other = certified_trainer(users, Role.MENTOR)
    observe = services.observe
    refused_and_rolled_back(
        lambda: observe(other, session, scores=RUBRIC_OK, comments="x", ip=None),
        services.NotTheMentor,
    )
    assert db.session.scalar(select(func.count()).select_from(Observation)) == 0
    [event] = audits("scope.denied")
    assert (event.actor_id, event.target_user_id, event.details) == (
        other.id,
        candidate.id,
        {"attempted": "trainer.observe"},
    )


def test_a_mentor_whose_qualification_lapsed_no_longer_observes(
    candidate, coordinator, mentor, programme
):
    candidacy = active(candidate, coordinator, mentor, programme)
    session = log(candidate, candidacy)
    own = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    own.valid_until = TODAY - timedelta(days=1)
    assert not services.is_mentor(mentor)
    with pytest.raises(services.NotTheMentor):
        services.observe(mentor, session, scores=RUBRIC_OK, comments="x", ip=None)
    assert session.observation is None


def test_observation_passes_on_the_average_and_on_each_criterion():
    rule = {"min_average": 3, "min_each": 2}
    assert services.observation_passes(Observation(scores=RUBRIC_OK), rule)
    uneven = {"a": 4, "b": 4, "c": 2, "d": 2, "e": 3}  # average 3, none below 2
    assert services.observation_passes(Observation(scores=uneven), rule)
    assert not services.observation_passes(Observation(scores=uneven | {"c": 1, "a": 5}), rule)
    assert not services.observation_passes(Observation(scores=RUBRIC_OK | {"e": 2}), rule)


# The checklist, recommendation and confirmation


def test_the_checklist_reports_every_requirement_live(candidate, coordinator, mentor, programme):
    candidacy = active(candidate, coordinator, mentor, programme)
    items = services.checklist(candidacy)
    assert [(item.met, item.detail) for item in items] == [
        (False, "not completed"),
        (False, "not completed"),
        (False, "not passed yet"),
        (False, "0 / 3"),
    ]
    assert items[0].label == "Sample course"
    assert services.checklist(candidacy, "uk")[0].label == "Зразковий курс"
    assert not services.requirements_met(candidacy)


def test_the_checklist_is_met_by_completion_assessment_and_passed_sessions(
    candidate, coordinator, mentor, programme, course
):
    qualify(candidate, course)
    candidacy = active(candidate, coordinator, mentor, programme)
    observed_sessions(candidate, mentor, candidacy, count=2)
    log(candidate, candidacy)  # logged, not observed: does not count
    items = services.checklist(candidacy)
    assert [item.met for item in items] == [True, True, True, False]
    assert items[-1].detail == "2 / 3"
    assert items[2].detail == "100 / 0"  # the best graded attempt against the minimum
    observed_sessions(candidate, mentor, candidacy, count=1, scores=RUBRIC_OK | {"content": 1})
    assert not services.requirements_met(candidacy)  # a weak observation does not count
    observed_sessions(candidate, mentor, candidacy, count=1)
    assert services.requirements_met(candidacy)
    assert services.checklist(candidacy)[-1].detail == "3 / 3"


def test_only_the_mentor_recommends_and_only_when_everything_is_met(
    users, candidate, coordinator, mentor, programme, course
):
    candidacy = active(candidate, coordinator, mentor, programme)
    observed_sessions(candidate, mentor, candidacy)
    with pytest.raises(services.RequirementsNotMet):  # the course is not completed
        services.recommend(mentor, candidacy, now=utcnow(), ip=None)
    qualify(candidate, course)
    for not_the_mentor in (coordinator, candidate, certified_trainer(users, Role.MENTOR)):
        with pytest.raises(services.NotTheMentor):
            services.recommend(not_the_mentor, candidacy, now=utcnow(), ip=None)
    assert candidacy.status == CandidacyStatus.ACTIVE and audits("trainer.recommend") == []
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    services.recommend(mentor, candidacy, now=now, ip=None)
    db.session.commit()
    assert (candidacy.status, candidacy.recommended_at) == (CandidacyStatus.RECOMMENDED, now)
    assert audits("trainer.recommend")[0].actor_id == mentor.id
    with pytest.raises(services.RequirementsNotMet):  # recommended already
        services.recommend(mentor, candidacy, now=now, ip=None)


def test_confirmation_certifies_issues_the_certificate_and_grants_authoring(
    candidate, coordinator, mentor, programme, course
):
    candidacy = recommended(candidate, coordinator, mentor, programme, course)
    assert not qualified_to_author(candidate, course)
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    certificate = services.confirm(coordinator, candidacy, now=now, ip=None)
    db.session.commit()

    assert candidacy.status == CandidacyStatus.CERTIFIED
    assert (candidacy.certified_at, candidacy.valid_until) == (now, date(2028, 5, 4))
    assert candidacy.certificate_id == certificate.id and candidacy.reminded_at is None
    stored = db.session.get(Certificate, certificate.id)
    assert (stored.kind, stored.programme_id, stored.course_id) == ("trainer", programme.id, None)
    assert (stored.holder_name, stored.issued_on, stored.expires_on) == (
        candidate.display_name,
        date(2026, 5, 4),
        date(2028, 5, 4),
    )
    assert (stored.hours, stored.score, stored.issued_by_id) == (3, None, coordinator.id)
    assert stored.course_title["en"] == programme.title["en"]
    assert signature_is_valid(stored)
    assert candidate.has_role(Role.TRAINER)
    assert qualified_to_author(candidate, course, today=date(2028, 5, 4))
    assert not qualified_to_author(candidate, course, today=date(2028, 5, 5))
    [event] = [e for e in audits("trainer.certify") if e.target_user_id == candidate.id]
    assert (event.actor_id, event.target, event.details) == (
        coordinator.id,
        stored.serial,
        {"valid_until": "2028-05-04"},
    )


@pytest.mark.parametrize("who", ["the candidate", "outside the scope"])
def test_a_confirmation_by_someone_not_allowed_is_refused_and_audited(
    users, candidate, coordinator, mentor, programme, course, who
):
    candidacy = recommended(candidate, coordinator, mentor, programme, course)
    actor = candidate if who == "the candidate" else users(Role.COORDINATOR, country="MD")
    confirm = services.confirm
    refused_and_rolled_back(lambda: confirm(actor, candidacy, now=utcnow(), ip=None))
    assert db.session.get(Candidacy, candidacy.id).status == CandidacyStatus.RECOMMENDED
    trainer_certificate = select(Certificate).where(Certificate.programme_id == programme.id)
    assert db.session.scalar(trainer_certificate.where(Certificate.user_id == candidate.id)) is None
    [event] = audits("scope.denied")
    assert (event.actor_id, event.details) == (actor.id, {"attempted": "trainer.confirm"})
    assert not candidate.has_role(Role.TRAINER)


def test_confirming_unmet_or_unrecommended_candidacies_is_refused(
    candidate, coordinator, mentor, programme
):
    candidacy = active(candidate, coordinator, mentor, programme)
    with pytest.raises(services.RequirementsNotMet):  # not recommended
        services.confirm(coordinator, candidacy, now=utcnow(), ip=None)
    candidacy.status = CandidacyStatus.RECOMMENDED  # forced, with nothing met
    with pytest.raises(services.RequirementsNotMet):
        services.confirm(coordinator, candidacy, now=utcnow(), ip=None)
    assert candidacy.certificate_id is None
    assert [e.target_user_id for e in audits("trainer.certify")] == [mentor.id]


# Renewal, expiry and the registry


def test_renewal_needs_new_sessions_and_the_refresher_and_replaces_the_certificate(
    users, coordinator, mentor, programme, course
):
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    first = db.session.get(Certificate, qualification.certificate_id)
    with pytest.raises(services.RequirementsNotMet):
        services.renew(coordinator, qualification, now=utcnow(), ip=None)
    for days in range(4):
        log(mentor, qualification, days_ago=days)
    assert not services.renewal_met(qualification)  # the refresher course is still missing
    qualify(mentor, course)
    assert services.renewal_met(qualification)
    with pytest.raises(NotAllowed):
        services.renew(mentor, qualification, now=utcnow(), ip=None)
    renewed = services.renew(coordinator, qualification, now=utcnow(), ip=None)
    db.session.commit()
    assert renewed.id != first.id and qualification.certificate_id == renewed.id
    assert first.revoked_at is not None
    assert first.revoked_reason_code == RevocationReason.RENEWED.value
    current = select(Certificate).where(
        Certificate.programme_id == programme.id, Certificate.revoked_at.is_(None)
    )
    assert list(db.session.scalars(current)) == [renewed]


def test_a_certification_on_29_february_is_valid_until_28_february(candidate, programme):
    candidacy = services.apply(candidate, programme, ip=None)
    services.certify(None, candidacy, now=datetime(2028, 2, 29, 12, tzinfo=UTC), ip=None)
    assert candidacy.valid_until == date(2030, 2, 28)


def test_expiry_reminds_once_then_expires_and_removes_the_trainer_role(mentor, course):
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    end = qualification.valid_until
    reminded_of = []
    assert services.expire_and_remind(
        end - timedelta(days=61), send_reminder=reminded_of.append
    ) == (
        [],
        [],
    )
    assert services.expire_and_remind(
        end - timedelta(days=60), send_reminder=reminded_of.append
    ) == (
        [],
        [qualification],
    )
    assert qualification.reminded_at is not None
    assert services.expire_and_remind(
        end - timedelta(days=1), send_reminder=reminded_of.append
    ) == (
        [],
        [],
    )
    assert reminded_of == [qualification]  # once
    assert services.expire_and_remind(end, send_reminder=reminded_of.append) == ([], [])
    assert qualified_to_author(mentor, course, today=end)

    expired, _ = services.expire_and_remind(end + timedelta(days=1), send_reminder=print)
    db.session.commit()
    assert expired == [qualification] and qualification.status == CandidacyStatus.EXPIRED
    assert not mentor.has_role(Role.TRAINER) and mentor.has_role(Role.MENTOR)
    assert not qualified_to_author(mentor, course, today=end)  # expired is expired
    assert not services.is_mentor(mentor)
    [event] = audits("trainer.expire")
    assert (event.actor_id, event.target_user_id) == (None, mentor.id)


def test_expiry_keeps_the_trainer_role_of_someone_with_another_valid_qualification(
    mentor, programme
):
    other = Programme(
        slug="other-trainer",
        subject_area="other-area",
        definition=programme.definition | {"id": "other-trainer", "subject_area": "other-area"},
        source="",
    )
    db.session.add(other)
    later = utcnow() + timedelta(days=400)
    services.certify(None, services.apply(mentor, other, ip=None), now=later, ip=None)
    first = db.session.scalar(
        select(Candidacy).where(
            Candidacy.user_id == mentor.id, Candidacy.programme_id == programme.id
        )
    )
    expired, _ = services.expire_and_remind(
        first.valid_until + timedelta(days=1), send_reminder=lambda candidacy: None
    )
    assert expired == [first]
    assert mentor.has_role(Role.TRAINER)
    assert services.has_valid_qualification(mentor, "other-area")
    assert not services.has_valid_qualification(
        mentor, "crypto-investigations", today=first.valid_until + timedelta(days=1)
    )


def test_can_author_admins_and_certified_trainers_of_the_subject_area(users, mentor, course):
    assert qualified_to_author(users(Role.ADMIN), course)
    assert qualified_to_author(mentor, course)
    assert not qualified_to_author(users(Role.TRAINER), course)  # the role is not enough
    course.subject_area = "financial-investigations"
    assert not qualified_to_author(mentor, course)


def test_mentors_and_certified_authors(users, mentor, programme):
    trainer = certified_trainer(users, display_name="Author")
    users(Role.MENTOR, display_name="Uncertified")
    assert services.mentors() == [mentor]
    assert services.certified_authors("crypto-investigations") == [trainer, mentor]
    assert services.certified_authors("financial-investigations") == []
    end = db.session.scalar(select(Candidacy.valid_until).where(Candidacy.user_id == mentor.id))
    assert services.mentors(today=end + timedelta(days=1)) == []


def test_targets_are_set_by_admins_and_coverage_shows_the_gap(users, mentor, coordinator):
    georgia = db.session.scalar(select(Country).where(Country.code == "GE"))
    with pytest.raises(NotAllowed):
        services.set_target(coordinator, georgia, "crypto-investigations", 5, ip=None)
    admin = users(Role.ADMIN)
    services.set_target(admin, georgia, "crypto-investigations", 5, ip=None)
    services.set_target(admin, georgia, "crypto-investigations", 4, ip=None)  # updates the row
    rows = {(row.country, row.subject_area): row for row in services.coverage()}
    georgian = rows["GE", "crypto-investigations"]
    assert (georgian.certified, georgian.target, georgian.gap) == (1, 4, 3)
    armenian = rows["AM", "crypto-investigations"]  # every partner country, trainers or not
    assert (armenian.certified, armenian.target, armenian.gap) == (0, None, None)
    assert [event.details for event in audits("trainer.target")] == [{"value": 5}, {"value": 4}]


def test_network_indicators_count_valid_trainers_and_whom_they_reached(users, mentor, programme):
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    for size in (10, 14):
        log(mentor, qualification, audience=size)
    certified_trainer(users, country="AM")
    rows = services.network_indicators()
    assert [(r.country, r.trainers, r.sessions, r.reached) for r in rows] == [
        ("AM", 1, 0, 0),
        ("GE", 1, 2, 24),
    ]
    assert rows[1].reached_per_trainer == 24 and rows[0].reached_per_trainer == 0
    assert services.network_indicators(qualification.valid_until + timedelta(days=1)) == []
