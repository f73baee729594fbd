from sqlalchemy import select

from elearn.auth.models import User, UserStatus
from elearn.extensions import db


def load_user(session_token: str) -> User | None:
    """Flask-Login's loader: an unknown or rotated token, or an inactive account, signs out."""
    return db.session.scalar(
        select(User).where(User.session_token == session_token, User.status == UserStatus.ACTIVE)
    )
