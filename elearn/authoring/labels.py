from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from elearn.content.question_types import QUESTION_TYPES

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

QUESTION_TYPE_LABELS = {name: kind.label for name, kind in QUESTION_TYPES.items()}

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


def draft_heading(draft) -> str:
    """What a draft changes, in the reader's language: its title, or for a structure change
    what it does to what (``structure``)."""
    change = draft.front_matter.get("change") if draft.kind == "structure" else None
    if change in ("move_module", "move_lesson"):
        if draft.front_matter["offset"] < 0:
            return _("Move up: %(name)s", name=draft.title)
        return _("Move down: %(name)s", name=draft.title)
    labels = {
        "add_module": _("New module"),
        "remove_module": _("Remove the empty module"),
        "move_to_module": _("Move a lesson to another module"),
        "image": _("Add an image"),
    }
    return f"{labels[change]}: {draft.title}" if change else draft.title
