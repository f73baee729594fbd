"""The trainer track: candidacy, checklist, sessions, observations, certification, expiry.

Functions take the actor and the time; they flush and audit; callers commit."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from elearn.audit.services import record, record_refusal
from elearn.auth import scope
from elearn.auth.errors import NotAllowed
from elearn.auth.models import Role, User, UserRole, UserStatus
from elearn.certificates.models import Certificate, RevocationReason
from elearn.certificates.services import signed_certificate
from elearn.content.models import Course, Quiz
from elearn.extensions import db
from elearn.i18n import localized
from elearn.models import years_after
from elearn.orgs.models import Country
from elearn.progress.completion import completion_of
from elearn.quiz.models import Attempt
from elearn.refusals import Refused
from elearn.trainers.models import (
    Candidacy,
    Observation,
    Programme,
    TrainerTarget,
    TrainingSession,
)
from elearn.trainers.models import (
    CandidacyStatus as Status,
)

REMINDER_DAYS = 60


class TrainerTrackError(Refused):
    message = _l("This step of the trainer track is not possible now.")


class RequirementsNotMet(TrainerTrackError):
    message = _l("Not every requirement is met yet.")


class FutureSession(TrainerTrackError):
    message = _l("A session can only be logged once it has taken place.")


class NotTheMentor(TrainerTrackError):
    message = _l("Only the candidate's assigned mentor may do this, and never for themselves.")


@dataclass(frozen=True)
class Requirement:
    label: str
    met: bool
    detail: str


def _course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def _course_requirement(user: User, slug: str, min_score: float, locale: str) -> Requirement:
    course = _course(slug)
    completion = completion_of(user, course) if course else None
    title = localized(course.title, locale) if course else slug
    score = completion.final_score if completion else None
    met = completion is not None and (score or 0) >= min_score
    detail = str(_l("not completed")) if completion is None else f"{score or 0:g} / {min_score:g}"
    return Requirement(title, met, detail)


def _assessment_requirement(user: User, definition: dict) -> Requirement:
    spec = definition["assessment"]
    course = _course(spec["course"])
    quiz = course and db.session.scalar(
        select(Quiz).where(Quiz.course_id == course.id, Quiz.slug == spec["quiz"])
    )
    best = quiz and db.session.scalar(
        select(Attempt.score)
        .where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id, Attempt.score.is_not(None))
        .order_by(Attempt.score.desc())
        .limit(1)
    )
    label = str(_l("Written assessment (graded by a mentor)"))
    detail = f"{best:g} / {spec['min_score']:g}" if best is not None else str(_l("not passed yet"))
    return Requirement(label, best is not None and best >= spec["min_score"], detail)


def observation_passes(observation: Observation, rule: dict) -> bool:
    scores = list(observation.scores.values())
    return mean(scores) >= rule["min_average"] and min(scores) >= rule["min_each"]


def checklist(candidacy: Candidacy, locale: str = "en") -> list[Requirement]:
    """Every requirement of the programme with its live status, in ``locale``."""
    definition = candidacy.programme.definition
    user = candidacy.user
    items = [
        _course_requirement(user, p["course"], p["min_score"], locale)
        for p in definition["prerequisites"]
    ]
    items.append(_assessment_requirement(user, definition))
    needed = definition["sessions"]
    observed = [s for s in candidacy.sessions if s.observation is not None]
    passed = [s for s in observed if observation_passes(s.observation, definition["pass_rule"])]
    items.append(
        Requirement(
            str(_l("Supervised sessions observed and passed")),
            len(passed) >= needed,
            f"{len(passed)} / {needed}",
        )
    )
    return items


def requirements_met(candidacy: Candidacy) -> bool:
    return all(item.met for item in checklist(candidacy))


def apply(
    user: User, programme: Programme, *, nominated_by: User | None = None, ip: str | None
) -> Candidacy:
    if nominated_by is not None and not scope.can_manage_user(nominated_by, user):
        raise NotAllowed()
    existing = db.session.scalar(
        select(Candidacy).where(
            Candidacy.user_id == user.id, Candidacy.programme_id == programme.id
        )
    )
    if existing is not None:
        return existing
    candidacy = Candidacy(
        user=user, programme=programme, nominated_by_id=nominated_by.id if nominated_by else None
    )
    db.session.add(candidacy)
    db.session.flush()
    record(nominated_by or user, "trainer.apply", ip=ip, target_user=user, target=programme.slug)
    return candidacy


def is_mentor(user: User) -> bool:
    """Mentors are certified trainers an admin designated (the mentor role)."""
    return user.has_role(Role.MENTOR) and has_valid_qualification(user)


def _certified(today: date | None, subject_area: str | None = None):
    """The condition "the user holds a valid trainer certification" (in ``subject_area``)."""
    query = select(Candidacy.id).where(
        Candidacy.user_id == User.id,
        Candidacy.status == Status.CERTIFIED,
        Candidacy.valid_until >= (today or date.today()),
    )
    if subject_area is not None:
        query = query.join(Candidacy.programme).where(Programme.subject_area == subject_area)
    return query.exists()


def mentors(*, today: date | None = None) -> list[User]:
    """Every active user ``is_mentor`` holds for, by name, in one query."""
    query = (
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.MENTOR, User.status == UserStatus.ACTIVE, _certified(today))
        .order_by(User.display_name)
    )
    return list(db.session.scalars(query))


def certified_authors(subject_area: str, *, today: date | None = None) -> list[User]:
    """Active trainers certified in the subject area: who may author and review its courses."""
    query = select(User).where(User.status == UserStatus.ACTIVE, _certified(today, subject_area))
    return list(db.session.scalars(query.order_by(User.display_name)))


def approve(actor: User, candidacy: Candidacy, mentor: User, *, ip: str | None) -> None:
    if candidacy.user_id == actor.id or not scope.can_manage_user(actor, candidacy.user):
        record_refusal(
            actor, "scope.denied", ip=ip, target_user=candidacy.user, attempted="trainer.approve"
        )
        raise NotAllowed()
    if (
        candidacy.status != Status.APPLIED
        or not is_mentor(mentor)
        or mentor.id == candidacy.user_id
    ):
        raise TrainerTrackError()
    candidacy.status, candidacy.approved_by_id, candidacy.mentor_id = (
        Status.ACTIVE,
        actor.id,
        mentor.id,
    )
    record(actor, "trainer.approve", ip=ip, target_user=candidacy.user, mentor=mentor.id)
    db.session.flush()


def log_session(
    user: User,
    candidacy: Candidacy,
    *,
    delivered_on: date,
    place: str,
    audience_size: int,
    topic: str,
    today: date,
    ip: str | None,
) -> TrainingSession:
    if candidacy.user_id != user.id or candidacy.status not in (Status.ACTIVE, Status.CERTIFIED):
        raise NotAllowed()
    if delivered_on > today:
        raise FutureSession()
    session = TrainingSession(
        delivered_on=delivered_on,
        place=place.strip(),
        audience_size=audience_size,
        topic=topic.strip(),
    )
    candidacy.sessions.append(session)
    db.session.flush()
    record(user, "trainer.session", ip=ip, target_user=user, target=f"session:{session.id}")
    return session


def observe(
    mentor: User, session: TrainingSession, *, scores: dict[str, int], comments: str, ip: str | None
) -> Observation:
    candidacy = db.session.get(Candidacy, session.candidacy_id)
    if mentor.id != candidacy.mentor_id or mentor.id == candidacy.user_id or not is_mentor(mentor):
        record_refusal(
            mentor, "scope.denied", ip=ip, target_user=candidacy.user, attempted="trainer.observe"
        )
        raise NotTheMentor()
    criteria = {c["id"] for c in candidacy.programme.definition["rubric"]}
    if set(scores) != criteria or not all(score in (1, 2, 3, 4) for score in scores.values()):
        raise TrainerTrackError()
    session.observation = Observation(mentor_id=mentor.id, scores=scores, comments=comments.strip())
    db.session.flush()
    record(
        mentor, "trainer.observe", ip=ip, target_user=candidacy.user, target=f"session:{session.id}"
    )
    return session.observation


def recommend(mentor: User, candidacy: Candidacy, *, now: datetime, ip: str | None) -> None:
    if mentor.id != candidacy.mentor_id or mentor.id == candidacy.user_id:
        raise NotTheMentor()
    if candidacy.status != Status.ACTIVE or not requirements_met(candidacy):
        raise RequirementsNotMet()
    candidacy.status, candidacy.recommended_at = Status.RECOMMENDED, now
    record(mentor, "trainer.recommend", ip=ip, target_user=candidacy.user)
    db.session.flush()


def confirm(actor: User, candidacy: Candidacy, *, now: datetime, ip: str | None) -> Certificate:
    """The coordinator confirms: trainer certificate, trainer role, validity period."""
    if candidacy.user_id == actor.id or not scope.can_manage_user(actor, candidacy.user):
        record_refusal(
            actor, "scope.denied", ip=ip, target_user=candidacy.user, attempted="trainer.confirm"
        )
        raise NotAllowed()
    if candidacy.status != Status.RECOMMENDED or not requirements_met(candidacy):
        raise RequirementsNotMet()
    return certify(actor, candidacy, now=now, ip=ip)


def certify(
    actor: User | None, candidacy: Candidacy, *, now: datetime, ip: str | None
) -> Certificate:
    """Certify without checking requirements (confirm and renew check them first)."""
    years = candidacy.programme.definition["validity_years"]
    candidacy.status, candidacy.certified_at = Status.CERTIFIED, now
    candidacy.valid_until = years_after(now.date(), years)
    candidacy.reminded_at = None
    if not candidacy.user.has_role(Role.TRAINER):
        candidacy.user.role_rows.append(UserRole(role=Role.TRAINER))
    certificate = _trainer_certificate(actor, candidacy, now=now)
    candidacy.certificate_id = certificate.id
    record(
        actor,
        "trainer.certify",
        ip=ip,
        target_user=candidacy.user,
        target=certificate.serial,
        valid_until=candidacy.valid_until.isoformat(),
    )
    return certificate


def _trainer_certificate(actor: User | None, candidacy: Candidacy, *, now: datetime) -> Certificate:
    user, programme = candidacy.user, candidacy.programme
    for old in db.session.scalars(
        select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.programme_id == programme.id,
            Certificate.revoked_at.is_(None),
        )
    ):
        old.revoked_at, old.revoked_reason_code = now, RevocationReason.RENEWED.value
    db.session.flush()
    certificate = signed_certificate(
        user,
        programme=programme,
        course_version=1,
        title=programme.title,
        hours=len(candidacy.sessions),
        score=None,
        expires_on=candidacy.valid_until,
        now=now,
        actor=actor,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def qualifications(user: User) -> list[Candidacy]:
    return list(
        db.session.scalars(
            select(Candidacy).where(
                Candidacy.user_id == user.id, Candidacy.status == Status.CERTIFIED
            )
        )
    )


def has_valid_qualification(
    user: User, subject_area: str | None = None, *, today: date | None = None
) -> bool:
    today = today or date.today()
    return any(
        q.valid_until
        and q.valid_until >= today
        and (subject_area is None or q.programme.subject_area == subject_area)
        for q in qualifications(user)
    )


def renewal_met(candidacy: Candidacy) -> bool:
    """Sessions delivered since certification, and the refresher course completed since then."""
    renewal = candidacy.programme.definition["renewal"]
    since = candidacy.certified_at
    delivered = [s for s in candidacy.sessions if s.logged_at >= since]
    course = _course(renewal["refresher_course"])
    completion = completion_of(candidacy.user, course) if course else None
    refreshed = completion is not None and completion.completed_at >= since
    return len(delivered) >= renewal["sessions"] and refreshed


def renew(actor: User, candidacy: Candidacy, *, now: datetime, ip: str | None) -> Certificate:
    if not scope.can_manage_user(actor, candidacy.user) or candidacy.user_id == actor.id:
        raise NotAllowed()
    if candidacy.status not in (Status.CERTIFIED, Status.EXPIRED) or not renewal_met(candidacy):
        raise RequirementsNotMet()
    return certify(actor, candidacy, now=now, ip=ip)


def expire_and_remind(today: date, *, send_reminder) -> tuple[list[Candidacy], list[Candidacy]]:
    """Expire lapsed qualifications (the trainer role goes when none is left; audited) and remind
    those expiring within REMINDER_DAYS once. Returns (expired, reminded)."""
    certified = db.session.scalars(
        select(Candidacy).where(Candidacy.status == Status.CERTIFIED)
    ).all()
    expired, reminded = [], []
    for candidacy in certified:
        if candidacy.valid_until < today:
            candidacy.status = Status.EXPIRED
            expired.append(candidacy)
            record(
                None,
                "trainer.expire",
                ip=None,
                target_user=candidacy.user,
                target=candidacy.programme.slug,
            )
        elif (
            candidacy.valid_until <= today + timedelta(days=REMINDER_DAYS)
            and not candidacy.reminded_at
        ):
            send_reminder(candidacy)
            candidacy.reminded_at = datetime.combine(today, datetime.min.time()).astimezone()
            reminded.append(candidacy)
    db.session.flush()
    for candidacy in expired:
        user = candidacy.user
        if user.has_role(Role.TRAINER) and not has_valid_qualification(user, today=today):
            user.role_rows = [row for row in user.role_rows if row.role != Role.TRAINER]
    db.session.flush()
    return expired, reminded


@dataclass(frozen=True)
class Coverage:
    country: str
    subject_area: str
    certified: int
    target: int | None

    @property
    def gap(self) -> int | None:
        """Trainers missing to reach the target; None without a target."""
        return None if self.target is None else max(self.target - self.certified, 0)


def coverage(today: date | None = None) -> list[Coverage]:
    """Certified (valid) trainers against the targets, for every partner country and subject
    area: a country without any trainer shows its gap too."""
    today = today or date.today()
    counts: dict[tuple[str, str], int] = {}
    for candidacy in db.session.scalars(
        select(Candidacy).where(Candidacy.status == Status.CERTIFIED)
    ):
        if candidacy.valid_until and candidacy.valid_until >= today:
            key = (candidacy.user.country.code, candidacy.programme.subject_area)
            counts[key] = counts.get(key, 0) + 1
    targets = {
        (t.country.code, t.subject_area): t.target
        for t in db.session.scalars(select(TrainerTarget))
    }
    partners = db.session.scalars(select(Country.code).where(Country.is_partner))
    areas = set(db.session.scalars(select(Programme.subject_area)))
    keys = sorted({(c, a) for c in partners for a in areas} | counts.keys() | targets.keys())
    return [Coverage(c, area, counts.get((c, area), 0), targets.get((c, area))) for c, area in keys]


def set_target(actor: User, country: Country, subject_area: str, target: int, *, ip: str | None):
    if not actor.is_admin:
        raise NotAllowed()
    row = db.session.scalar(
        select(TrainerTarget).where(
            TrainerTarget.country_id == country.id, TrainerTarget.subject_area == subject_area
        )
    )
    if row is None:
        row = TrainerTarget(country_id=country.id, subject_area=subject_area, target=target)
        db.session.add(row)
    row.target = target
    record(actor, "trainer.target", ip=ip, target=f"{country.code}:{subject_area}", value=target)
    db.session.flush()


@dataclass(frozen=True)
class NetworkRow:
    country: str
    trainers: int  # with a valid certification
    sessions: int
    reached: int  # participants of their sessions

    @property
    def reached_per_trainer(self) -> float:
        return self.reached / self.trainers if self.trainers else 0.0


def network_indicators(today: date | None = None) -> list[NetworkRow]:
    """The train-the-trainer multiplier per country: certified trainers and whom they reached."""
    today = today or date.today()
    rows: dict[str, list[int]] = {}
    for candidacy in db.session.scalars(
        select(Candidacy).where(Candidacy.status == Status.CERTIFIED)
    ):
        if not candidacy.valid_until or candidacy.valid_until < today:
            continue
        row = rows.setdefault(candidacy.user.country.code, [0, 0, 0])
        row[0] += 1
        row[1] += len(candidacy.sessions)
        row[2] += sum(session.audience_size for session in candidacy.sessions)
    return [NetworkRow(country, *values) for country, values in sorted(rows.items())]
