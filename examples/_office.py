"""A supervision office (督查室) on SQLite, driven day by day by a FixedClock.

The quarter examples (``*_quarter.py``) share this helper. It builds the library's composition
root once (``supervision.bootstrap``: the database, the clock, the calendar and the office with
its policy) and adds a few narrating wrappers around its use cases, so each example reads as
the quarter's story. Every wrapper calls the public API once and prints what the office would
see.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from supervision import OfficeSpec, bootstrap
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.delivery import MailDropSender
from supervision.documents import render_text, write_docx
from supervision.domain import (
    Actor,
    Confidentiality,
    DeadlineTerms,
    Escalation,
    Instruction,
    Matter,
    ReasonKind,
    Registration,
    ReportContent,
    ReportKind,
    Responsible,
    ReviewOutcome,
    Role,
    Signoff,
    SignoffCapacity,
    Source,
    Unit,
)
from supervision.domain.office import Letterhead
from supervision.domain.policy import (
    EscalationAction,
    Policy,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.ledger import (
    FIGURE_COLUMNS,
    Ledger,
    figure_texts,
    scorecard_text,
    write_scorecard_xlsx,
    write_xlsx,
)
from supervision.report import write_html
from supervision.text import cn_date, cn_datetime

WEEKDAYS = "一二三四五六日"
#: The leaders whose instructions count as a main leader's (主要领导批示).
MAIN_LEADERS = frozenset({"市长", "区长", "书记", "主任"})
#: The hour of the daily sweep (cron at 07:30, before the office opens).
SWEEP_AT = dt.time(7, 30)


def day(month: int, dom: int) -> dt.date:
    """A day of 2026."""
    return dt.date(2026, month, dom)


def headline(text: str) -> None:
    print()
    print(f"━━ {text} " + "━" * max(0, 60 - 2 * len(text)))


class Office:
    """One supervision office: its policy, units, people, database and clock."""

    def __init__(self, policy: Policy, name: str, units: list[Unit], out_dir: Path,
                 first_day: dt.date, office_id: str | None = None) -> None:
        self.policy = policy
        self.name = name
        self.office_id = office_id or policy.name.split("-")[0]
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        database = out_dir / f"{policy.name}.db"
        database.unlink(missing_ok=True)            # every run starts a fresh quarter
        self.url = f"sqlite:///{database}"
        self.clock = FixedClock(dt.datetime.combine(first_day, dt.time(9), SHANGHAI))
        # the composition root, built once: migrate the schema, record the office and its
        # policy (with the parameters the office chose), hand out units of work
        self.app = bootstrap(url=self.url, migrate=True, clock=self.clock, offices=[
            OfficeSpec(self.office_id, name, policy, effective_from=first_day,
                       letterhead=Letterhead.of(contact="督查室王科员")),
        ])
        # every notice the sweep and the office write goes to the outbox; this office hands
        # them to a mail-drop directory (an OA message daemon would pick them up)
        self.sender = MailDropSender(out_dir / "outbox")
        self.delivered = 0
        self.reminder_path: Path | None = None
        self.china = self.app.calendar
        self.clerk = self._actor("clerk-1", Role.OFFICE_CLERK, name="督查室 王科员")
        self.leader = self._actor("leader-1", Role.APPROVING_LEADER, name="分管副主任 李主任")
        self.auditor = self._actor("audit-1", Role.AUDITOR, name="审计 周审计")
        #: the government leader in charge who reads and signs the reports where the policy
        #: asks for it (区政府分管领导, zhoucun-2021 §4.4)
        self.supervising_leader = self._actor("vice-head-1", Role.APPROVING_LEADER,
                                              name="分管副区长 赵区长")
        self.units = {u.id: u for u in units}
        for unit in units:
            self.app.add_unit(self.clerk, unit)
        self.sweeps = 0
        self.escalations = 0
        self.shown_day: dt.date | None = None
        self.reminder_shown = False

    # ------------------------------------------------------------------ plumbing
    def _actor(self, person: str, role: Role, *, name: str = "",
               unit_id: str | None = None) -> Actor:
        """A person of this office (the OA system's login supplies this)."""
        return Actor.of(person, role, office_id=self.office_id, unit_id=unit_id, name=name)

    def liaison(self, unit_id: str) -> Actor:
        unit = self.units[unit_id]
        return self._actor(unit.liaison_ids[0], Role.UNIT_LIAISON, unit_id=unit_id)

    def unit_name(self, unit_id: str | None) -> str:
        return "督查室" if unit_id is None else self.units[unit_id].name

    def say(self, text: str) -> None:
        now = self.clock.now().astimezone(SHANGHAI)
        print(f"  {now:%m-%d %H:%M}  {text}")

    # ------------------------------------------------------------------ time
    def go_to(self, when: dt.date, hour: int = 9, minute: int = 0) -> None:
        """Move the clock to ``when`` at ``hour:minute``; each day passed gets its sweep."""
        target = dt.datetime.combine(when, dt.time(hour, minute), SHANGHAI)
        now = self.clock.now().astimezone(SHANGHAI)
        at = dt.datetime.combine(now.date(), SWEEP_AT, SHANGHAI)
        if at <= now:
            at += dt.timedelta(days=1)
        while at <= target:
            self.clock.set(at)
            self.sweep()
            at += dt.timedelta(days=1)
        self.clock.set(max(target, self.clock.now()))
        self.show_day(when)

    def show_day(self, when: dt.date) -> None:
        if when != self.shown_day:
            self.shown_day = when
            kind = "工作日" if self.china.is_working_day(when) else "休息日"
            print(f"\n{cn_date(when)}（星期{WEEKDAYS[when.weekday()]}，{kind}）")

    def sweep(self) -> None:
        """The daily sweep, exactly what ``supervision sweep`` runs from cron, then the
        delivery of the notices it wrote (``supervision deliver``)."""
        summary = self.app.sweep()
        self.delivered += len(self.app.deliver(self.sender).delivered)
        self.sweeps += 1
        if summary.escalations or summary.score_entries:
            self.show_day(summary.now.astimezone(SHANGHAI).date())
        for escalation in summary.escalations:
            self.escalations += 1
            matter = self.app.get_matter(self.clerk, escalation.matter_id)
            what = "" if escalation.action is None else f"{escalation.subject}，"
            self.say(f"[巡检] {matter.number} {self.unit_name(escalation.unit_id)}："
                     f"{escalation.label}（{what}{self.policy.cite(escalation.citation)}）")
            if escalation.action is EscalationAction.REMINDER and not self.reminder_shown:
                self.reminder_shown = True
                self.print_reminder(matter, escalation)
        for entry in summary.score_entries:
            self.say(f"[考核] {self.unit_name(entry.unit_id)} {entry.points:+}分："
                     f"{entry.reason}（{self.policy.cite(entry.citation)}）")

    def print_reminder(self, matter: Matter, escalation: Escalation) -> None:
        """The first 催办 of the quarter as the 督查催办单 the office sends (text and .docx):
        the document the sweep recorded with the escalation, numbered in the office's own 催
        series, its reply deadline from the clause (or the library's 3 working days), on the
        office's letterhead — the outbox holds the same text for each recipient."""
        document = self.app.document_for_escalation(self.clerk, escalation.key)
        path = self.out_dir / f"{self.policy.name}-催办单.docx"
        write_docx(document, path)
        self.reminder_path = path
        print("                ┌ 督查催办单（" + path.name + "）")
        for line in render_text(document).splitlines():
            if line.strip():
                print(f"                │ {line}")
        print("                └")

    # ------------------------------------------------------------------ the office
    def assign(
        self,
        title: str,
        lead: str,
        *,
        source: Source,
        category: str | None = None,
        deadline: DeadlineTerms | None = None,
        requirements: str = "按要求办理并按时反馈办理结果",
        co_units: tuple[str, ...] = (),
        confidentiality: Confidentiality | None = None,
        key_work: bool = False,
    ) -> Matter:
        """立项, 审定 where the policy requires it, and 交办: the deadline is derived.

        A leader's instruction (批示) is recorded with the leader the source names (the
        lianyungang-2019 §5.1 check refuses a matter without one); the district leader in
        charge is recorded where the policy has them sign (zhoucun-2021 §4.4)."""
        unit = self.units[lead]
        today = self.clock.now().astimezone(SHANGHAI).date()
        instruction = None
        if source.leader:
            instruction = Instruction.of(source.leader, today, source.reference,
                                         main_leader=source.leader in MAIN_LEADERS)
        registration = Registration(
            title=title, requirements=requirements, source=source, lead_unit_id=lead,
            responsible=(Responsible(unit.head_id or "", f"{unit.name}主要负责人", lead),),
            co_unit_ids=co_units, category=category, deadline=deadline,
            confidentiality=confidentiality or Confidentiality.none(),
            instruction=instruction, key_work=key_work,
            supervising_leader=self.supervising_leader.person_id,
            supervising_leader_name=self.supervising_leader.name,
        )
        matter = self.app.register(self.clerk, registration)
        if self.policy.approval_for(category, source.kind.value) is not None:
            self.app.approve(self.leader, matter.id)
        matter = self.app.dispatch(self.clerk, matter.id)
        assert matter.due is not None
        self.say(f"立项交办 {matter.number}「{matter.display_title}」→ {unit.name}，"
                 f"期限 {matter.terms.label}，截止 {cn_date(matter.due.last_day)}")
        for line in matter.due.explanation.splitlines():    # how the count met a holiday
            if "顺延" in line or "假期" in line:
                print(f"                {line.strip()}")
        return matter

    def acknowledge(self, matter: Matter, unit_id: str | None = None) -> None:
        unit_id = unit_id or matter.lead_unit_id
        self.app.acknowledge(self.liaison(unit_id), matter.id)
        self.say(f"{self.unit_name(unit_id)} 签收 {matter.number}")

    def progress(self, matter: Matter, text: str) -> None:
        self.app.report_progress(self.liaison(matter.lead_unit_id), matter.id,
                                 ReportContent.progress(text))
        self.say(f"{self.unit_name(matter.lead_unit_id)} 报送进展 {matter.number}：{text}")

    def plan(self, matter: Matter, text: str) -> None:
        """The lead unit's handling plan (办理方案, zhoucun-2021 §5.3)."""
        self.app.report_progress(self.liaison(matter.lead_unit_id), matter.id,
                                 ReportContent.progress(text), kind=ReportKind.PLAN)
        self.say(f"{self.unit_name(matter.lead_unit_id)} 提出办理方案 {matter.number}：{text}")

    def report(self, matter: Matter, results: str) -> None:
        """The lead unit's final report, signed off as the policy requires: the liaison
        submits it naming the signer, and the signer confirms the sign-off as themselves (a
        sign-off is never the liaison's word for someone else)."""
        unit = self.units[matter.lead_unit_id]
        capacity = SignoffCapacity(self.policy.report_signoff)
        signer: Actor | None = None
        if capacity is SignoffCapacity.UNIT_HEAD:
            signer = self._actor(unit.head_id or "", Role.UNIT_HEAD, unit_id=unit.id)
        elif capacity is SignoffCapacity.LEADER_IN_CHARGE:
            signer = self._actor(unit.leader_in_charge_id or "", Role.UNIT_HEAD, unit_id=unit.id)
        elif capacity is SignoffCapacity.SUPERVISING_LEADER:
            signer = self.supervising_leader
        signoff = None if signer is None else Signoff(signer.person_id, capacity,
                                                      self.clock.now())
        content = ReportContent.final(
            "已按督办要求组织实施", "成立专班，明确责任人和时间表", results, "无", "无")
        self.app.submit_final_report(self.liaison(unit.id), matter.id, content, signoff=signoff)
        if signer is not None:
            self.app.confirm_signoff(signer, matter.id)
        self.say(f"{unit.name} 反馈办理结果 {matter.number}：{results}")

    def return_for_redo(self, matter: Matter, opinion: str) -> None:
        self.app.review(self.clerk, matter.id, ReviewOutcome.RETURNED, opinion=opinion)
        self.say(f"督查室 退回重办 {matter.number}：{opinion}")

    def close(self, matter: Matter) -> None:
        """审核通过, 办结 and 销号."""
        self.app.review(self.clerk, matter.id, ReviewOutcome.ACCEPTED)
        self.app.complete(self.clerk, matter.id)
        self.app.close(self.clerk, matter.id, note="办结销号")
        self.say(f"督查室 审核通过、办结销号 {matter.number}")

    def explain(self, matter: Matter, text: str) -> None:
        self.app.explain(self.liaison(matter.lead_unit_id), matter.id, ReasonKind.SUBJECTIVE,
                         text)
        self.say(f"{self.unit_name(matter.lead_unit_id)} 情况说明 {matter.number}：{text}")

    def extend(self, matter: Matter, new_day: dt.date, reason: str) -> None:
        """延期: requested by the lead unit before the due date, granted by the leader."""
        self.app.request_extension(self.liaison(matter.lead_unit_id), matter.id, new_day, reason)
        self.say(f"{self.unit_name(matter.lead_unit_id)} 申请延期 {matter.number} 至 "
                 f"{cn_date(new_day)}：{reason}")
        moved = self.app.decide_extension(self.leader, matter.id, 1, grant=True,
                                          opinion="同意延期")
        assert moved.due is not None
        self.say(f"审定领导 批准延期，{moved.number} 截止日改为 {cn_date(moved.due.last_day)}")

    # ------------------------------------------------------------------ the outputs
    def print_ledger(self, ledger: Ledger, reader: Actor) -> None:
        """The ledger as the reader may see it: each row's light and why, and the instant."""
        headline(f"督办事项台账（截至{cn_datetime(ledger.as_of)}，"
                 f"{'、'.join(r.label for r in reader.roles)}视角）")
        for e in ledger.entries:
            row = e.row
            due = "" if row.due_day is None else cn_date(row.due_day)
            print(f"  {row.number:<14}{row.title:<16}{row.lead_unit:<8}截止{due:<12}"
                  f"{row.status.label:<5}{e.light_text}")
            if len(e.history) > 1:
                print("                亮灯记录：" + " → ".join(
                    f"{c.at.astimezone(SHANGHAI):%m-%d} {c.light.label}（{c.standing.label}）"
                    for c in e.history))

    def print_statistics(self, ledger: Ledger) -> None:
        """The office's figures (docs/statistics.md), written as every output writes them."""
        stats = ledger.statistics
        headline(f"统计指标（{stats.period_label}，截至{cn_datetime(stats.as_of)}）")
        wanted = ("assigned", "completed_on_time", "completed_late", "open_overdue",
                  "open_not_yet_due", "on_time_rate", "rate_numerator", "rate_denominator",
                  "average_working_days", "reminders", "returns", "bulletins", "points")
        keys = [key for key, _label in FIGURE_COLUMNS]
        print("  单位        交办 按期 逾期办结 逾期未结 在办 按期办结率（分子/分母） "
              "平均用时 催办 退回 通报 加减分")
        for name, figures in [*((u.unit_name, u.figures) for u in stats.units),
                              ("合计", stats.total)]:
            cells = dict(zip(keys, figure_texts(figures), strict=True))
            v = {k: cells[k] for k in wanted}
            rate = f"{v['on_time_rate']}（{v['rate_numerator']}/{v['rate_denominator']}）"
            print(f"  {name:<10}{v['assigned']:>4}{v['completed_on_time']:>5}"
                  f"{v['completed_late']:>8}{v['open_overdue']:>8}{v['open_not_yet_due']:>5}"
                  f"  {rate:<22}{v['average_working_days']:>6}{v['reminders']:>5}"
                  f"{v['returns']:>5}{v['bulletins']:>5}{v['points']:>6}")
        print(f"  统计口径：{stats.basis}")

    def finish(self, period: ScorePeriod) -> None:
        """The quarter's end, as of the clock's instant (stated in every output): the ledger
        (office and auditor views), the figures, the scorecard, the files and the HTML
        report — every figure from the one set of statistics."""
        as_of = self.clock.now()
        headline(f"数据截至 {cn_datetime(as_of.astimezone(SHANGHAI))}（北京时间），"
                 f"考核期间 {period.label}")
        ledger = self.app.read_ledger(self.clerk, as_of=as_of, period=period)
        self.print_ledger(ledger, self.clerk)
        audit = self.app.read_ledger(self.auditor, as_of=as_of, period=period)
        print(f"  （审计只读视角可见 {len(audit.entries)} 项：控制知情范围的事项不在其台账中）")
        self.print_statistics(ledger)
        scores = self.app.score_report(self.clerk, period, as_of=as_of)
        headline(f"{period.label}督查督办考核情况（《{self.policy.title}》）")
        for line in scorecard_text(scores).splitlines():
            print(f"  {line}" if line else "")
        ledger_path = self.out_dir / f"{self.policy.name}-台账.xlsx"
        write_xlsx(ledger, ledger_path, title=f"{self.name}督办事项台账")
        score_path = self.out_dir / f"{self.policy.name}-考核结果.xlsx"
        write_scorecard_xlsx(scores, score_path)
        report_path = write_html(self.app.report(self.clerk, as_of=as_of, period=period),
                                 self.out_dir / f"{self.policy.name}-督查督办情况报告.html")
        headline("输出文件")
        print(f"  台账   {ledger_path}")
        print(f"  考核   {score_path}")
        print(f"  报告   {report_path}（浏览器打开，离线可用）")
        if self.reminder_path is not None:
            print(f"  催办单 {self.reminder_path}")
        print(f"  数据库 {self.url}")
        print(f"  通知   {self.sender.directory}")
        print(f"  本季度共运行巡检 {self.sweeps} 次，产生督办措施 {self.escalations} 项，"
              f"送达通知 {self.delivered} 件。")
        self.app.dispose()
