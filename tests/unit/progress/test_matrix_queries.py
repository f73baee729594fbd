"""The progress matrix costs the same number of queries for 3 trainees or 30."""

from sqlalchemy import event

from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson
from elearn.models import utcnow
from elearn.progress.reports import course_matrix
from tests.course_files import import_sample_course


def queries_for(course, users) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    db.session.expire_all()
    users = [db.session.merge(user) for user in users]
    for user in users:  # load what the test itself needs before counting
        _ = user.agency.name
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        matrix = course_matrix(course, users, now=utcnow())
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    assert len(matrix.rows) == len(users)
    return count


def test_matrix_query_count_does_not_grow_with_the_cohort(tmp_path, users):
    course = import_sample_course(tmp_path)
    trainees = [users(country="GE") for _ in range(30)]
    for trainee in trainees[::3]:
        complete_lesson(trainee, ordered_lessons(course)[0], utcnow())
    db.session.commit()

    assert queries_for(course, trainees[:3]) == queries_for(course, trainees)
