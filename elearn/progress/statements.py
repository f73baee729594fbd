"""Reading the learning record: statements as stored, filtered as the xAPI statement resource
defines (xAPI-Communication 2.1.3), in stored order."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from elearn.auth.models import User
from elearn.progress.models import LearningRecord

VERB_PREFIX = "http://adlnet.gov/expapi/verbs/"


@dataclass(frozen=True)
class StatementQuery:
    since: datetime | None = None  # stored after
    until: datetime | None = None  # stored at or before
    verb: str | None = None  # a verb IRI
    activity: str | None = None  # the object's IRI
    user_id: int | None = None  # the agent, by account name
    statement_id: str | None = None
    ascending: bool = False
    after: int | None = None  # paging: the last record id of the previous page


def recorded_statements(users: Select, query: StatementQuery = StatementQuery()) -> Select:
    """The stored statements of the users ``users`` selects that match ``query``; by default
    newest first, as xAPI orders them."""
    records = select(LearningRecord.id, LearningRecord.statement, LearningRecord.stored_at).where(
        LearningRecord.user_id.in_(users.with_only_columns(User.id).scalar_subquery())
    )
    if query.since is not None:
        records = records.where(LearningRecord.stored_at > query.since)
    if query.until is not None:
        records = records.where(LearningRecord.stored_at <= query.until)
    if query.verb is not None:
        known = query.verb.startswith(VERB_PREFIX)  # every verb we record is an ADL verb
        records = records.where(LearningRecord.verb == query.verb.removeprefix(VERB_PREFIX))
        records = records if known else records.where(False)
    if query.activity is not None:
        records = records.where(LearningRecord.activity_id == query.activity)
    if query.user_id is not None:
        records = records.where(LearningRecord.user_id == query.user_id)
    if query.statement_id is not None:
        records = records.where(LearningRecord.statement_id == query.statement_id)
    if query.after is not None:
        page = (
            LearningRecord.id > query.after if query.ascending else LearningRecord.id < query.after
        )
        records = records.where(page)
    order = LearningRecord.id if query.ascending else LearningRecord.id.desc()
    return records.order_by(order)
