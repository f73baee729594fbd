"""Demo trainer network: certified trainers and a mentor in several countries, a candidate
half-way through, and a trainer whose certification expired. Idempotent."""

from datetime import timedelta

from sqlalchemy import select

from elearn.auth.services import find_user_by_email
from elearn.extensions import db
from elearn.models import utcnow
from elearn.trainers import services
from elearn.trainers.models import Candidacy, CandidacyStatus, Programme, TrainingSession

PROGRAMME = "crypto-investigations-trainer"
CERTIFIED = ["mentor@elearn.example", "trainer@elearn.example"]
EXPIRED = "natalia.md@elearn.example"
CANDIDATE = "trainee.ua@elearn.example"


def start_demo_trainers() -> None:
    programme = db.session.scalar(select(Programme).where(Programme.slug == PROGRAMME))
    if programme is None or db.session.scalar(select(Candidacy)):
        return
    now = utcnow()
    for email in CERTIFIED:
        _certified(email, programme, now - timedelta(days=120))
    expired = _certified(EXPIRED, programme, now - timedelta(days=3 * 365))
    services.expire_and_remind(now.date(), send_reminder=lambda candidacy: None)
    if expired.status != CandidacyStatus.EXPIRED:
        raise RuntimeError("the demo's expired trainer did not expire")
    _half_way(programme, now)


def _certified(email: str, programme: Programme, when) -> Candidacy:
    user = find_user_by_email(email)
    candidacy = services.apply(user, programme, ip=None)
    candidacy.status = CandidacyStatus.ACTIVE
    for days in (60, 45, 30):
        candidacy.sessions.append(
            TrainingSession(
                delivered_on=(when - timedelta(days=days)).date(),
                place="Training centre",
                audience_size=14,
                topic="Cryptocurrency tracing, module 2",
            )
        )
    services.certify(None, candidacy, now=when, ip=None)
    return candidacy


def _half_way(programme: Programme, now) -> None:
    """Approved, two sessions logged, one observed: the course and the sessions are missing."""
    candidate = find_user_by_email(CANDIDATE)
    coordinator = find_user_by_email("admin@elearn.example")
    mentor = find_user_by_email("mentor@elearn.example")
    candidacy = services.apply(candidate, programme, ip=None)
    services.approve(coordinator, candidacy, mentor, ip=None)
    for days in (20, 6):
        services.log_session(
            candidate,
            candidacy,
            delivered_on=(now - timedelta(days=days)).date(),
            place="Kyiv regional police academy",
            audience_size=18,
            topic="Block explorers",
            today=now.date(),
            ip=None,
        )
    scores = {c["id"]: 3 for c in programme.definition["rubric"]}
    services.observe(
        mentor,
        candidacy.sessions[0],
        scores=scores,
        comments="Clear outcomes; give participants more time on the exercise.",
        ip=None,
    )
