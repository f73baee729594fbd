from flask_babel import lazy_gettext as _l

CANDIDACY_STATUS_LABELS = {
    "applied": _l("Applied: waiting for the coordinator"),
    "active": _l("In progress"),
    "recommended": _l("Recommended: waiting for the coordinator's confirmation"),
    "certified": _l("Certified"),
    "expired": _l("Expired"),
    "rejected": _l("Rejected"),
}

# The subject areas of the bundled programmes; an area a new programme brings shows as written.
SUBJECT_AREA_LABELS = {
    "crypto-investigations": _l("Cryptocurrency investigations"),
    "digital-forensics": _l("Digital forensics"),
    "financial-investigations": _l("Financial investigations"),
    "training-methodology": _l("Training methodology"),
}


def subject_area_label(area: str) -> str:
    return str(SUBJECT_AREA_LABELS.get(area, area))
