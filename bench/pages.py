"""Benchmark of the pages officers use most, beside a bare Flask page (prints figures, asserts
nothing).

    .venv/bin/python bench/pages.py                  # PostgreSQL database elearn_bench_pages
    .venv/bin/python bench/pages.py --duration 10 --rounds 5

It generates a programme-sized catalogue on PostgreSQL (8 courses of 40 lessons in 6 languages,
about 6 KB of HTML each), signs a trainee in, and serves with gunicorn on 127.0.0.1 (sync workers,
the same settings for both apps) a bare Flask app rendering a 15 KB Jinja template and elearn.
``wrk`` (Debian package ``wrk``) then loads, in interleaved rounds, the bare page, the lesson
page, the catalogue and the course page. For each: requests per second and its ratio to the bare
page (medians of the rounds), p99 latency, and server CPU per request: the gunicorn workers'
and the PostgreSQL backends' CPU time (``/proc/<pid>/stat``) divided by the requests served.
Before that, in one process, it counts each page's queries and the bytes of lesson and quiz
text they load."""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import event, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from elearn import create_app  # noqa: E402
from elearn.catalog.models import Enrolment  # noqa: E402
from elearn.content.models import (  # noqa: E402
    Course,
    Lesson,
    LessonText,
    Module,
    QuizText,
)
from elearn.extensions import db  # noqa: E402
from elearn.i18n import LOCALES  # noqa: E402
from elearn.orgs.reference import ensure_reference_data  # noqa: E402
from tests.factories import UserFactory  # noqa: E402

DATABASE = "elearn_bench_pages"
URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
COURSES, MODULES, LESSONS_PER_MODULE = 8, 5, 8
PARAGRAPH = "<p>" + "The officer records the seizure and the chain of custody. " * 12 + "</p>\n"
NOW = datetime.now(UTC)
BARE_TEMPLATE = (
    "<!doctype html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>"
    "{% for row in rows %}<p class=row>{{ row }}</p>{% endfor %}</body></html>"
)


def bare_app():
    """A bare Flask app and its 15 KB Jinja page: the baseline (``bench.pages:bare_app()``)."""
    from flask import Flask, render_template_string

    app = Flask("bare")
    rows = ["A line of text on a plain page, escaped by Jinja. " * 3] * 95

    @app.get("/")
    def page():
        return render_template_string(BARE_TEMPLATE, title="Bare", rows=rows)

    return app


def make_database() -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def generate() -> tuple[str, str]:
    """The catalogue and one enrolled trainee; returns the trainee's email and a lesson path."""
    ensure_reference_data()
    for number in range(COURSES):
        course = Course(
            slug=f"course-{number}",
            title={locale: f"Course {number} ({locale})" for locale in LOCALES},
            summary={locale: "A course of the programme." for locale in LOCALES},
            topic="cybercrime",
            level="intermediate",
            subject_area="bench",
            estimated_hours=10,
            access="law-enforcement",
            audience={"countries": ["GE"], "roles": []},
            completion={"lessons": "all", "quizzes": "all"},
            content_hash="x",
        )
        db.session.add(course)
        db.session.flush()
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
                )
                db.session.add(lesson)
                db.session.flush()
                db.session.execute(
                    insert(LessonText),
                    [
                        {
                            "lesson_id": lesson.id,
                            "locale": locale,
                            "title": f"Lesson {position}.{index} ({locale})",
                            "markdown": PARAGRAPH * 10,
                            "html": PARAGRAPH * 10,
                            "source_hash": "x",
                        }
                        for locale in LOCALES
                    ],
                )
    users = UserFactory()
    trainee = users(email="bench@police.example", country="GE", locale="ka")
    course = db.session.scalar(select(Course).where(Course.slug == "course-0"))
    db.session.add(Enrolment(user_id=trainee.id, course_id=course.id, enrolled_at=NOW))
    db.session.commit()
    return trainee.email, "/courses/course-0/lessons/l2-3"


def pages(lesson: str) -> dict[str, str]:
    return {"lesson page": lesson, "catalogue": "/courses", "course page": "/courses/course-0"}


