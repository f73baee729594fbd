"""A course that certifies, and a Georgian officer who completed it."""

import pytest
from sqlalchemy import select

from elearn.certificates import services
from elearn.content.importer import import_course
from elearn.content.loader import load_course
from elearn.content.models import Course
from elearn.extensions import db
from tests.course_files import COURSE_YML, complete_sample_course, write_course


@pytest.fixture
def course(tmp_path):
    source, problems = load_course(
        write_course(tmp_path, **{"course.yml": COURSE_YML + "certificate_valid_years: 2\n"})
    )
    assert problems == []
    import_course(source)
    db.session.commit()
    return db.session.scalar(select(Course))


def finish(user, course):
    complete_sample_course(user, course)
    db.session.commit()
    return services.current_certificate(user, course)


@pytest.fixture
def graduate(users, course):
    user = users(country="GE", locale="ka", display_name="გიორგი")
    return user, finish(user, course)
