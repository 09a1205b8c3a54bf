"""The transactional outbox: the notices a record causes, written in the same unit of work as
the record, and the documents of recorded facts.

Whatever someone must be told of writes its notices before its unit of work commits, so a
record and its notices persist together or not at all:

* every escalation the sweep records (:func:`notify_escalation`): its document (催办单,
  告诫单, 约谈通知, 通报, 督查通知, 扣分通知, 到期提醒) to the unit's head and liaisons, a
  proposal or a report to the leaders as a 督查专报 to the approving leaders, an office's own
  overdue duty to its clerks;
* every dispatch (:func:`notify_dispatch`): the 督办通知 (under the policy's own name) to
  each assigned unit;
* decisions a unit must be told of (:func:`notify_decision`): an accepted proposal, a report
  returned for redo or asked to be supplemented, an extension or explanation decided, and
  the 复核 steps (:mod:`supervision.service_layer.objections`).

Each document is numbered once, in its own series per office and kind
(``机关代字 + 催/告/约/通/专/扣/知/复〔year〕n号``; a 督办通知 carries the matter's registration
number) and rendered for each recipient as that recipient may read it: a recipient outside a
confidential matter's circle of knowledge gets only the document's name and number and where
to read it (``daoli-2017 art.23``). Keys are deterministic (:func:`~supervision.domain.notices
.notice_key`): writing the notices of one cause twice stores them once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection, Iterable, Sequence

from supervision.calendar import SHANGHAI
from supervision.documents import (
    Document,
    Issuer,
    dispatch_document,
    escalation_document,
    matter_letter,
    redacted_text,
    render_text,
)
from supervision.documents._recorded import open_reply_day, seen_escalation_document
from supervision.domain._text import check_ids, check_instant
from supervision.domain.actors import Actor, Role
from supervision.domain.escalation import Escalation
from supervision.domain.events import EventKind
from supervision.domain.handling import Change
from supervision.domain.model import Matter, RegistrationNumber, Unit
from supervision.domain.notice_numbers import fits_pending, pending_number
from supervision.domain.notices import (
    Delivery,
    DeliveryStatus,
    Notice,
    NoticeKind,
    Recipient,
    document_name,
    kind_for,
)
from supervision.domain.office import Office
from supervision.domain.permissions import can_view
from supervision.exceptions import InvalidInput, NotFound
from supervision.ports import UnitOfWork
from supervision.service_layer._support import check_actor, load_visible
from supervision.service_layer.context import Context, Scope, office_of
from supervision.text import cn_date

__all__ = [
    "backfill",
    "document_for_escalation",
    "document_for_notice",
    "escalation_source",
    "list_notices",
    "notices_for",
    "notify_change",
    "notify_decision",
    "notify_dispatch",
    "notify_escalation",
    "notify_escalations",
    "number_for",
]


def escalation_source(key: str) -> str:
    """The outbox source of an escalation's notices: ``escalation:<key>``."""
    return f"escalation:{key}"


def number_for(
    uow: UnitOfWork, office: Office, kind: NoticeKind, day: _dt.date
) -> RegistrationNumber | None:
    """The next 发文字号 of ``kind`` in ``office``'s own series for ``day``'s year
    (``哈里政督催〔2026〕3号``), taken inside the caller's unit of work; None for a kind
    without a number of its own."""
    if not kind.code:
        return None
    prefix = (office.letterhead.code or office.numbering_prefix) + kind.code
    return RegistrationNumber.of(prefix, day.year, uow.numbers.next(office.id, prefix, day.year))


def _unit_ids(matter: Matter) -> set[str]:
    return set(matter.unit_ids) | {m.unit_id for m in matter.milestones if m.unit_id}


def _units(uow: UnitOfWork, matter: Matter) -> dict[str, Unit]:
    return {u: uow.units.get(matter.office_id, u) for u in sorted(_unit_ids(matter))}


