"""Answered questions as xAPI interactions of the right type, in the learning record."""

import pytest
from sqlalchemy import select

from elearn.auth.models import Role
from elearn.content.models import Question, Quiz
from elearn.extensions import db
from elearn.models import utcnow
from elearn.progress.models import LearningRecord
from elearn.quiz import services as quizzes
from tests.course_files import import_sample_course

LONG_PROMPT = (
    "Describe how you would record the chain of custody for a hardware wallet seized during a "
    "search of a suspect's home, naming who handled it, when, where it was kept, which seals "
    "were used and how each transfer between officers and the laboratory was documented."
)
QUIZ = f"""\
---
id: basics-check
title: Check
pass_mark: 50
attempts: 2
time_limit: 0
shuffle: false
show_feedback: after_submission
---

## single pick-one
Which one?

- [x] right: The **right** one
- [ ] wrong: The wrong one

## truefalse seed
A seed phrase restores a wallet.

- [x] true: True
- [ ] false: False

## multiple flags
Which are mixing flags?

- [x] equal: Many outputs of identical value
- [x] timing: Funds return after a delay
- [ ] exchange: A deposit to a regulated exchange

## shortanswer measure
Name the measure.

- [100%] search: search
- [50%] inspection: inspection

## numerical count
How many confirmations?

- [x] typical: 3..5

## matching terms
Match each term to its meaning.

- utxo: UTXO -> An unspent output
- cold: Cold wallet -> Keys kept offline
- xpub: xpub -> A key that derives addresses

## ordering steps
Put the steps in order.

1. document: Document the wallet
2. transfer: Transfer the funds
3. confirm: Confirm on the ledger

## essay custody
{LONG_PROMPT}
"""
RESPONSES = {
    "pick-one": "right",
    "seed": "false",
    "flags": ["equal", "exchange"],
    "measure": "Search",
    "count": "4",
    "terms": {"utxo": "cold", "cold": "utxo", "xpub": "xpub"},
    "steps": ["document", "confirm", "transfer"],
    "custody": "Sealed, signed, logged.",
}
EXPECTED = {
    "pick-one": (
        "choice",
        "right",
        ["right"],
        {
            "choices": [
                {"id": "right", "description": {"en": "The right one"}},
                {"id": "wrong", "description": {"en": "The wrong one"}},
            ]
        },
    ),
    "seed": ("true-false", "false", ["true"], {}),
    "flags": (
        "choice",
        "equal[,]exchange",
        ["equal[,]timing"],
        {
            "choices": [
                {"id": "equal", "description": {"en": "Many outputs of identical value"}},
                {"id": "timing", "description": {"en": "Funds return after a delay"}},
                {"id": "exchange", "description": {"en": "A deposit to a regulated exchange"}},
            ]
        },
    ),
    "measure": ("fill-in", "Search", ["{case_matters=false}search"], {}),
    "count": ("numeric", "4", ["3[:]5"], {}),
    "terms": (
        "matching",
        # targets numbered by their text: "A key that...", "An unspent...", "Keys kept..."
        "utxo[.]target-3[,]cold[.]target-2[,]xpub[.]target-1",
        ["utxo[.]target-2[,]cold[.]target-3[,]xpub[.]target-1"],
        {
            "source": [
                {"id": "utxo", "description": {"en": "UTXO"}},
                {"id": "cold", "description": {"en": "Cold wallet"}},
                {"id": "xpub", "description": {"en": "xpub"}},
            ],
            "target": [
                {"id": "target-1", "description": {"en": "A key that derives addresses"}},
                {"id": "target-2", "description": {"en": "An unspent output"}},
                {"id": "target-3", "description": {"en": "Keys kept offline"}},
            ],
        },
    ),
    "steps": (
        "sequencing",
        "document[,]confirm[,]transfer",
        ["document[,]transfer[,]confirm"],
        {
            "choices": [
                {"id": "document", "description": {"en": "Document the wallet"}},
                {"id": "transfer", "description": {"en": "Transfer the funds"}},
                {"id": "confirm", "description": {"en": "Confirm on the ledger"}},
            ]
        },
    ),
    "custody": ("long-fill-in", "Sealed, signed, logged.", None, {}),
}


def answered(tmp_path, users, quiz_text):
    import_sample_course(
        tmp_path, **{"01-basics/check.quiz.md": quiz_text, "01-basics/check.quiz.uk.md": ""}
    )
    quiz = db.session.scalar(select(Quiz))
    trainee = users(country="GE")
    attempt = quizzes.start_or_resume(trainee, quiz, locale="en", now=utcnow())
    for slug, response in RESPONSES.items():
        question = db.session.scalar(select(Question.id).where(Question.slug == slug))
        quizzes.save_answer(attempt, question, response, now=utcnow())
    quizzes.submit(attempt, now=utcnow())
    essay = db.session.scalar(select(Question.id).where(Question.slug == "custody"))
    trainer = users(Role.TRAINER, country="GE")
    quizzes.grade_essay(trainer, attempt.answers[essay], 1.0, "", ip=None, now=utcnow())
    db.session.commit()
    statements = db.session.scalars(
        select(LearningRecord.statement).where(LearningRecord.verb == "answered")
    )
    return {s["object"]["id"].rsplit("/", 1)[1]: s for s in statements}


@pytest.mark.parametrize("slug", EXPECTED)
def test_each_question_type_is_its_interaction_with_the_answer_once_reviewable(
    tmp_path, users, slug
):
    statement = answered(tmp_path, users, QUIZ)[slug]
    kind, response, pattern, components = EXPECTED[slug]
    definition = statement["object"]["definition"]
    assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert definition["interactionType"] == kind
    assert statement["result"]["response"] == response
    assert definition.get("correctResponsesPattern") == pattern
    shown = {k: v for k, v in definition.items() if k in ("choices", "source", "target")}
    assert shown.keys() == components.keys()
    for (
        name,
        listed,
    ) in components.items():  # listed as the trainee saw them (sequencing is shuffled)
        assert sorted(shown[name], key=str) == sorted(listed, key=str)


def test_no_correct_answers_while_the_review_policy_hides_them(tmp_path, users):
    hidden = QUIZ.replace("show_feedback: after_submission", "show_feedback: after_close")
    statements = answered(tmp_path, users, hidden)
    assert len(statements) == 8
    assert not any(
        "correctResponsesPattern" in s["object"]["definition"] for s in statements.values()
    )


def test_parent_is_the_quiz_grouping_the_course_and_names_are_whole(tmp_path, users):
    statement = answered(tmp_path, users, QUIZ)["custody"]
    activities = statement["context"]["contextActivities"]
    [parent], [grouping] = activities["parent"], activities["grouping"]
    assert parent["id"].endswith("/xapi/activities/sample-course/quizzes/basics-check")
    assert parent["definition"]["type"] == "http://adlnet.gov/expapi/activities/assessment"
    assert grouping["id"].endswith("/xapi/activities/sample-course")
    assert statement["object"]["definition"]["name"] == {"en": LONG_PROMPT}
    assert len(LONG_PROMPT) > 200
