"""GIFT import: Moodle's own import test cases (question/format/gift/tests/giftformat_test.php) and
the examples of its documentation, problems with line numbers, and `flask quiz import-gift`."""

import json

import pytest

from elearn.quiz.gift import Problem, parse_gift
from tests.unit.quiz.test_moodle_texts import MOODLE_MATCH


def question(kind, text, **fields) -> dict:
    """The full JSON of a question: every field the importer prints, with its default."""
    return {
        "type": kind,
        "name": fields.get("name", ""),
        "text": text,
        "format": fields.get("format", "moodle"),
        "category": fields.get("category", ""),
        "choices": fields.get("choices", []),
        "pairs": fields.get("pairs", []),
        "numerical": fields.get("numerical", []),
        "general_feedback": fields.get("general_feedback", ""),
        "general_feedback_format": fields.get(
            "general_feedback_format", fields.get("format", "moodle")
        ),
        "id_number": fields.get("id_number", ""),
        "tags": fields.get("tags", []),
    }


def choice(text, fraction, feedback="", text_format="moodle", feedback_format=None) -> dict:
    return {
        "text": text,
        "format": text_format,
        "fraction": fraction,
        "feedback": feedback,
        "feedback_format": feedback_format or text_format,
    }


def pair(left, right, text_format="moodle") -> dict:
    return {"left": left, "format": text_format, "right": right}


def number(value, tolerance, fraction=1.0, feedback="") -> dict:
    return {
        "value": value,
        "tolerance": tolerance,
        "fraction": fraction,
        "feedback": feedback,
        "feedback_format": "moodle",
    }


def only(gift: str) -> dict:
    result = parse_gift(gift)
    assert result.problems == []
    [parsed] = result.questions
    return parsed


def problems(gift: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in parse_gift(gift).problems]


# Moodle's import tests, with the expectations of giftformat_test.php.


def test_moodle_essay():
    assert only("\n// essay\n::Q8:: How are you? {}") == question(
        "essay", "How are you?", name="Q8"
    )


def test_moodle_match_with_format_markers_and_a_blank_extra_answer():
    assert only(MOODLE_MATCH) == question(
        "matching",
        "Match the <b>activity</b> to the description.",
        name="Moodle activities",
        format="html",
        pairs=[  # each text in its own format, by default the question's (Moodle's expectation)
            pair("An activity supporting asynchronous discussions.", "Forum", "html"),
            pair(
                "A teacher asks a question and specifies a choice of multiple responses.",
                "Choice",
                "moodle",
            ),
            pair("A bank of record entries which participants can add to.", "Database", "plain"),
            pair("A collection of web pages that anyone can add to or edit.", "Wiki", "markdown"),
            pair("", "Chat", "html"),
        ],
    )


def test_moodle_multichoice_with_feedback_and_format_markers():
    gift = """
// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{
    =yellow # right; good!
    ~red # [html]wrong, it's yellow
    ~[plain]blue # wrong, it's yellow
}"""
    assert only(gift) == question(
        "single",
        "What's between orange and green in the spectrum?",
        name="Q2",
        choices=[
            choice("yellow", 1.0, "right; good!"),
            choice("red", 0.0, "wrong, it's yellow", feedback_format="html"),
            choice("blue", 0.0, "wrong, it's yellow", "plain", feedback_format="moodle"),
        ],
    )


def test_moodle_multichoice_multi():
    gift = """
// multiple choice, multiple response with specified feedback for right and wrong answers
::colours:: What's between orange and green in the spectrum?
{
    ~%50%yellow # right; good!
    ~%-100%red # [html]wrong
    ~%50%off-beige # right; good!
    ~%-100%[plain]blue # wrong
}"""
    assert only(gift) == question(
        "multiple",
        "What's between orange and green in the spectrum?",
        name="colours",
        choices=[
            choice("yellow", 0.5, "right; good!"),
            choice("red", -1.0, "wrong", feedback_format="html"),
            choice("off-beige", 0.5, "right; good!"),
            choice("blue", -1.0, "wrong", "plain", feedback_format="moodle"),
        ],
    )


