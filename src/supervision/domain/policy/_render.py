"""Deterministic renderings of a policy: a plain dict (golden snapshots) and a Markdown page."""

from __future__ import annotations

import datetime as _dt
import enum
from decimal import Decimal
from typing import Any

import attrs

from supervision.domain.policy._policy import Policy
from supervision.domain.policy._rules import (
    Citation,
    Duty,
    Ladder,
    ReportingRule,
    Rung,
    Trigger,
)
from supervision.periods import Period

__all__ = ["snapshot", "to_markdown"]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.name.lower()
    if isinstance(value, Period):
        return value.label
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Citation):
        return {"key": value.key, "quote": value.quote}
    if attrs.has(type(value)):
        return {
            a.name: _plain(getattr(value, a.name))
            for a in attrs.fields(type(value))
            if a.name != "rebuild"
        }
    raise TypeError(f"cannot render {value!r}")


def snapshot(policy: Policy) -> dict[str, Any]:
    """A deterministic plain rendering of ``policy`` (JSON-ready), for golden snapshots."""
    data: dict[str, Any] = _plain(policy)
    last = policy.validity.last_day
    data["derived"] = {
        "name": policy.name,
        "numbering_prefix": policy.numbering_prefix,
        "requires_approval": policy.requires_approval,
        "extensions_enabled": policy.extensions_enabled,
        "report_signoff": policy.report_signoff,
        "category_required": policy.category_required,
        "categories": list(policy.categories),
        "validity_last_day": None if last is None else last.isoformat(),
        "citation_keys": sorted({c.key for c in policy.citations()}),
    }
    return data


# ------------------------------------------------------------------ markdown
def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _cite(c: Citation | None) -> str:
    return "—" if c is None else f"`{c.key}` 「{_cell(c.quote)}」"


def _table(head: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows]
    return [*lines, ""]


def _period(p: Period | None) -> str:
    return "—" if p is None else f"{p.label} ({p.label_en})"


def _trigger(t: Trigger) -> str:
    text = t.event.label
    if t.count > 1:
        text += f" ×{t.count}"
    if t.offset is not None and t.offset_from is None:
        text += f" ({t.offset.label} before the deadline)"
    elif t.offset is not None and t.offset_from is not None:
        text += f" ({t.offset.label} after {t.offset_from.label})"
    return text


def _sources(sources: tuple[str, ...]) -> str:
    return ", ".join(sources) if sources else "any"


def _duty_row(d: Duty) -> tuple[object, ...]:
    if d.period is not None:
        when = _period(d.period)
    elif d.cycle is not None:
        when = d.cycle.label
    else:
        when = "立即 (at once; no number)"
    if d.cap is not None:
        when += f"; never more than {d.cap.label}"
    if d.immediate_within is not None:
        when += f"; at once when the matter's period is at most {d.immediate_within.label}"
    start = "—" if d.start is None else d.start.label
    return (d.label, d.actor.label, when, start, _sources(d.sources),
            "yes" if d.scored else "no", _cite(d.citation))


def _report_row(r: ReportingRule) -> tuple[object, ...]:
    when = []
    if r.period is not None:
        first = r.first_start.label if r.first_start else "—"
        when.append(f"{r.period.label} from {first}")
        if r.next_start is not None:
            when.append(f"then {r.period.label} from {r.next_start.label}")
    if r.cycles:
        cycles = "/".join(c.label for c in r.cycles)
        when.append(("one of " if r.cycle_selectable else "") + cycles)
    flags = [name for name, on in (("until done", r.until_done), ("year-end report", r.year_end),
                                   ("final report", r.final_report)) if on]
    return (r.label, r.kind or "any", _sources(r.sources), "; ".join(when), ", ".join(flags),
            _cite(r.citation))


def _rung_row(r: Rung) -> tuple[object, ...]:
    reply = "—"
    if r.reply is not None and r.reply_start is not None:
        reply = f"{r.reply.label} from {r.reply_start.label}"
    decision = f"proposal: {r.decided_by}" if r.requires_decision else "automatic"
    action = r.action.label + (f" {r.document}" if r.document else "")
    if r.options:
        action += " (" + "、".join(r.options) + ")"
    return (r.step, action, "; ".join(_trigger(t) for t in r.triggers), r.target,
            r.scope.label, r.explanation.label, reply, decision,
            _sources(r.sources), _cite(r.citation))


