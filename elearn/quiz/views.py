from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from elearn.auth.errors import AuthError
from elearn.auth.models import Role
from elearn.catalog import services as catalog
from elearn.catalog.permissions import editable_locales, visible_cohorts, visible_course_or_404
from elearn.content.models import Quiz
from elearn.content.question_types import QUESTION_TYPES, question_type
from elearn.extensions import db
from elearn.i18n import SOURCE_LOCALE
from elearn.models import utcnow
from elearn.orgs.queries import countries
from elearn.quiz import review, services
from elearn.quiz.errors import QuizError, TimeUp, UnknownQuestion
from elearn.quiz.forms import GradeForm
from elearn.quiz.models import Answer, Attempt
from elearn.quiz.responses import foreign_questions, responses_from
from elearn.quiz.statistics import item_statistics
from elearn.web import client_ip, require_role
from elearn.web.forms import ConfirmForm
from elearn.web.routing import bounded_int

bp = Blueprint("quiz", __name__, template_folder="templates")
bp.add_app_template_global(QUESTION_TYPES, "question_types")

PAGE_SIZE = 5


def _quiz_for_trainee(slug: str, quiz_slug: str) -> Quiz:
    course = visible_course_or_404(current_user, slug)
    quiz = db.session.scalar(
        select(Quiz).where(
            Quiz.course_id == course.id, Quiz.slug == quiz_slug, Quiz.is_archived.is_(False)
        )
    )
    if quiz is None:
        abort(404)
    if catalog.enrolment(current_user, course) is None:
        flash(_("Enrol in the course to take its quizzes."), "info")
        abort(redirect(url_for("learn.course", slug=slug)))
    return quiz


def _own_attempt(attempt_id: int, *, answers: bool = True) -> Attempt:
    """The signed-in trainee's attempt; anybody else's is 404. ``answers=False``: its answers
    are not read now (saving reads them again under the attempt's lock)."""
    options = [] if answers else [lazyload(Attempt.answers)]
    attempt = db.session.get(Attempt, attempt_id, options=options)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.get("/courses/<slug>/quizzes/<quiz_slug>")
@login_required
def overview(slug: str, quiz_slug: str):
    quiz = _quiz_for_trainee(slug, quiz_slug)
    return render_template(
        "quiz/overview.html",
        quiz=quiz,
        course=quiz.course,
        title=review.quiz_title(quiz, str(get_locale())),
        attempts=services.attempts_of(current_user, quiz),
        attempts_left=services.attempts_left(current_user, quiz),
        form=ConfirmForm(),
        can_edit=SOURCE_LOCALE in editable_locales(current_user, quiz.course),  # its authors
    )


