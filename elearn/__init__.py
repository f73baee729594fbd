"""elearn: training platform for law-enforcement officers."""

import logging
import os

from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from elearn.config import PROJECT_ROOT, load_config
from elearn.extensions import babel, csrf, db, init_migrations, limiter, login_manager
from elearn.i18n import remember_requested_locale, select_locale, select_timezone
from elearn.transactions import CommittingFlask
from elearn.web.routing import IdConverter


def create_app(config: dict | None = None) -> CommittingFlask:
    app = CommittingFlask(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path, config))
    os.makedirs(app.instance_path, exist_ok=True)
    proxies = app.config["ELEARN_PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    logging.basicConfig(level=logging.INFO)
    _init_extensions(app)
    app.url_map.converters["int"] = IdConverter
    _register_blueprints(app)
    _connect_listeners()
    app.before_request(remember_requested_locale)

    from elearn import cli, transactions
    from elearn.audit.services import guard
    from elearn.progress import record
    from elearn.web import assets, errors, overload, requestlog, security, templating

    record.listen()
    transactions.listen()
    guard()
    errors.register(app)
    security.register(app)
    assets.register(app)
    requestlog.register(app)
    overload.register(app)
    templating.register(app)
    cli.register(app)
    return app


def _init_extensions(app: CommittingFlask) -> None:
    from elearn.auth.loader import load_user

    db.init_app(app)
    if app.testing or os.environ.get("FLASK_RUN_FROM_CLI") == "true":
        # `flask db ...` and the tests; a server (gunicorn) never imports Alembic.
        init_migrations(
            app, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True, compare_type=True
        )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def _connect_listeners() -> None:
    """A feature's events reach the features above it (which it never imports) by signals."""
    from elearn.authoring.permissions import editable_locales
    from elearn.catalog.signals import course_work_asked
    from elearn.certificates.services import certify_completion
    from elearn.content.signals import lesson_history_asked
    from elearn.learn.services import has_progress
    from elearn.learn.signals import lesson_progressed
    from elearn.progress import completion
    from elearn.progress.signals import course_completed
    from elearn.quiz.signals import attempt_graded, grading_asked
    from elearn.trainers.permissions import mentor_grades

    course_completed.connect(certify_completion)
    lesson_progressed.connect(completion.on_lesson_progressed)
    attempt_graded.connect(completion.on_attempt_graded)
    grading_asked.connect(mentor_grades)
    course_work_asked.connect(editable_locales)
    lesson_history_asked.connect(has_progress)


def _register_blueprints(app: CommittingFlask) -> None:
    from elearn.admin.views import bp as admin_bp
    from elearn.admin.xapi_client_views import bp as xapi_clients_bp
    from elearn.api.views import bp as api_bp
    from elearn.auth.views import bp as auth_bp
    from elearn.authoring.views import bp as authoring_bp
    from elearn.catalog.views import bp as catalog_bp
    from elearn.certificates.views import bp as certificates_bp
    from elearn.cohorts.views import bp as cohorts_bp
    from elearn.learn.views import bp as learn_bp
    from elearn.main.views import bp as main_bp
    from elearn.privacy.views import bp as privacy_bp
    from elearn.programme.views import bp as programme_bp
    from elearn.progress.views import bp as progress_bp
    from elearn.quiz.views import bp as quiz_bp
    from elearn.trainers.views import bp as trainers_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(xapi_clients_bp, url_prefix="/admin/xapi-clients")
    app.register_blueprint(catalog_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(quiz_bp)
    app.register_blueprint(cohorts_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(certificates_bp)
    app.register_blueprint(trainers_bp)
    app.register_blueprint(authoring_bp)
    app.register_blueprint(privacy_bp)
