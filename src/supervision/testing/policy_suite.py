"""The common policy suite: what every policy must pass, the five shipped ones and yours.

* :func:`check_policy` ``(policy, regulation_text)`` lists the :class:`Problem` s in a policy's
  *data* (empty when it passes): every rule cited, every quote found in the regulation's text,
  ladders ordered, default periods countable, the service layer's lookups answered, parameters
  documented and validated, snapshot and Markdown deterministic, validity consistent.
  :func:`unapplied_requirements` checks the *commands*: each registration requirement the
  policy declares is enforced when a matter is registered (issue 11.1).
* :class:`PolicyContract`, a pytest class to subclass with two hooks (:meth:`~PolicyContract.
  policy`, :meth:`~PolicyContract.regulation_text`), one test per check::

      from supervision.testing.policy_suite import PolicyContract

      class TestMyCountyPolicy(PolicyContract):
          def policy(self) -> Policy:
              return MYCOUNTY

          def regulation_text(self) -> str:
              return Path("regulations/mycounty-2026.txt").read_text(encoding="utf-8")

The class name ends in ``Contract`` so pytest does not collect it directly. Importing
:mod:`supervision` never imports this module; :func:`check_policy` needs no pytest.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from supervision import calendar as _calendar
from supervision.calendar import SHANGHAI, Calendar
from supervision.domain.office import check_prefix
from supervision.domain.policy import (
    SOURCES,
    Citation,
    EscalationAction,
    Policy,
    Requirement,
    TriggerEvent,
    quotes_missing_from,
    snapshot,
    to_markdown,
)
from supervision.exceptions import InvalidInput, InvalidParameter, SupervisionError
from supervision.periods import Period, PeriodUnit
from supervision.testing._problem import Problem
from supervision.testing._requirement_checks import (
    REFUSAL_CODES,
    check_requirement,
    unapplied_requirements,
)

if TYPE_CHECKING:
    import pytest

__all__ = [
    "CHECKS",
    "REFUSAL_CODES",
    "PolicyContract",
    "Problem",
    "bad_values",
    "check_citations",
    "check_ladders",
    "check_lookups",
    "check_parameters",
    "check_periods",
    "check_policy",
    "check_quotes",
    "check_rendering",
    "check_requirement",
    "check_validity",
    "unapplied_requirements",
]


def _whitespace_free(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _rules(policy: Policy) -> list[Any]:
    """Every rule object of the policy that carries a citation of its own."""
    rules: list[Any] = [*policy.kinds, *policy.category_list, *policy.periods, *policy.duties,
                        *policy.reporting, *policy.registration, *policy.approvals,
                        *policy.scoring, *policy.documents]
    rules += [rung for ladder in policy.ladders for rung in ladder.rungs]
    rules += [x for x in (policy.signoff, policy.streak, policy.grading) if x is not None]
    return rules


# ================================================================== citations
def check_citations(policy: Policy) -> list[Problem]:
    """Every rule carries a citation of this policy that reads as a Chinese clause."""
    found: list[Problem] = []
    for rule in _rules(policy):
        citation = getattr(rule, "citation", None)
        subject = f"{type(rule).__name__} {getattr(rule, 'key', getattr(rule, 'step', ''))}"
        if not isinstance(citation, Citation):
            found.append(Problem("citations", subject.strip(),
                                 "规则未注明出处。 The rule carries no Citation."))
            continue
        try:
            policy.cite(citation)
        except InvalidInput:
            found.append(Problem(
                "citations", citation.key,
                f"出处不属于{policy.name}。 The citation names another policy than {policy.name}.",
            ))
    if policy.validity.years is not None and policy.validity.citation is None:
        found.append(Problem(
            "citations", "validity",
            "有效期未注明出处。 A period of validity is a rule of the text: cite it "
            "(validity_citation=...).",
        ))
    return found


def check_quotes(policy: Policy, text: str) -> list[Problem]:
    """The text is the policy's regulation (it names the document) and every citation's quote
    occurs in it, whitespace ignored (:func:`~supervision.domain.policy.quotes_missing_from`)."""
    if not isinstance(text, str) or not text.strip():
        return [Problem("quotes", policy.name,
                        "未提供制度原文。 Give the regulation's full text to check the quotes.")]
    found: list[Problem] = []
    if _whitespace_free(policy.title)[:8] not in _whitespace_free(text):
        found.append(Problem(
            "quotes", policy.title,
            "原文中未见制度名称。 The text does not name the document (its title's first "
            "8 characters): is it this policy's regulation?",
        ))
    found += [
        Problem("quotes", c.key, f"原文中未见摘录「{c.quote}」。 The quote does not occur in "
                                 "the regulation's text.")
        for c in quotes_missing_from(policy, text)
    ]
    return found


# ==================================================================== ladders
_PROPOSALS = (EscalationAction.ACCOUNTABILITY, EscalationAction.MEASURES_MENU)


def check_ladders(policy: Policy) -> list[Problem]:
    """The policy escalates; each ladder's steps increase with warnings first; accountability
    is a proposal naming who decides; a reply period has its start; trigger counts are ≥ 1 and
    an approaching-deadline trigger says how long before."""
    if not policy.ladders:
        return [Problem("ladders", policy.name, "没有督办升级规则。 No escalation ladder: an "
                        "overdue matter would never be reminded.")]
    found: list[Problem] = []
    for ladder in policy.ladders:
        name = ladder.kind or "all kinds"
        steps = [r.step for r in ladder.rungs]
        if sorted(set(steps)) != steps:
            found.append(Problem("ladders", name, f"steps {steps} must strictly increase"))
        warnings = [i for i, r in enumerate(ladder.rungs)
                    if r.action is EscalationAction.PRE_DEADLINE_WARNING]
        if list(range(len(warnings))) != warnings:
            found.append(Problem("ladders", name, "pre-deadline warnings come first"))
        for rung in ladder.rungs:
            subject = f"{name} step {rung.step} {rung.action.label}"
            if rung.action in _PROPOSALS and not (rung.requires_decision and rung.decided_by):
                found.append(Problem(
                    "ladders", subject,
                    "问责只提出建议，须写明决定机关。 Accountability is only ever proposed: "
                    "requires_decision=True and decided_by naming who decides.",
                ))
            if rung.reply is not None and rung.reply_start is None:
                found.append(Problem("ladders", subject, "a reply period needs reply_start"))
            for trigger in rung.triggers:
                if trigger.count < 1:
                    found.append(Problem("ladders", subject, "trigger counts are at least 1"))
                if trigger.event is TriggerEvent.APPROACHING_DEADLINE and trigger.offset is None:
                    found.append(Problem("ladders", subject,
                                         "an approaching-deadline trigger needs an offset"))
    return found


# ==================================================================== periods
#: The day the default periods are counted from: the eve of National Day 2026.
PROBE_DAY = _dt.date(2026, 9, 30)
_SAME_DAY_UNITS = (PeriodUnit.HOURS, PeriodUnit.SAME_DAY)
_SERVICE_STARTS = frozenset({"dispatch", "receipt", "meeting", "minutes_issue",
                             "document_issue"})


def check_periods(policy: Policy, calendar: Calendar | None = None) -> list[Problem]:
    """Each default period counts from 30 September 2026 to a working day after it (across
    National Day) on the statutory calendar, from an event registration can count from."""
    cal = _calendar.china() if calendar is None else calendar
    start = _dt.datetime.combine(PROBE_DAY, _dt.time(9), SHANGHAI)
    found: list[Problem] = []
    for rule in policy.periods:
        try:
            deadline = rule.period.deadline(start, cal)
        except SupervisionError as error:
            found.append(Problem("periods", rule.key, f"cannot be counted: {error}"))
            continue
        later = (deadline.last_day >= PROBE_DAY if rule.period.unit in _SAME_DAY_UNITS
                 else deadline.last_day > PROBE_DAY)
        if not (later and cal.is_working_day(deadline.last_day)) or deadline.provisional:
            found.append(Problem(
                "periods", rule.key,
                f"{rule.period.label} from {PROBE_DAY} ends on {deadline.last_day}, not on a "
                "firm working day after the start",
            ))
        if rule.start.name.lower() not in _SERVICE_STARTS:
            found.append(Problem(
                "periods", rule.key,
                f"期限自“{rule.start.label}”起算，立项无法据此计算。 Registration counts a "
                "default period from dispatch, receipt, a meeting or an issue date; this one "
                f"runs from {rule.start.label} and would be counted from dispatch.",
            ))
    return found


# ==================================================================== lookups
def check_lookups(policy: Policy) -> list[Problem]:
    """The members the service layer reads answer: a valid 代字, the ladder of each kind, and
    for every category and source the default period and its start, the approval, the
    reporting rules and the registration findings."""
    found: list[Problem] = []
    try:
        check_prefix(policy.numbering_prefix)
    except InvalidInput as error:
        found.append(Problem("lookups", "numbering_prefix", str(error)))
    for kind in policy.kinds:
        try:
            policy.ladder(kind.key)
        except SupervisionError as error:
            found.append(Problem("lookups", f"ladder({kind.key!r})", str(error)))
    for category in (None, *policy.categories):
        for source in (None, *SOURCES):
            subject = f"category={category!r}, source={source!r}"
            try:
                period = policy.default_period(category, source)
                policy.default_start_event(category, source)
                policy.approval_for(category, source)
                policy.reporting_for(category, source)
                policy.check_registration(category=category, source=source)
            except SupervisionError as error:
                found.append(Problem("lookups", subject, str(error)))
                continue
            if period is not None and not isinstance(period, Period):
                found.append(Problem("lookups", subject, "default_period gives a Period or None"))
    return found


# ================================================================= parameters
def bad_values(value: object) -> list[object]:
    """Values a parameter whose default is ``value`` must refuse: wrong types and values out
    of any sensible range (a free-text parameter would need its own list)."""
    if isinstance(value, bool):
        return ["yes", 1]
    if isinstance(value, int):
        return [-1, 10_000, "3", 2.5]
    if isinstance(value, Decimal):
        return [Decimal(-1), Decimal(1_000), "many", Decimal("NaN")]
    return ["no such reading", 3, ""]


def check_parameters(
    policy: Policy, bad: Callable[[object], Iterable[object]] = bad_values
) -> list[Problem]:
    """Every parameter is documented (meaning and reason, and the other reading); with_parameters
    refuses wrong values naming the parameter and the policy, refuses unknown names, and an
    integrator's 代字 replaces the default without touching the policy."""
    found: list[Problem] = []
    for name, (value, doc, alternative) in policy.parameter_docs().items():
        if not doc or not alternative:
            found.append(Problem(
                "parameters", name,
                "参数须说明含义、默认理由和另一种理解。 Document the meaning and reason (doc) "
                "and the other reading (alternative).",
            ))
        for wrong in bad(value):
            try:
                policy.with_parameters(**{name: wrong})
            except InvalidParameter as error:
                if (error.field, error.policy) != (name, policy.name):
                    found.append(Problem(
                        "parameters", name,
                        f"the error for {wrong!r} names {error.policy}.{error.field}: set "
                        "POLICY on the Parameters subclass",
                    ))
            except Exception as error:  # any other failure is the problem reported
                found.append(Problem("parameters", name,
                                     f"{wrong!r} raised {type(error).__name__}, "
                                     "not InvalidParameter"))
            else:
                found.append(Problem("parameters", name, f"accepts {wrong!r}"))
    try:
        policy.with_parameters(no_such_parameter=1)
    except InvalidParameter as error:
        if "numbering_prefix" not in str(error):
            found.append(Problem("parameters", "no_such_parameter",
                                 "the error should list the known parameters"))
    else:
        found.append(Problem("parameters", "no_such_parameter", "an unknown name is accepted"))
    before = snapshot(policy)
    changed = policy.with_parameters(numbering_prefix="某督")
    if changed.numbering_prefix != "某督" or changed.name != policy.name:
        found.append(Problem("parameters", "numbering_prefix", "the override does not apply"))
    if snapshot(policy) != before:
        found.append(Problem("parameters", "numbering_prefix", "the policy itself changed"))
    toggled = not policy.extensions_enabled
    if policy.with_parameters(extensions_enabled=toggled).extensions_enabled is not toggled:
        found.append(Problem("parameters", "extensions_enabled", "the override does not apply"))
    return found


