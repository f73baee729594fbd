"""Two `flask certificates work` processes at once share the jobs: each member is checked once,
each certificate issued once, each job finished once (PostgreSQL pass)."""

import os
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, select

from elearn.auth.models import Role
from elearn.catalog.cohorts import Cohort, CohortCourse, CohortMember
from elearn.certificates.bulk import request_bulk_issue
from elearn.certificates.models import BulkIssue, Certificate
from elearn.certificates.services import signing_key
from elearn.config import PROJECT_ROOT
from elearn.extensions import db
from elearn.models import utcnow
from tests.factories import agency
from tests.web.certificates.conftest import finish

MEMBERS_PER_COHORT = 20


def cohort_of(members, coordinator, course) -> Cohort:  # noqa: F811
    cohort = Cohort(
        name="Unit",
        agency=agency("GE"),
        coordinator_id=coordinator.id,
        starts_on=utcnow().date(),
        members=[CohortMember(user_id=member.id) for member in members],
        courses=[CohortCourse(course_id=course.id)],
    )
    db.session.add(cohort)
    db.session.flush()
    return cohort


def worker(app) -> subprocess.Popen:
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "ELEARN_SIGNING_KEY": app.config["ELEARN_SIGNING_KEY"],
    }
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    return subprocess.Popen(
        [flask, "certificates", "work"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_workers_issue_each_certificate_once(app, users, course):  # noqa: F811
    if db.engine.dialect.name != "postgresql":
        pytest.skip("two processes on one database need a server; runs in the PostgreSQL pass")
    signing_key()  # the workers start in production mode, which needs the key to exist
    course.certifies = False  # completed before the course issued certificates
    db.session.commit()
    trainees = [users(country="GE") for _ in range(2 * MEMBERS_PER_COHORT)]
    for trainee in trainees:
        finish(trainee, course)
    course.certifies = True
    coordinator = users(Role.COORDINATOR, country="GE")
    jobs = [
        request_bulk_issue(
            coordinator, cohort_of(group, coordinator, course), course, ip=None, now=utcnow()
        )
        for group in (trainees[:MEMBERS_PER_COHORT], trainees[MEMBERS_PER_COHORT:])
    ]
    db.session.commit()
    job_ids = [job.id for job in jobs]

    workers = [worker(app), worker(app)]
    outputs = [process.communicate(timeout=120)[0] for process in workers]

    assert [process.returncode for process in workers] == [0, 0], outputs
    reported = Counter(  # the workers' own lines, not the libraries' log lines
        line.split(":")[0]
        for out in outputs
        for line in out.splitlines()
        if line.startswith("bulk issue")
    )
    assert reported == {f"bulk issue {job_id}": 1 for job_id in job_ids}, outputs
    db.session.expire_all()
    for job_id in job_ids:
        job = db.session.get(BulkIssue, job_id)
        assert (job.done, job.issued, job.is_finished) == (MEMBERS_PER_COHORT,) * 2 + (True,)
    per_holder = db.session.execute(
        select(Certificate.user_id, func.count()).group_by(Certificate.user_id)
    ).all()
    assert sorted(per_holder) == sorted((trainee.id, 1) for trainee in trainees)
