"""Changes at the same moment: two publications of one course both stay (the course row is
locked while it is exported, changed and imported; PostgreSQL), and of two saves of one version
the second is refused (optimistic locking in the UPDATE itself)."""

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


def test_two_saves_of_the_same_version_keep_the_first(app, users, course):
    """Both editors read version 1; the second save, though its check passed before the first
    was written, changes no row and reports the conflict."""
    first, second = certified_trainer(users), certified_trainer(users)
    draft_id = services.open_draft(first, lesson(), "en").id
    db.session.commit()
    with app.app_context():
        late = db.session.get(Draft, draft_id)
        late_author = db.session.get(type(second), second.id)
        assert late.version == 1
        with app.app_context():
            early = db.session.get(Draft, draft_id)
            early_author = db.session.get(type(first), first.id)
            services.save(
                early_author, early, title="T", markdown="Early.", version=1, now=utcnow()
            )
            db.session.commit()
        with pytest.raises(services.EditConflict):
            services.save(late_author, late, title="T", markdown="Late.", version=1, now=utcnow())
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Draft, draft_id).markdown == "Early."