def _read_units(uow: UnitOfWork, matters: Iterable[Matter]) -> None:
    """Read the units of all ``matters`` at once, one query per office (the unit of work
    keeps them, so :func:`_units` then reads nothing)."""
    wanted: dict[str, set[str]] = {}
    for matter in matters:
        wanted.setdefault(matter.office_id, set()).update(_unit_ids(matter))
    for office_id in sorted(wanted):
        uow.units.get_many(office_id, wanted[office_id])


def _unit_people(units: dict[str, Unit], unit_id: str) -> tuple[Recipient, ...]:
    return Recipient.for_unit(units[unit_id])


def _notices(
    *,
    source: str,
    matter: Matter,
    kind: NoticeKind,
    name: str,
    issuer: Issuer,
    recipients: Iterable[Recipient],
    render: Callable[[Actor], Document],
    number: RegistrationNumber | None,
    at: _dt.datetime,
    reply_due_at: _dt.datetime | None = None,
) -> list[Notice]:
    """One notice per recipient, each as that recipient may read the document (the
    document about one matter reads the same to everyone who may see the matter: it is
    rendered once)."""
    built: list[Notice] = []
    shown: tuple[str, str] | None = None
    for recipient in dict.fromkeys(recipients):
        viewer = recipient.viewer(matter.office_id)
        if can_view(viewer, matter):
            if shown is None:
                document = render(viewer)
                shown = (document.title, render_text(document))
            subject, text, redacted = shown[0], shown[1], False
        else:
            numbered = "" if number is None else f"（{number}）"
            subject, text, redacted = f"《{name}》{numbered}", redacted_text(name, number,
                                                                            issuer), True
        built.append(Notice.create(
            source, recipient, office_id=matter.office_id, matter_id=matter.id, kind=kind,
            document=name, subject=subject, text=text, created_at=at, number=number,
            redacted=redacted, reply_due_at=reply_due_at,
        ))
    return built


def _add(uow: UnitOfWork, notices: Iterable[Notice]) -> list[Notice]:
    """Write the notices whose keys are not on record yet; those written."""
    return [n for n in notices if uow.notices.add_if_absent(n)]


def _escalation_notices(
    uow: UnitOfWork, ctx: Context, escalation: Escalation, matter: Matter,
    scope: Scope | None, number: Callable[[Office, NoticeKind, _dt.date],
                                          RegistrationNumber | None],
    issuer_of: Callable[[Office], Issuer] = Issuer.for_office,
) -> list[Notice]:
    """The notices of a recorded escalation's document, numbered ``number(office, kind,
    day)``, issued by ``issuer_of(office)``."""
    office = uow.offices.get(matter.office_id) if scope is None else scope.office
    policy = ctx.policy_of(matter) if scope is None else scope.policy
    calendar = ctx.calendar_of(office) if scope is None else scope.calendar
    at = escalation.issued_at
    day = at.astimezone(SHANGHAI).date()
    kind = kind_for(escalation)
    units = _units(uow, matter)
    if kind is NoticeKind.OFFICE_DUTY:
        recipients: tuple[Recipient, ...] = (Recipient.of_role(Role.OFFICE_CLERK),)
    elif kind is NoticeKind.SPECIAL_REPORT:
        recipients = (Recipient.of_role(Role.APPROVING_LEADER),)
    else:
        recipients = _unit_people(units, escalation.unit_id or matter.lead_unit_id)
    issuer = issuer_of(office)
    numbered = number(office, kind, day)
    reply = None
    if kind not in (NoticeKind.OFFICE_DUTY, NoticeKind.SPECIAL_REPORT, NoticeKind.BULLETIN):
        # open (None) when the default reply would end in a year the calendar does not know
        # (rules.md §2: never guessed): the document asks for it within the default working
        # days of receipt and the notice carries no reply deadline
        last = open_reply_day(escalation, day, calendar)
        if last is not None:
            reply = _dt.datetime.combine(last + _dt.timedelta(days=1), _dt.time(0), SHANGHAI)

    def render(viewer: Actor) -> Document:
        # = escalation_document(viewer, …): ``_notices`` renders for a viewer it has built
        # (Recipient.viewer) and found may see the matter (can_view), so it is not checked again
        return seen_escalation_document(viewer, escalation, matter, units, issuer,
                                        policy=policy, calendar=calendar, number=numbered,
                                        issued_on=day)

    return _notices(source=escalation_source(escalation.key), matter=matter, kind=kind,
                    name=document_name(policy, kind, escalation), issuer=issuer,
                    recipients=recipients, render=render, number=numbered, at=at,
                    reply_due_at=reply)


