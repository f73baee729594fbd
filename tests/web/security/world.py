"""The demo world on the bundled courses as they are: every role among its accounts, cohorts,
attempts, certificates, drafts, candidacies; built once for the authorization matrix."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from elearn.auth.models import User
from elearn.config import PROJECT_ROOT
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.source import Problems
from elearn.demo import load_demo_data
from elearn.extensions import db
from elearn.trainers.programmes import check_programme, save_programme
from tests.course_files import COURSE_YML, write_course

RESTRICTED_YML = (
    COURSE_YML.replace("access: law-enforcement", "access: restricted")
    .replace("countries: [GE, UA]", "countries: [UA]")
    .replace("roles: []", "roles: [trainee, trainer]")
)
# The courses the course routes are walked on, with a lesson and a quiz of each.
COURSES = {
    "bundled": ("crypto-tracing", "ledgers-and-addresses", "crypto-tracing-final-exam"),
    "restricted": ("restricted-course", "first-lesson", "basics-check"),
    "unpublished": ("unpublished-course", "first-lesson", "basics-check"),
}


def build_world(tmp_path: Path) -> None:
    """The bundled courses and programmes, the demo accounts and their learning, and the sample
    course twice: restricted to Ukrainian trainees and trainers, and that one unpublished."""
    for kind, published in (("restricted", ""), ("unpublished", "published: false\n")):
        slug = COURSES[kind][0]
        course_yml = RESTRICTED_YML.replace("id: sample-course", f"id: {slug}") + published
        folder = write_course(tmp_path / kind, **{"course.yml": course_yml})
        source, problems = load_course(folder.rename(folder.with_name(slug)))
        assert problems == [], problems
        import_course(source)
    for folder in sorted((PROJECT_ROOT / "courses").iterdir()):
        if folder.is_dir() and not folder.name.startswith("_"):
            course, problems = load_course(folder)
            assert problems == [], problems
            import_course(course)
    for path in sorted((PROJECT_ROOT / "courses" / "_programmes").glob("*.yml")):
        text = path.read_text()
        save_programme(check_programme(text, Path(path), Problems()), text)
    db.session.commit()
    load_demo_data()
    db.session.commit()


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@dataclass(frozen=True)
class Actor:
    name: str
    email: str | None  # None: anonymous


# Who walks the matrix: anonymous and a demo account of every role, inside and outside scope.
ACTORS = [
    Actor("anonymous", None),
    Actor("trainee", "trainee.am@elearn.example"),  # holds attempts and a certificate
    Actor("other trainee", "trainee.ua@elearn.example"),  # another country, none of those
    Actor("author", "trainer@elearn.example"),  # certified trainer, wrote the demo draft
    Actor("mentor", "mentor@elearn.example"),
    Actor("coordinator GE", "coordinator.ge@elearn.example"),  # country scope: the cohort
    Actor("coordinator MD", "coordinator.md@elearn.example"),  # agency scope, outside it
    Actor("translator", "translator.ka@elearn.example"),
    Actor("admin", "admin@elearn.example"),
]
