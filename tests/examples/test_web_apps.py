"""The Flask and the FastAPI examples behave as docs/integration.md says, each driven by its
framework's own test client: authentication mapped to the library's Actor, one transaction
for the host's row and the library's matter, the error → HTTP mapping, the .xlsx ledger."""

from __future__ import annotations

import io

import sqlalchemy as sa
from web_support import Client, document


def registered(client: Client, **changes: object) -> dict[str, object]:
    answer = client.post("/matters", user="clerk", json=document(**changes))
    assert 201 == answer.status, answer.body
    body: dict[str, object] = answer.body
    return body


def dispatched(client: Client, **changes: object) -> dict[str, object]:
    matter = registered(client, **changes)
    answer = client.post(f"/matters/{matter['id']}/dispatch", user="clerk")
    assert 200 == answer.status, answer.body
    body: dict[str, object] = answer.body
    return body


def test_registering_answers_201_with_the_number_the_location_and_the_etag(
    client: Client,
) -> None:
    """POST /matters by the office's clerk: 201, the office's number, ETag = version."""
    answer = client.post("/matters", user="clerk", json=document())
    assert 201 == answer.status
    assert "连政督〔2026〕1号" == answer.body["number"]
    assert f"/matters/{answer.body['id']}" == answer.headers["location"]
    assert f'"{answer.body["version"]}"' == answer.headers["etag"]


def test_a_request_without_a_valid_token_answers_401(client: Client) -> None:
    """No Authorization header, or an unknown token: 401 with WWW-Authenticate."""
    missing = client.get("/matters/anything")
    unknown = client.get("/matters/anything", headers={"Authorization": "Bearer nope"})
    assert (401, 401) == (missing.status, unknown.status)
    assert "Bearer" == missing.headers["www-authenticate"]


def test_the_host_row_and_the_matter_commit_together_or_not_at_all(client: Client) -> None:
    """A document number already in the host's register is 409, and the matter registered in
    the same transaction is rolled back with it (no second matter, no number used)."""
    registered(client)
    again = client.post("/matters", user="clerk", json=document(title="另一件事"))
    assert 409 == again.status
    assert "duplicate_document" == again.body["error"]
    engine = sa.create_engine(client.url)
    with engine.connect() as connection:
        matters = connection.execute(sa.text("SELECT count(*) FROM sv_matters")).scalar_one()
        documents = connection.execute(sa.text("SELECT count(*) FROM oa_documents")).scalar_one()
    engine.dispose()
    assert (1, 1) == (matters, documents)
    following = registered(client, document_number="连政办收〔2026〕8号")
    assert "连政督〔2026〕2号" == following["number"]


def test_a_confidential_matter_answers_404_exactly_like_a_missing_one(client: Client) -> None:
    """The auditor asks for a controlled matter outside its circle and for an id that does
    not exist: the same 404 and the same body."""
    secret = registered(client, designated=["clerk-1", "port-liaison"])
    hidden = client.get(f"/matters/{secret['id']}", user="auditor")
    missing = client.get("/matters/no-such-matter", user="auditor")
    assert (404, 404) == (hidden.status, missing.status)
    assert missing.body == hidden.body
    assert 200 == client.get(f"/matters/{secret['id']}", user="port").status


def test_another_units_matter_answers_404(client: Client) -> None:
    """A unit's liaison does not see a matter assigned to another unit."""
    matter = dispatched(client)
    assert 404 == client.get(f"/matters/{matter['id']}", user="ocean").status


def test_an_action_the_role_may_not_take_answers_403(client: Client) -> None:
    """The auditor reads the matter but may not acknowledge it: 403, nothing written."""
    matter = dispatched(client)
    denied = client.post(f"/matters/{matter['id']}/acknowledge", user="auditor")
    assert 403 == denied.status
    assert matter["version"] == client.get(f"/matters/{matter['id']}", user="clerk").body[
        "version"]


def test_a_stale_if_match_answers_409_and_the_current_one_succeeds(client: Client) -> None:
    """If-Match carries the ETag as read: an older one is 409 with the current version, the
    current one acknowledges."""
    matter = dispatched(client)
    path = f"/matters/{matter['id']}/acknowledge"
    stale = client.post(path, user="port", headers={"If-Match": f'"{matter["version"] - 1}"'})
    assert 409 == stale.status
    assert matter["version"] == stale.body["current_version"]
    fresh = client.post(path, user="port", headers={"If-Match": f'"{matter["version"]}"'})
    assert 200 == fresh.status
    assert matter["version"] + 1 == fresh.body["version"]


def test_a_missing_instruction_answers_422_naming_the_chinese_clause(client: Client) -> None:
    """lianyungang-2019 §5.1 (no 立项 without a city leader's instruction): 422 with the rule
    and the clause in Chinese."""
    refused = client.post("/matters", user="clerk", json=document(leader=""))
    assert 422 == refused.status
    assert "leader_instruction_missing" == refused.body["rule"]
    assert refused.body["clause"].startswith("《连云港市政府系统大督查工作机制》")


def test_bad_input_answers_422_naming_the_field(client: Client) -> None:
    """A malformed date in the body and a malformed If-Match each name their field."""
    bad_date = client.post("/matters", user="clerk", json=document(instructed_on="27/9"))
    matter = dispatched(client)
    bad_etag = client.post(f"/matters/{matter['id']}/acknowledge", user="port",
                           headers={"If-Match": "yesterday"})
    assert (422, "instructed_on") == (bad_date.status, bad_date.body["field"])
    assert (422, "If-Match") == (bad_etag.status, bad_etag.body["field"])


def test_the_ledger_downloads_as_xlsx_with_only_what_the_user_may_see(
    client: Client,
) -> None:
    """GET /ledger.xlsx is a spreadsheet attachment; the auditor's has no row of the
    controlled matter, the clerk's has both."""
    import openpyxl

    from supervision.ledger import SHEET

    dispatched(client)
    dispatched(client, document_number="连政办收〔2026〕9号", title="重大招商项目用地保障",
               designated=["clerk-1"])

    def titles(user: str) -> list[str]:
        answer = client.get("/ledger.xlsx", user=user)
        assert 200 == answer.status
        assert answer.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        assert answer.headers["content-disposition"].startswith("attachment;")
        sheet = openpyxl.load_workbook(io.BytesIO(answer.content))[SHEET]
        return [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]

    assert ["港口集疏运铁路专用线建设"] == titles("auditor")
    assert ["港口集疏运铁路专用线建设", "重大招商项目用地保障"] == titles("clerk")


def test_the_host_and_the_library_keep_their_own_migration_histories(client: Client) -> None:
    """The host's Alembic history (h001, alembic_version) and the library's (its head, in
    supervision_alembic_version) live side by side, each with its own tables."""
    from supervision.adapters.sqlalchemy import current_revision, head_revision

    engine = sa.create_engine(client.url)
    names = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"oa_users", "oa_documents", "alembic_version", "supervision_alembic_version",
            "sv_matters", "sv_events"} <= names
    assert "h001" == current_revision(client.url, version_table="alembic_version")
    assert head_revision() == current_revision(client.url)