def notify_escalation(
    uow: UnitOfWork, ctx: Context, escalation: Escalation, matter: Matter, *,
    scope: Scope | None = None,
) -> list[Notice]:
    """Inside the caller's unit of work (the one recording ``escalation``): number its
    document and write a notice of it to each person it concerns (those not on record)."""
    notices = _escalation_notices(uow, ctx, escalation, matter, scope,
                                  lambda office, kind, day: number_for(uow, office, kind, day))
    return _add(uow, notices)


def _pending(office: Office, kind: NoticeKind, day: _dt.date) -> RegistrationNumber | None:
    if not kind.code:
        return None
    return pending_number((office.letterhead.code or office.numbering_prefix) + kind.code,
                          day.year)


def _pendings() -> Callable[[Office, NoticeKind, _dt.date], RegistrationNumber | None]:
    """:func:`_pending`, each series' pending number built once (a pure function of the
    series' prefix and year; numbers are frozen)."""
    built: dict[tuple[str, str, int], RegistrationNumber | None] = {}

    def pending(office: Office, kind: NoticeKind, day: _dt.date) -> RegistrationNumber | None:
        series = (office.letterhead.code or office.numbering_prefix, kind.code, day.year)
        if series not in built:
            built[series] = _pending(office, kind, day)
        return built[series]
    return pending


def _issuers() -> Callable[[Office], Issuer]:
    """:meth:`Issuer.for_office`, each office's issuer built once: the same office (the
    very object, frozen) gives the issuer built for it before."""
    built: dict[str, tuple[Office, Issuer]] = {}

    def issuer_of(office: Office) -> Issuer:
        found = built.get(office.id)
        if found is None or found[0] is not office:
            found = built[office.id] = (office, Issuer.for_office(office))
        return found[1]
    return issuer_of


def notify_escalations(
    uow: UnitOfWork, ctx: Context, recorded: Sequence[tuple[Escalation, Matter, Scope]]
) -> list[Notice]:
    """:func:`notify_escalation` of each escalation, the documents numbered by the commit
    (:meth:`~supervision.ports.NoticeRepository.add_numbered`): every document is built and
    rendered first, with its series' pending number, so that the commit takes all the numbers
    at once, last — a sweep page holds an office's number series only for the end of its
    commit. A document without a number of its own, or one whose text happens to contain
    the pending number's (:func:`~supervision.domain.notice_numbers.fits_pending`), is
    numbered at once as :func:`notify_escalation` does. Returns the notices staged (those
    numbered by the commit carry the pending number)."""
    written: list[Notice] = []
    later: list[list[Notice]] = []
    _read_units(uow, (matter for _escalation, matter, _scope in recorded))
    issuer_of, pending = _issuers(), _pendings()
    for escalation, matter, scope in recorded:
        notices = _escalation_notices(uow, ctx, escalation, matter, scope, pending,
                                      issuer_of)
        if fits_pending(notices):
            later.append(notices)
        else:
            written.extend(notify_escalation(uow, ctx, escalation, matter, scope=scope))
    return written + (uow.notices.add_numbered(later) if later else [])


