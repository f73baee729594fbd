"""An officer's personal data: everything kept about them, as one JSON document, and its erasure
on request (GDPR articles 15, 17 and 20; see docs/security.md, "Personal data").

Erasure pseudonymises the account instead of deleting it: the rows of their training (progress,
attempts, completions, certificates, learning records) keep pointing at the same user id, so
agency statistics and the audit trail stay consistent, while nothing left names the person but
the certificates they hold, which are kept as issued (see the docs for why)."""

from datetime import datetime

from sqlalchemy import delete, select

from elearn.audit.services import record
from elearn.auth.errors import NotAllowed
from elearn.auth.models import User, UserSession, UserStatus
from elearn.catalog.cohorts import Cohort, CohortMember
from elearn.catalog.models import Enrolment
from elearn.certificates.models import Certificate
from elearn.content.models import Course, Lesson
from elearn.content.question_types import question_type
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion, LearningRecord
from elearn.quiz.models import Attempt
from elearn.trainers.models import Candidacy, TrainingSession

FORMAT = "elearn-personal-data/1"


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rows(query) -> list:
    return list(db.session.scalars(query))


def personal_data(user: User, *, now: datetime) -> dict:
    """Everything the platform keeps about ``user`` that is theirs, as plain JSON values."""
    return {
        "format": FORMAT,
        "exported_at": now.isoformat(),
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "latin_name": user.latin_name,
            "locale": user.locale,
            "agency": user.agency.name,
            "country": user.country.code,
            "status": user.status.value,
            "roles": sorted(role.value for role in user.roles),
            "registered_at": _time(user.created_at),
            "approved_at": _time(user.approved_at),
            "last_login_at": _time(user.last_login_at),
        },
        "devices": [
            {
                "device": session.device,
                "signed_in_at": _time(session.created_at),
                "last_used_at": _time(session.last_seen_at),
                "revoked_at": _time(session.revoked_at),
            }
            for session in _rows(select(UserSession).where(UserSession.user_id == user.id))
        ],
        "enrolments": _enrolments(user),
        "completions": _completions(user),
        "lesson_progress": _lesson_progress(user),
        "attempts": [_attempt(attempt) for attempt in _attempts(user)],
        "certificates": [_certificate(c, now) for c in _certificates(user)],
        "cohorts": [
            {"cohort": cohort.name, "agency": cohort.agency.name, "added_at": _time(added_at)}
            for cohort, added_at in db.session.execute(
                select(Cohort, CohortMember.added_at)
                .join(CohortMember, CohortMember.cohort_id == Cohort.id)
                .where(CohortMember.user_id == user.id)
                .order_by(Cohort.id)
            )
        ],
        "trainer_track": [_candidacy(candidacy) for candidacy in _candidacies(user)],
        "learning_records": [
            row.statement
            for row in _rows(
                select(LearningRecord)
                .where(LearningRecord.user_id == user.id)
                .order_by(LearningRecord.id)
            )
        ],
    }


def _enrolments(user: User) -> list[dict]:
    rows = _rows(select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.id))
    courses = _course_slugs({row.course_id for row in rows})
    return [{"course": courses[r.course_id], "enrolled_at": _time(r.enrolled_at)} for r in rows]


def _completions(user: User) -> list[dict]:
    rows = _rows(
        select(CourseCompletion)
        .where(CourseCompletion.user_id == user.id)
        .order_by(CourseCompletion.id)
    )
    courses = _course_slugs({row.course_id for row in rows})
    return [
        {
            "course": courses[row.course_id],
            "completed_at": _time(row.completed_at),
            "course_version": row.course_version,
            "final_score": row.final_score,
        }
        for row in rows
    ]


def _lesson_progress(user: User) -> list[dict]:
    rows = db.session.execute(
        select(LessonProgress, Lesson)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id == user.id)
        .order_by(Lesson.course_id, Lesson.id)
    ).all()
    courses = _course_slugs({lesson.course_id for _, lesson in rows})
    return [
        {
            "course": courses[lesson.course_id],
            "lesson": lesson.slug,
            "started_at": _time(progress.started_at),
            "last_seen_at": _time(progress.last_seen_at),
            "completed_at": _time(progress.completed_at),
            "views": progress.views,
        }
        for progress, lesson in rows
    ]


