"""Moodle's tags and id numbers come with uploaded questions and stay through the question form."""

from sqlalchemy import select

from elearn.authoring.models import Draft
from elearn.content.models import Question
from elearn.extensions import db
from tests.web.authoring.conftest import EditorForm, certified_trainer
from tests.web.authoring.test_quiz_and_settings import (
    question_page,
    quiz_editor,
    review_and_publish,
    signed_in,
    upload,
)

GIFT = """// [id:EU-7] [tag:fees] [tag:case law]
::Fee:: [html]Which <b>fee</b> applies?{=1% ~2%}
"""


def test_tags_and_id_number_survive_upload_form_and_publication(app, users, course):
    author = signed_in(app, certified_trainer(users))
    reviewer = signed_in(app, certified_trainer(users))
    page = upload(author, GIFT, "bank").get_data(as_text=True)
    form = EditorForm(page).values
    assert '## single fee {pool=bank tags="fees,case law" idnumber=EU-7}' in form["markdown"]
    assert "Which <b>fee</b> applies?" in form["markdown"]
    assert author.submit(quiz_editor(), {**form, "action": "save"}).status_code == 302

    url = question_page(author, "fee")
    values = EditorForm(author.get(url).get_data(as_text=True)).values
    assert (values["tags"], values["idnumber"]) == ("fees, case law", "EU-7")
    response = author.submit(url, {**values, "tags": "fees, appeals", "action": "save"})
    assert response.status_code == 302
    db.session.expire_all()
    assert "{pool=bank tags=fees,appeals idnumber=EU-7}" in db.session.scalar(
        select(Draft.markdown)
    )

    form = EditorForm(author.get(quiz_editor()).get_data(as_text=True)).values
    assert author.submit(quiz_editor(), {**form, "action": "submit"}).status_code == 302
    review_and_publish(reviewer)
    question = db.session.scalar(select(Question).where(Question.slug == "fee"))
    assert (question.tags, question.idnumber) == (["fees", "appeals"], "EU-7")
    assert question.texts["en"]["prompt"] == "<p>Which <b>fee</b> applies?</p>"