def count_in_process(app, email: str, lesson: str) -> None:
    """Queries per page and bytes of lesson/quiz text loaded, through the test client."""
    loaded = {"bytes": 0}

    def on_load(target, _context):
        for name in ("markdown", "html", "title"):
            value = target.__dict__.get(name)
            if isinstance(value, str):
                loaded["bytes"] += len(value.encode())

    event.listen(LessonText, "load", on_load)
    event.listen(QuizText, "load", on_load)
    client = app.test_client()
    with app.app_context():
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        client.post(
            "/login",
            data={"csrf_token": token, "email": email, "password": UserFactory.PASSWORD},
        )
    for label, path in pages(lesson).items():
        with app.app_context():
            client.get(path)  # warm
        queries = 0

        def count(*_args):
            nonlocal queries
            queries += 1

        loaded["bytes"] = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", count)
            status = client.get(path).status_code
            event.remove(db.engine, "before_cursor_execute", count)
        print(
            f"{label}: {queries} queries, {loaded['bytes'] / 1024:.1f} KB of texts (HTTP {status})"
        )


def sign_in(base: str, email: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": email, "password": UserFactory.PASSWORD}
    ).encode()
    opener.open(base + "/login", data=data)
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def serve(target: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--config",
            "/dev/null",  # the same plain settings for both apps
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit(f"{target} did not start")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def backends() -> list[int]:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (DATABASE,)
        ).fetchall()
    return [pid for (pid,) in rows]


def run_wrk(url: str, cookie: str | None, args, workers: list[int]) -> dict:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    python_before, pg_pids = cpu_seconds(workers), backends()
    pg_before = cpu_seconds(pg_pids)
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    python = cpu_seconds(workers) - python_before
    postgres = cpu_seconds(pg_pids) - pg_before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p99": float(p99.group(1)) * scale,
        "python_ms": 1000 * python / max(requests, 1),
        "postgres_ms": 1000 * postgres / max(requests, 1),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    make_database()
    keys = Path(tempfile.mkdtemp(prefix="elearn-bench-"))
    env = os.environ | {
        "SECRET_KEY": "bench-secret",
        "DATABASE_URL": URL,
        "ELEARN_MAIL_BACKEND": "log",
        "ELEARN_SIGNING_KEY": str(keys / "signing-key.pem"),
        "ELEARN_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "ELEARN_LOGIN_RATE_LIMIT": "1000 per minute",
    }
    os.environ.update(env)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": URL})
    with app.app_context():
        db.create_all()
        email, lesson = generate()
        print(
            f"data: {COURSES} courses x {MODULES * LESSONS_PER_MODULE} lessons x "
            f"{len(LOCALES)} languages on PostgreSQL"
        )
        db.session.remove()
    count_in_process(app, email, lesson)
    with app.app_context():
        db.engine.dispose()

    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "certificates", "create-key"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    servers = []
    try:
        bare = serve("bench.pages:bare_app()", 18001, args.workers, env)
        servers.append(bare)
        site = serve("wsgi:app", 18002, args.workers, env)
        servers.append(site)
        cookie = sign_in("http://127.0.0.1:18002", email)
        targets = {"bare Flask page": ("http://127.0.0.1:18001/", None, bare)}
        for label, path in pages(lesson).items():
            targets[label] = (f"http://127.0.0.1:18002{path}", cookie, site)
        results: dict[str, list[dict]] = {label: [] for label in targets}
        for _ in range(args.rounds):
            for label, (url, cookie_header, server) in targets.items():
                results[label].append(run_wrk(url, cookie_header, args, children(server.pid)))
        baseline = statistics.median(r["rps"] for r in results["bare Flask page"])
        print(
            f"\nwrk -c{args.connections}, {args.duration} s x {args.rounds} interleaved rounds, "
            f"gunicorn {args.workers} sync workers, {os.cpu_count()} CPUs (medians)"
        )
        print(
            f"{'page':<16}{'req/s':>8}{'ratio':>8}{'p99 ms':>9}{'CPU ms/req: Python':>20}"
            f"{'PostgreSQL':>12}{'errors':>8}"
        )
        for label, runs in results.items():
            rps = statistics.median(r["rps"] for r in runs)
            print(
                f"{label:<16}{rps:>8.0f}{rps / baseline:>8.1%}"
                f"{statistics.median(r['p99'] for r in runs):>9.1f}"
                f"{statistics.median(r['python_ms'] for r in runs):>20.2f}"
                f"{statistics.median(r['postgres_ms'] for r in runs):>12.2f}"
                f"{sum(r['errors'] for r in runs):>8}"
            )
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        shutil.rmtree(keys, ignore_errors=True)


if __name__ == "__main__":
    main()
