from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from elearn.catalog import services as catalog
from elearn.catalog.permissions import can_self_enrol, editable_locales, visible_course_or_404
from elearn.content.models import Course, Lesson
from elearn.content.queries import (
    course_quizzes,
    coverage_by_course,
    lesson_reading,
    lesson_titles,
    ordered_lessons,
    outline,
    question_counts,
    quiz_titles,
)
from elearn.extensions import db
from elearn.i18n import LANGUAGE_NAMES
from elearn.learn import services
from elearn.models import utcnow
from elearn.web.forms import ConfirmForm

bp = Blueprint("learn", __name__, template_folder="templates")


def _lesson_or_404(course: Course, slug: str) -> Lesson:
    lesson = db.session.scalar(
        select(Lesson).where(
            Lesson.course_id == course.id, Lesson.slug == slug, Lesson.is_archived.is_(False)
        )
    )
    if lesson is None:
        abort(404)
    return lesson


def _lesson_for_reader(slug: str, lesson_slug: str) -> tuple[Course, Lesson]:
    """The course and lesson, 404 unless visible; back to the course page unless enrolled."""
    course = visible_course_or_404(current_user, slug)
    lesson = _lesson_or_404(course, lesson_slug)
    if catalog.enrolment(current_user, course) is None:
        flash(_("Enrol in the course to read its lessons."), "info")
        abort(redirect(url_for("learn.course", slug=course.slug)))
    return course, lesson


def _neighbours(lessons: list[Lesson], lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
    index = next(i for i, item in enumerate(lessons) if item.id == lesson.id)
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    return previous, following


@bp.get("/courses/<slug>")
def course(slug: str):
    course = visible_course_or_404(current_user, slug)
    locale = str(get_locale())
    quizzes = course_quizzes(course)
    parts = outline(course, quizzes)
    lessons = [lesson for part in parts for lesson in part.lessons]
    signed_in = current_user.is_authenticated
    progress = services.progress_for(current_user, lessons) if signed_in else {}
    enrolment = catalog.enrolment(current_user, course) if signed_in else None
    done = {lesson_id for lesson_id, row in progress.items() if row.is_completed}
    next_lesson = next((lesson for lesson in lessons if lesson.id not in done), None)
    return render_template(
        "learn/course.html",
        course=course,
        parts=parts,
        progress=progress,
        enrolment=enrolment,
        coverage=coverage_by_course([course.id])[course.id],
        lesson_titles=lesson_titles([lesson.id for lesson in lessons], locale),
        quiz_titles=quiz_titles([quiz.id for quiz in quizzes], locale),
        question_counts=question_counts([quiz.id for quiz in quizzes]),
        completed=len(done),
        total=len(lessons),
        next_lesson=next_lesson,
        exams=[quiz for quiz in quizzes if quiz.module_id is None],
        can_edit=signed_in and bool(editable_locales(current_user, course)),
        can_enrol=signed_in and can_self_enrol(current_user, course),
        form=ConfirmForm(),
    )


@bp.get("/courses/<slug>/lessons/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    course, lesson = _lesson_for_reader(slug, lesson_slug)
    services.record_visit(current_user, lesson, utcnow())
    lessons = ordered_lessons(course)
    previous, following = _neighbours(lessons, lesson)
    progress = services.progress_for(current_user, lessons)
    reader_locale = str(get_locale())
    reading = lesson_reading(
        lesson,
        requested=request.args.get("text"),
        reader_locale=reader_locale,
        neighbour_ids=[item.id for item in (previous, following) if item is not None],
    )
    text = reading.text
    return render_template(
        "learn/lesson.html",
        course=course,
        lesson=lesson,
        text=text,
        reader_locale=reader_locale,
        fallback=text.locale != reader_locale,
        stale=reading.stale,
        english_legal_basis=reading.english_legal_basis,
        outdated=lesson.review_by is not None and lesson.review_by < date.today(),
        other_languages={
            code: LANGUAGE_NAMES[code] for code in reading.locales if code != text.locale
        },
        previous=previous,
        following=following,
        neighbour_titles=reading.neighbour_titles,
        completed=sum(1 for row in progress.values() if row.is_completed),
        total=len(lessons),
        is_complete=progress[lesson.id].is_completed,
        form=ConfirmForm(),
    )


@bp.post("/courses/<slug>/lessons/<lesson_slug>/complete")
@login_required
def complete(slug: str, lesson_slug: str):
    course, lesson = _lesson_for_reader(slug, lesson_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.complete_lesson(current_user, lesson, utcnow())
    _previous, following = _neighbours(ordered_lessons(course), lesson)
    if following is not None:
        return redirect(url_for("learn.lesson", slug=slug, lesson_slug=following.slug))
    flash(_("You have completed every lesson of this course."), "success")
    return redirect(url_for("learn.course", slug=slug))
