from click.testing import CliRunner
from sqlalchemy import func, select

from elearn.auth.models import User, UserStatus
from elearn.authoring.models import Draft, DraftStatus
from elearn.catalog.cohorts import Cohort
from elearn.catalog.models import Enrolment
from elearn.certificates.models import Certificate
from elearn.config import PROJECT_ROOT
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from elearn.progress.models import CourseCompletion, LearningRecord
from elearn.quiz.models import Attempt


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_is_idempotent_and_prints_the_logins(app):
    course, problems = load_course(PROJECT_ROOT / "courses" / "crypto-tracing")
    assert problems == []
    import_course(course)
    db.session.commit()

    first = CliRunner().invoke(app.cli, ["elearn", "demo"])
    second = CliRunner().invoke(app.cli, ["elearn", "demo"])

    assert first.exit_code == second.exit_code == 0
    assert "admin@elearn.example" in first.output and "Tbilisi-Kyiv-2026" in first.output
    assert count(User) == 17
    assert count(User, User.status == UserStatus.PENDING) == 2
    assert count(Enrolment) == 5  # crypto-tracing only: trainer-methodology was not imported
    assert count(LessonProgress) == 4 + 1 + 12 + 6 + 1
    cohort = db.session.scalar(select(Cohort))
    assert len(cohort.members) == 4
    assert count(CourseCompletion) == 1  # the graduate
    assert count(Certificate) == 1
    assert count(Attempt, Attempt.passed.is_(False)) == 2  # the struggling trainee
    # the demo's learning is in the learning record, as if it had happened on the site
    assert count(LearningRecord, LearningRecord.verb == "launched") == count(LessonProgress)
    results = LearningRecord.verb.in_(["passed", "failed"])
    assert count(LearningRecord, results) == count(Attempt, Attempt.score.is_not(None))
    assert count(LearningRecord, LearningRecord.key.like("course:%")) == 1


def test_with_the_trainer_programmes_a_lesson_change_waits_for_review(app):
    course, problems = load_course(PROJECT_ROOT / "courses" / "crypto-tracing")
    import_course(course)
    db.session.commit()
    runner = CliRunner()
    assert runner.invoke(app.cli, ["trainers", "import-programmes"]).exit_code == 0
    assert runner.invoke(app.cli, ["elearn", "demo"]).exit_code == 0

    draft = db.session.scalar(select(Draft))
    assert (draft.slug, draft.status, draft.author.email) == (
        "preservation-production",
        DraftStatus.SUBMITTED,
        "trainer@elearn.example",
    )
    assert "law-enforcement requests" in draft.markdown