def notify_dispatch(uow: UnitOfWork, change: Change, scope: Scope) -> list[Notice]:
    """Inside the dispatch's unit of work: the 督办通知 to every assigned unit's people."""
    matter = change.matter
    units = _units(uow, matter)
    issuer = Issuer.for_office(scope.office)
    recipients = [r for unit_id in (matter.lead_unit_id, *matter.co_unit_ids)
                  for r in _unit_people(units, unit_id)]

    def render(viewer: Actor) -> Document:
        return dispatch_document(viewer, matter, units, issuer, policy=scope.policy)

    return _add(uow, _notices(
        source=f"event:{change.event.event_id}", matter=matter, kind=NoticeKind.ASSIGNMENT,
        name=document_name(scope.policy, NoticeKind.ASSIGNMENT), issuer=issuer,
        recipients=recipients, render=render, number=matter.number,
        at=change.event.occurred_at,
        reply_due_at=None if matter.due is None else matter.due.due_at))


def notify_decision(
    uow: UnitOfWork,
    office: Office,
    matter: Matter,
    *,
    source: str,
    kind: NoticeKind,
    title: str,
    paragraphs: Sequence[str],
    at: _dt.datetime,
    unit_id: str | None = None,
    roles: Collection[Role] = (),
    name: str | None = None,
) -> list[Notice]:
    """Inside the caller's unit of work: a short document (处理决定告知, 复核决定书 …) about
    ``matter`` to the people of ``unit_id`` and to everyone in ``roles`` of the office,
    numbered in the kind's own series when it has one."""
    units = _units(uow, matter)
    recipients: list[Recipient] = []
    if unit_id is not None:
        if unit_id not in units:
            units[unit_id] = uow.units.get(matter.office_id, unit_id)
        recipients.extend(_unit_people(units, unit_id))
    recipients.extend(Recipient.of_role(r) for r in roles)
    if not recipients:
        raise InvalidInput("recipients", "a unit or at least one role", ())
    issuer = Issuer.for_office(office)
    day = at.astimezone(SHANGHAI).date()
    number = number_for(uow, office, kind, day)
    document = name or kind.document
    addressee = units[unit_id].name if unit_id is not None else issuer.name

    def render(viewer: Actor) -> Document:
        return matter_letter(viewer, matter, issuer, kind=document, title=title,
                             addressees=[addressee], paragraphs=paragraphs, on=day,
                             number=number)

    return _add(uow, _notices(source=source, matter=matter, kind=kind, name=document,
                              issuer=issuer, recipients=recipients, render=render,
                              number=number, at=at))


def _subject(matter: Matter) -> str:
    return f"{matter.number}“{matter.display_title}”事项"


def _decision_letter(change: Change) -> tuple[str, str, list[str]] | None:
    """(document name, title, paragraphs) of the decision a unit must be told of, or None."""
    event, matter = change.event, change.matter
    opinion = event.detail("opinion")
    said = f"审核意见：{opinion}。" if opinion else ""
    subject = _subject(matter)
    if event.kind is EventKind.RETURNED_FOR_REDO:
        redo = event.detail("redo_due_day")
        by = f"请于{cn_date(_dt.date.fromisoformat(redo))}前" if redo else "请"
        return ("退回重办通知", f"关于{matter.display_title}的退回重办通知",
                [f"你单位报送的{subject}办理结果经审核未予通过。{said}",
                 f"现退回重办，{by}重新办理并报送办理结果。"])
    if event.kind is EventKind.SUPPLEMENT_ASKED:
        return ("补充说明通知", f"关于{matter.display_title}的补充说明通知",
                [f"你单位报送的{subject}办理结果需补充说明。{said}", "请补充说明后重新报送。"])
    if event.kind is EventKind.EXPLANATION_DECIDED:
        accepted = event.detail("decision") == "accepted"
        verdict = "予以采信" if accepted else "不予采信"
        return ("情况说明认定告知", f"关于{matter.display_title}情况说明的认定告知",
                [f"你单位就{subject}所作的情况说明（第{event.detail('explanation')}份），经认定"
                 f"{verdict}。{said}",
                 "办理时限不因情况说明而改变，请继续抓紧办理并按时报送进展。"])
    if event.kind is EventKind.EXTENSION_DECIDED:
        granted = event.detail("decision") == "accepted"
        if granted and matter.due is not None:
            result = f"同意延期，办理期限延至{cn_date(matter.due.last_day)}"
        else:
            result = "不同意延期，请按原定期限办结" if not granted else "同意延期"
        return ("延期申请审批结果告知", f"关于{matter.display_title}延期申请的审批结果告知",
                [f"你单位就{subject}提出的延期申请（第{event.detail('extension')}次），{result}。"
                 f"{said}"])
    return None


