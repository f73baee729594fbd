"""The trainer track end to end, and every refusal it owes."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import CoordinatorScope, Role, UserStatus
from elearn.certificates.models import Certificate
from elearn.config import PROJECT_ROOT
from elearn.content.models import Course
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.mail import outbox
from elearn.models import utcnow
from elearn.refusals import Refused
from elearn.trainers import services
from elearn.trainers.models import Candidacy, CandidacyStatus, Programme
from elearn.trainers.permissions import qualified_to_author
from elearn.trainers.programmes import check_programme, save_programme
from tests.course_files import import_sample_course

RUBRIC_OK = {"outcomes": 3, "content": 3, "methods": 3, "facilitation": 3, "assessment": 3}


@pytest.fixture
def programme(tmp_path):
    """The bundled crypto programme, pointed at the sample course so it can be completed fast."""
    text = (PROJECT_ROOT / "courses/_programmes/crypto-investigations.yml").read_text()
    text = text.replace("course: crypto-tracing", "course: sample-course")
    text = text.replace("course: trainer-methodology", "course: sample-course")
    text = text.replace("quiz: designing-a-session-check", "quiz: basics-check")
    text = text.replace("min_score: 80", "min_score: 0").replace("min_score: 70", "min_score: 0")
    definition = check_programme(text, tmp_path / "p.yml", problems := Problems())
    assert problems == []
    import_sample_course(tmp_path)  # its subject area: crypto-investigations
    programme = save_programme(definition, text)
    db.session.commit()
    return programme


@pytest.fixture
def people(users, programme):
    mentor = users(Role.TRAINER, Role.MENTOR, country="GE", display_name="Mentor")
    mentor_path = services.apply(mentor, programme, ip=None)
    services.certify(None, mentor_path, now=utcnow(), ip=None)
    coordinator = users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY)
    candidate = users(country="GE", display_name="Candidate")
    db.session.commit()
    return mentor, coordinator, candidate


def qualify(candidate, programme):
    """Complete the sample course and pass its quiz (the prerequisite and the assessment)."""
    from tests.web.certificates.test_certificates import finish

    finish(candidate, db.session.scalar(select(Course)))


def active_candidacy(people, programme):
    mentor, coordinator, candidate = people
    candidacy = services.apply(candidate, programme, ip=None)
    services.approve(coordinator, candidacy, mentor, ip=None)
    return candidacy


def log_and_observe(people, candidacy, count=3, scores=RUBRIC_OK):
    mentor, _, candidate = people
    for days in range(count):
        session = services.log_session(
            candidate,
            candidacy,
            delivered_on=date.today() - timedelta(days=days + 1),
            place="Tbilisi",
            audience_size=12,
            topic="Explorers",
            today=date.today(),
            ip=None,
        )
        services.observe(mentor, session, scores=scores, comments="Good.", ip=None)


def test_the_whole_path_through_the_web(browser, people, programme):
    mentor, coordinator, candidate = people
    qualify(candidate, programme)
    browser.login(candidate.email)
    response = browser.submit("/trainers/", {}, action=f"/trainers/{programme.slug}/apply")
    candidacy = db.session.scalar(select(Candidacy).where(Candidacy.user_id == candidate.id))
    url = f"/trainers/candidacies/{candidacy.id}"
    assert response.headers["Location"].endswith(url)
    browser.logout()

    browser.login(coordinator.email)
    browser.submit(url, {"mentor": mentor.id}, action=f"{url}/approve")
    browser.logout()

    browser.login(candidate.email)
    for days in (3, 2, 1):
        browser.submit(
            url,
            {
                "session-delivered_on": (date.today() - timedelta(days=days)).isoformat(),
                "session-place": "Tbilisi",
                "session-audience_size": "15",
                "session-topic": "Explorers",
            },
            action=f"{url}/sessions",
        )
    page = browser.get(url).get_data(as_text=True)
    assert "Waiting for the mentor" in page and "○" in page
    browser.logout()

    browser.login(mentor.email)
    db.session.expire_all()
    for session in db.session.get(Candidacy, candidacy.id).sessions:
        data = {f"observe-score_{k}": str(v) for k, v in RUBRIC_OK.items()} | {
            "observe-comments": "Well run."
        }
        browser.submit(url, data, action=f"/trainers/sessions/{session.id}/observe")
    browser.submit(url, {}, action=f"{url}/recommend")
    browser.logout()

    browser.login(coordinator.email)
    browser.submit(url, {}, action=f"{url}/confirm")
    db.session.expire_all()
    candidacy = db.session.get(Candidacy, candidacy.id)
    assert candidacy.status == CandidacyStatus.CERTIFIED
    assert candidacy.valid_until == date.today().replace(year=date.today().year + 2)
    certificate = db.session.get(Certificate, candidacy.certificate_id)
    assert certificate.kind == "trainer" and certificate.holder_name == candidate.display_name
    db.session.refresh(candidate)
    assert candidate.has_role(Role.TRAINER)
    assert qualified_to_author(candidate, db.session.scalar(select(Course)))
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "trainer.apply",
        "trainer.approve",
        "trainer.session",
        "trainer.observe",
        "trainer.recommend",
        "trainer.certify",
    } <= actions


def test_an_observation_by_someone_who_is_not_the_mentor_is_refused(users, people, programme):
    candidacy = active_candidacy(people, programme)
    other_mentor = users(Role.TRAINER, Role.MENTOR, country="GE")
    services.certify(None, services.apply(other_mentor, programme, ip=None), now=utcnow(), ip=None)
    session = services.log_session(
        people[2],
        candidacy,
        delivered_on=date.today(),
        place="x",
        audience_size=5,
        topic="y",
        today=date.today(),
        ip=None,
    )
    with pytest.raises(services.NotTheMentor):
        services.observe(other_mentor, session, scores=RUBRIC_OK, comments="x", ip=None)
    assert session.observation is None


def test_a_mentor_cannot_observe_themselves(people, programme):
    mentor, coordinator, _ = people
    own = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    own.mentor_id = mentor.id
    session = services.log_session(
        mentor,
        own,
        delivered_on=date.today(),
        place="x",
        audience_size=5,
        topic="y",
        today=date.today(),
        ip=None,
    )
    with pytest.raises(services.NotTheMentor):
        services.observe(mentor, session, scores=RUBRIC_OK, comments="x", ip=None)


def test_a_session_in_the_future_is_refused(people, programme):
    candidacy = active_candidacy(people, programme)
    with pytest.raises(services.FutureSession):
        services.log_session(
            people[2],
            candidacy,
            delivered_on=date.today() + timedelta(days=1),
            place="x",
            audience_size=5,
            topic="y",
            today=date.today(),
            ip=None,
        )
    assert candidacy.sessions == []


def test_confirming_with_unmet_requirements_is_refused(people, programme):
    mentor, coordinator, _candidate = people
    candidacy = active_candidacy(people, programme)
    log_and_observe(people, candidacy, count=1)
    with pytest.raises(services.RequirementsNotMet):
        services.recommend(mentor, candidacy, now=utcnow(), ip=None)
    candidacy.status = CandidacyStatus.RECOMMENDED  # even if someone forced the status
    with pytest.raises(services.RequirementsNotMet):
        services.confirm(coordinator, candidacy, now=utcnow(), ip=None)
    assert candidacy.status == CandidacyStatus.RECOMMENDED


def test_weak_observations_do_not_count(people, programme):
    mentor, _c, candidate = people
    qualify(candidate, programme)
    candidacy = active_candidacy(people, programme)
    log_and_observe(people, candidacy, scores=RUBRIC_OK | {"content": 1})
    assert not services.requirements_met(candidacy)


def test_a_coordinator_outside_the_scope_cannot_confirm(users, people, programme):
    mentor, _c, candidate = people
    qualify(candidate, programme)
    candidacy = active_candidacy(people, programme)
    log_and_observe(people, candidacy)
    services.recommend(mentor, candidacy, now=utcnow(), ip=None)
    moldovan = users(Role.COORDINATOR, country="MD", scope=CoordinatorScope.COUNTRY)
    with pytest.raises(Refused):
        services.confirm(moldovan, candidacy, now=utcnow(), ip=None)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "scope.denied"))


def test_expiry_removes_authoring_rights_and_reminds_before(people, programme):
    mentor, _c, _candidate = people
    course = db.session.scalar(select(Course))
    assert qualified_to_author(mentor, course)
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    soon = qualification.valid_until - timedelta(days=30)
    expired, reminded = services.expire_and_remind(soon, send_reminder=lambda c: outbox().append(c))
    assert reminded == [qualification] and expired == []
    later = qualification.valid_until + timedelta(days=1)
    expired, _ = services.expire_and_remind(later, send_reminder=lambda c: None)
    assert expired == [qualification] and qualification.status == CandidacyStatus.EXPIRED
    assert not qualified_to_author(mentor, course, today=later)
    assert not mentor.has_role(Role.TRAINER)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trainer.expire"))


def test_mentors_are_active_certified_holders_of_the_mentor_role(users, people, programme):
    mentor, _c, _candidate = people
    trainer_only = users(Role.TRAINER, country="GE")
    services.certify(None, services.apply(trainer_only, programme, ip=None), now=utcnow(), ip=None)
    uncertified = users(Role.MENTOR, country="GE")
    suspended = users(Role.TRAINER, Role.MENTOR, country="GE")
    services.certify(None, services.apply(suspended, programme, ip=None), now=utcnow(), ip=None)
    suspended.status = UserStatus.SUSPENDED
    db.session.commit()
    assert services.mentors() == [mentor]
    assert [u for u in (mentor, trainer_only, uncertified) if services.is_mentor(u)] == [mentor]
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    assert services.mentors(today=qualification.valid_until + timedelta(days=1)) == []


def test_expiry_command_sends_the_reminder_mail(app, people, programme):
    mentor, _c, _candidate = people
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    qualification.valid_until = date.today() + timedelta(days=10)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["trainers", "expire"])
    assert "0 expired, 1 reminded" in result.output
    assert outbox()[-1].to == mentor.email


def test_directory_for_staff_only_with_csv(browser, users, people, programme):
    browser.login(users(country="GE").email)
    assert browser.get("/trainers/directory").status_code == 403
    browser.logout()
    browser.login(people[1].email)
    page = browser.get("/trainers/directory").get_data(as_text=True)
    assert people[0].display_name in page
    export = browser.get("/trainers/directory?format=csv").get_data(as_text=True)
    assert export.startswith("\ufeff") and people[0].display_name in export
    assert people[0].display_name not in browser.get("/trainers/directory?country=MD").get_data(
        as_text=True
    )


def coverage_rows(page: str) -> dict[str, list[str]]:
    """The coverage table's rows as {country and area: [certified, target, missing]}."""
    table = page.split("Trainers per country and subject area", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in table.split("<tr")[2:]:
        cells = [cell.split("</td>", 1)[0] for cell in row.split("<td>")[1:]]
        rows[f"{cells[0]} / {cells[1]}"] = cells[2:]
    return rows


def test_coverage_shows_every_partner_country_with_its_gap(browser, users, people, programme):
    browser.login(users(Role.ADMIN).email)
    rows = coverage_rows(browser.get("/trainers/directory").get_data(as_text=True))
    assert rows["Georgia / Cryptocurrency investigations"] == ["1", "no target", "—"]
    assert rows["Armenia / Cryptocurrency investigations"] == ["0", "no target", "—"]
    assert len(rows) == 5  # the five partner countries, this world's one subject area

    browser.submit(
        "/trainers/directory",
        {"country": "AM", "subject_area": "crypto-investigations", "target": "3"},
        action="/trainers/targets",
    )
    rows = coverage_rows(browser.get("/trainers/directory").get_data(as_text=True))
    assert rows["Armenia / Cryptocurrency investigations"] == ["0", "3", "3"]
    refused = browser.submit(
        "/trainers/directory",
        {"country": "FR", "subject_area": "crypto-investigations", "target": "3"},
        action="/trainers/targets",
    )
    assert refused.status_code == 400  # only partner countries, chosen from a list


def test_registry_command(app, people, programme):
    result = app.test_cli_runner().invoke(args=["trainers", "list", "--json"])
    rows = json.loads(result.output)
    assert rows[0]["status"] == "certified" and rows[0]["mentor"] is True
    assert rows[0]["country"] == "GE"


def test_bundled_programmes_are_valid():
    for path in sorted((PROJECT_ROOT / "courses/_programmes").glob("*.yml")):
        problems = Problems()
        assert check_programme(path.read_text(), path, problems), [str(p) for p in problems]


def test_a_broken_programme_names_file_and_line(tmp_path):
    problems = Problems()
    text = "id: x-trainer\nsubject_area: x\ntitle: {en: X}\nsessions: 0\n"
    assert check_programme(text, tmp_path / "bad.yml", problems) is None
    assert any("bad.yml:4: 'sessions'" in str(p) for p in problems)


def test_admin_edits_a_programme_and_bad_yaml_changes_nothing(browser, users, programme):
    browser.login(users(Role.ADMIN, country="UA").email)
    url = f"/trainers/{programme.slug}/edit"
    broken = programme.source.replace("sessions: 3", "sessions: none")
    page = browser.submit(url, {"source": broken}).get_data(as_text=True)
    assert "&#39;sessions&#39; is the number of supervised sessions" in page
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).definition["sessions"] == 3
    response = browser.submit(
        url, {"source": programme.source.replace("sessions: 3", "sessions: 4")}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).definition["sessions"] == 4


