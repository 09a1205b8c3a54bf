"""The sweep numbers its documents when its page commits (issue 16.6): rendered first with
the series' pending number, numbered by the commit in one statement. The fast path against
the straightforward one (each document numbered as it is rendered), on the same matters."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest
from builders import CLERK, registration
from escalation_world import OFFICE, LadderWorld

from supervision.domain import Confidentiality, Role
from supervision.domain.escalation import Escalation
from supervision.domain.model import Matter
from supervision.domain.notice_numbers import pending_number
from supervision.domain.notices import Notice
from supervision.domain.policy import EscalationAction
from supervision.ports import UnitOfWork
from supervision.service_layer import outbox
from supervision.service_layer.context import Context, Scope

#: The 催 series' pending number in the office of lianyungang-2019 (连政督).
PENDING = str(pending_number("连政督催", 2026))


def _world() -> LadderWorld:
    """Matters walking the ladder: two plain, one whose confidentiality redacts the
    liaison's copy, and a secret one whose reference happens to read as the pending number
    (its 催办单 cannot be numbered later: it is numbered at once)."""
    world = LadderWorld("lianyungang-2019")
    world.dispatch("2026-09-28 10:00")
    world.dispatch("2026-09-28 11:00")
    world.dispatch("2026-09-28 12:00", confidentiality=Confidentiality.controlled(
        ["clerk-1", "head-a"], [Role.APPROVING_LEADER]))
    world.when("2026-09-29 10:00")
    secret = world.app.register(CLERK, registration(
        title="", requirements="",
        confidentiality=Confidentiality.secret(PENDING, ["clerk-1", "head-a"])))
    world.app.dispatch(CLERK, secret.id)
    for day in ("2026-10-14 09:00", "2026-10-15 09:00", "2026-10-20 09:00",
                "2026-10-27 09:00"):
        world.sweep(day)
    return world


def _straightforward(
    uow: UnitOfWork, ctx: Context, recorded: Sequence[tuple[Escalation, Matter, Scope]]
) -> list[Notice]:
    return [n for e, m, s in recorded for n in outbox.notify_escalation(uow, ctx, e, m, scope=s)]


def _notices(world: LadderWorld) -> dict[str, Notice]:
    """Every escalation's notice by key, each matter id written as its registration number
    (the ids are random: two worlds compare by number)."""
    with world.uow() as uow:
        names = {m.id: str(m.number) for m in uow.matters.list(offices=None)}
        found = [n for m in names for n in uow.notices.for_matter(m)
                 if n.source.startswith("escalation:")]

    def named(text: str) -> str:
        for matter_id, number in names.items():
            text = text.replace(matter_id, number)
        return text

    return {named(n.key): attrs.evolve(n, key=named(n.key), source=named(n.source),
                                       matter_id=named(n.matter_id)) for n in found}


def _series(notices: dict[str, Notice]) -> dict[str, list[int]]:
    """Each series' numbers, one per document (source)."""
    per_source = {(n.source, str(n.number.prefix)): n.number.seq
                  for n in notices.values() if n.number is not None}
    found: dict[str, list[int]] = {}
    for (_source, prefix), seq in per_source.items():
        found.setdefault(prefix, []).append(seq)
    return {prefix: sorted(seqs) for prefix, seqs in found.items()}