def notify_change(uow: UnitOfWork, change: Change, scope: Scope) -> list[Notice]:
    """Inside a command's unit of work (``run_command(..., after=notify_change)``): the
    notices the change causes — the 督办通知 of a dispatch; a 退回重办 / 补充说明 notice, an
    explanation's or an extension request's decision to the lead unit; nothing for other
    changes."""
    if change.event.kind is EventKind.DISPATCHED:
        return notify_dispatch(uow, change, scope)
    letter = _decision_letter(change)
    if letter is None:
        return []
    name, title, paragraphs = letter
    unit_id = change.event.detail("unit_id") or change.matter.lead_unit_id
    return notify_decision(uow, scope.office, change.matter,
                           source=f"event:{change.event.event_id}", kind=NoticeKind.DECISION,
                           title=title, paragraphs=paragraphs, at=change.event.occurred_at,
                           unit_id=unit_id, name=name)


# ====================================================================== read paths
def _instant(value: object, field: str) -> _dt.datetime | None:
    return None if value is None else check_instant(value, field)


def notices_for(
    uow: UnitOfWork, ctx: Context, actor: Actor, matter_id: str
) -> list[tuple[Notice, Delivery]]:
    """The notices about a matter the actor may see, each with its delivery state, in the
    order written; MatterNotFound if the actor may not see the matter."""
    check_actor(actor)
    with uow:
        load_visible(uow, actor, matter_id)
        return [(n, uow.notices.delivery(n.key)) for n in uow.notices.for_matter(matter_id)]


def list_notices(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    *,
    status: DeliveryStatus | None = None,
    since: _dt.datetime | None = None,
    until: _dt.datetime | None = None,
) -> list[tuple[Notice, Delivery]]:
    """The outbox of the offices the actor reads: the notices written in ``[since, until)``
    whose delivery is at ``status`` (any when None), about matters the actor may see, each
    with its delivery state, in the order written."""
    check_actor(actor)
    if status is not None and not isinstance(status, DeliveryStatus):
        raise InvalidInput("status", "a DeliveryStatus or None", status)
    since, until = _instant(since, "since"), _instant(until, "until")
    with uow:
        office_of(uow, actor)
        found: list[tuple[Notice, Delivery]] = []
        seen: dict[str, bool] = {}
        for notice in uow.notices.list(offices=actor.readable_offices, status=status,
                                       since=since, until=until):
            if notice.matter_id not in seen:
                try:
                    load_visible(uow, actor, notice.matter_id)
                    seen[notice.matter_id] = True
                except NotFound:
                    seen[notice.matter_id] = False
            if seen[notice.matter_id]:
                found.append((notice, uow.notices.delivery(notice.key)))
        return found


def _escalation_in_view(uow: UnitOfWork, actor: Actor, key: object) -> tuple[Escalation, Matter]:
    if not isinstance(key, str):
        raise InvalidInput("key", "an escalation key (text)", key)
    try:
        escalation = uow.escalations.get(key)
        matter = load_visible(uow, actor, escalation.matter_id)
    except NotFound:
        raise NotFound("escalation", key) from None
    return escalation, matter


