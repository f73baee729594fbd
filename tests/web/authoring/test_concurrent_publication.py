"""Two drafts of one course published at the same moment: neither undoes the other (the course
row is locked while it is exported, changed and imported; PostgreSQL)."""

import threading

import pytest

from elearn.authoring import services
from elearn.authoring.models import Draft
from elearn.extensions import db
from elearn.models import utcnow
from tests.web.authoring.conftest import certified_trainer, lesson


def approved_draft(author, reviewer, slug: str, text: str) -> int:
    draft = services.open_draft(author, lesson(slug), "en")
    services.save(author, draft, title=draft.title, markdown=text, version=1, now=utcnow())
    services.submit(author, draft)
    services.review(reviewer, draft, approve=True, comment="", ip=None)
    db.session.commit()
    return draft.id


def test_two_publications_at_once_both_stay(app, users, course):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL feature; this test runs in the PostgreSQL pass")
    author, reviewer = certified_trainer(users), certified_trainer(users)
    drafts = [
        approved_draft(author, reviewer, "first-lesson", "First, revised."),
        approved_draft(author, reviewer, "second-lesson", "Second, revised."),
    ]
    reviewer_id = reviewer.id
    both_ready = threading.Barrier(2, timeout=10)

    def publish(draft_id: int) -> None:
        with app.app_context():
            draft = db.session.get(Draft, draft_id)
            actor = db.session.get(type(reviewer), reviewer_id)
            both_ready.wait()
            services.publish(actor, draft, ip=None)
            db.session.commit()

    threads = [threading.Thread(target=publish, args=(d,), daemon=True) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    db.session.expire_all()
    assert lesson("first-lesson").texts["en"].markdown == "First, revised."
    assert lesson("second-lesson").texts["en"].markdown == "Second, revised."
