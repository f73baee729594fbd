from elearn.auth.models import User
from elearn.auth.sessions import load_session_user
from elearn.models import utcnow


def load_user(session_token: str) -> User | None:
    """Flask-Login's loader: the cookie holds a device session's token (see sessions.py)."""
    return load_session_user(session_token, now=utcnow())
