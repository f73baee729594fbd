"""A burst of simultaneous wrong passwords for one account from one address gets no more guesses
than the threshold (attempts wait for each other on PostgreSQL)."""

import threading

import pytest

from elearn.auth import services
from elearn.auth.errors import AccountLocked, InvalidCredentials
from elearn.extensions import db
from elearn.models import utcnow


def test_simultaneous_failures_get_no_more_guesses_than_the_threshold(app, users):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "advisory locks are a PostgreSQL feature; this test runs in the PostgreSQL pass"
        )
    email = users().email
    threshold = app.config["ELEARN_LOCKOUT_THRESHOLD"]
    burst = threshold * 3
    all_ready = threading.Barrier(burst, timeout=10)
    answers = []

    def guess():
        with app.app_context():
            all_ready.wait()
            try:
                services.authenticate(email, "wrong-password-x", ip="198.51.100.4", now=utcnow())
            except (InvalidCredentials, AccountLocked) as refusal:
                answers.append(type(refusal))
            finally:
                db.session.commit()
                db.session.remove()

    threads = [threading.Thread(target=guess, daemon=True) for _ in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(answers) == burst
    assert answers.count(InvalidCredentials) == threshold  # each of them checked a password
