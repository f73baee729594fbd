"""One owner of the transaction.

A request's work is committed once, when its view has returned (``CommittingFlask``): views and
services never commit. A view that raises (``abort`` included) commits nothing; its work is rolled
back. A few rows must outlive that rollback, such as the audit of a refused action: whoever writes
one also hands ``survive_rollback`` a way to write it again, and it is written again after any
rollback until a commit."""

from collections.abc import Callable

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from elearn.extensions import db

SURVIVORS = "survive_rollback"


class CommittingFlask(Flask):
    def dispatch_request(self):
        try:
            response = super().dispatch_request()
        except BaseException:
            db.session.rollback()
            if db.session.new:  # what survives the rollback
                db.session.commit()
            raise
        db.session.commit()
        return response


def survive_rollback(make: Callable[[], object]) -> None:
    """After a rollback of the current transaction, add ``make()`` to the session again."""
    db.session.info.setdefault(SURVIVORS, []).append(make)


def listen() -> None:
    """Install the session listeners (once per process; every application shares ``db.session``)."""
    for name, listener in (("after_soft_rollback", _bring_back), ("after_commit", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def _bring_back(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the outermost transaction: its rows are gone
        for make in session.info.get(SURVIVORS, []):
            session.add(make())


def _forget(session: Session) -> None:
    session.info.pop(SURVIVORS, None)
