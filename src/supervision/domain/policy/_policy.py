"""The :class:`Policy`: one regulation turned into frozen data, and its lookups.

Every rule carries a :class:`~supervision.domain.policy.Citation` (policy, clause key as in
``shared/seeds/README.md``, a short verbatim quote). Where the text is silent or ambiguous the
policy takes a named parameter with a documented default
(:class:`~supervision.domain.policy.Parameters`), changed with :meth:`Policy.with_parameters`.

This module holds data and the small lookups an engine needs (which default period applies,
whether a registration is admissible, whether the policy is in force). The escalation engine,
the sweep and the scorecard read this data; they are not here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from supervision.domain.policy._checks import check_policy, collect_citations
from supervision.domain.policy._chinese import chinese_clause
from supervision.domain.policy._parameters import Parameters
from supervision.domain.policy._rules import (
    ApprovalRule,
    Category,
    Citation,
    DocumentType,
    Duty,
    Finding,
    GradingRule,
    Ladder,
    MatterKind,
    Note,
    PeriodRule,
    RegistrationRule,
    ReportingRule,
    ReturnReason,
    ScoringRule,
    SignOffRule,
    StreakRule,
    Validity,
)
from supervision.domain.policy._terms import (
    SOURCES,
    DutyHolder,
    Requirement,
    Severity,
    StartEvent,
)
from supervision.exceptions import (
    InvalidInput,
    InvalidParameter,
    InvalidPolicy,
    PeriodOutOfRange,
    PolicyNotInForce,
    UnknownCategory,
    shown,
)
from supervision.periods import Period, PeriodUnit
from supervision.text import cn_date

__all__ = ["Policy"]


def _tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidPolicy("?", f"a list of rules was expected, got {shown(value)!r}")
    return tuple(value)


@attrs.frozen
class Policy:
    """One regulation as frozen data (see the module docstring).

    Build one with keyword arguments (every collection is a tuple); the data is checked when it
    is defined (:class:`~supervision.exceptions.InvalidPolicy`). ``rebuild`` turns changed
    parameters into a new policy; integrator policies without one get the parameters replaced
    only.
    """

    name: str
    title: str
    document_number: str
    issuer: str
    issued: _dt.date
    validity: Validity
    parameters: Parameters
    kinds: tuple[MatterKind, ...] = attrs.field(converter=_tuple)
    category_list: tuple[Category, ...] = attrs.field(default=(), converter=_tuple)
    periods: tuple[PeriodRule, ...] = attrs.field(default=(), converter=_tuple)
    duties: tuple[Duty, ...] = attrs.field(default=(), converter=_tuple)
    reporting: tuple[ReportingRule, ...] = attrs.field(default=(), converter=_tuple)
    registration: tuple[RegistrationRule, ...] = attrs.field(default=(), converter=_tuple)
    approvals: tuple[ApprovalRule, ...] = attrs.field(default=(), converter=_tuple)
    signoff: SignOffRule | None = None
    report_content: Citation | None = None
    ladders: tuple[Ladder, ...] = attrs.field(default=(), converter=_tuple)
    scoring: tuple[ScoringRule, ...] = attrs.field(default=(), converter=_tuple)
    streak: StreakRule | None = None
    grading: GradingRule | None = None
    return_reasons: tuple[ReturnReason, ...] = attrs.field(default=(), converter=_tuple)
    documents: tuple[DocumentType, ...] = attrs.field(default=(), converter=_tuple)
    notes: tuple[Note, ...] = attrs.field(default=(), converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    fallback_kind: str | None = None
    rebuild: Callable[[Any], Policy] | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        check_policy(self)

    # ----------------------------------------------------------- conveniences
    @property
    def numbering_prefix(self) -> str:
        """The document prefix (代字) of registration numbers: 代字〔2026〕15号."""
        return self.parameters.numbering_prefix

    @property
    def extensions_enabled(self) -> bool:
        """Whether extensions (延期) may be requested; off unless the parameter enables them."""
        return self.parameters.extensions_enabled

    @property
    def requires_approval(self) -> bool:
        """Whether matters are approved (审定) before dispatch."""
        return bool(self.approvals)

    @property
    def report_signoff(self) -> str:
        """``unit_head``, ``leader_in_charge`` or ``none``: who signs a unit's report."""
        return "none" if self.signoff is None else self.signoff.signer.key

    @property
    def category_required(self) -> bool:
        """Whether the registering clerk must choose a category (no silent default)."""
        return any(r.requirement is Requirement.CATEGORY_REQUIRED for r in self.registration)

    @property
    def categories(self) -> tuple[str, ...]:
        """The category keys the policy distinguishes (across its kinds)."""
        return tuple(c.key for c in self.category_list)

    def default_period(self, category: str | None, source: str | None) -> Period | None:
        """The period the text gives a matter of ``category`` / ``source`` with no deadline stated.

        None when the text gives none (the deadline must then be stated, or a category chosen).
        For a range the upper end is returned (:meth:`choose_period` picks another value).
        """
        rule = self.default_rule(category, source)
        return None if rule is None else rule.period

    def default_start_event(self, category: str | None, source: str | None) -> str | None:
        """The event :meth:`default_period` is counted from, as the service layer names it
        (``"dispatch"``, ``"receipt"``, ``"meeting"``, ``"minutes_issue"``,
        ``"document_issue"``); None when there is no default period.

        ``lianyungang-2019 §7.2`` counts from the issue of the document or the minutes,
        ``chizhou-2021 §7.4`` from the meeting; most defaults run from dispatch.
        """
        rule = self.default_rule(category, source)
        if rule is None:
            return None
        return _SERVICE_START_EVENTS.get(rule.start, "dispatch")

    # ------------------------------------------------------------- citations
    def cite(self, citation: Citation) -> str:
        """The clause as a person reads it: 《道里区人民政府督办检查工作制度》第七条第（三）项.

        ``citation`` must be one of this policy's (a foreign citation is a bug: InvalidInput).
        """
        if not isinstance(citation, Citation) or citation.policy != self.name:
            raise InvalidInput(
                "citation", f"a citation of {self.name} (本制度的条款)", citation
            )
        return f"《{self.title}》{chinese_clause(citation.clause)}"

    def cite_key(self, key: str) -> str:
        """A citation key of this policy (``daoli-2017 art.7(3)``) as a person reads it; a key
        of another policy, or text that is no key, is returned as it is."""
        prefix = f"{self.name} "
        if not isinstance(key, str) or not key.startswith(prefix):
            return key
        try:
            return f"《{self.title}》{chinese_clause(key[len(prefix):])}"
        except InvalidInput:
            return key

    # ----------------------------------------------------------------- lookups
    def kind(self, key: str) -> MatterKind:
        """The matter kind called ``key``."""
        for kind in self.kinds:
            if kind.key == key:
                return kind
        raise InvalidInput(
            "kind", "one of " + ", ".join(k.key for k in self.kinds), key,
            hint=f"policy {self.name} 无此事项种类",
        )

    def category(self, key: str) -> Category:
        """The category called ``key``."""
        for category in self.category_list:
            if category.key == key:
                return category
        raise UnknownCategory(self.name, key, self.categories,
                              tuple(c.label for c in self.category_list))

    def category_named(self, text: str) -> Category | None:
        """The category ``text`` names as a person writes it (None when it names none): its
        key (``important``), its label (重要事项), the label without a note in brackets
        (3日事项 for 3日事项（原文未命名）) or without its closing 事项 / 类 (重要, 紧急, 专题调研),
        spaces ignored. A short form two categories share names neither."""
        if not isinstance(text, str):
            return None
        word = "".join(text.split())
        if not word:
            return None
        named: dict[str, list[Category]] = {}
        for category in self.category_list:
            if word == category.key:
                return category
            for form in _category_forms(category.label):
                named.setdefault(form, []).append(category)
        found = named.get(word, [])
        return found[0] if len(found) == 1 else None

    def kind_for(self, category: str | None, source: str | None) -> MatterKind | None:
        """The kind a matter of ``category`` / ``source`` belongs to (None: no kind applies).

        A source names its kind; with no source, the category's kind; otherwise the policy's
        fallback kind.
        """
        if source is not None:
            _check_source(source)
            for kind in self.kinds:
                if source in kind.sources:
                    return kind
        elif category is not None:
            return self.kind(self.category(category).kind)
        return None if self.fallback_kind is None else self.kind(self.fallback_kind)

    def category_applies(self, category: str, source: str | None) -> bool:
        """Whether ``category`` belongs to the kind of a matter from ``source``.

        tongren-2014's 紧急/一般/专题调研 apply to leader-assigned matters only, daoli-2017's to
        art.7 matters only. An unknown category raises UnknownCategory.
        """
        owner = self.category(category).kind
        kind = self.kind_for(category, source)
        return kind is not None and kind.key == owner

    def default_rule(self, category: str | None, source: str | None) -> PeriodRule | None:
        """The :class:`PeriodRule` behind :meth:`default_period` (its start event included).

        None when the text gives no default, including a category that does not apply to the
        source's kind (:meth:`check_registration` reports that).
        """
        if category is not None and not self.category_applies(category, source):
            return None
        kind = self.kind_for(category, source)
        if kind is None:
            return None
        candidates = [r for r in self.periods if r.kind == kind.key and r.category == category]
        specific = [r for r in candidates if r.sources and source in r.sources]
        general = [r for r in candidates if not r.sources]
        found = specific or general
        return found[0] if found else None

    def choose_period(self, category: str, source: str | None, count: int) -> Period:
        """A period inside the range the text gives (daoli-2017 art.7(2) 一般 3至5日).

        Raises :class:`~supervision.exceptions.PeriodOutOfRange` outside the range, and
        :class:`~supervision.exceptions.InvalidInput` when the category has no range.
        """
        rule = self.default_rule(category, source)
        if rule is None or rule.range is None:
            raise InvalidInput(
                "category", "a category whose default period is a range", category,
                hint=f"policy {self.name}: 该类别没有期限范围; state the deadline instead",
            )
        if not rule.range.contains(count):
            raise PeriodOutOfRange(
                self.name, category, rule.range.low, rule.range.high, count, rule.range.unit.value
            )
        return rule.range.period(count)

    def approval_for(self, category: str | None, source: str | None) -> ApprovalRule | None:
        """The approval (审定) a matter of ``category`` / ``source`` needs before dispatch
        (a kind-specific rule first), or None when the policy requires none."""
        try:
            kind = self.kind_for(category, source)
        except InvalidInput:
            kind = self.kind_for(None, source)
        key = None if kind is None else kind.key
        specific = [a for a in self.approvals if a.kind is not None and a.kind == key]
        general = [a for a in self.approvals if a.kind is None]
        found = specific or general
        return found[0] if found else None

    def ladder(self, kind: str | None) -> Ladder | None:
        """The escalation ladder for matters of ``kind`` (a kind-specific one first)."""
        if kind is not None:
            self.kind(kind)
        for ladder in self.ladders:
            if ladder.kind == kind:
                return ladder
        for ladder in self.ladders:
            if ladder.kind is None:
                return ladder
        return None

    def reporting_for(self, category: str | None, source: str | None) -> tuple[ReportingRule, ...]:
        """The periodic reporting rules that apply to a matter of ``category`` / ``source``."""
        kind = self.kind_for(category, source)
        found = []
        for rule in self.reporting:
            if rule.kind is not None and (kind is None or rule.kind != kind.key):
                continue
            if rule.sources and source not in rule.sources:
                continue
            found.append(rule)
        return tuple(found)

    @property
    def hour_limits(self) -> tuple[Duty, ...]:
        """The duties counted in hours (chizhou-2021 §7.6: 1 hour from receipt)."""
        return tuple(
            d for d in self.duties if d.period is not None and d.period.unit is PeriodUnit.HOURS
        )

    @property
    def office_duties(self) -> tuple[Duty, ...]:
        """The office's own duties (reported, never scored against units)."""
        return tuple(d for d in self.duties if d.actor is DutyHolder.OFFICE)

    def citations(self) -> tuple[Citation, ...]:
        """Every citation in the policy, in a stable order."""
        found: list[Citation] = []
        collect_citations(self, found)
        return tuple(found)

    # ---------------------------------------------------------------- validity
    def in_force(self, on: _dt.date) -> bool:
        """Whether the policy is in force on ``on`` (a date in China)."""
        return self.validity.covers(_as_date(on))

    def validity_finding(self, on: _dt.date) -> Finding | None:
        """A finding to report when ``on`` falls outside the validity, or the text is 试行."""
        on = _as_date(on)
        v = self.validity
        if on < v.effective_from:
            return Finding(
                "policy_not_yet_in_force",
                Severity.WARNING,
                f"{self.title}自{cn_date(v.effective_from)}起施行，{cn_date(on)}尚未生效。"
                f" {self.name} takes effect on {v.effective_from.isoformat()}; it does not "
                f"apply on {on.isoformat()}.",
                v.citation,
            )
        last = v.last_day
        if last is not None and on > last:
            return Finding(
                "policy_expired",
                Severity.WARNING,
                f"{self.title}有效期{v.years}年，至{cn_date(last)}届满，{cn_date(on)}已失效。"
                f" {self.name} lapsed after {last.isoformat()} (valid {v.years} years); "
                f"using it on {on.isoformat()} applies a regulation no longer in force.",
                v.citation,
            )
        if v.trial:
            return Finding(
                "policy_trial",
                Severity.INFO,
                f"{self.title}为试行制度。 {self.name} is a trial (试行) regulation.",
                v.citation,
            )
        return None

    def require_in_force(self, on: _dt.date) -> None:
        """Raise :class:`~supervision.exceptions.PolicyNotInForce` outside the validity."""
        on = _as_date(on)
        if not self.in_force(on):
            raise PolicyNotInForce(
                self.name, on, self.validity.effective_from, self.validity.last_day
            )

    # ------------------------------------------------------------ registration
    def check_registration(
        self,
        *,
        category: str | None,
        source: str | None,
        leader_instruction: bool = False,
        internal_function: bool = False,
        deadline_stated: bool = False,
    ) -> tuple[Finding, ...]:
        """What the policy says about registering (立项) such a matter: refusals and warnings.

        An empty tuple means the policy raises no objection. ``leader_instruction`` says a
        leader's instruction (批示) is recorded; ``internal_function`` that the matter is a
        department's own internal function; ``deadline_stated`` that the notice states one.
        Registration applies every refusal (the service raises
        :class:`~supervision.exceptions.RuleViolation` with the finding's code and clause and
        stores nothing); the ledger import applies it row by row.
        """
        if category is not None:
            self.category(category)
        if source is not None:
            _check_source(source)
        findings: list[Finding] = []
        if category is not None and not self.category_applies(category, source):
            cat = self.category(category)
            findings.append(Finding(
                "category_not_applicable", Severity.WARNING,
                f"事项类别“{cat.label}”不适用于该来源的事项，无默认期限。 Category {category!r} "
                f"applies to {self.kind(cat.kind).label} only; this matter gets no default period.",
                cat.citation,
            ))
        for rule in self.registration:
            req = rule.requirement
            if req is Requirement.CATEGORY_REQUIRED and category is None and not deadline_stated:
                # a deadline stated in the notice needs no tier (chizhou-2021 §7.2:
                # 凡注明办理期限的事项必须如期办结)
                tiers = "/".join(c.label for c in self.category_list)
                findings.append(Finding(
                    "category_required", Severity.REFUSAL,
                    f"未注明办理期限的，须选定事项类别（{tiers}），本制度不设默认期限。 State a "
                    "deadline, or choose a category: the policy has no silent default.",
                    rule.citation,
                ))
            elif req is Requirement.DEADLINE_REQUIRED and not deadline_stated and (
                self.default_period(category, source) is None
            ):
                findings.append(Finding(
                    "deadline_required", Severity.REFUSAL,
                    "督查事项须明确办理时限。 State a deadline: this matter has no default period.",
                    rule.citation,
                ))
            elif req is Requirement.LEADER_INSTRUCTION and not leader_instruction and (
                source not in rule.admissible_sources
            ):
                findings.append(Finding(
                    "leader_instruction_missing", Severity.REFUSAL,
                    "未经领导批示的事项不予立项：请登记批示领导和批示日期。 Not registered: no "
                    "leader instruction (批示) is recorded (Registration.instruction).",
                    rule.citation,
                ))
            elif req is Requirement.NOT_INTERNAL_FUNCTION and internal_function:
                findings.append(Finding(
                    "internal_function", Severity.REFUSAL,
                    "属部门内部职能的事项不予立项。 Not registered: a department's own internal "
                    "function.",
                    rule.citation,
                ))
        return tuple(findings)

    # -------------------------------------------------------------- parameters
    def with_parameters(self, **changes: Any) -> Policy:
        """A copy with parameters changed, e.g. ``with_parameters(streak_scope="per_matter")``.

        Unknown names and out-of-range values raise
        :class:`~supervision.exceptions.InvalidParameter`; the policy itself never changes.
        """
        known = [a.name for a in attrs.fields(type(self.parameters))]
        for name in changes:
            if name not in known:
                raise InvalidParameter(
                    self.name, name, "one of the policy's parameters: " + ", ".join(known), name
                )
        try:
            parameters = attrs.evolve(self.parameters, **changes)
        except InvalidParameter as error:
            if error.policy == self.name:
                raise
            # A Parameters class without its own POLICY (build.policy's) names no policy.
            raise InvalidParameter(self.name, error.field, error.expected, error.got) from None
        if self.rebuild is None:
            return attrs.evolve(self, parameters=parameters)
        return self.rebuild(parameters)

    def parameter_docs(self) -> Mapping[str, tuple[Any, str, str]]:
        """Each parameter's (current value, meaning and default's reason, alternative reading)."""
        out: dict[str, tuple[Any, str, str]] = {}
        for a in attrs.fields(type(self.parameters)):
            out[a.name] = (
                getattr(self.parameters, a.name),
                str(a.metadata.get("doc", "")),
                str(a.metadata.get("alternative", "")),
            )
        return out



