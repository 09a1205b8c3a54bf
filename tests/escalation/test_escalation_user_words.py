"""Issue 11.13, rules.md §1: everything a person reads cites the clause of the policy the
matter lives under, in its Chinese form, and never an internal key.

For every shipped policy a matter is run into its ladder (sweeps over two months) and every
text a person reads is checked: each escalation's label, subject, target, document and
options; each score entry's reason; every ledger cell; the notice built on each escalation;
a notice on every clause the policy has; the registration refusals the policy states. A raw
citation key (``daoli-2017 art.7(3)``, ``§7.2``), a raw policy name, a duty key or the
title of another regulation fails the test.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pytest
from builders import CLERK, LEADER, LIAISON_A, final_content
from escalation_world import LadderWorld, at, stated

from supervision import policies
from supervision.calendar import SHANGHAI
from supervision.documents import Issuer, ReminderNotice, reminder_notice, render_text
from supervision.domain import (
    DeadlineTerms,
    RegistrationNumber,
    ReviewOutcome,
    Signoff,
    SignoffCapacity,
    Source,
    SourceKind,
)
from supervision.domain.policy import Policy
from supervision.exceptions import RuleViolation, SupervisionError
from supervision.ledger import ledger_entries
from supervision.service_layer import services

NAMES = policies.names()
_KEY = re.compile(r"(?:§\s?\d|\bart\.\s?\d|\b[a-z]+(?:-[a-z0-9]+)*-\d{4}\b)")
_SIGNERS = {"unit_head": "head-a", "leader_in_charge": "lic-a",
            "supervising_leader": LEADER.person_id}
_DUTY_KEYS = {d.key for name in NAMES for d in policies.get(name).duties}


def _problems(text: str, policy: Policy, where: str) -> list[str]:
    """What is wrong with ``text`` shown to a person about a matter under ``policy``."""
    found = []
    if _KEY.search(text):
        found.append(f"{where}: internal key in {text!r}")
    for other in NAMES:
        title = policies.get(other).title
        if other != policy.name and title in text:
            found.append(f"{where}: cites another regulation 《{title}》 in {text!r}")
    for key in _DUTY_KEYS:
        if re.search(rf"(?<![A-Za-z_]){re.escape(key)}(?![A-Za-z_])", text):
            found.append(f"{where}: duty key {key!r} in {text!r}")
    return found


def _all(texts: Iterable[tuple[str, str]], policy: Policy) -> list[str]:
    return [p for where, text in texts for p in _problems(text, policy, where)]


def _run(name: str) -> tuple[LadderWorld, str]:
    """A matter of ``name`` left undone through two months of weekly sweeps."""
    world = LadderWorld(name)
    policy = world.policy
    category = policy.categories[0] if policy.categories else None
    needs_stated = policy.default_period(category, SourceKind.LEADER_INSTRUCTION.value) is None
    matter = world.dispatch(
        "2026-03-02 10:00", category=category,
        deadline=None if not needs_stated else _stated(),
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "主任批示", leader="主任"),
    )
    day = dt.date(2026, 3, 3)
    while day < dt.date(2026, 5, 4):
        world.sweep(f"{day.isoformat()} 09:00")
        day += dt.timedelta(days=3)
    return world, matter.id


def _stated() -> DeadlineTerms:
    return stated(5)


@pytest.fixture(scope="module", params=NAMES)
def ran(request: pytest.FixtureRequest) -> tuple[LadderWorld, str]:
    return _run(request.param)


def test_the_ladder_runs_far_enough_to_be_checked(ran: tuple[LadderWorld, str]) -> None:
    """Each policy's matter was escalated (the checks below are not vacuous)."""
    world, matter = ran
    assert world.escalations(matter)


def test_escalations_speak_the_matters_own_policy_in_chinese(
    ran: tuple[LadderWorld, str],
) -> None:
    """Label, subject, target, document and options of every escalation: Chinese, no key;
    each escalation cites a clause of the matter's own policy."""
    world, matter = ran
    policy = world.policy_of(matter)
    texts: list[tuple[str, str]] = []
    for e in world.escalations(matter):
        assert policy.name == e.citation.policy, e.key
        texts += [(f"{e.key} label", e.label), (f"{e.key} subject", e.subject),
                  (f"{e.key} target", e.target), (f"{e.key} document", e.document),
                  (f"{e.key} clause", policy.cite(e.citation))]
        texts += [(f"{e.key} option", o) for o in e.options]
    assert [] == _all(texts, policy)


