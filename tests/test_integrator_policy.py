"""A jurisdiction of the integrator's own (issue 9.4): a policy written with
supervision.domain.policy.build, never shipped, runs register → dispatch → sweep → scorecard →
督查催办单 through supervision.bootstrap, and passes the common policy suite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from supervision import bootstrap, policies
from supervision.adapters.memory import InMemoryStore
from supervision.bootstrap import Supervision
from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock
from supervision.documents import Issuer, ReminderNotice, reminder_notice, render_text
from supervision.domain import (
    Actor,
    Matter,
    Registration,
    RegistrationNumber,
    Responsible,
    Role,
    Source,
    SourceKind,
    Unit,
    UnitKind,
)
from supervision.domain.escalation import Escalation
from supervision.domain.policy import EscalationAction, Policy
from supervision.domain.policy import build as pb
from supervision.domain.scorecard import Scorecard, ScorePeriod
from supervision.exceptions import InvalidInput, RuleViolation
from supervision.periods import Period
from supervision.service_layer import OfficeSpec
from supervision.testing.policy_suite import PolicyContract

#: The integrator's regulation, as short as a test needs (a real one is read from a file).
REGULATION = """某县督查督办工作办法
第三条 督查事项分为一般事项和重要事项。一般事项5个工作日内办结，重要事项15日内办结。
立项时明确事项类别。
第五条 承办单位报送办理结果，须经单位主要负责人签字。
第六条 逾期未办结的予以催办，承办单位应当在2个工作日内报告办理情况。经催办仍未办结的予以
通报。经两次催办仍未办结的，依规追究责任，由县政府决定。
第七条 每通报一次扣1分。
第九条 本办法自2026年1月5日起施行。"""

cite = pb.citer("mycounty-2026")
MYCOUNTY: Policy = pb.policy(
    "mycounty-2026",
    title="某县督查督办工作办法",
    issuer="某县人民政府办公室",
    issued=dt.date(2026, 1, 5),
    numbering_prefix="某县督",
    validity_citation=cite("art.9", "本办法自2026年1月5日起施行"),
    categories=[
        pb.category("general", "一般事项", Period.working_days(5),
                    cite("art.3", "一般事项5个工作日内办结")),
        pb.category("important", "重要事项", Period.days(15), cite("art.3", "重要事项15日内办结")),
    ],
    registration=[pb.require_category(cite("art.3", "立项时明确事项类别"))],
    signoff=pb.signoff_by_unit_head(cite("art.5", "须经单位主要负责人签字")),
    ladder=[
        pb.reminder(cite("art.6", "逾期未办结的予以催办"), reply=Period.working_days(2)),
        pb.bulletin(cite("art.6", "经催办仍未办结的予以通报")),
        pb.accountability(cite("art.6", "经两次催办仍未办结的，依规追究责任"), decided_by="县政府"),
    ],
    scoring=[pb.deduct_per_bulletin("1", cite("art.7", "每通报一次扣1分"))],
)

OFFICE = "mycounty"
CLERK = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id=OFFICE, name="县督查室张三")
#: Monday 2 March 2026, 09:00: registered and dispatched; due Monday 9 March (5 working days).
MONDAY = dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)
#: Tuesday 10 March, 09:00: the morning sweep after the deadline.
SWEEP = dt.datetime(2026, 3, 10, 9, tzinfo=SHANGHAI)


class TestMyCountyPolicy(PolicyContract):
    """The integrator's policy passes the suite the five shipped regulations pass."""

    def policy(self) -> Policy:
        return MYCOUNTY

    def regulation_text(self) -> str:
        return REGULATION


def road(**changes: object) -> Registration:
    """A general matter for the economy bureau, from the county head's instruction."""
    fields: dict[str, object] = {
        "title": "推进园区道路改造", "requirements": "3月底前完成施工并报送结果",
        "source": Source.of(SourceKind.LEADER_INSTRUCTION, "县长批示", leader="县长"),
        "lead_unit_id": "econ", "responsible": (Responsible("econ-head", "赵局长", "econ"),),
        "category": "general",
    }
    fields.update(changes)
    return Registration(**fields)  # type: ignore[arg-type]


