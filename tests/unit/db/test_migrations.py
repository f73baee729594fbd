from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from elearn.extensions import db


def test_migrations_match_the_models():
    """The schema the migrations build (the test database's) is exactly what the models say."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_the_legal_basis_moves_to_the_english_text_and_back(tmp_path):
    """Revision 5b1e7c3a9d20 keeps every lesson's legal basis, both ways."""
    import flask_migrate
    from sqlalchemy import text

    from tests.course_files import import_sample_course

    import_sample_course(tmp_path)
    db.session.remove()
    english = "SELECT legal_basis FROM lesson_texts WHERE locale = 'en' AND legal_basis IS NOT NULL"
    flask_migrate.downgrade(revision="11d5f241dad0")
    with db.engine.connect() as connection:
        before = connection.execute(
            text("SELECT legal_basis FROM lessons WHERE legal_basis IS NOT NULL")
        ).scalars()
        assert list(before) == ["Criminal Procedure Code of Ukraine"]
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        after = connection.execute(text(english)).scalars()
        assert list(after) == ["Criminal Procedure Code of Ukraine"]
