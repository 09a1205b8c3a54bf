"""The world the fuzz suite calls into, and one good call per entry point.

One office under the test policy (test-2026: sign-off by the unit head, extensions on) with
a matter in each state a command needs, so that a call whose arguments are all good except
one or two reaches deep into the command before the hostile value is met. Each matter is
registered with a known id; see :data:`MATTERS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from builders import (
    CHINA,
    CLERK,
    HEAD_A,
    LEADER,
    LIAISON_A,
    LIAISON_B,
    OFFICE,
    T0,
    UNITS,
    final_content,
    office_spec,
    progress_content,
    registration,
)

from supervision import bootstrap
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import (
    CalendarChoice,
    DeadlineTerms,
    ReasonKind,
    ReportKind,
    ReviewOutcome,
    ScorePeriod,
    Signoff,
    SignoffCapacity,
    Unit,
    UnitKind,
)
from supervision.domain.notices import Notice
from supervision.domain.objections import ObjectionOutcome
from supervision.domain.policy import TriggerEvent
from supervision.domain.policy import build as pb
from supervision.periods import Period

_cite = pb.citer("fuzz-2026")
#: The test policy with a commendation rule: sign-off by the unit head, extensions on.
POLICY = pb.policy(
    "fuzz-2026", title="模糊测试区督查督办工作办法", issuer="测试区人民政府办公室",
    issued=dt.date(2026, 1, 1), numbering_prefix="测督", extensions_enabled=True,
    categories=[pb.category("general", "一般事项", Period.days(5),
                            _cite("§3.1", "一般事项5日内办结"))],
    signoff=pb.signoff_by_unit_head(_cite("§5", "经承办单位主要负责人签字")),
    scoring=[pb.commendation(1, _cite("§8", "通报表扬的加1分"))],
)

#: The matters: id → what was done to it.
MATTERS = ("f-draft", "f-open", "f-co", "f-signed", "f-reported", "f-supplement",
           "f-accepted", "f-completed", "f-closed", "f-ext", "f-explained", "f-suspended")
AFTER = T0 + dt.timedelta(days=1)


def signoff() -> Signoff:
    return Signoff("head-a", SignoffCapacity.UNIT_HEAD, AFTER)


#: The 督办通知 of f-open's dispatch to unit-a's liaison.
DISPATCH_NOTICE = "event:f-open#2>person:liaison-a"


class OfflineSender:
    """A sender whose channel is down: every notice handed to it fails and is due again
    later (the fixed clock never reaches it), so deliver runs its whole path."""

    def send(self, notice: Notice) -> str | None:
        raise ConnectionError("the OA message gateway is offline")


@attrs.define
class FuzzWorld:
    app: Supervision
    clock: FixedClock
    storage: dict[str, Any]
    entry_key: str


def build(storage: dict[str, Any]) -> FuzzWorld:
    """The world on ``storage`` (``bootstrap``'s ``store=`` or ``engine=``)."""
    clock = FixedClock(T0)
    app = bootstrap(clock=clock, calendar=CHINA, offices=[office_spec(POLICY)],
                    policies=[POLICY], **storage)
    for unit in UNITS:
        app.add_unit(CLERK, unit)
    for matter_id in MATTERS:
        co = ("unit-b",) if matter_id == "f-co" else ()
        app.register(CLERK, registration(co_unit_ids=co), matter_id=matter_id)
        if matter_id != "f-draft":
            app.dispatch(CLERK, matter_id)
    clock.set(AFTER)
    for matter_id in ("f-signed", "f-reported", "f-supplement", "f-accepted", "f-completed",
                      "f-closed"):
        app.submit_final_report(LIAISON_A, matter_id, final_content(), signoff=signoff())
        if matter_id != "f-signed":
            app.confirm_signoff(HEAD_A, matter_id)
    app.review(CLERK, "f-supplement", ReviewOutcome.SUPPLEMENT_REQUESTED, opinion="请补充")
    for matter_id in ("f-accepted", "f-completed", "f-closed"):
        app.review(CLERK, matter_id, ReviewOutcome.ACCEPTED)
    for matter_id in ("f-completed", "f-closed"):
        app.complete(CLERK, matter_id)
    app.close(CLERK, "f-closed", note="销号")
    app.request_extension(LIAISON_A, "f-ext", dt.date(2026, 3, 31), "客观原因")
    app.explain(LIAISON_A, "f-explained", ReasonKind.OBJECTIVE, "客观原因")
    app.suspend(CLERK, "f-suspended", reason="中止")
    entry = app.commend(LEADER, "unit-a", "表彰〔2026〕1号", "表扬", matter_ids=("f-closed",))
    return FuzzWorld(app, clock, storage, entry.key)


def good_calls(world: FuzzWorld) -> dict[str, dict[str, Any]]:
    """For each method of the composition root, arguments it accepts (or refuses only for a
    reason of the world's state): the fuzz suite spoils one or two of them."""
    terms = DeadlineTerms.stated(Period.days(5))
    return {
        "approve": {"actor": LEADER, "matter_id": "f-draft", "opinion": "同意",
                    "expected_version": None},
        "dispatch": {"actor": CLERK, "matter_id": "f-draft", "expected_version": None},
        "acknowledge": {"actor": LIAISON_A, "matter_id": "f-open", "expected_version": None},
        "report_progress": {"actor": LIAISON_A, "matter_id": "f-open",
                            "content": progress_content(), "kind": ReportKind.PROGRESS,
                            "expected_version": None},
        "contribute": {"actor": LIAISON_B, "matter_id": "f-co", "content": progress_content(),
                       "expected_version": None},
        "submit_final_report": {"actor": LIAISON_A, "matter_id": "f-open",
                                "content": final_content(), "signoff": signoff(),
                                "expected_version": None},
        "confirm_signoff": {"actor": HEAD_A, "matter_id": "f-signed", "expected_version": None},
        "supply_supplement": {"actor": LIAISON_A, "matter_id": "f-supplement",
                              "content": final_content(), "expected_version": None},
        "review": {"actor": CLERK, "matter_id": "f-reported", "outcome": ReviewOutcome.RETURNED,
                   "opinion": "退回", "redo_due_day": dt.date(2026, 3, 20),
                   "expected_version": None},
        "explain": {"actor": LIAISON_A, "matter_id": "f-open", "reason_kind": ReasonKind.OBJECTIVE,
                    "text": "客观原因", "next_steps": "加快推进", "expected_version": None},
        "decide_explanation": {"actor": CLERK, "matter_id": "f-explained", "number": 1,
                               "accept": True, "opinion": "", "expected_version": None},
        "complete": {"actor": CLERK, "matter_id": "f-accepted", "expected_version": None},
        "close": {"actor": CLERK, "matter_id": "f-completed", "note": "销号",
                  "expected_version": None},
        "accept_and_close": {"actor": CLERK, "matter_id": "f-reported", "opinion": "",
                             "note": "", "expected_version": None},
        "close_many": {"actor": CLERK, "matter_ids": ["f-completed"], "read_versions": None,
                       "note": ""},
        "archive": {"actor": CLERK, "matter_id": "f-closed", "expected_version": None},
        "reinspect": {"actor": CLERK, "matter_id": "f-closed", "deadline": terms,
                      "reason": "回头看", "linked": False},
        "request_extension": {"actor": LIAISON_A, "matter_id": "f-open",
                              "requested_day": dt.date(2026, 3, 31), "reason": "客观原因",
                              "expected_version": None},
        "decide_extension": {"actor": LEADER, "matter_id": "f-ext", "number": 1, "grant": True,
                             "opinion": "", "granted_day": None, "expected_version": None},
        "suspend": {"actor": CLERK, "matter_id": "f-open", "reason": "中止",
                    "expected_version": None},
        "resume": {"actor": CLERK, "matter_id": "f-suspended", "expected_version": None},
        "withdraw": {"actor": CLERK, "matter_id": "f-open", "reason": "撤销",
                     "expected_version": None},
        "terminate": {"actor": LEADER, "matter_id": "f-open", "reason": "终止",
                      "expected_version": None},
        "recompute_deadline": {"actor": CLERK, "matter_id": "f-open"},
        "decide_proposal": {"actor": LEADER, "key": "f-open:5.accountability:unit-a:r1",
                            "accept": True, "measure": "", "opinion": ""},
        "record_finding": {"actor": CLERK, "matter_id": "f-open",
                           "finding": TriggerEvent.POOR_CONDUCT, "note": "敷衍塞责",
                           "unit_id": None},
        "commend": {"actor": LEADER, "unit_id": "unit-a", "reference": "表彰〔2026〕2号",
                    "reason": "表扬", "matter_ids": ()},
        "uphold_objection": {"actor": LEADER, "entry_key": world.entry_key, "reason": "异议"},
        "register": {"actor": CLERK, "registration_": registration(), "matter_id": None,
                     "override": None},
        "register_many": {"actor": CLERK, "registrations": [registration()]},
        "add_unit": {"actor": CLERK, "unit": Unit.create("unit-x", "新单位", UnitKind.DEPARTMENT)},
        "update_unit": {"actor": CLERK, "unit": UNITS[2]},
        "change_policy": {"actor": LEADER, "policy": "tongren-2014",
                          "effective_from": dt.date(2026, 4, 1), "reason": "新制度",
                          "parameters": None},
        "migrate_matters": {"actor": LEADER, "matter_ids": ["f-open"], "reason": "迁移"},
        "update_office": {"actor": LEADER, "name": "测试区督查室", "numbering_prefix": None,
                          "calendar": CalendarChoice.of(), "letterhead": None},
        "office_history": {"actor": CLERK},
        "office": {"actor": CLERK},
        "offices": {"actor": CLERK},
        "units": {"actor": CLERK},
        "get_matter": {"actor": CLERK, "matter_id": "f-open"},
        "list_matters": {"actor": CLERK, "status": None, "unit_id": None, "parent_id": None,
                         "reinspection_of": None},
        "count_matters": {"actor": CLERK, "status": None, "unit_id": None},
        "timeline": {"actor": CLERK, "matter_id": "f-open"},
        "escalations_for": {"actor": CLERK, "matter_id": "f-open"},
        "preview": {"actor": CLERK, "matter_id": "f-open", "horizon_days": 120},
        "ledger": {"actor": CLERK, "as_of": None},
        "scorecard": {"actor": CLERK, "period": ScorePeriod.of_year(2026), "office_id": None,
                      "unit_ids": None, "as_of": None},
        "statistics": {"actor": CLERK, "as_of": AFTER, "period": None, "office_id": None},
        "score_report": {"actor": CLERK, "period": ScorePeriod.of_year(2026), "as_of": AFTER,
                         "office_id": None},
        "read_ledger": {"actor": CLERK, "as_of": AFTER, "period": ScorePeriod.of_year(2026),
                        "office_id": None},
        "report": {"actor": CLERK, "as_of": AFTER, "period": None, "office_id": None},
        # 复核 (the world has no conclusion to object to: refused for the world's state)
        "file_objection": {"actor": LIAISON_A, "conclusion": "f-open:1.reminder:unit-a:r1",
                           "reasons": "催办依据不足"},
        "decide_objection": {"actor": LEADER, "objection_id": "f-open:1.reminder:unit-a:r1"
                             ":objection:unit-a", "outcome": ObjectionOutcome.REJECTED,
                             "reasons": "复核不成立", "reverse": ()},
        "objections_for": {"actor": CLERK, "matter_id": "f-open"},
        "open_objections": {"actor": CLERK},
        # the outbox
        "notices_for": {"actor": CLERK, "matter_id": "f-open"},
        "notices": {"actor": CLERK, "status": None, "since": None, "until": None},
        "document_for_escalation": {"actor": CLERK, "key": "f-open:1.reminder:unit-a:r1",
                                    "interview_at": None, "place": "", "template": None},
        "document_for_notice": {"actor": LIAISON_A, "notice_key": DISPATCH_NOTICE,
                                "template": None},
        "deliver": {"sender": OfflineSender(), "worker": "fuzz-worker", "batch_size": 50,
                    "max_notices": 2, "lease": dt.timedelta(minutes=5), "backoff": None,
                    "offices": None},
        "requeue_notice": {"notice_key": DISPATCH_NOTICE},
        "backfill_notices": {"offices": None, "since": None},
        "sweep": {"offices": None, "batch_size": 200, "lookback_days": 7, "claim": False},
        "recompute_deadlines": {"offices": None, "batch_size": 200},
        "ensure_offices": {"specs": [office_spec(POLICY)]},
        "chain_head": {"at": None},
        "verify_chain": {"head": None},
    }


#: Methods the fuzz suite does not call, and why.
NOT_FUZZED = {
    "uow": "takes no argument; hands out a unit of work",
    "dispose": "takes no argument; releases the engine",
}
OFFICE_ID = OFFICE
