"""Our statements as an LRS's own validator sees them: Learning Locker's xapi-validation
(npm, run with Node from tests/interop/xapi-validator; `make test` installs it)."""

import json
import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.config import PROJECT_ROOT
from elearn.content.models import Question, Quiz
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson, record_visit
from elearn.models import utcnow
from elearn.progress.completion import update_completion
from elearn.quiz import services as quizzes
from tests.course_files import import_sample_course
from tests.unit.progress.test_interactions import QUIZ, RESPONSES

VALIDATOR = PROJECT_ROOT / "tests" / "interop" / "xapi-validator"


def validate(statements: list[dict]) -> tuple[int, list[list[dict]]]:
    if shutil.which("node") is None or not (VALIDATOR / "node_modules").is_dir():
        pytest.fail(
            "the xAPI validator is not installed: npm ci --prefix tests/interop/xapi-validator"
        )
    run = subprocess.run(
        ["node", str(VALIDATOR / "validate.js")],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return run.returncode, json.loads(run.stdout)


@pytest.fixture
def exported(app, tmp_path, users):
    """Every kind of statement the platform records, as `flask progress xapi` writes them."""
    course = import_sample_course(
        tmp_path, **{"01-basics/check.quiz.md": QUIZ, "01-basics/check.quiz.uk.md": ""}
    )
    trainee, trainer = users(country="GE", locale="ka"), users(Role.TRAINER, country="GE")
    now = utcnow()
    for lesson in ordered_lessons(course):
        record_visit(trainee, lesson, now)
        complete_lesson(trainee, lesson, now + timedelta(minutes=5))
    quiz = db.session.scalar(select(Quiz))
    for hidden in (False, True):  # passed with the right answers, failed without them
        if hidden:
            quiz.settings = {**quiz.settings, "show_feedback": "never", "pass_mark": 100}
        attempt = quizzes.start_or_resume(trainee, quiz, locale="ka", now=now)
        for slug, response in RESPONSES.items():
            question = db.session.scalar(select(Question.id).where(Question.slug == slug))
            quizzes.save_answer(attempt, question, response, now=now)
        quizzes.submit(attempt, now=now + timedelta(minutes=20))
        for answer in attempt.answers.values():
            if answer.fraction is None:
                quizzes.grade_essay(trainer, answer, 1.0, "", ip=None, now=now)
        db.session.commit()
    course.completion = {"lessons": "all", "quizzes": "none"}
    update_completion(trainee, course, now=now + timedelta(hours=1))
    db.session.commit()
    out = tmp_path / "statements.json"
    result = app.test_cli_runner().invoke(args=["progress", "xapi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_every_recorded_statement_passes_an_independent_validator(exported):
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in exported}
    assert verbs == {"launched", "experienced", "completed", "answered", "passed", "failed"}
    kinds = {s["object"]["definition"].get("interactionType") for s in exported} - {None}
    assert len(kinds) == 7  # choice, true-false, fill-in, numeric, matching, sequencing, long
    code, problems = validate(exported)
    assert problems == [[] for _ in exported]
    assert code == 0


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("object", "definition", "interactionType"), "multiple-choice"),
        (("result", "score", "scaled"), 1.5),
        (("context", "language"), "georgian!"),
        (("timestamp",), "yesterday"),
    ],
)
def test_the_validator_refuses_a_broken_statement(exported, path, value):
    broken = json.loads(
        json.dumps(next(s for s in exported if s["verb"]["id"].endswith("answered")))
    )
    target = broken
    for name in path[:-1]:
        target = target.setdefault(name, {})
    target[path[-1]] = value
    code, problems = validate([broken])
    assert code == 1
    assert [".".join(("statement", *path))] == [p["path"] for p in problems[0]][:1]
