"""Benchmark of the progress reports on a realistic data set (prints figures, asserts nothing).

    .venv/bin/python bench/reports.py                      # SQLite file in /tmp
    .venv/bin/python bench/reports.py --postgres           # database elearn_bench on 127.0.0.1
    .venv/bin/python bench/reports.py --trainees 2000      # a smaller run

Default size, as in the progress issue: 20,000 trainees in 5 countries, 8 courses of 40 lessons,
about 2 million lesson progress rows and 200,000 quiz attempts. It times the coordinator matrix of
a 500-trainee cohort and the programme (country) overview, and counts their queries."""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import event, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from elearn import create_app  # noqa: E402
from elearn.auth.models import User, UserRole  # noqa: E402
from elearn.catalog.cohorts import Cohort, CohortMember  # noqa: E402
from elearn.catalog.models import Enrolment  # noqa: E402
from elearn.content.models import Course, Lesson, LessonText, Module  # noqa: E402
from elearn.extensions import db  # noqa: E402
from elearn.learn.models import LessonProgress  # noqa: E402
from elearn.orgs.models import Agency  # noqa: E402
from elearn.orgs.reference import PARTNER_TIMEZONES, ensure_reference_data  # noqa: E402
from elearn.programme.indicators import programme_indicators  # noqa: E402
from elearn.progress.dashboard import Filters  # noqa: E402
from elearn.progress.reports import course_matrix  # noqa: E402
from elearn.quiz.models import Attempt, Quiz  # noqa: E402

COURSES, MODULES, LESSONS_PER_MODULE = 8, 5, 8
BATCH = 20_000
NOW = datetime.now(UTC)


def database_url(postgres: bool) -> str:
    if not postgres:
        path = Path("/tmp/elearn-bench.sqlite")
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS elearn_bench")
        conn.execute("CREATE DATABASE elearn_bench")
    return "postgresql+psycopg://postgres@127.0.0.1:5432/elearn_bench"


def bulk(model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def make_courses() -> list[tuple[Course, list[int], list[int]]]:
    made = []
    for number in range(COURSES):
        course = Course(
            slug=f"course-{number}",
            title={"en": f"Course {number}"},
            summary={"en": ""},
            topic="cybercrime",
            level="intermediate",
            subject_area="bench",
            estimated_hours=10,
            access="law-enforcement",
            audience={},
            completion={"lessons": "all", "quizzes": "all"},
            content_hash="x",
        )
        db.session.add(course)
        db.session.flush()
        lessons, quizzes = [], []
        for position in range(MODULES):
            module = Module(
                course_id=course.id,
                slug=f"m{position}",
                folder=f"m{position}",
                position=position,
                title={"en": f"Module {position}"},
            )
            db.session.add(module)
            db.session.flush()
            for index in range(LESSONS_PER_MODULE):
                lesson = Lesson(
                    course_id=course.id,
                    module_id=module.id,
                    slug=f"l{position}-{index}",
                    file="x.md",
                    position=index,
                    duration=20,
                    content_hash="x",
                    texts={
                        "en": LessonText(
                            locale="en", title="L", markdown="x", html="x", source_hash="x"
                        )
                    },
                )
                db.session.add(lesson)
                db.session.flush()
                lessons.append(lesson.id)
            quiz = Quiz(
                course_id=course.id,
                module_id=module.id,
                slug=f"q{position}",
                file="q.md",
                position=1,
                settings={"pass_mark": 70},
                content_hash="x",
            )
            db.session.add(quiz)
            db.session.flush()
            quizzes.append(quiz.id)
        made.append((course, lessons, quizzes))
    return made


def make_people(trainees: int, courses, rng: random.Random) -> list[int]:
    agencies = db.session.scalars(select(Agency).where(Agency.country.has())).all()
    partner = [a.id for a in agencies if a.country.code in PARTNER_TIMEZONES]
    users = [
        {
            "email": f"t{n}@bench.example",
            "display_name": f"Trainee {n}",
            "latin_name": f"T {n}",
            "locale": "en",
            "agency_id": partner[n % len(partner)],
            "status": "active",
            "coordinator_scope": "agency",
            "password_hash": "x",
            "created_at": NOW,
        }
        for n in range(trainees)
    ]
    bulk(User, users)
    ids = db.session.scalars(select(User.id).order_by(User.id)).all()
    bulk(UserRole, [{"user_id": i, "role": "trainee"} for i in ids])
    enrolments, progress, attempts = [], [], []
    for user_id in ids:
        for course, lessons, quizzes in rng.sample(courses, 3):
            enrolments.append({"user_id": user_id, "course_id": course.id, "enrolled_at": NOW})
            for lesson_id in lessons[: rng.randint(25, 40)]:
                seen = NOW - timedelta(days=rng.randint(0, 120))
                progress.append(
                    {
                        "user_id": user_id,
                        "lesson_id": lesson_id,
                        "started_at": seen,
                        "last_seen_at": seen,
                        "views": 1,
                        "completed_at": seen if rng.random() < 0.9 else None,
                    }
                )
            for number, quiz_id in enumerate(quizzes[: rng.randint(3, 4)], start=1):
                score = rng.uniform(30, 100)
                attempts.append(
                    {
                        "user_id": user_id,
                        "quiz_id": quiz_id,
                        "number": number,
                        "locale": "en",
                        "status": "submitted",
                        "questions": [],
                        "started_at": NOW,
                        "submitted_at": NOW,
                        "score": score,
                        "passed": score >= 70,
                    }
                )
    bulk(Enrolment, enrolments)
    bulk(LessonProgress, progress)
    bulk(Attempt, attempts)
    print(
        f"data: {len(ids)} trainees, {len(enrolments)} enrolments, "
        f"{len(progress)} progress rows, {len(attempts)} attempts"
    )
    return ids


def timed(label: str, run, repeat: int = 5) -> None:
    queries = 0

    def count(*args):
        nonlocal queries
        queries += 1

    event.listen(db.engine, "before_cursor_execute", count)
    times = []
    for _ in range(repeat):
        db.session.expire_all()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    event.remove(db.engine, "before_cursor_execute", count)
    print(
        f"{label}: median {statistics.median(times):.0f} ms, best {min(times):.0f} ms, "
        f"{queries // repeat} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--trainees", type=int, default=20_000)
    args = parser.parse_args()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(args.postgres)})
    rng = random.Random(2026)
    with app.app_context():
        db.create_all()
        ensure_reference_data()
        started = time.perf_counter()
        courses = make_courses()
        ids = make_people(args.trainees, courses, rng)
        db.session.commit()
        print(f"generated in {time.perf_counter() - started:.0f} s on {db.engine.dialect.name}")

        course = courses[0][0]
        enrolled = db.session.scalars(
            select(Enrolment.user_id).where(Enrolment.course_id == course.id).limit(500)
        ).all()
        cohort = Cohort(
            name="Bench",
            agency_id=db.session.get(User, ids[0]).agency_id,
            coordinator_id=ids[0],
            starts_on=NOW.date(),
            members=[CohortMember(user_id=i) for i in enrolled],
        )
        db.session.add(cohort)
        db.session.commit()

        def matrix():
            members = db.session.scalars(select(User).where(User.id.in_(enrolled))).all()
            return course_matrix(course, members, now=NOW)

        timed(f"matrix, {len(enrolled)}-trainee cohort (loading the trainees included)", matrix)
        timed("programme overview by country", lambda: programme_indicators(Filters()))


if __name__ == "__main__":
    main()
