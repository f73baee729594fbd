"""A trainer candidate's track (candidacy, delivered sessions, the mentor's observations) is in
their download, and the mentor's words about them go with an erasure."""

import json

from sqlalchemy import select

from elearn.auth.models import Role
from elearn.extensions import db
from elearn.models import utcnow
from elearn.privacy import services
from elearn.trainers.models import Observation
from tests.web.trainers.test_trainer_track import active_candidacy, log_and_observe


def test_the_trainer_track_is_downloaded_and_its_comments_erased(browser, users, people, programme):
    _mentor, _coordinator, candidate = people
    candidacy = active_candidacy(people, programme)
    log_and_observe(people, candidacy, count=2)
    db.session.commit()

    browser.login(candidate.email)
    data = json.loads(browser.get("/profile/data.json").get_data(as_text=True))
    [track] = data["trainer_track"]
    assert track["programme"] == candidacy.programme.slug and track["status"] == "active"
    assert [s["place"] for s in track["sessions"]] == ["Tbilisi", "Tbilisi"]
    assert {s["observation"]["comments"] for s in track["sessions"]} == {"Good."}

    services.erase(users(Role.ADMIN), candidate, ip=None, now=utcnow())
    db.session.commit()
    comments = db.session.scalars(select(Observation.comments)).all()
    assert len(comments) == 2 and set(comments) == {""}