def _ladder(ladder: Ladder) -> list[str]:
    title = "all kinds" if ladder.kind is None else f"kind `{ladder.kind}`"
    out = [f"### Ladder for {title}", ""]
    return out + _table(
        ("step", "action", "triggers", "target", "scope", "explanations", "reply",
         "decision", "sources", "citation"),
        [_rung_row(r) for r in ladder.rungs],
    )


def to_markdown(policy: Policy) -> str:
    """The policy's documentation page, generated from its data (``docs/policies/<name>.md``)."""
    p = policy
    v = p.validity
    last = v.last_day
    lines = [
        f"# {p.name}: {p.title}",
        "",
        "<!-- Generated from the policy data by supervision.policies.to_markdown; "
        "tests/policies keeps it in step. -->",
        "",
        f"- Document: {p.document_number or '(no number)'}《{p.title}》",
        f"- Issuer: {p.issuer}",
        f"- Issued: {p.issued.isoformat()}",
        f"- In force: from {v.effective_from.isoformat()}"
        + (f" to {last.isoformat()} inclusive ({v.years} years)" if last else ", open-ended")
        + ("; 试行 (trial)" if v.trial else "")
        + (f" — {_cite(v.citation)}" if v.citation else ""),
        f"- Aliases: {', '.join(p.aliases) or '—'}",
        f"- Numbering prefix (代字): `{p.numbering_prefix}` "
        f"(e.g. {p.numbering_prefix}〔2026〕15号; parameter `numbering_prefix`)",
        f"- Approval before dispatch: {'yes' if p.requires_approval else 'no'}; "
        f"report sign-off: `{p.report_signoff}`; category required: "
        f"{'yes' if p.category_required else 'no'}; extensions: "
        f"{'enabled' if p.extensions_enabled else 'not in the text (disabled)'}",
        "",
        "Outside its validity the policy is reported (`policy.validity_finding(day)`), never "
        "silently accepted. A deadline stated in the notice always prevails over a default "
        "period.",
        "",
        "## Kinds of matters and categories",
        "",
    ]
    lines += _table(("kind", "label", "sources", "citation"),
                    [(f"`{k.key}`", k.label, _sources(k.sources), _cite(k.citation))
                     for k in p.kinds])
    if p.fallback_kind:
        lines += [f"Matters of any other source are of kind `{p.fallback_kind}`.", ""]
    if p.category_list:
        lines += _table(("category", "label", "kind", "follow-up", "citation"),
                        [(f"`{c.key}`", c.label, c.kind, c.follow_up or "—", _cite(c.citation))
                         for c in p.category_list])
    lines += ["## Default periods (no deadline stated)", ""]
    if p.periods:
        lines += _table(
            ("rule", "kind", "category", "sources", "period", "range", "from", "what is due",
             "citation"),
            [(r.key, r.kind, r.category or "—", _sources(r.sources), _period(r.period),
              "—" if r.range is None else
              f"{r.range.low}–{r.range.high} {r.range.unit.value} (default: upper end)",
              r.start.label, r.obligation.label, _cite(r.citation)) for r in p.periods],
        )
    else:
        lines += ["The text gives no default period: every matter's deadline is stated.", ""]
    if p.duties:
        lines += ["## Duties with time limits", ""]
        lines += _table(("duty", "who", "within", "from", "sources", "scored", "citation"),
                        [_duty_row(d) for d in p.duties])
    if p.reporting:
        lines += ["## Periodic reporting", ""]
        lines += _table(("rule", "kind", "sources", "when", "also", "citation"),
                        [_report_row(r) for r in p.reporting])
    lines += ["## Registration, approval and sign-off", ""]
    rows: list[tuple[object, ...]] = []
    for reg in p.registration:
        extra = ""
        if reg.admissible_sources:
            extra = " (met without an instruction by sources: " + ", ".join(
                reg.admissible_sources) + ")"
        rows.append(("registration", reg.requirement.label + extra, _cite(reg.citation)))
    for ap in p.approvals:
        who = f"approved by {ap.approver}" + ("; units consulted first" if ap.consult_units else "")
        rows.append((f"approval ({ap.kind or 'all kinds'})", who, _cite(ap.citation)))
    if p.signoff is not None:
        extra = "" if not p.signoff.formalities else " (" + "、".join(p.signoff.formalities) + ")"
        if p.signoff.joint_matters_only:
            extra += "; only on matters handled jointly by several units"
        rows.append(("sign-off", p.signoff.signer.label + extra, _cite(p.signoff.citation)))
    else:
        rows.append(("sign-off", "the text has no signature rule", "—"))
    lines += _table(("rule", "what", "citation"), rows)
    lines += ["## Escalation", "",
              "Accountability (问责/追究责任) and menus of measures are only ever proposals that "
              "wait for a person's decision.", ""]
    for ladder in p.ladders:
        lines += _ladder(ladder)
    lines += ["## Scoring", ""]
    if p.scoring:
        lines += _table(
            ("rule", "counts", "points", "assessment", "amount from", "approval", "citation"),
            [(s.key, s.basis.label, ("+" if s.bonus else "−") + str(s.points)
              if s.points else "counted, no points", s.assessment.label,
              f"parameter `{s.parameter}`" if s.parameter else "the text",
              s.approval or "—", _cite(s.citation)) for s in p.scoring],
        )
    if p.streak is not None:
        s = p.streak
        lines += [
            f"Consecutive misses ({', '.join(m.label for m in s.misses)}), counted "
            f"{s.scope.label}: from miss {s.deduct_from} on, −{s.points_per_item} per item"
            + (" (the first missed item of the streak included)" if s.whole_streak else "")
            + f"; from miss {s.propose_accountability_from} on, accountability proposed. "
            + ("Misses with an accepted objective explanation count." if s.objective_counts
               else "Misses with an accepted objective explanation do not count.")
            + f" {_cite(s.citation)}; {_cite(s.accountability_citation)}",
            "",
        ]
    if p.grading is not None:
        g = p.grading
        lines += [f"Graded every {g.assessment.label}: {_cite(g.citation)}", ""]
        lines += _table(("criterion", "label", "weight"),
                        [(c.key, c.label, c.weight) for c in g.criteria])
        lines += _table(("grade", "lowest composite score"),
                        [(gr.label, gr.min_score) for gr in g.grades])
    if not (p.scoring or p.streak or p.grading):
        lines += ["The text has no scoring rule.", ""]
    if p.return_reasons:
        lines += ["## Grounds for returning a report", ""]
        lines += _table(("key", "ground", "outcome", "citation"),
                        [(r.key, r.label, {True: "redo 重新办理", False: "supplement 补充说明",
                                           None: "supplement or redo, as the office decides"}[
                                               r.redo], _cite(r.citation))
                         for r in p.return_reasons])
    if p.documents:
        lines += ["## Documents named by the text", ""]
        lines += _table(("key", "title", "citation"),
                        [(d.key, f"《{d.title}》", _cite(d.citation)) for d in p.documents])
    if p.notes:
        lines += ["## Notes", ""]
        lines += [f"- {n.text} {_cite(n.citation) if n.citation else ''}".rstrip()
                  for n in p.notes]
        lines += [""]
    lines += [
        "## Parameters: defaults where the text is silent or ambiguous",
        "",
        f"Override with `supervision.policies.get({p.name!r}).with_parameters(name=value)`; "
        "out-of-range values raise `InvalidParameter`.",
        "",
    ]
    lines += _table(("parameter", "default", "meaning and reason", "alternative reading"),
                    [(f"`{name}`", f"`{value!r}`" if not isinstance(value, Decimal)
                      else f"`{value}` points", doc, alt or "—")
                     for name, (value, doc, alt) in p.parameter_docs().items()])
    return "\n".join(lines).rstrip() + "\n"
