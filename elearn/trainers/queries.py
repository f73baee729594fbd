"""What the trainer pages list: programmes, a user's candidacies, the applications a coordinator
decides, the directory of certified trainers."""

from sqlalchemy import select

from elearn.auth import scope
from elearn.auth.models import User
from elearn.extensions import db
from elearn.orgs.models import Agency, Country
from elearn.trainers.models import Candidacy, CandidacyStatus, Programme

QUALIFIED = (CandidacyStatus.CERTIFIED, CandidacyStatus.EXPIRED)


def programmes() -> list[Programme]:
    return list(db.session.scalars(select(Programme).order_by(Programme.slug)))


def subject_areas() -> list[str]:
    return list(
        db.session.scalars(
            select(Programme.subject_area).distinct().order_by(Programme.subject_area)
        )
    )


def candidacies_of(user: User) -> dict[int, Candidacy]:
    """The user's candidacies by programme id."""
    own = db.session.scalars(select(Candidacy).where(Candidacy.user_id == user.id))
    return {candidacy.programme_id: candidacy for candidacy in own}


def mentored_by(user: User) -> list[Candidacy]:
    return list(db.session.scalars(select(Candidacy).where(Candidacy.mentor_id == user.id)))


def awaiting_decision(actor: User) -> list[Candidacy]:
    """Applications and recommendations of officers the actor manages (none for others)."""
    in_scope = scope.visible_users(actor).where(User.id != actor.id).with_only_columns(User.id)
    waiting = db.session.scalars(
        select(Candidacy).where(
            Candidacy.status.in_([CandidacyStatus.APPLIED, CandidacyStatus.RECOMMENDED]),
            Candidacy.user_id.in_(in_scope),
        )
    )
    return [candidacy for candidacy in waiting if scope.can_manage_user(actor, candidacy.user)]


def directory(
    *, subject_area: str | None, country: str | None, name: str | None
) -> list[Candidacy]:
    """Certified (and expired) trainers, by country and Latin name. The name is matched in Python:
    SQLite folds the case of ASCII letters only, and names are in five scripts."""
    query = (
        select(Candidacy)
        .join(Candidacy.programme)
        .join(Candidacy.user)
        .join(Agency, Agency.id == User.agency_id)
        .join(Country, Country.id == Agency.country_id)
        .where(Candidacy.status.in_(QUALIFIED))
        .order_by(Country.code, User.latin_name)
    )
    if subject_area:
        query = query.where(Programme.subject_area == subject_area)
    if country:
        query = query.where(Country.code == country)
    rows = db.session.scalars(query).all()
    if not name:
        return list(rows)
    wanted = name.lower()
    return [c for c in rows if wanted in f"{c.user.display_name} {c.user.latin_name}".lower()]
