from flask_babel import lazy_gettext as _l

TOPIC_LABELS = {
    "cybercrime": _l("Cybercrime"),
    "financial-crime": _l("Financial crime"),
    "digital-forensics": _l("Digital forensics"),
    "training-methodology": _l("Training methodology"),
}

LEVEL_LABELS = {
    "introductory": _l("Introductory"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}

ACCESS_LABELS = {
    "public": _l("Open to everyone"),
    "law-enforcement": _l("Law enforcement only"),
    "restricted": _l("Restricted: enrolment through a coordinator"),
}
