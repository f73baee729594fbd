from flask_babel import lazy_gettext as _l

CANDIDACY_STATUS_LABELS = {
    "applied": _l("Applied: waiting for the coordinator"),
    "active": _l("In progress"),
    "recommended": _l("Recommended: waiting for the coordinator's confirmation"),
    "certified": _l("Certified"),
    "expired": _l("Expired"),
    "rejected": _l("Rejected"),
}
