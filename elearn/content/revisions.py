"""What changed in an English text since a translation was made from it.

Every English lesson and quiz text the importer sees is kept under its hash
(``models.SourceRevision``), so a stale translation's ``source_hash`` still names a text that
can be compared with today's."""

import difflib
from itertools import islice
from typing import Literal

from sqlalchemy import select

from elearn.content.models import Course, SourceRevision
from elearn.content.source import text_hash
from elearn.extensions import db

Kind = Literal["lesson", "quiz"]


def source_changes(
    course: Course,
    kind: Kind,
    slug: str,
    old_hash: str,
    current_markdown: str,
    *,
    context: int = 3,
) -> list[str] | None:
    """The unified diff (without its ``---``/``+++`` header) from the English text with
    ``old_hash`` to ``current_markdown``, with ``context`` unchanged lines around each change;
    empty when they are the same, None when the old text was never imported here."""
    if old_hash == text_hash(current_markdown):
        return []
    old_markdown = db.session.scalar(
        select(SourceRevision.markdown).where(
            SourceRevision.course_id == course.id,
            SourceRevision.kind == kind,
            SourceRevision.slug == slug,
            SourceRevision.source_hash == old_hash,
        )
    )
    if old_markdown is None:
        return None
    diff = difflib.unified_diff(
        old_markdown.splitlines(), current_markdown.splitlines(), lineterm="", n=context
    )
    return list(islice(diff, 2, None))