def test_moodle_multichoice_multi_tricky_is_multiple_though_one_answer_is_100_percent():
    gift = """
::colours:: What's between orange and green in the spectrum?
{
    ~%100%yellow # right; good!
    ~%-50%red # wrong
    ~%-50%blue # wrong
}"""
    assert only(gift)["type"] == "multiple"
    assert only(gift)["choices"] == [
        choice("yellow", 1.0, "right; good!"),
        choice("red", -0.5, "wrong"),
        choice("blue", -0.5, "wrong"),
    ]


def test_moodle_numerical_with_feedback_for_any_other_answer():
    gift = "\n// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}"
    assert only(gift) == question(
        "numerical",
        "What is a number from 1 to 5?",
        name="Q5",
        numerical=[number(3.0, 2.0), number("*", 0.0, 0.0, "Completely wrong")],
    )


SHORTANSWER = """
// question: 666  name: Shortanswer
::Shortanswer::Which is the best animal?{
    =Frog#Good!
    =%50%Cat#What is it with Moodlers and cats?
    =%0%*#Completely wrong
}"""
SHORTANSWER_CHOICES = [
    choice("Frog", 1.0, "Good!"),
    choice("Cat", 0.5, "What is it with Moodlers and cats?"),
    choice("*", 0.0, "Completely wrong"),
]


def test_moodle_shortanswer():
    assert only(SHORTANSWER) == question(
        "shortanswer", "Which is the best animal?", name="Shortanswer", choices=SHORTANSWER_CHOICES
    )


def test_moodle_shortanswer_with_general_feedback():
    gift = SHORTANSWER.replace("\n}", "\n    ####[html]Here is some general feedback!\n}")
    assert only(gift) == question(
        "shortanswer",
        "Which is the best animal?",
        name="Shortanswer",
        choices=SHORTANSWER_CHOICES,
        general_feedback="Here is some general feedback!",
        general_feedback_format="html",
    )


def test_moodle_truefalse_gives_each_choice_the_feedback_of_whoever_picks_it():
    gift = """
// true/false
::Q1:: 42 is the Absolute Answer to everything.{
FALSE#42 is the Ultimate Answer.#You gave the right answer.}"""
    assert only(gift) == question(
        "truefalse",
        "42 is the Absolute Answer to everything.",
        name="Q1",
        choices=[
            choice("true", 0.0, "42 is the Ultimate Answer."),
            choice("false", 1.0, "You gave the right answer."),
        ],
    )


@pytest.mark.parametrize("answer", ["T", "TRUE"])
def test_moodle_truefalse_true_answer(answer):
    gift = f"// name 0-11\n::2-08 TSL::TSL is blablabla.{{{answer}}}"
    assert only(gift) == question(
        "truefalse",
        "TSL is blablabla.",
        name="2-08 TSL",
        choices=[choice("true", 1.0), choice("false", 0.0)],
    )


def test_moodle_double_backslash_is_one_backslash():
    gift = "\n// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}"
    assert only(gift) == question("essay", "A \\ B \\\\ C", name="double backslash")


def test_moodle_pre_content_keeps_indentation_and_escaped_braces():
    gift = """
::Q001::[html]<p>What would running the test method print?</p>
<pre>
    public void test() \\{
        method1();
        method2();
        method3();
    \\}
</pre>
{}"""
    text = """<p>What would running the test method print?</p>
<pre>
    public void test() {
        method1();
        method2();
        method3();
    }
</pre>"""
    assert only(gift) == question("essay", text, name="Q001", format="html")


def test_moodle_question_with_tags_in_comments():
    gift = """
// This question is to test importing tags: [tag:tag] [tag:other-tag].
// And an idnumber: [id:myid].
::Question name:: How are you? {}"""
    assert only(gift) == question(
        "essay", "How are you?", name="Question name", id_number="myid", tags=["tag", "other-tag"]
    )


# The examples of the GIFT documentation.

DOCUMENTATION_EXAMPLES = """// true/false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}
"""