class County:
    """One county office under MYCOUNTY: a matter registered and dispatched on Monday and
    left unfinished past its deadline, swept on the Tuesday after."""

    def __init__(self) -> None:
        self.clock = FixedClock(MONDAY)
        self.app: Supervision = bootstrap(
            store=InMemoryStore(), clock=self.clock, policies=[MYCOUNTY],
            offices=[OfficeSpec(OFFICE, "某县人民政府督查室", "mycounty-2026")],
        )
        self.app.add_unit(CLERK, Unit.create("econ", "县经济发展局", UnitKind.DEPARTMENT,
                                             head_id="econ-head"))
        self.registered: Matter = self.app.register(CLERK, road())
        self.dispatched: Matter = self.app.dispatch(CLERK, self.registered.id)
        self.clock.set(SWEEP)
        self.app.sweep()
        self.escalations: list[Escalation] = self.app.escalations_for(CLERK, self.registered.id)
        (self.card,) = self.app.scorecard(CLERK, ScorePeriod.of_year(2026))

    def reminder(self) -> Escalation:
        (found,) = [e for e in self.escalations if e.action is EscalationAction.REMINDER]
        return found


@pytest.fixture(scope="module")
def county() -> County:
    return County()


def test_registration_records_the_integrators_policy_and_its_prefix(county: County) -> None:
    """The matter lives under mycounty-2026 (recorded with its parameters) and is numbered
    with the policy's 代字."""
    matter = county.registered
    assert ("mycounty-2026", "某县督〔2026〕1号") == (matter.policy.name, str(matter.number))


def test_registration_without_a_category_is_refused_citing_art_3(county: County) -> None:
    """The policy's own registration rule applies: no category, no 立项."""
    with pytest.raises(RuleViolation) as caught:
        county.app.register(CLERK, road(category=None, deadline=None))
    assert ("category_required", "mycounty-2026 art.3", "《某县督查督办工作办法》第三条") == (
        caught.value.rule, caught.value.citation, caught.value.cited)


def test_dispatch_counts_the_categorys_default_period(county: County) -> None:
    """一般事项 5 working days from Monday 2 March end on Monday 9 March."""
    assert county.dispatched.due is not None
    assert dt.date(2026, 3, 9) == county.dispatched.due.last_day


def test_the_sweep_reminds_and_bulletins_under_the_policys_ladder(county: County) -> None:
    """Overdue on 10 March: 催办 (art.6, reply in 2 working days) and then 通报."""
    assert [("催办", "mycounty-2026 art.6"), ("通报", "mycounty-2026 art.6")] == [
        (e.action.label if e.action else "", e.citation.key) for e in county.escalations
    ]
    assert dt.datetime(2026, 3, 13, tzinfo=SHANGHAI) == county.reminder().reply_due_at


def test_the_scorecard_deducts_a_point_per_bulletin(county: County) -> None:
    """art.7: one bulletin costs the unit one point in the 2026 assessment."""
    card: Scorecard = county.card
    assert ("econ", 1, 1, Decimal(-1)) == (card.unit_id, card.reminders, card.bulletins,
                                          card.points)


def _notice(county: County) -> ReminderNotice:
    reminder = county.reminder()
    assert reminder.unit_id is not None
    assert reminder.reply_due_at is not None
    return ReminderNotice.of(
        county.app.get_matter(CLERK, reminder.matter_id), reminder.unit_id,
        issued_on=reminder.issued_at.astimezone(SHANGHAI).date(),
        reply_by=(reminder.reply_due_at - dt.timedelta(microseconds=1)).date(),
        clause=reminder.citation, number=RegistrationNumber.of("某县督催", 2026, 1),
    )


def test_the_reminder_notice_cites_the_integrators_regulation(county: County) -> None:
    """The 督查催办单 on the recorded reminder names the county's regulation and the reply day
    (the policy comes from the composition root, not the process-wide registry)."""
    matter = county.app.get_matter(CLERK, county.registered.id)
    document = reminder_notice(
        CLERK, _notice(county), county.app.units(CLERK), Issuer.of("某县人民政府督查室"),
        policy=county.app.context.policy_of(matter),
    )
    text = render_text(document)
    assert "mycounty-2026" not in policies.names()
    assert "某县督催〔2026〕1号" == str(document.number)
    assert ("依据《某县督查督办工作办法》第六条“逾期未办结的予以催办”的规定，"
            "现予催办。请于2026年3月12日前报送办理结果") in text


def test_a_notice_refuses_the_title_of_another_policy(county: County) -> None:
    """The clause is the county's: passing a shipped policy for its title is refused."""
    with pytest.raises(InvalidInput) as caught:
        reminder_notice(CLERK, _notice(county), county.app.units(CLERK),
                        Issuer.of("某县人民政府督查室"), policy=policies.get("chizhou-2021"))
    assert "policy" == caught.value.fields["field"]