def check_rendering(policy: Policy) -> list[Problem]:
    """The snapshot is JSON and the same for a rebuilt policy, so is the Markdown page, and a
    parameter change shows in the snapshot (so a review sees it)."""
    try:
        first = snapshot(policy)
        json.dumps(first, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        return [Problem("rendering", "snapshot", f"not plain JSON data: {error}")]
    found: list[Problem] = []
    rebuilt = policy.with_parameters()
    if snapshot(rebuilt) != first:
        found.append(Problem("rendering", "snapshot", "two builds render differently"))
    if to_markdown(rebuilt) != to_markdown(policy):
        found.append(Problem("rendering", "markdown", "two builds render differently"))
    if snapshot(policy.with_parameters(numbering_prefix="某督")) == first:
        found.append(Problem("rendering", "snapshot", "a parameter change does not show"))
    return found


def check_validity(policy: Policy) -> list[Problem]:
    """In force from its effective day (issued on or before it) and reported before it; a
    period of validity ends on its last day, reported after; a trial text is reported as
    such."""
    v = policy.validity
    found: list[Problem] = []
    day_before = v.effective_from - _dt.timedelta(days=1)
    if policy.issued > v.effective_from:
        found.append(Problem("validity", "effective_from", "in force before it was issued"))
    if not policy.in_force(v.effective_from) or policy.in_force(day_before):
        found.append(Problem("validity", "effective_from", "in_force disagrees with it"))
    early = policy.validity_finding(day_before)
    if early is None or early.code != "policy_not_yet_in_force":
        found.append(Problem("validity", str(day_before), "not reported as not yet in force"))
    last = v.last_day
    if last is not None:
        after = last + _dt.timedelta(days=1)
        late = policy.validity_finding(after)
        if not policy.in_force(last) or policy.in_force(after) or late is None or (
            late.code != "policy_expired"
        ):
            found.append(Problem("validity", str(last), "the last day in force is inconsistent"))
    during = policy.validity_finding(v.effective_from)
    expected = "policy_trial" if v.trial else None
    if (None if during is None else during.code) != expected:
        found.append(Problem("validity", "trial", f"in force, the finding should be {expected}"))
    return found


#: The data checks :func:`check_policy` runs besides :func:`check_quotes`.
CHECKS: tuple[Callable[[Policy], list[Problem]], ...] = (
    check_citations, check_ladders, check_periods, check_lookups, check_parameters,
    check_rendering, check_validity,
)


def check_policy(policy: Policy, text: str) -> list[Problem]:
    """Every problem in ``policy``'s data, checked against ``text`` (the regulation's full
    text); an empty list when it passes. The commands are checked by
    :func:`unapplied_requirements`."""
    if not isinstance(policy, Policy):
        raise InvalidInput("policy", "a supervision.domain.policy.Policy", policy)
    found = check_quotes(policy, text)
    for check in CHECKS:
        found += check(policy)
    return found


# ===================================================================== pytest
def _none(problems: list[Problem]) -> None:
    """Fail with every problem listed (pytest does not rewrite asserts in this module)."""
    if problems:
        raise AssertionError(f"{len(problems)} problem(s):\n" + "\n".join(map(str, problems)))


class PolicyContract:
    """The common suite as pytest tests: subclass it and implement :meth:`policy` and
    :meth:`regulation_text`. Each test asserts that its check finds no problem.

    :meth:`requirements_not_yet_applied` names declared registration requirements the library
    does not enforce yet, each with the reason (an issue); their tests are expected to fail
    (``xfail(strict=True)``), so they flip when the library starts enforcing them.
    """

    def policy(self) -> Policy:
        """The policy under test."""
        raise NotImplementedError

    def regulation_text(self) -> str:
        """The full text of the regulation the policy cites."""
        raise NotImplementedError

    def requirements_not_yet_applied(self) -> Mapping[Requirement, str]:
        """Declared requirements known not to be enforced yet, with the reason."""
        return {}

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """One requirement test per registration requirement the policy declares."""
        if "requirement" not in metafunc.fixturenames:
            return
        import pytest

        pending = self.requirements_not_yet_applied()
        params = [
            pytest.param(
                rule.requirement, id=rule.requirement.name.lower(),
                marks=[pytest.mark.xfail(strict=True, reason=pending[rule.requirement])]
                if rule.requirement in pending else [],
            )
            for rule in self.policy().registration
        ]
        metafunc.parametrize("requirement", params)  # none declared: pytest skips it

    def test_every_rule_cites_its_own_policy(self) -> None:
        """Every rule carries a citation of this policy, readable as a Chinese clause."""
        _none(check_citations(self.policy()))

    def test_every_quote_occurs_in_the_regulation_text(self) -> None:
        """The text names the document and contains every quote (whitespace ignored)."""
        _none(check_quotes(self.policy(), self.regulation_text()))

    def test_ladders_are_ordered_and_accountability_is_a_proposal(self) -> None:
        """Steps increase, warnings come first, accountability waits for a named decider."""
        _none(check_ladders(self.policy()))

    def test_default_periods_count_to_a_working_day(self) -> None:
        """Each default period counts across National Day to a working day, from an event
        registration can count from."""
        _none(check_periods(self.policy()))

    def test_lookups_answer_for_every_category_and_source(self) -> None:
        """The members the service layer reads answer for every category and source."""
        _none(check_lookups(self.policy()))

    def test_parameters_are_documented_and_validated(self) -> None:
        """Parameters are documented; wrong values and unknown names are refused."""
        _none(check_parameters(self.policy()))

    def test_snapshot_and_markdown_are_deterministic(self) -> None:
        """Two builds render alike and a parameter change shows in the snapshot."""
        _none(check_rendering(self.policy()))

    def test_validity_is_consistent(self) -> None:
        """In force from its effective day to its last, reported outside, trial reported."""
        _none(check_validity(self.policy()))

    def test_declared_registration_requirement_is_applied(self, requirement: Requirement) -> None:
        """A registration requirement the policy declares is enforced by registration."""
        _none(check_requirement(self.policy(), requirement))