def _as_date(on: object) -> _dt.date:
    if isinstance(on, _dt.datetime) or not isinstance(on, _dt.date):
        raise InvalidInput("on", "a date (the day in China, 日期)", on)
    return on


def _check_source(source: object) -> None:
    if source not in SOURCES:
        raise InvalidInput("source", "one of " + ", ".join(SOURCES) + " 事项来源", source)



#: How the service layer names the start events a matter's default period can run from.
_SERVICE_START_EVENTS: dict[StartEvent, str] = {
    StartEvent.DISPATCH: "dispatch",
    StartEvent.RECEIPT: "receipt",
    StartEvent.MEETING: "meeting",
    StartEvent.MINUTES_ISSUE: "minutes_issue",
    StartEvent.DOCUMENT_ISSUE: "document_issue",
}


def _category_forms(label: str) -> tuple[str, ...]:
    """The ways a person writes a category's label: whole, without a note in brackets at its
    end, and either without a closing 事项 / 类 (never down to nothing)."""
    whole = "".join(label.split())
    forms = [whole]
    for opening in ("（", "("):
        cut = whole.find(opening)
        if cut > 0 and whole.endswith(("）", ")")):
            forms.append(whole[:cut])
    for form in list(forms):
        for ending in ("类事项", "事项", "类"):
            if form.endswith(ending) and len(form) > len(ending):
                forms.append(form[: -len(ending)])
                break
    return tuple(dict.fromkeys(forms))
