"""Bulk issuing for a cohort: requested in a request, worked through by a separate process."""

from datetime import datetime

from sqlalchemy import select, update

from elearn.audit.services import record
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.catalog.cohorts import Cohort
from elearn.catalog.permissions import can_manage_cohort
from elearn.certificates.models import BulkIssue
from elearn.certificates.services import current_certificate, issue_if_eligible
from elearn.content.models import Course
from elearn.extensions import db


def request_bulk_issue(
    actor: User, cohort: Cohort, course: Course, *, ip: str | None, now: datetime
) -> BulkIssue:
    if not can_manage_cohort(actor, cohort) or course.id not in {
        c.course_id for c in cohort.courses
    }:
        raise NotAllowed()
    job = BulkIssue(
        cohort_id=cohort.id,
        course_id=course.id,
        requested_by_id=actor.id,
        requested_at=now,
        total=len(cohort.members),
    )
    db.session.add(job)
    db.session.flush()
    record(actor, "certificate.bulk", ip=ip, target=f"cohort:{cohort.id}", course=course.slug)
    return job


def pending_jobs() -> list[int]:
    return list(db.session.scalars(select(BulkIssue.id).where(BulkIssue.finished_at.is_(None))))


def work_on(job_id: int, *, now: datetime, commit) -> BulkIssue | None:
    """Certify each member whose completion of the course is recorded (one missed by a race is
    recorded by ``flask progress recompute``), one member per transaction (``commit`` after each),
    so the cohort page shows the progress and a crash resumes where it stopped.

    Each step first locks the job (see ``_lock_unfinished``) and only then reads how far it got,
    so two workers on one job take turns: each member is checked once and the job finishes once.
    Returns the job when this worker finished it, None when another one did."""
    while (job := _lock_unfinished(job_id)) is not None:
        members = sorted(db.session.get(Cohort, job.cohort_id).members, key=lambda m: m.user_id)
        if job.done >= len(members):
            job.finished_at = now
            commit()
            return job
        member = members[job.done]
        course = db.session.get(Course, job.course_id)
        had = current_certificate(member.user, course) is not None
        actor = db.session.get(User, job.requested_by_id)
        certificate = issue_if_eligible(member.user, course, now=now, actor=actor)
        job.issued += 1 if certificate is not None and not had else 0
        job.done += 1
        commit()
    commit()
    return None


def _lock_unfinished(job_id: int) -> BulkIssue | None:
    """The job, read after a no-op UPDATE of its row, which holds a row lock on PostgreSQL and the
    database's write lock on SQLite until the commit; None once the job is finished."""
    locked = db.session.execute(
        update(BulkIssue)
        .where(BulkIssue.id == job_id, BulkIssue.finished_at.is_(None))
        .values(done=BulkIssue.done)
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount == 0:
        return None
    return db.session.get(BulkIssue, job_id, populate_existing=True)


def jobs_for(cohort: Cohort) -> list[BulkIssue]:
    return list(
        db.session.scalars(
            select(BulkIssue)
            .where(BulkIssue.cohort_id == cohort.id)
            .order_by(BulkIssue.requested_at.desc())
            .limit(5)
        )
    )
