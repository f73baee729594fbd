"""GIFT questions join a course's quiz file as a pool and import with the course."""

from sqlalchemy import select

from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Question
from elearn.extensions import db
from tests.course_files import write_course

GIFT = """\
$CATEGORY: crypto

::Address type:: Bitcoin addresses are {~anonymous#No. =pseudonymous#Yes. ~encrypted}

::Seed:: A seed phrase restores the wallet.{T}

::Fee:: Fee in BTC? {#0.0004:0.00001}

::Terms:: Match. {=UTXO -> unspent output =xpub -> extended key =cold -> offline}

::Flags:: Red flags? {~%50%peel chain ~%50%round amounts ~%-100%none}
"""


def test_gift_questions_are_added_as_a_pool_and_imported(app, tmp_path):
    folder = write_course(tmp_path)
    gift = tmp_path / "bank.gift"
    gift.write_text(GIFT, encoding="utf-8")
    quiz_file = folder / "01-basics" / "check.quiz.md"

    result = app.test_cli_runner().invoke(
        args=["quiz", "import-gift", str(gift), "--into", str(quiz_file), "--pool", "bank"]
    )

    assert result.exit_code == 0, result.output
    assert "5 question(s) added to pool 'bank'" in result.output
    text = quiz_file.read_text(encoding="utf-8")
    assert "draw:\n  bank: 5" in text
    assert "## single address-type {pool=bank}" in text
    assert "- [x] c2: pseudonymous\n  > Yes." in text
    assert "- [50%] c1: peel chain" in text and "- [-100%] c3: none" in text

    course, problems = load_course(folder)
    assert problems == []
    import_course(course)
    db.session.commit()
    pooled = db.session.scalars(select(Question).where(Question.pool == "bank")).all()
    assert sorted(q.type for q in pooled) == [
        "matching",
        "multiple",
        "numerical",
        "single",
        "truefalse",
    ]
    # The Ukrainian translation lacks the new questions: they are shown in English there.
    assert all(set(q.texts) == {"en"} for q in pooled)


def test_questions_that_would_break_the_course_change_nothing(app, tmp_path):
    folder = write_course(tmp_path)
    quiz_file = folder / "01-basics" / "check.quiz.md"
    before = quiz_file.read_text(encoding="utf-8")
    gift = tmp_path / "bad.gift"
    gift.write_text("::Odd:: Pick {~%50%a ~%20%b}\n", encoding="utf-8")

    result = app.test_cli_runner().invoke(
        args=["quiz", "import-gift", str(gift), "--into", str(quiz_file)]
    )

    assert result.exit_code == 1
    assert "positive weights of a multiple question must add up to 100%" in result.output
    assert quiz_file.read_text(encoding="utf-8") == before