def test_the_documentation_examples():
    result = parse_gift(DOCUMENTATION_EXAMPLES)
    assert result.problems == []
    assert result.questions == [
        question(
            "truefalse", "1+1=2", name="Q1", choices=[choice("true", 1.0), choice("false", 0.0)]
        ),
        question(
            "single",
            "What's between orange and green in the spectrum?",
            name="Q2",
            choices=[
                choice("yellow", 1.0, "right; good!"),
                choice("red", 0.0, "wrong, it's yellow"),
                choice("blue", 0.0, "wrong, it's yellow"),
            ],
        ),
        question(
            "shortanswer",
            "Two plus _____ equals four.",
            name="Q3",
            choices=[choice("two", 1.0), choice("2", 1.0)],
        ),
        question(
            "matching",
            "Which animal eats which food?",
            name="Q4",
            pairs=[pair("cat", "cat food"), pair("dog", "dog food")],
        ),
        question(
            "numerical", "What is a number from 1 to 5?", name="Q5", numerical=[number(3.0, 2.0)]
        ),
        question(
            "numerical", "What is a number from 1 to 5?", name="Q6", numerical=[number(3.0, 2.0)]
        ),
        question(
            "numerical",
            "When was Ulysses S. Grant born?",
            name="Q7",
            numerical=[
                number(1822.0, 0.0, 1.0, "Correct! Full credit."),
                number(1822.0, 2.0, 0.5, "He was born in 1822. Half credit for being close."),
            ],
        ),
        question("essay", "How are you?", name="Q8"),
    ]


def test_missing_word_puts_a_blank_where_the_answers_were():
    parsed = only("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert parsed == question(
        "single",
        "Grant is _____ in Grant's tomb.",
        choices=[choice("buried", 0.0), choice("entombed", 1.0), choice("living", 0.0)],
    )


def test_answers_before_the_closing_punctuation_leave_a_blank_too():
    parsed = only("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.")
    assert parsed["text"] == "What is the value of pi (to 3 decimal places)? _____."
    assert parsed["numerical"] == [number(3.14159, 0.0005)]


def test_answers_on_their_own_indented_lines():
    gift = """The American holiday of Thanksgiving is celebrated on the {
    ~second
    ~third
    =fourth
} Thursday of November."""
    assert only(gift) == question(
        "single",
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.",
        choices=[choice("second", 0.0), choice("third", 0.0), choice("fourth", 1.0)],
    )


def test_multiple_answers_with_weights_and_penalties():
    gift = """What two people are entombed in Grant's tomb? {
   ~%-100%No one
   ~%50%Grant
   ~%50%Grant's wife
   ~%-100%Grant's father
}"""
    assert only(gift) == question(
        "multiple",
        "What two people are entombed in Grant's tomb?",
        choices=[
            choice("No one", -1.0),
            choice("Grant", 0.5),
            choice("Grant's wife", 0.5),
            choice("Grant's father", -1.0),
        ],
    )


def test_decimal_weights():
    parsed = only("Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}")
    assert [c["fraction"] for c in parsed["choices"]] == [0.3333333, 0.3333333, 0.3333333, -1.0]


def test_false_with_feedback_for_a_wrong_pick_only():
    parsed = only("Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}")
    assert parsed["choices"] == [
        choice("true", 0.0, "No one is buried in Grant's tomb."),
        choice("false", 1.0, ""),
    ]


def test_true_with_both_feedbacks_and_general_feedback():
    parsed = only("The sun rises in the East.{T#Look again.#Well done.####It rises in the East.}")
    assert parsed["choices"] == [
        choice("true", 1.0, "Well done."),
        choice("false", 0.0, "Look again."),
    ]
    assert parsed["general_feedback"] == "It rises in the East."


def test_shortanswer_with_weights_as_missing_word():
    gift = """::Jesus' hometown::Jesus Christ was from {
    =Nazareth#Yes! That's right!
    =%75%Nazereth#Right, but misspelled.
    =%25%Bethlehem#He was born here, but not raised here.
}."""
    assert only(gift) == question(
        "shortanswer",
        "Jesus Christ was from _____.",
        name="Jesus' hometown",
        choices=[
            choice("Nazareth", 1.0, "Yes! That's right!"),
            choice("Nazereth", 0.75, "Right, but misspelled."),
            choice("Bethlehem", 0.25, "He was born here, but not raised here."),
        ],
    )


def test_escaped_special_characters():
    gift = """Which answer equals 5? {
   ~ \\= 2 + 2
   = \\= 2 + 3
   ~ \\= 2 + 4
}"""
    assert only(gift)["choices"] == [
        choice("= 2 + 2", 0.0),
        choice("= 2 + 3", 1.0),
        choice("= 2 + 4", 0.0),
    ]


