from flask_babel import lazy_gettext as _l

DRAFT_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted for review"),
    "approved": _l("Approved, not yet published"),
    "published": _l("Published"),
}

TRANSLATION_LABELS = {
    "current": _l("Up to date"),
    "stale": _l("Stale"),
    "missing": _l("Missing"),
}

QUESTION_TYPE_LABELS = {
    "single": _l("One right answer"),
    "multiple": _l("Several right answers"),
    "truefalse": _l("True or false"),
    "shortanswer": _l("Short written answer"),
    "numerical": _l("Number"),
    "matching": _l("Matching pairs"),
    "ordering": _l("Putting in order"),
    "essay": _l("Essay, graded by a trainer"),
    "description": _l("Text without a question (e.g. a case)"),
}

FEEDBACK_LABELS = {
    "after_submission": _l("After each attempt"),
    "immediately": _l("Right after each answer"),
    "after_close": _l("Once no attempt is left"),
    "never": _l("Never"),
}

PURPOSE_LABELS = {
    "check": _l("Check of understanding"),
    "pretest": _l("Pre-test (before the course)"),
    "posttest": _l("Post-test (after the course)"),
}

JURISDICTION_LABELS = {
    "AM": _l("Armenia"),
    "AZ": _l("Azerbaijan"),
    "GE": _l("Georgia"),
    "MD": _l("Moldova"),
    "UA": _l("Ukraine"),
    "EU": _l("European Union"),
    "COE": _l("Council of Europe"),
}
