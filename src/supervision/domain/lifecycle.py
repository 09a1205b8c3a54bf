"""The lifecycle of a matter (督办事项) as a transition table, checked when it is defined.

立项 register → (审定 approve, where the policy requires it) → 交办 dispatch → 承办 handle →
反馈 report → 审核 review (通过 accept, 退回重办 return for redo, 补充说明 ask for a supplement) →
办结 complete → 销号 close → 归档 archive; 回头看/再督查 re-inspection reopens a closed matter
(rules.md §1; ``daoli-2017 art.7(1)``, ``art.10``, ``art.12``; ``lianyungang-2019 §7.1``,
``§7.3``; ``chizhou-2021 §6.1``, ``§6.5``).

The table is data: :data:`LIFECYCLE` maps (status, action) to the next status. Defining a
:class:`TransitionTable` checks that it has an initial status, that every status is reachable
from it, that final statuses have no way out and that every other status has one; a bad table
raises :class:`~supervision.exceptions.LifecycleDefinitionError`. :func:`render_markdown`
writes the table for docs/lifecycle.md, so the docs cannot drift from the code.

Library conventions (rules.md §1): 签收 acknowledgement is recorded but never changes the
status or a clock; explanations, extensions and contributions are recorded without a status
change (the table lists them as staying in the same status).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from supervision.exceptions import LifecycleDefinitionError, TransitionNotAllowed

__all__ = [
    "LIFECYCLE",
    "Action",
    "Status",
    "Transition",
    "TransitionTable",
    "render_markdown",
]


class Status(enum.Enum):
    """Where a matter is in its lifecycle; ``.label`` is the Chinese term."""

    DRAFT = "draft"
    APPROVED = "approved"
    DISPATCHED = "dispatched"
    IN_PROGRESS = "in_progress"
    SUSPENDED = "suspended"
    REPORTED = "reported"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    CLOSED = "closed"
    ARCHIVED = "archived"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        """The Chinese term (待审定, 已交办, 已办结, …)."""
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Whether the matter is being handled: dispatched and not yet completed or ended."""
        return self in _OPEN


_STATUS_LABELS: Mapping[Status, str] = {
    Status.DRAFT: "待审定",
    Status.APPROVED: "已审定",
    Status.DISPATCHED: "已交办",
    Status.IN_PROGRESS: "办理中",
    Status.SUSPENDED: "已中止",
    Status.REPORTED: "已反馈",
    Status.SUPPLEMENT_REQUESTED: "待补充",
    Status.ACCEPTED: "审核通过",
    Status.COMPLETED: "已办结",
    Status.CLOSED: "已销号",
    Status.ARCHIVED: "已归档",
    Status.WITHDRAWN: "已撤销",
    Status.TERMINATED: "已终止",
}

_OPEN = frozenset(
    {
        Status.DISPATCHED,
        Status.IN_PROGRESS,
        Status.SUSPENDED,
        Status.REPORTED,
        Status.SUPPLEMENT_REQUESTED,
    }
)


class Action(enum.Enum):
    """What someone does to a matter; ``.label`` is the Chinese verb (审定, 交办, 退回, …)."""

    REGISTER = "register"
    APPROVE = "approve"
    DISPATCH = "dispatch"
    ACKNOWLEDGE = "acknowledge"
    REPORT_PROGRESS = "report_progress"
    CONTRIBUTE = "contribute"
    SUBMIT_FINAL_REPORT = "submit_final_report"
    SUPPLY_SUPPLEMENT = "supply_supplement"
    EXPLAIN = "explain"
    DECIDE_EXPLANATION = "decide_explanation"
    ACCEPT = "accept"
    RETURN_FOR_REDO = "return_for_redo"
    ASK_SUPPLEMENT = "ask_supplement"
    COMPLETE = "complete"
    CLOSE = "close"
    ARCHIVE = "archive"
    REOPEN = "reopen"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    SUSPEND = "suspend"
    RESUME = "resume"
    WITHDRAW = "withdraw"
    TERMINATE = "terminate"
    VIEW = "view"
    MANAGE_UNITS = "manage_units"
    MANAGE_OFFICE = "manage_office"
    CONFIRM_SIGNOFF = "confirm_signoff"

    @property
    def label(self) -> str:
        """The Chinese verb (立项, 审定, 交办, 签收, 退回, 销号, …)."""
        return _ACTION_LABELS[self]


