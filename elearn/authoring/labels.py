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