def test_only_admins_edit_programmes(browser, people, programme):
    browser.login(people[1].email)
    assert browser.get(f"/trainers/{programme.slug}/edit").status_code == 403


def test_programme_overview_shows_the_trainer_multiplier(browser, users, people, programme):
    mentor = people[0]
    qualification = db.session.scalar(select(Candidacy).where(Candidacy.user_id == mentor.id))
    for size in (10, 14):
        services.log_session(
            mentor,
            qualification,
            delivered_on=date.today(),
            place="x",
            audience_size=size,
            topic="y",
            today=date.today(),
            ip=None,
        )
    db.session.commit()
    assert services.network_indicators()[0].reached_per_trainer == 24
    browser.login(users(Role.ADMIN, country="UA").email)
    page = browser.get("/reports/programme").get_data(as_text=True)
    assert "Trainer network" in page and "<td>24</td>" in page
    export = browser.get("/reports/programme?format=network.csv").get_data(as_text=True)
    assert export.splitlines()[1] == '"Georgia","1","2","24","24"'
    browser.logout()
    browser.login(users(Role.ADMIN, country="GE", locale="ka").email)
    page = browser.get("/reports/programme").get_data(as_text=True)
    assert "<td>საქართველო</td><td>1</td><td>2</td><td>24</td><td>24</td>" in page
    export = browser.get("/reports/programme?format=network.csv").get_data(as_text=True)
    assert export.splitlines()[1] == '"საქართველო";"1";"2";"24";"24"'