def _course_slugs(ids: set[int]) -> dict[int, str]:
    return dict(db.session.execute(select(Course.id, Course.slug).where(Course.id.in_(ids))).all())


def _attempts(user: User) -> list[Attempt]:
    return _rows(select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id))


def _attempt(attempt: Attempt) -> dict:
    slugs = {shown["question"]: shown.get("slug") for shown in attempt.questions}
    return {
        "course": attempt.quiz.course.slug,
        "quiz": attempt.quiz.slug,
        "number": attempt.number,
        "locale": attempt.locale,
        "status": attempt.status.value,
        "started_at": _time(attempt.started_at),
        "submitted_at": _time(attempt.submitted_at),
        "score": attempt.score,
        "passed": attempt.passed,
        "answers": [
            {
                "question": slugs.get(question_id),
                "response": answer.response,
                "fraction": answer.fraction,
                "saved_at": _time(answer.saved_at),
                "graded_at": _time(answer.graded_at),
                "comment": answer.comment,
            }
            for question_id, answer in sorted(attempt.answers.items())
        ],
    }


def _certificates(user: User) -> list[Certificate]:
    return _rows(select(Certificate).where(Certificate.user_id == user.id).order_by(Certificate.id))


def _certificate(certificate: Certificate, now: datetime) -> dict:
    return {
        "serial": certificate.serial,
        "kind": certificate.kind,
        "subject": certificate.subject_id,
        "holder_name": certificate.holder_name,
        "holder_latin_name": certificate.holder_latin_name,
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
        "status": certificate.status(now.date()),
    }


def _candidacies(user: User) -> list[Candidacy]:
    return _rows(select(Candidacy).where(Candidacy.user_id == user.id).order_by(Candidacy.id))


def _candidacy(candidacy: Candidacy) -> dict:
    return {
        "programme": candidacy.programme.slug,
        "status": candidacy.status.value,
        "applied_at": _time(candidacy.applied_at),
        "recommended_at": _time(candidacy.recommended_at),
        "certified_at": _time(candidacy.certified_at),
        "valid_until": candidacy.valid_until.isoformat() if candidacy.valid_until else None,
        "sessions": [_session(session) for session in candidacy.sessions],
    }


def _session(session: TrainingSession) -> dict:
    observation = session.observation
    return {
        "delivered_on": session.delivered_on.isoformat(),
        "place": session.place,
        "audience_size": session.audience_size,
        "topic": session.topic,
        "observation": None
        if observation is None
        else {
            "scores": observation.scores,
            "comments": observation.comments,
            "observed_at": _time(observation.observed_at),
        },
    }


def erase(actor: User, user: User, *, ip: str | None, now: datetime) -> None:
    """Pseudonymise ``user`` on their request, made to an admin; audited as ``user.erase``."""
    if not actor.is_admin or actor.id == user.id or user.erased_at is not None:
        raise NotAllowed()
    pseudonym = f"erased-{user.id}"
    user.email = f"{pseudonym}@erased.invalid"
    user.display_name = user.latin_name = pseudonym
    user.password_hash = None
    user.status = UserStatus.SUSPENDED
    user.role_rows = []
    user.erased_at = now
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    for attempt in _attempts(user):
        free_text = {s["question"] for s in attempt.questions if question_type(s["type"]).free_text}
        for question_id, answer in attempt.answers.items():
            answer.comment = None
            if question_id in free_text:
                answer.response = None
    for candidacy in _candidacies(user):
        for session in candidacy.sessions:
            if session.observation is not None:
                session.observation.comments = ""
    for row in _rows(select(LearningRecord).where(LearningRecord.user_id == user.id)):
        if "response" in row.statement.get("result", {}):
            statement = dict(row.statement)
            statement["result"] = {k: v for k, v in statement["result"].items() if k != "response"}
            row.statement = statement
    record(actor, "user.erase", ip=ip, target_user=user)
