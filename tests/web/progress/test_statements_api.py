"""The statements API for outside xAPI readers: HTTP Basic credentials per client (issued,
scoped, revoked and audited), and the filters and paging of the xAPI statement resource."""

import base64
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from elearn.audit.models import AuditEvent
from elearn.auth.models import Role
from elearn.content.queries import ordered_lessons
from elearn.extensions import db
from elearn.learn.services import complete_lesson, record_visit
from elearn.models import utcnow
from elearn.progress.models import LearningRecord, XapiClient
from elearn.progress.xapi import iso_timestamp
from tests.course_files import import_sample_course

URL = "/api/v1/xapi/statements"
VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def learning(tmp_path, users):
    """A Georgian who read two lessons (one twice) and a Ukrainian who read one."""
    course = import_sample_course(tmp_path)
    first, second = ordered_lessons(course)[:2]
    georgian, ukrainian = users(country="GE"), users(country="UA")
    record_visit(georgian, first, utcnow())
    record_visit(georgian, first, utcnow())
    complete_lesson(georgian, first, utcnow())
    record_visit(georgian, second, utcnow())
    complete_lesson(ukrainian, first, utcnow())
    db.session.commit()
    return georgian, ukrainian


def issue(app, *args) -> tuple[str, str]:
    result = app.test_cli_runner().invoke(args=["progress", "xapi-client", "issue", *args])
    assert result.exit_code == 0, result.output
    key = re.search(r"key:\s+(\S+)", result.output)[1]
    return key, re.search(r"secret:\s+(\S+)", result.output)[1]


