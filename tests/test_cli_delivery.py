"""The notice outbox from the command line (docs/outbox.md, issue 14): ``notices`` shows
what the sweep wrote for people to be told, ``deliver`` hands it to a sender exactly once,
``notices show`` and ``document`` print the documents in Chinese."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cli_support import AFTER_HOLIDAY, CLERK, Desk, daoli_with_matters

from supervision.cli import EXIT_NOT_FOUND, EXIT_RULE, EXIT_USAGE

LATER = "2026-10-08T10:00+08:00"


@pytest.fixture
def swept(tmp_path: Path) -> tuple[Desk, dict[str, dict[str, Any]]]:
    desk, matters = daoli_with_matters(tmp_path)
    desk.ok("sweep", "--at", AFTER_HOLIDAY)
    return desk, matters


def _notices(desk: Desk, *extra: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = desk.ok("notices", *CLERK, *extra, "--json").json()["notices"]
    return found


def test_the_sweeps_reminder_is_in_the_outbox_waiting(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """daoli-2017 art.7(3): the 催办 recorded on 10-08 wrote notices to the lead unit's people,
    waiting (待送达); the controlled matter's notices are not listed for the auditor."""
    desk, matters = swept
    pending = _notices(desk, "--status", "待送达")
    assert pending
    assert {"pending"} == {n["status"] for n in pending}
    assert matters["road"]["id"] in {n["matter_id"] for n in pending}
    auditor = desk.ok("notices", "--json").json()["notices"]
    assert matters["listing"]["id"] not in {n["matter_id"] for n in auditor}


def test_deliver_to_a_mail_drop_delivers_each_notice_once(
    swept: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """`deliver --mail-drop` writes one file per notice and marks it 已送达; a second run hands
    nothing over again."""
    desk, _ = swept
    drop = tmp_path / "drop"
    waiting = _notices(desk, "--status", "pending")
    first = desk.ok("deliver", "--mail-drop", str(drop), "--at", LATER, "--json").json()
    assert len(waiting) == len(first["delivered"]) == len(list(drop.glob("*.json")))
    again = desk.ok("deliver", "--mail-drop", str(drop), "--at", LATER, "--json").json()
    assert [] == again["delivered"]
    assert {"delivered"} == {n["status"] for n in _notices(desk)}
    message = json.loads(next(drop.glob("*.json")).read_text(encoding="utf-8"))
    assert message


def test_notices_show_prints_the_document_in_chinese(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """The 催办 document a notice sends names the regulation by title and the clause in
    Chinese, never its key."""
    desk, matters = swept
    road = [n for n in _notices(desk) if n["matter_id"] == matters["road"]["id"]
            and "催办" in n["document"]]
    text = desk.ok("notices", "show", road[0]["key"], *CLERK).out
    assert "《道里区人民政府督办检查工作制度》" in text
    assert "daoli-2017" not in text


def test_document_prints_the_reminder_of_a_recorded_escalation(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """`document KEY` prints the 催办 document of the escalation `show` lists, overdue since
    its deadline."""
    desk, matters = swept
    shown = desk.ok("show", matters["road"]["id"], *CLERK, "--json").json()
    [reminder] = [e for e in shown["escalations"] if e["label"] == "催办"]
    text = desk.ok("document", reminder["key"], *CLERK).out
    assert "推进园区道路改造" in text
    assert "第七条第（三）项" in text


@pytest.mark.parametrize("extra", [(), ("--log", "--mail-drop", "x"),
                                   ("--log", "--header", "A:b"), ("--webhook", "ftp://x")])
def test_deliver_needs_exactly_one_sender(
    swept: tuple[Desk, dict[str, dict[str, Any]]], extra: tuple[str, ...],
) -> None:
    """No sender, two senders, a header without --webhook or a webhook that is not http(s):
    exit 2."""
    desk, _ = swept
    assert EXIT_USAGE == desk.run("deliver", *extra, "--at", LATER).code


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_notice_undelivered_after_every_attempt_is_requeued_as_waiting(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """Backoff's eight attempts to a webhook that refuses every connection leave the notices
    未送达; `notices requeue KEY` makes one 待送达 again and the others stay undelivered."""
    desk, _ = swept
    hook = f"http://127.0.0.1:{_closed_port()}/notices"
    for day in range(8, 16):  # one round a day: past every retry's due time (cap 6 hours)
        desk.ok("deliver", "--webhook", hook, "--at", f"2026-10-{day:02d}T10:00+08:00")
    failed = _notices(desk, "--status", "未送达")
    assert failed
    assert [] == _notices(desk, "--status", "待送达")
    key = failed[0]["key"]
    done = desk.ok("notices", "requeue", key, "--at", "2026-10-16T09:00+08:00", "--json")
    assert ("pending", key) == (done.json()["status"], done.json()["key"])
    assert [key] == [n["key"] for n in _notices(desk, "--status", "待送达")]
    assert len(failed) - 1 == len(_notices(desk, "--status", "未送达"))


def test_requeue_refuses_a_notice_that_did_not_fail_and_an_unknown_key(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """Only a 未送达 notice is requeued: a waiting one is a rule violation (exit 7), a key that
    names no notice is not found (exit 5)."""
    desk, _ = swept
    waiting = _notices(desk, "--status", "待送达")[0]["key"]
    assert EXIT_RULE == desk.run("notices", "requeue", waiting, "--at", LATER).code
    assert EXIT_NOT_FOUND == desk.run("notices", "requeue", "no-such-notice", "--at", LATER).code


def test_backfill_writes_the_notices_of_escalations_recorded_without_them(
    swept: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """`notices backfill` on a database whose escalations have no notices (recorded before
    the outbox, revision 0006) writes the very notices the sweep wrote for them (same keys);
    run again, it writes none (idempotent)."""
    desk, _ = swept
    escalations = {n["key"] for n in _notices(desk) if n["key"].startswith("escalation:")}
    assert escalations
    with sqlite3.connect(desk.url.removeprefix("sqlite:///")) as db:
        db.execute("DELETE FROM sv_notice_attempts")
        db.execute("DELETE FROM sv_notices")
    assert [] == _notices(desk)
    first = desk.ok("notices", "backfill", "--at", LATER, "--json").json()
    assert first["written"] > 0
    assert (len(escalations), escalations) == (first["written"], {n["key"] for n in _notices(desk)})
    again = desk.ok("notices", "backfill", "--at", LATER, "--json").json()
    assert 0 == again["written"]