_ACTION_LABELS: Mapping[Action, str] = {
    Action.REGISTER: "立项",
    Action.APPROVE: "审定",
    Action.DISPATCH: "交办",
    Action.ACKNOWLEDGE: "签收",
    Action.REPORT_PROGRESS: "报送进展",
    Action.CONTRIBUTE: "协办反馈",
    Action.SUBMIT_FINAL_REPORT: "反馈办理结果",
    Action.SUPPLY_SUPPLEMENT: "补充说明",
    Action.EXPLAIN: "情况说明",
    Action.DECIDE_EXPLANATION: "认定情况说明",
    Action.ACCEPT: "审核通过",
    Action.RETURN_FOR_REDO: "退回",
    Action.ASK_SUPPLEMENT: "要求补充",
    Action.COMPLETE: "办结",
    Action.CLOSE: "销号",
    Action.ARCHIVE: "归档",
    Action.REOPEN: "回头看重新督办",
    Action.REQUEST_EXTENSION: "申请延期",
    Action.DECIDE_EXTENSION: "审批延期",
    Action.SUSPEND: "中止",
    Action.RESUME: "恢复",
    Action.WITHDRAW: "撤销",
    Action.TERMINATE: "终止",
    Action.VIEW: "查看",
    Action.MANAGE_UNITS: "维护承办单位",
    Action.MANAGE_OFFICE: "变更机构设置和适用制度",
    Action.CONFIRM_SIGNOFF: "确认签发",
}


@attrs.frozen
class Transition:
    """One row of the table: ``action`` in ``source`` leads to ``target``; ``note`` cites why."""

    source: Status
    action: Action
    target: Status
    note: str = ""