def test_a_coordinator_nominates_an_officer_of_their_scope(browser, users, people, programme):
    _mentor, coordinator, candidate = people
    browser.login(coordinator.email)
    response = browser.submit(
        "/trainers/",
        {"nominate-officer": candidate.id},
        action=f"/trainers/{programme.slug}/nominate",
    )
    assert response.status_code == 302
    candidacy = db.session.scalar(select(Candidacy).where(Candidacy.user_id == candidate.id))
    assert (
        candidacy.nominated_by_id == coordinator.id and candidacy.status == CandidacyStatus.APPLIED
    )
    outsider = users(country="MD")
    response = browser.submit(
        "/trainers/",
        {"nominate-officer": outsider.id},
        action=f"/trainers/{programme.slug}/nominate",
    )
    assert response.status_code == 400  # not among the coordinator's officers
    assert db.session.scalar(select(Candidacy).where(Candidacy.user_id == outsider.id)) is None


def test_the_assigned_mentor_grades_the_written_assessment_across_countries(
    users, people, programme
):
    from elearn.quiz.permissions import can_grade

    _mentor, coordinator, candidate = people
    foreign_mentor = users(Role.TRAINER, Role.MENTOR, country="AM")
    services.certify(
        None, services.apply(foreign_mentor, programme, ip=None), now=utcnow(), ip=None
    )
    assert not can_grade(foreign_mentor, candidate)
    candidacy = services.apply(candidate, programme, ip=None)
    services.approve(coordinator, candidacy, foreign_mentor, ip=None)
    assert can_grade(foreign_mentor, candidate)
