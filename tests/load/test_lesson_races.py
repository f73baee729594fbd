"""A lesson opened, or marked complete, twice at the same moment: both answered, one record."""

from sqlalchemy import select

from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.models import LessonProgress
from tests.load.conftest import COURSE_URL, at_once, for_each

TRAINEES = 16


def _progress(user_id: int, lesson_id: int) -> list[LessonProgress]:
    return db.session.scalars(
        select(LessonProgress)
        .where(LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id)
        .execution_options(populate_existing=True)
    ).all()


def test_two_first_visits_of_a_lesson_count_two_views(officers, course):
    lesson = ordered_lessons(course)[0]
    group = officers(TRAINEES)
    url = f"{COURSE_URL}/lessons/{lesson.slug}"

    replies = for_each(group, lambda officer: at_once(*[lambda: officer.get(url)] * 2))

    for officer, pair in zip(group, replies, strict=True):
        assert [reply.status for reply in pair] == [200, 200]
        (progress,) = _progress(officer.user_id, lesson.id)
        assert progress.views == 2


def test_a_double_mark_as_complete_completes_once(officers, course):
    lesson = ordered_lessons(course)[0]
    group = officers(TRAINEES)
    url = f"{COURSE_URL}/lessons/{lesson.slug}/complete"

    replies = for_each(group, lambda officer: at_once(*[lambda: officer.post(url)] * 2))

    for officer, pair in zip(group, replies, strict=True):
        assert [reply.status for reply in pair] == [302, 302]
        (progress,) = _progress(officer.user_id, lesson.id)
        assert progress.completed_at is not None
