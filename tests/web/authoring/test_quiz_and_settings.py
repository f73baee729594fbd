"""Editing quizzes and front matter in the browser: Moodle questions into a pool, quiz settings,
a lesson's legal review date; everything published only after review."""

import datetime
import io
import re

from sqlalchemy import select

from elearn.authoring.models import Draft
from elearn.content.models import Course, Question, Quiz
from elearn.extensions import db
from tests.conftest import Browser
from tests.web.authoring.conftest import EditorForm, certified_trainer, lesson, save

GIFT = "::Seed:: A seed phrase restores the wallet.{T}\n\n::Fee:: Fee? {#0.0004:0.00001}\n"


def quiz_editor() -> str:
    return f"/authoring/quizzes/{db.session.scalar(select(Quiz.id))}/en"


def signed_in(app, user) -> Browser:
    browser = Browser(app.test_client())
    browser.login(user.email)
    return browser


def review_and_publish(reviewer: Browser) -> None:
    draft_id = db.session.scalar(select(Draft.id))
    reviewer.submit(f"/authoring/drafts/{draft_id}", {"action": "approve"})
    reviewer.submit(f"/authoring/drafts/{draft_id}", {"action": "publish"})
    db.session.expire_all()


def upload(browser: Browser, gift: str, pool: str):
    return save(
        browser,
        quiz_editor(),
        {"question_file": (io.BytesIO(gift.encode()), "bank.gift"), "pool": pool},
        "import_questions",
        content_type="multipart/form-data",
    )


def test_moodle_questions_join_the_quiz_as_a_pool_after_review(app, users, course):
    author = signed_in(app, certified_trainer(users))
    reviewer = signed_in(app, certified_trainer(users))
    page = upload(author, GIFT, "bank").get_data(as_text=True)
    form = EditorForm(page).values
    assert "## truefalse seed {pool=bank}" in form["markdown"]
    assert form["draw"] == "bank: 2"
    assert not db.session.scalar(select(Question.id).where(Question.pool == "bank"))

    submitted = author.submit(quiz_editor(), {**form, "action": "submit"})
    assert submitted.status_code == 302
    review_and_publish(reviewer)
    pooled = db.session.scalars(select(Question.slug).where(Question.pool == "bank")).all()
    assert sorted(pooled) == ["fee", "seed"]
    assert db.session.scalar(select(Quiz)).settings["draw"] == {"bank": 2}


def test_a_broken_moodle_file_adds_nothing_and_names_the_line(app, users, course):
    author = signed_in(app, certified_trainer(users))
    before = db.session.scalar(select(Draft.markdown)) or ""
    response = upload(author, "Pick {~%50%a ~%20%b}\n", "more")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in page and "Question 1 (pick)" in page
    assert "add up to 100%" in page
    db.session.expire_all()
    assert "{pool=more}" not in (db.session.scalar(select(Draft.markdown)) or before)


def test_quiz_settings_change_only_when_published(app, users, course):
    author = signed_in(app, certified_trainer(users))
    reviewer = signed_in(app, certified_trainer(users))
    response = save(author, quiz_editor(), {"pass_mark": "85", "time_limit": "15"}, "submit")
    assert response.status_code == 302
    assert db.session.scalar(select(Quiz)).settings["pass_mark"] != 85
    review = reviewer.get(f"/authoring/drafts/{db.session.scalar(select(Draft.id))}")
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>',
        review.get_data(as_text=True),
    )
    assert ("Pass mark (percent)", "70", "85") in rows
    assert ("Time limit in minutes (0: none)", "0", "15") in rows
    assert len(rows) == 2  # nothing else changed
    review_and_publish(reviewer)
    settings = db.session.scalar(select(Quiz)).settings
    assert (settings["pass_mark"], settings["time_limit"]) == (85, 15)


def test_a_pool_count_in_the_wrong_form_is_refused(app, users, course):
    author = signed_in(app, certified_trainer(users))
    response = save(author, quiz_editor(), {"draw": "all of them"})
    assert "Write pool names and counts" in response.get_data(as_text=True)
    assert db.session.scalar(select(Draft.version)) == 1  # opened, never saved


