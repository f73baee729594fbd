"""Moodle texts as Moodle shows them, through our quiz syntax, importer and renderer: HTML
sanitised and kept, plain text escaped, Markdown rendered, Moodle's tags and id numbers kept.
Fixtures are Moodle's own (question/format/aiken/tests/fixtures/questions.aiken.txt,
question/format/gift/tests/giftformat_test.php)."""

from pathlib import Path

import pytest
from sqlalchemy import select

from elearn.content import quiz_syntax as syntax
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Question
from elearn.content.source import Problems
from elearn.extensions import db
from elearn.quiz.aiken import parse_aiken
from elearn.quiz.convert import course_text, to_quiz_syntax
from elearn.quiz.gift import parse_gift
from tests.course_files import write_course

MOODLE_AIKEN_FIXTURE = """The Moodle project was started by:
A) Petr Skoda
B) Martin Dougiamas
C) Eloy Lafuente
D) Tim Hunt
ANSWER: B

Moodle's abilities include handling user input that includes <html class="cool"> & images:
A) True
B) False
ANSWER: A
"""

MOODLE_MATCH = """
// question: 2  name: Moodle activities
::Moodle activities::[html]Match the <b>activity</b> to the description.{
    =[html]An activity supporting asynchronous discussions. -> Forum
    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice
    =[plain]A bank of record entries which participants can add to. -> Database
    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki
    = -> Chat
}"""

MOODLE_TAGS = """
// This question is to test importing tags: [tag:tag] [tag:other-tag].
// And an idnumber: [id:myid].
::Question name:: How are you? {}"""

MOODLE_PRE = """
::Q001::[html]<p>What would running the test method print?</p>
<pre>
    public void test() \\{
        method1();
    \\}
</pre>
{}"""


def imported(tmp_path: Path, questions: list[dict]) -> dict[str, Question]:
    """The questions added to the sample course's quiz as pool ``bank`` and imported."""
    folder = write_course(tmp_path)
    quiz = folder / "01-basics/check.quiz.md"
    text = quiz.read_text(encoding="utf-8").replace("---\n\n", "draw:\n  bank: 1\n---\n\n", 1)
    quiz.write_text(text + "\n" + to_quiz_syntax(questions, "bank", set()), encoding="utf-8")
    source, problems = load_course(folder)
    assert problems == []
    import_course(source)
    db.session.commit()
    return {q.slug: q for q in db.session.scalars(select(Question).where(Question.pool == "bank"))}


def test_moodles_aiken_fixture_keeps_the_tag_text_as_text(tmp_path):
    result = parse_aiken(MOODLE_AIKEN_FIXTURE)
    assert result.problems == []
    questions = imported(tmp_path, result.questions)
    cool = next(q for q in questions.values() if "abilities" in q.texts["en"]["prompt"])
    assert cool.texts["en"]["prompt"] == (
        "<p>Moodle's abilities include handling user input that includes "
        '&lt;html class="cool"&gt; &amp; images:</p>'
    )


def test_moodles_match_fixture_each_text_in_its_format(tmp_path):
    [question] = imported(tmp_path, parse_gift(MOODLE_MATCH).questions).values()
    texts = question.texts["en"]
    assert texts["prompt"] == "<p>Match the <b>activity</b> to the description.</p>"
    lefts = [answer["html"] for answer in texts["answers"].values()]
    rights = [answer["right"] for answer in texts["answers"].values()]
    assert lefts == [
        "An activity supporting asynchronous discussions.",
        "A teacher asks a question and specifies a choice of multiple responses.",
        "A bank of record entries which participants can add to.",
        "A collection of web pages that anyone can add to or edit.",
    ]
    assert rights == ["Forum", "Choice", "Database", "Wiki"]  # no place for the extra "Chat"


def test_html_keeps_its_markup_and_line_breaks_but_not_scripts(tmp_path):
    gift = (
        "::Hostile::[html]<p>Read <i>this</i>:</p><script>alert(1)</script>"
        "<img src=x onerror=alert(1)>{}\n\n" + MOODLE_PRE
    )
    questions = imported(tmp_path, parse_gift(gift).questions)
    hostile = questions["hostile"].texts["en"]["prompt"]
    assert "<p>Read <i>this</i>:</p>" in hostile
    assert "<script" not in hostile and "onerror" not in hostile and "alert" not in hostile
    code = questions["q001"].texts["en"]["prompt"]
    assert "<pre>    public void test() {\n        method1();\n    }\n</pre>" in code


@pytest.mark.parametrize(
    ("text", "text_format", "shown"),
    [
        ("2*3*4 is <b>24</b>", "moodle", "<p>2*3*4 is <b>24</b></p>"),
        ("2*3*4 is <b>24</b>", "plain", "<p>2*3*4 is &lt;b&gt;24&lt;/b&gt;</p>"),
        ("2*3*4 is **24**", "markdown", "<p>2<em>3</em>4 is <strong>24</strong></p>"),
        ("- 5 [degrees](x)", "plain", "<p>- 5 [degrees](x)</p>"),
        ("1. first\nsecond", "moodle", "<p>1. first<br>second</p>"),
        ("# not a heading", "html", "<p># not a heading</p>"),
    ],
)
def test_each_format_reads_as_in_moodle(text, text_format, shown):
    from elearn.content.markdown import render

    assert render(course_text(text, text_format)) == shown


def test_moodle_tags_and_id_number_are_kept_and_written_back(tmp_path):
    [parsed] = parse_gift(MOODLE_TAGS).questions
    written = to_quiz_syntax([parsed], "bank", set())
    assert written.startswith("## essay question-name {pool=bank tags=tag,other-tag idnumber=myid}")
    [question] = imported(tmp_path, [parsed]).values()
    assert (question.tags, question.idnumber) == (["tag", "other-tag"], "myid")


def test_the_quiz_syntax_writer_keeps_tags_with_spaces():
    text = '## essay why {tags="case law,fees" idnumber="EU 7"}\nWhy?\n'
    [question] = syntax.parse(text, Path("q.md"), 1, problems := Problems())
    assert list(problems) == []
    assert (question.tags, question.idnumber) == (["case law", "fees"], "EU 7")
    assert syntax.write_question(question) == text
