"""Mails that keep a draft moving: to the course's other authors when it waits for review,
to those who wrote it when it is approved, sent back or published. Each in its reader's language."""

from flask_babel import lazy_gettext as _l

from elearn.auth.models import User
from elearn.authoring.models import Draft
from elearn.authoring.permissions import can_review
from elearn.extensions import db
from elearn.links import site_url
from elearn.mail import mail_user
from elearn.trainers.services import certified_authors


def draft_submitted(draft: Draft) -> None:
    for reviewer in certified_authors(draft.course.subject_area):
        if not draft.was_written_by(reviewer) and can_review(reviewer, draft.course):
            subject = _l("A draft waits for your review")
            _mail(reviewer, subject, "submitted", draft, "authoring.draft")


def draft_reviewed(draft: Draft, *, approved: bool, comment: str) -> None:
    subject = _l("Your draft was approved") if approved else _l("Your draft was sent back")
    for writer in _writers(draft):
        _mail(
            writer,
            subject,
            "reviewed",
            draft,
            "authoring.edit_draft",
            approved=approved,
            comment=comment,
        )


def draft_published(draft: Draft) -> None:
    for writer in _writers(draft):
        _mail(writer, _l("Your draft was published"), "published", draft, "authoring.draft")


def _writers(draft: Draft) -> list[User]:
    return [db.session.get(User, user_id) for user_id in {draft.author_id, *draft.editor_ids}]


def _mail(user: User, subject, template: str, draft: Draft, endpoint: str, **context) -> None:
    link = site_url(endpoint, draft_id=draft.id)
    mail_user(user, subject, f"authoring/mail/{template}.txt", draft=draft, link=link, **context)