def test_every_escape_and_the_newline():
    parsed = only("::a\\:b::Use \\~ \\= \\# \\{ \\} \\: here\\nand here{=x\\#y#it\\'s \\~fine}")
    assert parsed["name"] == "a:b"
    assert parsed["text"] == "Use ~ = # { } : here\nand here"
    assert parsed["choices"] == [choice("x#y", 1.0, "it\\'s ~fine")]


def test_numbers_negative_decimal_and_exponent():
    parsed = only("Values? {#=-1.5:0.1 =%50%2e3 =%25%.5..1.5}")
    assert parsed["numerical"] == [
        number(-1.5, 0.1),
        number(2000.0, 0.0, 0.5),
        number(1.0, 0.5, 0.25),
    ]


def test_general_feedback_of_an_essay():
    parsed = only("Describe your day. {####[markdown]Any *honest* answer is fine.}")
    assert parsed == question(
        "essay",
        "Describe your day.",
        general_feedback="Any *honest* answer is fine.",
        general_feedback_format="markdown",
    )


def test_description_has_no_answers():
    gift = "::Intro::[markdown]The next questions are about **evidence**.\nRead them all."
    assert only(gift) == question(
        "description",
        "The next questions are about **evidence**.\nRead them all.",
        name="Intro",
        format="markdown",
    )


@pytest.mark.parametrize("marker", ["html", "plain", "markdown", "moodle"])
def test_format_markers_on_question_text(marker):
    parsed = only(f"::n::[{marker}]Say *hi*{{}}")
    assert (parsed["format"], parsed["text"]) == (marker, "Say *hi*")


def test_an_unknown_format_marker_stays_in_the_text():
    assert only("[rtf]Say hi{}")["text"] == "[rtf]Say hi"
    assert only("[rtf]Say hi{}")["format"] == "moodle"


def test_categories_apply_to_the_questions_after_them():
    gift = """Before? {T}

// a comment before the category
$CATEGORY: $course$/Top/Evidence\\: chain

First? {T}

Second? {F}

$CATEGORY: Other

Third? {}"""
    result = parse_gift(gift)
    assert result.problems == []
    assert [(q["text"], q["category"]) for q in result.questions] == [
        ("Before?", ""),
        ("First?", "$course$/Top/Evidence: chain"),
        ("Second?", "$course$/Top/Evidence: chain"),
        ("Third?", "Other"),
    ]


def test_comments_blank_lines_and_windows_line_endings():
    gift = "// first\r\n\r\n\r\n::A:: One?\r\n// inside\r\n{T}\r\n   \r\n::B:: Two? {F}\r\n// last"
    result = parse_gift(gift)
    assert result.problems == []
    assert [(q["name"], q["text"]) for q in result.questions] == [("A", "One?"), ("B", "Two?")]


def test_lowercase_t_is_a_shortanswer_as_in_moodle():
    assert only("Is it? {t}") == question("shortanswer", "Is it?", choices=[choice("t", 1.0)])


# Problems: the question's line number, and the other questions still parse.


def test_problems_carry_the_line_of_their_question_and_the_rest_still_parses():
    gift = """// header

::ok1:: Fine? {T}

// about the next one
::broken:: Unclosed {=a ~b

::ok2:: Also fine? {=yes ~no}
"""
    result = parse_gift(gift)
    assert result.problems == [Problem(6, "a '{' without its closing '}'")]
    assert [q["name"] for q in result.questions] == ["ok1", "ok2"]