def test_score_entries_give_their_reason_in_chinese(ran: tuple[LadderWorld, str]) -> None:
    """Every score entry's reason names the deadline and the clause of the matter's policy."""
    world, matter = ran
    policy = world.policy_of(matter)
    entries = world.entries()
    assert all(e.citation.policy == policy.name for e in entries)
    assert [] == _all(((e.key, e.reason) for e in entries), policy)


def test_ledger_cells_show_labels_not_keys(ran: tuple[LadderWorld, str]) -> None:
    """Every cell of the matter's ledger row (category, source, term, standing …)."""
    world, matter = ran
    policy = world.policy_of(matter)
    [entry] = [e for e in ledger_entries(world.uow(), world.ctx, CLERK, at("2026-05-04 09:00"))
               if e.row.matter_id == matter]
    assert [] == _all((("ledger", cell) for cell in entry.cells()), policy)


def _notice_text(world: LadderWorld, matter: str, clause: object, policy: Policy) -> str:
    stored = world.stored(matter)
    notice = ReminderNotice.of(
        stored, stored.lead_unit_id, issued_on=dt.date(2026, 5, 4), reply_by=dt.date(2026, 5, 8),
        clause=clause,  # type: ignore[arg-type]
        number=RegistrationNumber.of("督催", 2026, 1),
    )
    document = reminder_notice(CLERK, notice, world.app.units(CLERK), Issuer.of("督查室"),
                               policy=policy)
    return render_text(document)


def test_a_notice_on_each_escalation_cites_it_in_chinese(ran: tuple[LadderWorld, str]) -> None:
    """The 催办单 built on each recorded escalation's clause names the matter's regulation by
    its title and the clause as 第N条 / 第N部分, never the key."""
    world, matter = ran
    policy = world.policy_of(matter)
    texts = [(e.key, _notice_text(world, matter, e.citation, policy))
             for e in world.escalations(matter)]
    assert all(f"《{policy.title}》" in text for _, text in texts)
    assert [] == _all(texts, policy)


@pytest.mark.parametrize("name", NAMES)
def test_every_clause_of_a_policy_prints_in_chinese(name: str) -> None:
    """A notice on each of the policy's citations prints 《title》 and the Chinese clause."""
    world = LadderWorld(name)
    policy = world.policy
    category = policy.categories[0] if policy.categories else None
    matter = world.dispatch("2026-03-02 10:00", category=category, deadline=_stated()).id
    problems = []
    for citation in policy.citations():
        text = _notice_text(world, matter, citation, policy)
        problems += _problems(text, policy, citation.key)
        if policy.cite(citation) not in text:
            problems.append(f"{citation.key}: {policy.cite(citation)} missing")
    assert [] == problems


@pytest.mark.parametrize("name", NAMES)
def test_registration_refusals_cite_the_office_policy_in_chinese(name: str) -> None:
    """Each refusal the policy states at registration (and a missing deadline, and an
    unconfirmed sign-off at review) reads in Chinese and cites only this policy's clauses."""
    world = LadderWorld(name)
    policy = world.policy
    messages: list[tuple[str, str]] = []
    cited: list[str] = []
    attempts = [
        {"deadline": None, "category": None,
         "source": Source.of(SourceKind.HOTLINE, "12345热线转办"), "instruction": None},
        {"deadline": None, "category": None, "internal_function": True},
        {"deadline": None, "category": None, "supervising_leader": None},
    ]
    for extra in attempts:
        try:
            world.register("2026-03-02 10:00", **extra)  # type: ignore[arg-type]
        except RuleViolation as error:
            messages.append((error.rule, str(error)))
            cited.append(error.citation)
        except SupervisionError:
            pass
    matter = world.dispatch("2026-03-02 10:00", deadline=_stated(),
                            category=policy.categories[0] if policy.categories else None)
    if policy.signoff is not None:
        world.when("2026-03-03 10:00")
        services.submit_final_report(
            world.uow(), world.ctx, LIAISON_A, matter.id, final_content(),
            signoff=Signoff(_SIGNERS[policy.report_signoff],
                            SignoffCapacity(policy.report_signoff),
                            dt.datetime(2026, 3, 3, 10, tzinfo=SHANGHAI)),
        )
        with pytest.raises(RuleViolation) as caught:
            world.review(matter, "2026-03-03 11:00", ReviewOutcome.ACCEPTED)
        messages.append((caught.value.rule, str(caught.value)))
    assert messages
    assert [] == _all(messages, policy)
    assert [] == [c for c in cited if c and not c.startswith(f"{name} ")]


