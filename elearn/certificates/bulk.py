"""Bulk issuing for a cohort: requested in a request, worked through by a separate process."""

from datetime import datetime

from sqlalchemy import select

from elearn.audit.services import record
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User
from elearn.certificates.models import BulkIssue
from elearn.certificates.services import current_certificate, issue_if_eligible
from elearn.cohorts.models import Cohort
from elearn.cohorts.permissions import can_manage_cohort
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


def pending_jobs() -> list[BulkIssue]:
    return list(db.session.scalars(select(BulkIssue).where(BulkIssue.finished_at.is_(None))))


def work_on(job: BulkIssue, *, now: datetime, commit) -> None:
    """Certify each member whose completion of the course is recorded (one missed by a race is
    recorded by ``flask progress recompute``); ``commit`` after each one, so the cohort page shows
    the progress and a crash resumes where it stopped."""
    cohort = db.session.get(Cohort, job.cohort_id)
    course = db.session.get(Course, job.course_id)
    actor = db.session.get(User, job.requested_by_id)
    members = sorted(cohort.members, key=lambda m: m.user_id)
    for member in members[job.done :]:
        had = current_certificate(member.user, course) is not None
        certificate = issue_if_eligible(member.user, course, now=now, actor=actor)
        job.issued += 1 if certificate is not None and not had else 0
        job.done += 1
        commit()
    job.finished_at = now
    commit()


def jobs_for(cohort: Cohort) -> list[BulkIssue]:
    return list(
        db.session.scalars(
            select(BulkIssue)
            .where(BulkIssue.cohort_id == cohort.id)
            .order_by(BulkIssue.requested_at.desc())
            .limit(5)
        )
    )
