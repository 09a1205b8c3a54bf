"""What the document builders share: the reader's visibility rule, argument checks, how a
document names a matter and states its deadline, the clause in Chinese, the GB/T 9704 frame.

Every builder takes the reading :class:`~supervision.domain.Actor` and applies the same
visibility rule as the service layer's read paths (:func:`~supervision.domain.can_view`:
the permission table, then the matter's confidentiality, ``daoli-2017 art.23``):

* a document about one matter the reader may not see raises
  :class:`~supervision.exceptions.MatterNotFound`, exactly as ``get_matter`` does for a
  missing id;
* a document listing matters (通报, 专报, 考核结果) leaves out every entry about a matter the
  reader may not see;
* a secret matter recorded by reference only renders as its reference
  (``涉密事项（reference）``): no title, requirements, source reference, milestones or report
  content.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from supervision.documents._model import (
    Block,
    Classification,
    Document,
    Heading,
    Issuer,
)
from supervision.domain.actors import Actor, require_actor
from supervision.domain.model import (
    ConfidentialityKind,
    Matter,
    RegistrationNumber,
    Unit,
)
from supervision.domain.objections import REGULATION_KEY
from supervision.domain.permissions import can_view
from supervision.domain.policy import Citation, Policy, chinese_clause
from supervision.exceptions import InvalidInput, MatterNotFound, UnitNotFound, UnknownPolicy
from supervision.policies import get as get_policy
from supervision.text import cn_date

__all__: list[str] = []

_NUMERALS = "一二三四五六七八九十"


def _reader(reader: object) -> Actor:
    return require_actor(reader, "reader")


def _matter(value: object, field: str) -> Matter:
    if not isinstance(value, Matter):
        raise InvalidInput(field, "a supervision.domain.Matter", value)
    return value


def _visible(reader: Actor, matter: Matter) -> Matter:
    """The read paths' rule: a matter the reader may not see is reported as not found."""
    if not can_view(reader, matter):
        raise MatterNotFound(matter.id)
    return matter


def _day(value: object, field: str) -> _dt.date:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidInput(field, "a datetime.date", value)
    return value


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise InvalidInput(field, "a string" if allow_empty else "a non-empty string", value)
    return value


def _number(value: object, field: str = "number") -> RegistrationNumber:
    if not isinstance(value, RegistrationNumber):
        raise InvalidInput(field, "a RegistrationNumber 发文字号 (RegistrationNumber.of)", value)
    return value


def _unit_map(units: Iterable[Unit] | Mapping[str, Unit]) -> dict[str, Unit]:
    values = units.values() if isinstance(units, Mapping) else units
    found: dict[str, Unit] = {}
    for unit in values:
        if not isinstance(unit, Unit):
            raise InvalidInput("units", "supervision.domain.Unit values", unit)
        found[unit.id] = unit
    return found


def _name(units: Mapping[str, Unit], unit_id: str) -> str:
    if unit_id not in units:
        raise UnitNotFound(unit_id)
    return units[unit_id].name


def _secret(matter: Matter) -> bool:
    return matter.confidentiality.kind is ConfidentialityKind.SECRET


def _secret_note(matter: Matter) -> str:
    return (
        f"本事项为涉密事项，仅登记索引（{matter.confidentiality.reference}），具体内容按保密规定"
        "另行传递（daoli-2017 art.23）。"
    )


def _subject(matter: Matter) -> str:
    """How a document names the matter: its title, or a secret matter's reference."""
    return matter.display_title


def _due_text(matter: Matter, on: _dt.date | None = None) -> str:
    """The deadline as a document dated ``on`` states it: 请于…前办结 while the last day is
    still ahead (or is ``on``); once it has passed, never a date already past as a request —
    the day it was due and the day the matter has been overdue since (the document's own
    reply deadline then asks for the answer)."""
    if matter.due is None:
        return f"办理时限为{matter.terms.label}，自交办之日起计算"
    last = matter.due.last_day
    if on is not None and on > last:
        text = (f"办理时限为{matter.terms.label}，应于{cn_date(last)}前办结，"
                f"自{cn_date(last + _dt.timedelta(days=1))}起已逾期")
    else:
        text = f"办理时限为{matter.terms.label}，请于{cn_date(last)}前办结"
    if matter.due.provisional:
        text += ("（该年度节假日安排尚未公布，日期暂按周末和法定节假日推算，"
                 "公布后以重新计算的日期为准）")
    return text


def _clause(citation: Citation, policy: Policy | None = None) -> str:
    """依据《title》第六条“quote”的规定 — the clause in Chinese under the title of ``policy``
    (the one the citation is of: the matter's own, ``ctx.policy_of(matter)``), else of the
    registered policy so named, else 有关制度 and the clause; never the citation key."""
    if not isinstance(citation, Citation):
        raise InvalidInput("clause", "a supervision.policies.Citation", citation)
    if citation.policy == REGULATION_KEY:
        # cited by article number only: its wording could not be confirmed (docs/objections.md)
        return f"依据《政府督查工作条例》{chinese_clause(citation.clause)}的规定"
    if policy is not None:
        if not isinstance(policy, Policy) or policy.name != citation.policy:
            raise InvalidInput("policy", f"the policy {citation.policy} the clause is of", policy)
        return f"依据{policy.cite(citation)}“{citation.quote}”的规定"
    try:
        cited = get_policy(citation.policy).cite(citation)
    except UnknownPolicy:
        cited = f"有关制度{chinese_clause(citation.clause)}"
    return f"依据{cited}“{citation.quote}”的规定"


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _decimal(value: object, field: str, expected: str) -> Decimal:
    if isinstance(value, bool):
        raise InvalidInput(field, expected, value)
    try:
        number = Decimal(value) if isinstance(value, int | str) else value
    except ArithmeticError:
        raise InvalidInput(field, expected, value) from None
    if not isinstance(number, Decimal) or not number.is_finite():
        raise InvalidInput(field, expected, value)
    return number


def _numbered(sections: list[tuple[str, list[Block]]]) -> list[Block]:
    blocks: list[Block] = []
    for index, (heading, content) in enumerate(sections):
        blocks.append(Heading(f"{_NUMERALS[index]}、{heading}"))
        blocks.extend(content)
    return blocks


def _document(
    kind: str,
    title: str,
    issuer: Issuer,
    date: _dt.date,
    *,
    number: RegistrationNumber | None,
    addressees: Iterable[str],
    body: Iterable[Block],
    copies_to: Iterable[str],
    classification: Classification | None,
    urgency: str = "",
) -> Document:
    return Document.create(
        _text(kind, "kind"),
        title,
        issuer,
        date,
        number=number,
        addressees=addressees,
        body=body,
        copies_to=copies_to,
        classification=classification,
        urgency=urgency,
    )


