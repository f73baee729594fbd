"""Certificates: issued once on completion, downloadable by the holder, publicly verifiable,
signed, revocable, exportable as Open Badges 3.0."""

import io
import json
import threading

import pytest
from freezegun import freeze_time
from pypdf import PdfReader
from sqlalchemy import func, select

from elearn.audit.models import AuditEvent
from elearn.auth.models import CoordinatorScope, Role, User
from elearn.certificates import badges, services
from elearn.certificates.models import Certificate
from elearn.content.models import Course
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.completion import update_completion
from tests.conftest import Browser
from tests.web.certificates.conftest import finish


def test_completion_issues_exactly_one_signed_certificate(graduate, course):
    user, certificate = graduate
    assert certificate.serial.startswith(f"TC-{utcnow().year}-")
    assert certificate.holder_name.startswith("გიორგი") and certificate.locale == "ka"
    assert certificate.expires_on.year == certificate.issued_on.year + 2
    assert services.signature_is_valid(certificate)
    update_completion(user, course, now=utcnow())
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "certificate.issue"))


def test_an_incomplete_course_gives_no_certificate(users, course):
    trainee = users(country="GE")
    complete_lesson(trainee, ordered_lessons(course)[0], utcnow())
    assert services.issue_if_eligible(trainee, course, now=utcnow()) is None