@bp.post("/courses/<slug>/quizzes/<quiz_slug>/start")
@login_required
def start(slug: str, quiz_slug: str):
    quiz = _quiz_for_trainee(slug, quiz_slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        attempt = services.start_or_resume(
            current_user, quiz, locale=str(get_locale()), now=utcnow()
        )
    except QuizError as error:
        flash(str(error.message), "error")
        return redirect(url_for("quiz.overview", slug=slug, quiz_slug=quiz_slug))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


def _page_of(attempt: Attempt, page: int) -> tuple[list[dict], int]:
    pages = max(1, -(-len(attempt.questions) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return attempt.questions[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if services.expire_if_due(attempt, utcnow()):
        flash(str(TimeUp.message), "info")
    if not attempt.is_open:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    page = bounded_int(request.args, "page", 1)
    questions, pages = _page_of(attempt, page)
    answered = {}
    if services.gives_immediate_feedback(attempt):
        answered = {
            shown["question"]: review.review_item(attempt, shown)
            for shown in questions
            if shown["question"] in attempt.answers
            and not question_type(shown["type"]).trainer_graded
        }
    return render_template(
        "quiz/attempt.html",
        attempt=attempt,
        questions=questions,
        answered=answered,
        page=min(max(page, 1), pages),
        pages=pages,
        form=ConfirmForm(),
    )


@bp.post("/attempts/<int:attempt_id>/save")
@login_required
def save(attempt_id: int):
    attempt = _own_attempt(attempt_id, answers=False)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    page = bounded_int(request.form, "page", 1)
    questions, _pages = _page_of(attempt, page)
    if foreign_questions(request.form, attempt.questions):
        return _refused(attempt, UnknownQuestion())
    try:
        services.save_answers(attempt, responses_from(request.form, questions), now=utcnow())
    except TimeUp as error:  # the attempt was submitted with what was saved before
        return _refused(attempt, error)
    except QuizError as error:
        db.session.rollback()
        return _refused(attempt, error)
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify(saved=True)
    target = request.form.get("go", "")
    if target == "submit":
        return redirect(url_for("quiz.confirm_submit", attempt_id=attempt.id))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=_target_page(target, page)))


def _target_page(target: str, page: int) -> int:
    return page + 1 if target == "next" else page - 1 if target == "previous" else page


def _refused(attempt: Attempt, error: QuizError):
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify(saved=False, message=str(error.message)), 409
    flash(str(error.message), "error")
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/submit")
@login_required
def confirm_submit(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not attempt.is_open:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    unanswered = [
        q
        for q in attempt.questions
        if q["question"] not in attempt.answers and question_type(q["type"]).scored
    ]
    return render_template(
        "quiz/submit.html", attempt=attempt, unanswered=len(unanswered), form=ConfirmForm()
    )


@bp.post("/attempts/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.submit(attempt, now=utcnow())
    return redirect(url_for("quiz.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.is_open:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    quiz = attempt.quiz
    return render_template(
        "quiz/result.html",
        attempt=attempt,
        quiz=quiz,
        course=quiz.course,
        title=review.quiz_title(quiz, attempt.locale),
        items=review.review_items(attempt)
        if review.can_review(quiz, services.attempts_left(current_user, quiz))
        else [],
    )


@bp.get("/grading")
@login_required
def grading_queue():
    require_role(Role.TRAINER, Role.MENTOR, Role.COORDINATOR, Role.ADMIN)
    items = [
        (answer, trainee, services.shown_question(answer.attempt, answer.question_id))
        for answer, trainee in services.essays_to_grade(current_user)
    ]
    return render_template("quiz/grading.html", items=items, form=GradeForm())


@bp.post("/grading/<int:attempt_id>/<int:question_id>")
@login_required
def grade(attempt_id: int, question_id: int):
    require_role(Role.TRAINER, Role.MENTOR, Role.COORDINATOR, Role.ADMIN)
    answer = db.session.get(Answer, (attempt_id, question_id))
    if answer is None:
        abort(404)
    shown = services.shown_question(answer.attempt, question_id)
    form = GradeForm()
    if not form.validate_on_submit() or form.points.data > shown["points"]:
        flash(_("Give between 0 and %(points)s points.", points=shown["points"]), "error")
        return redirect(url_for("quiz.grading_queue"))
    try:
        services.grade_essay(
            current_user,
            answer,
            float(form.points.data) / shown["points"],
            form.comment.data,
            ip=client_ip(),
            now=utcnow(),
        )
    except AuthError:
        abort(403)
    flash(_("Grade saved."), "success")
    return redirect(url_for("quiz.grading_queue"))


@bp.get("/courses/<slug>/quizzes/<quiz_slug>/statistics")
@login_required
def statistics(slug: str, quiz_slug: str):
    require_role(Role.TRAINER, Role.MENTOR, Role.COORDINATOR, Role.ADMIN)
    course = visible_course_or_404(current_user, slug)
    quiz = db.session.scalar(
        select(Quiz).where(Quiz.course_id == course.id, Quiz.slug == quiz_slug)
    )
    if quiz is None:
        abort(404)
    country = request.args.get("country") or None
    cohorts = db.session.scalars(visible_cohorts(current_user)).all()
    cohort = next((c for c in cohorts if str(c.id) == request.args.get("cohort")), None)
    taken = list(
        services.sittings(
            current_user, quiz, country=country, members=cohort.member_ids if cohort else None
        )
    )
    items = item_statistics([q.id for q in quiz.questions], taken)
    return render_template(
        "quiz/statistics.html",
        course=course,
        quiz=quiz,
        title=review.quiz_title(quiz, str(get_locale())),
        rows=list(zip(quiz.questions, items, strict=True)),
        sittings=len(taken),
        country=country,
        countries=countries(),
        cohorts=cohorts,
        cohort=cohort,
    )
