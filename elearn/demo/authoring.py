"""Demo authoring: a certified trainer's change to a lesson, waiting for review by another
trainer, so that the review page has something to show, and the Georgian translator's
assignment (a subject area), so that they find courses to translate. Idempotent."""

from sqlalchemy import select

from elearn.auth.services import find_user_by_email
from elearn.authoring import services, translators
from elearn.authoring.models import Draft
from elearn.authoring.permissions import can_author_course
from elearn.content.models import Lesson
from elearn.extensions import db
from elearn.models import utcnow

AUTHOR = "trainer@elearn.example"
ADMIN = "admin@elearn.example"
TRANSLATOR = "translator.ka@elearn.example"
TRANSLATED_AREA = "crypto-investigations"
LESSON = "preservation-production"
NOTE = """

!!! note "Before you send a request"
    Check whether the exchange runs a portal for law-enforcement requests: most large exchanges
    answer faster through it than by e-mail, and the portal records when your request arrived.
"""


def start_demo_authoring() -> None:
    translators.assign(
        find_user_by_email(ADMIN),
        find_user_by_email(TRANSLATOR),
        subject_area=TRANSLATED_AREA,
        ip=None,
    )
    lesson = db.session.scalar(select(Lesson).where(Lesson.slug == LESSON))
    author = find_user_by_email(AUTHOR)
    if lesson is None or db.session.scalar(select(Draft.id)):
        return
    if not can_author_course(author, services.course_of(lesson)):
        return  # the trainer programmes were not imported: nobody is certified yet
    draft = services.open_draft(author, lesson, "en")
    services.save(
        author,
        draft,
        title=draft.title,
        markdown=draft.markdown.rstrip() + NOTE,
        version=draft.version,
        now=utcnow(),
    )
    services.submit(author, draft, note="A practical tip from last month's session in Lviv.")