def test_holder_downloads_the_pdf_with_both_scripts(browser, graduate):
    user, certificate = graduate
    browser.login(user.email)
    response = browser.get(f"/certificates/{certificate.serial}.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert certificate.holder_name in text and certificate.holder_latin_name in text
    assert certificate.serial in text
    assert "certificate.download" in db.session.scalars(select(AuditEvent.action)).all()


def test_someone_elses_certificate_is_404(app, users, graduate):
    _user, certificate = graduate
    other = Browser(app.test_client())
    other.login(users(country="GE").email)
    assert other.get(f"/certificates/{certificate.serial}.pdf").status_code == 404
    assert other.get(f"/certificates/{certificate.serial}.json").status_code == 404


def test_the_pdf_prints_issuer_and_signatory_in_the_holders_language(app, graduate, monkeypatch):
    _user, certificate = graduate
    monkeypatch.setitem(app.config, "ELEARN_CERT_ISSUER_KA", "ევროკავშირის სასწავლო პროგრამა")
    monkeypatch.setitem(app.config, "ELEARN_CERT_SIGNATORY_KA", "პროგრამის დირექტორი")

    text = " ".join(
        PdfReader(io.BytesIO(services.certificate_pdf(certificate))).pages[0].extract_text().split()
    )

    assert f"{certificate.issuer} · ევროკავშირის სასწავლო პროგრამა" in text
    assert f"{certificate.signatory} · პროგრამის დირექტორი" in text
    # A certificate issued under another (older) issuer name keeps that name alone.
    monkeypatch.setitem(app.config, "ELEARN_CERT_ISSUER", "A renamed programme")
    renamed = " ".join(
        PdfReader(io.BytesIO(services.certificate_pdf(certificate))).pages[0].extract_text().split()
    )
    assert certificate.issuer in renamed and "ევროკავშირის სასწავლო პროგრამა" not in renamed


def test_public_verification_shows_only_what_it_must(client, graduate):
    user, certificate = graduate
    page = client.get(f"/verify/{certificate.serial}?lang=uk").get_data(as_text=True)
    assert certificate.holder_name in page and certificate.issuer in page
    assert user.email not in page and user.agency.name not in page
    assert 'class="verdict verdict--ok"' in page
    assert client.get(f"/verify/{certificate.serial.lower()}").status_code == 200


def test_unknown_and_forged_serials_say_so(client, graduate):
    _user, certificate = graduate
    forged = certificate.serial[:-1] + ("X" if certificate.serial[-1] != "X" else "Y")
    response = client.get(f"/verify/{forged}")
    assert response.status_code == 404
    assert "No certificate has this number" in response.get_data(as_text=True)


def test_verification_is_rate_limited(client, app, graduate, monkeypatch):
    monkeypatch.setitem(app.config, "ELEARN_VERIFY_RATE_LIMIT", "3 per minute")
    statuses = [client.get(f"/verify/TC-2026-0000-000{n}").status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_a_tampered_certificate_row_fails_its_signature(client, graduate):
    _user, certificate = graduate
    certificate.holder_latin_name = "Someone Else"
    db.session.commit()
    page = client.get(f"/verify/{certificate.serial}").get_data(as_text=True)
    assert "signature of this certificate does not match" in page


def test_coordinator_in_scope_revokes_with_a_reason(app, browser, users, graduate):
    _user, certificate = graduate
    browser.login(users(Role.COORDINATOR, country="GE", scope=CoordinatorScope.COUNTRY).email)
    url = f"/certificates/{certificate.serial}"
    browser.submit(url, {"reason": "fraud", "note": "Forged exam sheet"})
    db.session.expire_all()
    revoked = db.session.get(Certificate, certificate.id)
    assert (revoked.revoked_reason_code, revoked.revoked_reason) == ("fraud", "Forged exam sheet")
    page = browser.get(f"/verify/{certificate.serial}").get_data(as_text=True)
    assert "Revoked" in page and "Obtained by fraud (Forged exam sheet)" in page
    romanian = app.test_client().get(f"/verify/{certificate.serial}?lang=ro").get_data(as_text=True)
    assert "Obținut prin fraudă" in romanian


def test_coordinator_out_of_scope_cannot_see_or_revoke(app, users, graduate):
    _user, certificate = graduate
    outsider = Browser(app.test_client())
    outsider.login(users(Role.COORDINATOR, country="MD", scope=CoordinatorScope.COUNTRY).email)
    assert outsider.get(f"/certificates/{certificate.serial}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).revoked_at is None


def test_reissue_keeps_the_old_serial_revoked_and_linked(browser, users, graduate):
    user, certificate = graduate
    user.latin_name = "Giorgi Kapanadze"
    db.session.commit()
    browser.login(users(Role.ADMIN, country="UA").email)
    response = browser.submit(
        f"/certificates/{certificate.serial}",
        {},
        action=f"/certificates/{certificate.serial}/reissue",
    )
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.get(Certificate, certificate.id)
    new = db.session.get(Certificate, old.replaced_by_id)
    assert old.revoked_at is not None and new.revoked_at is None
    assert new.holder_latin_name == "Giorgi Kapanadze" and new.serial != old.serial
    assert "A corrected certificate replaces it." in browser.get(f"/verify/{old.serial}").get_data(
        as_text=True
    )


def test_open_badge_download_validates_and_verifies(app, browser, graduate, tmp_path):
    user, certificate = graduate
    browser.login(user.email)
    document = browser.get(f"/certificates/{certificate.serial}.json").get_json()
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    badges.check_open_badge(document, today=utcnow().date())

    path = tmp_path / "badge.json"
    path.write_text(json.dumps(document))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["certificates", "verify", str(path)]).exit_code == 0
    document["credentialSubject"]["achievement"]["name"] = "Forged course"
    path.write_text(json.dumps(document))
    result = runner.invoke(args=["certificates", "verify", str(path)])
    assert result.exit_code == 1 and "bad signature" in result.output


def test_operator_commands(app, graduate, tmp_path):
    _user, certificate = graduate
    runner = app.test_cli_runner()
    listing = json.loads(runner.invoke(args=["certificates", "list", "--json"]).output)
    assert listing[0]["serial"] == certificate.serial and listing[0]["status"] == "valid"
    pdf, badge = tmp_path / "c.pdf", tmp_path / "c.json"
    result = runner.invoke(
        args=["certificates", "export", certificate.serial, "--pdf", str(pdf), "--json", str(badge)]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and json.loads(badge.read_text())["proof"]
    result = runner.invoke(args=["certificates", "revoke", certificate.serial, "--reason", "error"])
    assert result.exit_code == 0
    db.session.expire_all()
    revoked = db.session.get(Certificate, certificate.id)
    assert revoked.revoked_at is not None and revoked.revoked_reason_code == "error"


def test_simultaneous_completions_issue_one_certificate(app, users, course):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent inserts need a server database; runs in the PostgreSQL pass")
    trainee = users(country="GE")
    finish(trainee, course)  # completes and certifies once
    db.session.execute(Certificate.__table__.delete())
    db.session.commit()
    user_id, course_id = trainee.id, course.id
    both_ready = threading.Barrier(2, timeout=10)

    def certify():
        with app.app_context():
            user = db.session.get(User, user_id)
            same_course = db.session.get(Course, course_id)
            both_ready.wait()
            services.issue_if_eligible(user, same_course, now=utcnow())
            db.session.commit()

    threads = [threading.Thread(target=certify, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_bulk_issue_for_a_cohort_runs_in_the_background(app, browser, users, course):
    from elearn.catalog.cohorts import Cohort, CohortCourse, CohortMember
    from tests.factories import agency

    course.certifies = False  # completed before the course issued certificates
    db.session.commit()
    done, busy = users(country="GE"), users(country="GE")
    finish(done, course)
    complete_lesson(busy, ordered_lessons(course)[0], utcnow())
    course.certifies = True
    coordinator = users(Role.COORDINATOR, country="GE")
    cohort = Cohort(
        name="Unit",
        agency=agency("GE"),
        coordinator_id=coordinator.id,
        starts_on=utcnow().date(),
        members=[CohortMember(user_id=done.id), CohortMember(user_id=busy.id)],
        courses=[CohortCourse(course_id=course.id)],
    )
    db.session.add(cohort)
    db.session.commit()

    browser.login(coordinator.email)
    url = f"/cohorts/{cohort.id}"
    response = browser.submit(url, {}, action=f"{url}/courses/sample-course/certificates")
    assert response.status_code == 302
    assert (
        db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    )  # not in the request

    result = app.test_cli_runner().invoke(args=["certificates", "work"])
    assert "1 certificate(s) issued for 2 member(s)" in result.output
    assert services.current_certificate(done, course) is not None
    assert services.current_certificate(busy, course) is None
    page = browser.get(url).get_data(as_text=True)
    assert "2 of 2 officers checked, 1 issued" in page


def test_an_expired_certificate_says_so(client, graduate):
    from datetime import timedelta

    _user, certificate = graduate
    with freeze_time(utcnow() + timedelta(days=3 * 366)):
        page = client.get(f"/verify/{certificate.serial}").get_data(as_text=True)
    assert 'class="verdict verdict--bad"' in page and "Expired" in page