@pytest.mark.parametrize(
    ("gift", "message"),
    [
        ("Unclosed {=a ~b", "a '{' without its closing '}'"),
        ("Unopened =a ~b}", "a '}' without an opening '{' (write a literal brace as \\})"),
        ("Backwards } =a {", "a '}' without an opening '{' (write a literal brace as \\})"),
        (
            "Two {=a ~b} and {=c ~d}",
            "one {...} of answers per question (write literal braces as \\{ \\})",
        ),
        ("Nested {=a {~b}", "one {...} of answers per question (write literal braces as \\{ \\})"),
        ("::no end Title {T}", "a '::title' without its closing '::'"),
        ("::t:: {T}", "the question has no text"),
        ("Only one? {~a}", "a multiple-choice question needs at least 2 answers"),
        ("Only one? {=a ~}", "an answer is empty"),
        ("Pick {=%50%a ~b}", "give a partial weight as ~%50%answer, not =%50%answer"),
        ("Pick {~%150%a ~b}", "the weight %150% is not between -100% and 100%"),
        ("Match {=a -> b}", "a matching question needs at least 2 pairs"),
        ("Match {=a -> b =c d}", "write each matching pair as =question -> answer: 'c d'"),
        ("Match {=a -> b =c ->}", "write each matching pair as =question -> answer: 'c ->'"),
        ("How many? {#}", "a numerical question needs at least one answer"),
        ("How many? {#~#wrong}", "a numerical question needs at least one answer"),
        (
            "How many? {#three}",
            "the numerical answer 'three' is not a number (3.14, 3.14:0.01, 1..5)",
        ),
        ("How many? {#3:x}", "the numerical answer '3:x' is not a number (3.14, 3.14:0.01, 1..5)"),
        (
            "How many? {#1..x}",
            "the numerical answer '1..x' is not a number (3.14, 3.14:0.01, 1..5)",
        ),
        (
            "How many? {#=3 =%50%}",
            "the numerical answer '' is not a number (3.14, 3.14:0.01, 1..5)",
        ),
        ("$CATEGORY: a\nQuestion? {T}", "put a blank line after the $CATEGORY: line"),
    ],
)
def test_malformed_questions(gift, message):
    assert problems("Fine? {T}\n\n" + gift) == [(3, message)]


def test_a_file_without_questions():
    assert problems("// just a comment\n\n$CATEGORY: x\n") == [(1, "the file has no questions")]
    assert problems("") == [(1, "the file has no questions")]


# flask quiz import-gift


def test_dry_run_json_prints_the_questions(cli, tmp_path):
    path = tmp_path / "questions.gift"
    path.write_text("\ufeff$CATEGORY: Law\n\n::Q1:: 1+1=2 {T}\n\nКиїв — столиця {=України}.\n")
    result = cli.invoke(args=["quiz", "import-gift", "--dry-run", "--json", str(path)])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        question(
            "truefalse",
            "1+1=2",
            name="Q1",
            category="Law",
            choices=[choice("true", 1.0), choice("false", 0.0)],
        ),
        question(
            "shortanswer", "Київ — столиця _____.", category="Law", choices=[choice("України", 1.0)]
        ),
    ]


def test_dry_run_prints_a_summary(cli, tmp_path):
    path = tmp_path / "questions.gift"
    path.write_text(DOCUMENTATION_EXAMPLES)
    result = cli.invoke(args=["quiz", "import-gift", "--dry-run", str(path)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}: 8 question(s) (1 truefalse, 1 single, 1 shortanswer, 1 matching, "
        "3 numerical, 1 essay); nothing was stored.\n"
    )


def test_problems_go_to_stderr_as_file_line_message_and_exit_1(cli, tmp_path):
    path = tmp_path / "broken.gift"
    path.write_text("Fine? {T}\n\n// next\nBad {=a\n\nMatch {=a -> b}\n")
    result = cli.invoke(args=["quiz", "import-gift", "--dry-run", "--json", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:4: a '{{' without its closing '}}'\n"
        f"{path}:6: a matching question needs at least 2 pairs\n"
    )


def test_importing_needs_a_quiz_file_or_dry_run(cli, tmp_path):
    path = tmp_path / "questions.gift"
    path.write_text("Fine? {T}\n")
    result = cli.invoke(args=["quiz", "import-gift", str(path)])
    assert result.exit_code == 2
    assert "name the quiz file that receives the questions (--into)" in result.stderr


def test_a_file_that_is_not_utf8(cli, tmp_path):
    path = tmp_path / "latin1.gift"
    path.write_bytes("Café? {T}\n".encode("latin-1"))
    result = cli.invoke(args=["quiz", "import-gift", "--dry-run", str(path)])
    assert result.exit_code == 1
    assert "the file is not valid UTF-8" in result.stderr
