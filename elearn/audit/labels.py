from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "user.nominate": _l("Nominated an officer"),
    "user.approve": _l("Approved a registration"),
    "user.reject": _l("Rejected a registration"),
    "user.suspend": _l("Suspended an account"),
    "user.reactivate": _l("Reactivated an account"),
    "user.roles": _l("Changed roles"),
    "user.locked": _l("Account locked after failed sign-ins"),
    "scope.denied": _l("Refused: outside the actor's scope"),
    "quiz.grade": _l("Graded a written answer"),
    "quiz.regrade": _l("Regraded an attempt after a question fix"),
    "quiz.import": _l("Imported questions into a quiz"),
    "cohort.create": _l("Created a cohort"),
    "certificate.issue": _l("Issued a certificate"),
    "certificate.revoke": _l("Revoked a certificate"),
    "certificate.reissue": _l("Re-issued a corrected certificate"),
    "certificate.download": _l("Downloaded a certificate"),
    "certificate.bulk": _l("Requested certificates for a cohort"),
    "cohort.members": _l("Added officers to a cohort"),
}