def test_documents_numbered_at_commit_read_as_documents_numbered_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same matters swept at the same instants, once numbering at commit and once
    numbering each document as it is rendered (the straightforward path): the same notices,
    word for word, but for the numbers (the pages run in matter-id order, and the ids are
    random), and in both each series gapless from 1 with one number per document — the
    secret matter whose reference reads as the pending number included (numbered at once:
    its reference stays as written)."""
    fast = _notices(_world())
    monkeypatch.setattr(outbox, "notify_escalations", _straightforward)
    slow = _notices(_world())
    assert sorted(fast) == sorted(slow)
    assert len(fast) > 10
    for key, notice in fast.items():
        other = slow[key]
        assert (notice.number is None) == (other.number is None)
        if notice.number is not None and other.number is not None:
            mine, theirs = str(notice.number), str(other.number)
            notice = attrs.evolve(notice, number=other.number,
                                  subject=notice.subject.replace(mine, theirs),
                                  text=notice.text.replace(mine, theirs))
        assert other == notice
    for found in (fast, slow):
        series = _series(found)
        assert {"连政督催", "连政督告"} <= set(series)
        assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in series.values())
    secret = [n for n in fast.values() if PENDING in n.subject + n.text and n.number]
    assert secret
    assert all(n.number is not None and n.number.seq < 10 and str(n.number) in
                          n.text for n in secret)
    assert any(n.redacted and n.number is not None for n in fast.values())


def test_notify_escalations_numbers_at_commit_only() -> None:
    """Until the commit, the notices read with the pending number; after it, with the next
    numbers of their series."""
    world = LadderWorld("lianyungang-2019")
    matter = world.dispatch("2026-09-28 10:00")
    world.sweep("2026-10-14 09:00")
    [reminder] = world.issued(EscalationAction.REMINDER, matter)
    with world.uow() as uow:
        stored = uow.matters.get(matter.id)
        # a second document of the same escalation under another source, for the test only
        other = attrs.evolve(reminder, key=reminder.key + ":again")
        staged = outbox.notify_escalations(uow, world.ctx, [(other, stored, _scope(world))])
        assert staged
        assert all(str(n.number) == PENDING for n in staged)
        uow.commit()
    sent = [n for n, _ in world.app.notices_for(CLERK, matter.id)
            if n.source == outbox.escalation_source(other.key)]
    assert {"连政督催〔2026〕2号"} == {str(n.number) for n in sent}
    assert all(PENDING not in n.text + n.subject for n in sent)


def _scope(world: LadderWorld) -> Scope:
    office = world.office()
    return Scope(office, world.policy, world.ctx.calendar_of(office),
                 world.ctx.close_of(office))


def test_a_page_builds_each_offices_issuer_once_as_for_office_builds_it() -> None:
    """``notify_escalations`` asks ``_issuers`` for each document's issuer: the very office
    (frozen) gives the issuer built for it before, equal to ``Issuer.for_office``; another
    office, or another object of the same office (read again), is built anew."""
    from supervision.documents._model import Issuer

    world = LadderWorld("lianyungang-2019")
    with world.uow() as uow:
        office = uow.offices.get(OFFICE)
    renamed = attrs.evolve(office, name=office.name + "（新）")
    issuer_of = outbox._issuers()
    first = issuer_of(office)
    assert first == Issuer.for_office(office)
    assert issuer_of(office) is first
    assert issuer_of(renamed) == Issuer.for_office(renamed) != first
    assert issuer_of(office) == first


def test_a_page_builds_each_series_pending_number_once_as_pending_builds_it() -> None:
    """``notify_escalations`` asks ``_pendings`` for each document's pending number: for
    offices whose 机关代字 and letterhead codes make the same prefix with another kind
    (``道督`` + 催 and ``道督催`` + none), every kind and two years, asked in turn and again,
    the number ``_pending`` gives (None for a kind without a series of its own)."""
    import datetime as dt

    from supervision.domain.notices import NoticeKind
    from supervision.domain.office import Letterhead

    world = LadderWorld("lianyungang-2019")
    with world.uow() as uow:
        office = uow.offices.get(OFFICE)
    offices = [attrs.evolve(office, numbering_prefix="道督", letterhead=Letterhead()),
               attrs.evolve(office, numbering_prefix="道督催", letterhead=Letterhead()),
               attrs.evolve(office, letterhead=Letterhead(code="连政督"))]
    pending = outbox._pendings()
    asked = [(o, k, dt.date(y, 5, 1)) for o in offices for k in NoticeKind for y in (2026, 2027)]
    for _round in range(2):
        for office_, kind, day in asked:
            assert pending(office_, kind, day) == outbox._pending(office_, kind, day)
    assert pending(offices[0], NoticeKind.REMINDER, dt.date(2026, 1, 1)) is not None
    assert pending(offices[1], NoticeKind.OFFICE_DUTY, dt.date(2026, 1, 1)) is None
