"""Every Flask extension, created once and bound in ``create_app``; Flask-Migrate only where
migrations run (``init_migrations``)."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from elearn.models import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_migrations(app, **options) -> None:
    """Flask-Migrate (and with it Alembic) for `flask db` and the tests: imported only then, as a
    web worker never migrates."""
    from flask_migrate import Migrate

    Migrate(app, db, **options)