def test_a_lessons_legal_review_date_is_set_in_the_browser(app, users, course):
    author = signed_in(app, certified_trainer(users))
    reviewer = signed_in(app, certified_trainer(users))
    url = f"/authoring/lessons/{lesson().id}/en"
    fields = {"review_by": "2027-03-31", "jurisdiction": "UA", "legal_basis": "CPC, Art. 168"}
    assert save(author, url, fields, "submit").status_code == 302
    review_and_publish(reviewer)
    published = lesson()
    assert published.review_by == datetime.date(2027, 3, 31)
    assert (published.jurisdiction, published.legal_basis) == ("UA", "CPC, Art. 168")


def test_trainees_cannot_open_the_quiz_editor(browser, users, course):
    browser.login(users(country="GE").email)
    assert browser.get(quiz_editor()).status_code == 403


def test_course_settings_change_after_review(app, users, course):
    author = signed_in(app, certified_trainer(users))
    reviewer = signed_in(app, certified_trainer(users))
    url = "/authoring/courses/sample-course/description/en"
    # Any country of the programme's list, not only the five partners (an EU member here).
    countries = ["GE", "DE"]
    settings = {"access": "restricted", "countries": countries, "certificate_valid_years": "3"}
    assert save(author, url, settings, "submit").status_code == 302
    review = reviewer.get(f"/authoring/drafts/{db.session.scalar(select(Draft.id))}")
    assert "Certificates valid for (years; empty: no expiry)" in review.get_data(as_text=True)
    review_and_publish(reviewer)
    published = db.session.scalar(select(Course))
    assert (published.access, published.certificate_valid_years) == ("restricted", 3)
    assert published.audience["countries"] == ["DE", "GE"]
    assert published.completion["final_exam_min_score"] == 70  # untouched settings stay


def question_page(author: Browser, question: str) -> str:
    """The question's form, reached by its button in the editor (which saves the quiz's draft)."""
    values = EditorForm(author.get(quiz_editor()).get_data(as_text=True)).values
    response = author.submit(quiz_editor(), {**values, "edit_question": question})
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_question_is_edited_in_a_form_without_writing_the_syntax(app, users, course):
    author = signed_in(app, certified_trainer(users))
    url = question_page(author, "pick-one")
    values = EditorForm(author.get(url).get_data(as_text=True)).values
    assert values["prompt"] == "Which one?" and values["answers-0-text"] == "The right one"
    values.pop("answers-0-correct")
    values |= {
        "prompt": "Which one is right?",
        "answers-1-correct": "y",
        "answers-2-text": "Neither",
    }
    response = author.submit(url, {**values, "action": "save"})
    assert response.status_code == 302
    db.session.expire_all()
    text = db.session.scalar(select(Draft.markdown))
    assert "## single pick-one\nWhich one is right?\n" in text
    assert "- [ ] right: The right one\n  > Yes.\n- [x] wrong: The wrong one" in text
    assert "- [ ] neither: Neither" in text
    assert "## numerical count" in text  # the other question is untouched


def test_a_question_the_syntax_refuses_is_not_saved(app, users, course):
    author = signed_in(app, certified_trainer(users))
    url = question_page(author, "pick-one")
    values = EditorForm(author.get(url).get_data(as_text=True)).values
    values.pop("answers-0-correct")  # no right answer left
    response = author.submit(url, {**values, "action": "save"})
    assert response.status_code == 200 and 'role="alert"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert "- [x] right: The right one" in db.session.scalar(select(Draft.markdown))


def test_credit_in_percent_becomes_a_weighted_answer(app, users, course):
    author = signed_in(app, certified_trainer(users))
    url = question_page(author, "count")
    values = EditorForm(author.get(url).get_data(as_text=True)).values
    values |= {"answers-1-text": "2", "answers-1-credit": "50"}
    assert author.submit(url, {**values, "action": "save"}).status_code == 302
    db.session.expire_all()
    assert "- [50%] 2: 2" in db.session.scalar(
        select(Draft.markdown)
    ) or "[50%]" in db.session.scalar(select(Draft.markdown))
