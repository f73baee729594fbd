"""One lock per trainee and course: the enrolment row.

Requests that decide from what a trainee has done so far (has the course been completed, is an
attempt already open) take this lock first, so that two such requests of the same trainee in the
same course take turns. Under READ COMMITTED each statement after the lock sees what the other
request committed before releasing it. SQLite ignores FOR UPDATE and needs none: it admits one
writer at a time to the whole database, and these requests write their step before they decide."""

from sqlalchemy import select

from elearn.catalog.models import Enrolment
from elearn.extensions import db


def lock_enrolment(user_id: int, course_id: int) -> Enrolment | None:
    """The enrolment, locked until the transaction ends; None (and no lock) without one."""
    return db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