def _render_escalation(
    uow: UnitOfWork, ctx: Context, actor: Actor, escalation: Escalation, matter: Matter,
    number: RegistrationNumber | None, *, interview_at: _dt.datetime | None, place: str,
    template: str | None,
) -> Document:
    office = uow.offices.get(matter.office_id)
    return escalation_document(
        actor, escalation, matter, _units(uow, matter), Issuer.for_office(office,
                                                                          template=template),
        policy=ctx.policy_of(matter), calendar=ctx.calendar_of(office), number=number,
        interview_at=interview_at, place=place,
    )


def document_for_escalation(
    uow: UnitOfWork,
    ctx: Context,
    actor: Actor,
    key: str,
    *,
    interview_at: _dt.datetime | None = None,
    place: str = "",
    template: str | None = None,
) -> Document:
    """The document of a recorded escalation (催办单, 告诫单, 约谈通知, 通报, 督查专报 …) as the
    actor may read it, with the number its notices carry, dated the day it was recorded, on
    the office's letterhead. An escalation the actor may not see is NotFound exactly as a
    missing key; one recorded before the outbox existed has no number yet (run
    :func:`backfill` once): NotFound (kind ``"notice"``). A 约谈通知 states ``interview_at``
    and ``place`` when given."""
    check_actor(actor)
    with uow:
        escalation, matter = _escalation_in_view(uow, actor, key)
        source = escalation_source(key)
        notices = [n for n in uow.notices.for_matter(matter.id) if n.source == source]
        kind = kind_for(escalation)
        if not notices and kind.code:
            raise NotFound("notice", source)
        number = notices[0].number if notices else None
        return _render_escalation(uow, ctx, actor, escalation, matter, number,
                                  interview_at=interview_at, place=place, template=template)


def document_for_notice(
    uow: UnitOfWork, ctx: Context, actor: Actor, notice_key: str, *,
    template: str | None = None,
) -> Document:
    """The document a notice sends, re-rendered from the records as the actor may read it
    (for printing or a .docx: :func:`~supervision.documents.write_docx`). NotFound when the
    notice is unknown or its matter is one the actor may not see; an escalation's notice
    renders its escalation's document, a dispatch's notice its 督办通知; other notices carry
    their document's text only (InvalidInput names :attr:`Notice.text`)."""
    check_actor(actor)
    if not isinstance(notice_key, str):
        raise InvalidInput("notice_key", "a notice key (text)", notice_key)
    with uow:
        try:
            notice = uow.notices.get(notice_key)
            matter = load_visible(uow, actor, notice.matter_id)
        except NotFound:
            raise NotFound("notice", notice_key) from None
        office = uow.offices.get(matter.office_id)
        if notice.source.startswith("escalation:"):
            escalation = uow.escalations.get(notice.source.removeprefix("escalation:"))
            return _render_escalation(uow, ctx, actor, escalation, matter, notice.number,
                                      interview_at=None, place="", template=template)
        if notice.kind is NoticeKind.ASSIGNMENT:
            return dispatch_document(actor, matter, _units(uow, matter),
                                     Issuer.for_office(office, template=template),
                                     policy=ctx.policy_of(matter))
    raise InvalidInput("notice_key", "the key of an escalation's or a dispatch's notice "
                       "(other notices carry their text: Notice.text)", notice_key)


def backfill(
    uow: UnitOfWork, ctx: Context, *, offices: Collection[str] | None = None,
    since: _dt.datetime | None = None,
) -> int:
    """Write the notices of escalations recorded without any (before the outbox existed),
    of ``offices`` (every office by default) due since ``since``; idempotent. Returns how many
    notices were written. A system task, like the sweep."""
    wanted = None if offices is None else tuple(sorted(set(check_ids(offices, "offices"))))
    since = _instant(since, "since")
    written = 0
    with uow:
        for escalation in uow.escalations.list(offices=wanted, since=since):
            source = escalation_source(escalation.key)
            if any(n.source == source for n in uow.notices.for_matter(escalation.matter_id)):
                continue
            matter = uow.matters.get(escalation.matter_id)
            written += len(notify_escalation(uow, ctx, escalation, matter))
        uow.commit()
    return written