@attrs.frozen
class TransitionTable:
    """A checked lifecycle: build it with :meth:`define`, never directly."""

    initial: Status
    finals: frozenset[Status]
    transitions: tuple[Transition, ...]
    _index: Mapping[tuple[Status, Action], Transition] = attrs.field(repr=False, eq=False)

    @classmethod
    def define(
        cls,
        initial: Status,
        transitions: Iterable[Transition],
        *,
        finals: Iterable[Status],
    ) -> TransitionTable:
        """Check and build a table; raises LifecycleDefinitionError when it is inconsistent."""
        rows = tuple(transitions)
        final_set = frozenset(finals)
        index: dict[tuple[Status, Action], Transition] = {}
        for row in rows:
            key = (row.source, row.action)
            if key in index:
                raise LifecycleDefinitionError(
                    f"two transitions for {row.action.value} in {row.source.value}"
                )
            if row.source in final_set:
                raise LifecycleDefinitionError(
                    f"final status {row.source.value} ({row.source.label}) has a way out: "
                    f"{row.action.value}"
                )
            index[key] = row
        states = {initial} | final_set | {r.source for r in rows} | {r.target for r in rows}
        if not rows or initial not in {r.source for r in rows}:
            raise LifecycleDefinitionError(f"initial status {initial.value} has no way out")
        reachable = {initial}
        frontier = [initial]
        while frontier:
            here = frontier.pop()
            for row in rows:
                if row.source is here and row.target not in reachable:
                    reachable.add(row.target)
                    frontier.append(row.target)
        unreachable = sorted(s.value for s in states - reachable)
        if unreachable:
            raise LifecycleDefinitionError(
                f"not reachable from {initial.value}: {', '.join(unreachable)}"
            )
        sources = {r.source for r in rows}
        stuck = sorted(s.value for s in states - final_set - sources)
        if stuck:
            raise LifecycleDefinitionError(
                f"non-final statuses with no way out: {', '.join(stuck)}"
            )
        return cls(initial, final_set, rows, index)

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Every status the table uses, in declaration order of :class:`Status`."""
        used = {self.initial} | self.finals | {r.source for r in self.transitions} | {
            r.target for r in self.transitions
        }
        return tuple(s for s in Status if s in used)

    def allowed(self, status: Status) -> tuple[Action, ...]:
        """The actions allowed in ``status``."""
        return tuple(r.action for r in self.transitions if r.source is status)

    def can(self, status: Status, action: Action) -> bool:
        """Whether ``action`` is allowed in ``status``."""
        return (status, action) in self._index

    def target(self, status: Status, action: Action, matter_id: str = "") -> Status:
        """The status ``action`` leads to from ``status``; raises TransitionNotAllowed."""
        row = self._index.get((status, action))
        if row is None:
            raise TransitionNotAllowed(
                matter_id,
                status.label,
                action.label,
                tuple(a.label for a in self.allowed(status)),
                status_code=status.value,
                action_code=action.value,
            )
        return row.target


def _t(source: Status, action: Action, target: Status, note: str = "") -> Transition:
    return Transition(source, action, target, note)


_S = Status
_A = Action
_HANDLING = (_S.DISPATCHED, _S.IN_PROGRESS, _S.SUPPLEMENT_REQUESTED)

LIFECYCLE: TransitionTable = TransitionTable.define(
    _S.DRAFT,
    [
        _t(_S.DRAFT, _A.APPROVE, _S.APPROVED, "chizhou-2021 §6.1; daoli-2017 art.7(1), art.8(2)"),
        _t(_S.DRAFT, _A.DISPATCH, _S.DISPATCHED, "policies without approval (rules.md §1)"),
        _t(_S.DRAFT, _A.WITHDRAW, _S.WITHDRAWN),
        _t(_S.APPROVED, _A.DISPATCH, _S.DISPATCHED, "交办: the clock starts (tongren-2014 art.7)"),
        _t(_S.APPROVED, _A.WITHDRAW, _S.WITHDRAWN),
        _t(_S.DISPATCHED, _A.ACKNOWLEDGE, _S.DISPATCHED, "签收 never moves a clock (rules.md §1)"),
        _t(_S.DISPATCHED, _A.REPORT_PROGRESS, _S.IN_PROGRESS),
        _t(_S.DISPATCHED, _A.CONTRIBUTE, _S.DISPATCHED, "tongren-2014 art.8(2)"),
        _t(_S.DISPATCHED, _A.SUBMIT_FINAL_REPORT, _S.REPORTED),
        _t(_S.DISPATCHED, _A.EXPLAIN, _S.DISPATCHED, "chizhou-2021 §7.2"),
        _t(_S.DISPATCHED, _A.DECIDE_EXPLANATION, _S.DISPATCHED),
        _t(_S.DISPATCHED, _A.REQUEST_EXTENSION, _S.DISPATCHED, "practice, not the five texts"),
        _t(_S.DISPATCHED, _A.DECIDE_EXTENSION, _S.DISPATCHED),
        _t(_S.DISPATCHED, _A.SUSPEND, _S.SUSPENDED),
        _t(_S.DISPATCHED, _A.WITHDRAW, _S.WITHDRAWN),
        _t(_S.IN_PROGRESS, _A.ACKNOWLEDGE, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.REPORT_PROGRESS, _S.IN_PROGRESS, "daoli-2017 art.8(4)"),
        _t(_S.IN_PROGRESS, _A.CONTRIBUTE, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.SUBMIT_FINAL_REPORT, _S.REPORTED),
        _t(_S.IN_PROGRESS, _A.EXPLAIN, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.DECIDE_EXPLANATION, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.REQUEST_EXTENSION, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.DECIDE_EXTENSION, _S.IN_PROGRESS),
        _t(_S.IN_PROGRESS, _A.SUSPEND, _S.SUSPENDED),
        _t(_S.IN_PROGRESS, _A.TERMINATE, _S.TERMINATED),
        _t(_S.SUSPENDED, _A.RESUME, _S.IN_PROGRESS, "the due date moves by the days paused"),
        _t(_S.SUSPENDED, _A.ACKNOWLEDGE, _S.SUSPENDED),
        _t(_S.SUSPENDED, _A.DECIDE_EXPLANATION, _S.SUSPENDED),
        _t(_S.SUSPENDED, _A.TERMINATE, _S.TERMINATED),
        _t(_S.REPORTED, _A.ACCEPT, _S.ACCEPTED, "审核 (lianyungang-2019 §5.6)"),
        _t(_S.REPORTED, _A.RETURN_FOR_REDO, _S.IN_PROGRESS, "退回重办 (daoli-2017 art.10)"),
        _t(_S.REPORTED, _A.ASK_SUPPLEMENT, _S.SUPPLEMENT_REQUESTED, "补充 (daoli-2017 art.10)"),
        _t(_S.REPORTED, _A.DECIDE_EXPLANATION, _S.REPORTED),
        _t(_S.REPORTED, _A.CONFIRM_SIGNOFF, _S.REPORTED,
           "the signer confirms a sign-off recorded on their behalf (签发须本人确认)"),
        _t(_S.REPORTED, _A.TERMINATE, _S.TERMINATED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.SUPPLY_SUPPLEMENT, _S.REPORTED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.ACKNOWLEDGE, _S.SUPPLEMENT_REQUESTED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.CONTRIBUTE, _S.SUPPLEMENT_REQUESTED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.EXPLAIN, _S.SUPPLEMENT_REQUESTED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.DECIDE_EXPLANATION, _S.SUPPLEMENT_REQUESTED),
        _t(_S.SUPPLEMENT_REQUESTED, _A.TERMINATE, _S.TERMINATED),
        _t(_S.ACCEPTED, _A.COMPLETE, _S.COMPLETED, "办结"),
        _t(_S.ACCEPTED, _A.DECIDE_EXPLANATION, _S.ACCEPTED),
        _t(_S.COMPLETED, _A.CLOSE, _S.CLOSED, "办结一项销号一项 (lianyungang-2019 §7.1)"),
        _t(_S.COMPLETED, _A.DECIDE_EXPLANATION, _S.COMPLETED),
        _t(_S.CLOSED, _A.ARCHIVE, _S.ARCHIVED, "chizhou-2021 §6.5; daoli-2017 art.12"),
        _t(_S.CLOSED, _A.REOPEN, _S.IN_PROGRESS, "回头看/再督查 (lianyungang-2019 §7.3)"),
    ],
    finals=(_S.ARCHIVED, _S.WITHDRAWN, _S.TERMINATED),
)


def render_markdown(table: TransitionTable = LIFECYCLE) -> str:
    """The table as Markdown: one row per transition, status labels in Chinese and English."""
    lines = [
        "| from 当前状态 | action 操作 | to 结果状态 | source 依据 |",
        "|---|---|---|---|",
    ]
    for row in table.transitions:
        lines.append(
            f"| {row.source.label} `{row.source.value}` | {row.action.label} "
            f"`{row.action.value}` | {row.target.label} `{row.target.value}` | {row.note} |"
        )
    finals = "、".join(f"{s.label} `{s.value}`" for s in Status if s in table.finals)
    lines.append("")
    lines.append(f"Initial status 初始状态: {table.initial.label} `{table.initial.value}`. "
                 f"Final statuses 终止状态: {finals}.")
    return "\n".join(lines) + "\n"