def basic(key: str, secret: str, *, version: bool = True) -> dict:
    token = base64.b64encode(f"{key}:{secret}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    return headers | ({"X-Experience-API-Version": "1.0.3"} if version else {})


def test_without_credentials_the_answer_is_401_with_the_xapi_version(client, learning):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_client_reads_its_country_only_and_is_refused_once_revoked(app, client, learning):
    georgian, _ukrainian = learning
    key, secret = issue(app, "Georgian LRS", "--country", "GE")

    response = client.get(URL, headers=basic(key, secret))
    assert response.status_code == 200
    body = response.get_json()
    assert {s["actor"]["account"]["name"] for s in body["statements"]} == {str(georgian.id)}
    assert len(body["statements"]) == 6  # 2 launched, 3 experienced, 1 completed
    assert response.headers["X-Experience-API-Consistent-Through"].endswith("Z")
    stored = {r.statement_id: r for r in db.session.scalars(select(LearningRecord))}
    for served in body["statements"]:  # as written, plus the time the record stored it
        record = stored[served["id"]]
        assert served.pop("stored") == iso_timestamp(record.stored_at)
        assert served == record.statement

    assert client.get(URL, headers=basic(key, secret, version=False)).status_code == 400
    assert client.get(URL, headers=basic(key, "guessed")).status_code == 401

    result = app.test_cli_runner().invoke(args=["progress", "xapi-client", "revoke", key])
    assert result.exit_code == 0, result.output
    assert client.get(URL, headers=basic(key, secret)).status_code == 401
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["xapi.client.issue", "xapi.client.revoke"]
    listed = app.test_cli_runner().invoke(args=["progress", "xapi-client", "list"]).output
    assert key in listed and "revoked" in listed and secret not in listed


def test_an_agency_client_and_a_client_needing_one_scope(app, client, learning, users):
    _georgian, ukrainian = learning
    key, secret = issue(app, "Agency", "--agency", str(ukrainian.agency_id))
    statements = client.get(URL, headers=basic(key, secret)).get_json()["statements"]
    assert {s["actor"]["account"]["name"] for s in statements} == {str(ukrainian.id)}
    both = app.test_cli_runner().invoke(
        args=["progress", "xapi-client", "issue", "X", "--country", "GE", "--agency", "1"]
    )
    assert both.exit_code != 0 and "exactly one" in both.output


def test_filters_of_the_statement_resource(app, client, learning):
    georgian, ukrainian = learning
    key, secret = issue(app, "Georgian LRS", "--country", "GE")
    headers = basic(key, secret)

    def get(**args):
        response = client.get(URL, query_string=args, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["statements"]

    assert [s["verb"]["id"] for s in get(verb=VERBS + "completed")] == [VERBS + "completed"]
    assert get(verb="http://example.org/verbs/completed") == []
    lesson = get(verb=VERBS + "launched", ascending="true")[0]["object"]["id"]
    assert {s["object"]["id"] for s in get(activity=lesson)} == {lesson}
    assert len(get(activity=lesson)) == 4  # launched, experienced twice, completed
    agent = json.dumps({"account": {"homePage": "http://127.0.0.1:5000", "name": str(georgian.id)}})
    assert len(get(agent=agent)) == 6
    stranger = json.dumps({"account": {"homePage": "x", "name": str(ukrainian.id)}})
    assert get(agent=stranger) == []  # outside the client's scope
    assert get(since=(utcnow() + timedelta(minutes=1)).isoformat()) == []
    assert get(until=(utcnow() - timedelta(days=1)).isoformat()) == []

    newest_first = get()
    oldest_first = get(ascending="true")
    assert [s["id"] for s in newest_first] == [s["id"] for s in reversed(oldest_first)]
    one = client.get(URL, query_string={"statementId": newest_first[2]["id"]}, headers=headers)
    assert one.get_json()["id"] == newest_first[2]["id"]

    assert client.get(URL, query_string={"since": "soon"}, headers=headers).status_code == 400


def test_limit_and_more_page_through_everything_once(app, client, learning):
    key, secret = issue(app, "Georgian LRS", "--country", "GE")
    url, seen = f"{URL}?limit=4&verb={VERBS}experienced", []
    while url:
        body = client.get(url, headers=basic(key, secret)).get_json()
        seen += [s["id"] for s in body["statements"]]
        url = body["more"]
    records = db.session.scalars(
        select(LearningRecord.statement_id).where(LearningRecord.verb == "experienced")
    ).all()
    assert len(seen) == len(set(seen)) == 3 and set(seen) <= set(records)
    url, pages = f"{URL}?limit=2", 0
    while url:
        body = client.get(url, headers=basic(key, secret)).get_json()
        pages, url = pages + 1, body["more"]
    assert pages == 3


def test_an_admin_issues_and_revokes_on_the_page(browser, client, users, learning):
    georgian, _ukrainian = learning
    browser.login(users(Role.ADMIN).email)
    page = browser.submit(
        "/admin/xapi-clients/", {"name": "Donor dashboard", "country": "GE", "agency": ""}
    ).get_data(as_text=True)
    assert "it is not shown again" in page
    key = re.search(r"<dt>Key</dt><dd><code>(\S+)</code>", page)[1]
    secret = re.search(r"<dt>Secret</dt><dd><code>(\S+)</code>", page)[1]
    statements = client.get(URL, headers=basic(key, secret)).get_json()["statements"]
    assert {s["actor"]["account"]["name"] for s in statements} == {str(georgian.id)}
    assert secret not in browser.get("/admin/xapi-clients/").get_data(as_text=True)

    both = browser.submit("/admin/xapi-clients/", {"name": "X", "country": "GE", "agency": "1"})
    assert "not both" in both.get_data(as_text=True)

    client_id = db.session.scalar(select(XapiClient.id).where(XapiClient.key == key))
    browser.submit("/admin/xapi-clients/", {}, action=f"/admin/xapi-clients/{client_id}/revoke")
    assert client.get(URL, headers=basic(key, secret)).status_code == 401
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "xapi.client.revoke"))
    assert event.actor_id is not None and event.target == f"xapi-client:{key}"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TRAINER, Role.TRAINEE])
def test_only_admins_manage_xapi_clients(browser, users, role):
    browser.login(users(role, country="GE").email)
    assert browser.get("/admin/xapi-clients/").status_code == 403
