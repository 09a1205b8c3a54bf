"""The duplicate-supervision guard (重复督查): does a new registration repeat a matter the
office already supervises?

《政府督查工作条例》, which ``zhoucun-2021`` invokes, forbids supervising the same matter
again (the issue cites 第十五条; the article's wording could not be confirmed here, so the
library cites it by number only, docs/duplicates.md). The library's reading, as pure
functions over the registration and the office's matters:

A stored matter is a *likely duplicate* of a new registration when, at the registration
instant,

* it has the **same lead unit** (主办单位),
* its **period overlaps**: it is still under supervision (not yet finished, withdrawn or
  terminated), or its deadline or completion lies after the registration instant, and
* it rests on the **same source** — the same source document (the source's kind and its
  reference, compared after normalisation) or the same leader's instruction (the
  instruction's reference, or its leader and day) — **or** its **title is alike** (the
  normalised titles' similarity at least :attr:`DuplicateGuard.title_similarity`).

A matter registered as a sub-matter (``parent_id``) or a re-inspection (``reinspection_of``)
of a stored matter is linked explicitly and never its duplicate. A secret matter (no title)
is compared by its source only.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import unicodedata
from collections.abc import Iterable

import attrs

from supervision.clock import require_aware
from supervision.domain._text import check_text
from supervision.domain.lifecycle import Status
from supervision.domain.model import Instruction, Matter, Registration, Source
from supervision.exceptions import InvalidInput

__all__ = [
    "DuplicateCandidate",
    "DuplicateGuard",
    "DuplicateOverride",
    "find_duplicates",
    "normalise_title",
    "title_similarity",
]

#: Statuses in which a matter is still under supervision (its period has not ended).
_SUPERVISED = frozenset({
    Status.DRAFT, Status.APPROVED, Status.DISPATCHED, Status.IN_PROGRESS, Status.SUSPENDED,
    Status.REPORTED, Status.SUPPLEMENT_REQUESTED,
})
_AFFIXES = re.compile(r"^(关于)+|(的)?(督办通知|督办事项|督查事项|通知|事项)$")


@attrs.frozen
class DuplicateGuard:
    """The guard's settings: ``title_similarity`` is the least similarity (0–1) of two
    normalised titles that counts as alike (library convention: 0.85)."""

    title_similarity: float = 0.85

    @classmethod
    def of(cls, *, title_similarity: float = 0.85) -> DuplicateGuard:
        """Check and build."""
        if isinstance(title_similarity, bool) or not isinstance(title_similarity, int | float) \
                or not 0.5 <= title_similarity <= 1.0:
            raise InvalidInput("title_similarity", "a number from 0.5 to 1.0", title_similarity)
        return cls(float(title_similarity))


@attrs.frozen
class DuplicateCandidate:
    """A stored matter the new registration likely repeats, with the reasons in Chinese
    (同一主办单位, 同一来源文件…, 标题相似度0.92 …) and the title similarity found."""

    matter_id: str
    number: str
    title: str
    reasons: tuple[str, ...]
    similarity: float

    @property
    def label(self) -> str:
        """``池开督〔2026〕3号“推进园区道路改造”（同一主办单位；…）``."""
        return f"{self.number}“{self.title}”（{'；'.join(self.reasons)}）"


@attrs.frozen
class DuplicateOverride:
    """An explicit decision to register despite likely duplicates: the reason (recorded on
    the REGISTERED event) and the matters it acknowledges (empty: whatever the guard finds;
    else every matter found must be among them)."""

    reason: str
    matter_ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, reason: str, *, matter_ids: Iterable[str] = ()) -> DuplicateOverride:
        """``DuplicateOverride.of("上级再次批示，要求另行立项", matter_ids=["m-1"])``."""
        if isinstance(matter_ids, str):
            raise InvalidInput("matter_ids", "a collection of matter ids", matter_ids)
        ids = tuple(check_text(m, "matter_ids") for m in matter_ids)
        return cls(check_text(reason, "reason"), ids)


def normalise_title(title: str) -> str:
    """A title as the guard compares it: full-width forms folded (NFKC), letters in lower
    case, whitespace, punctuation and symbols removed, a leading 关于 and a trailing
    (的)通知 / 事项 / 督办通知 dropped."""
    if not isinstance(title, str):
        raise InvalidInput("title", "a string", title)
    text = unicodedata.normalize("NFKC", title).lower()
    kept = "".join(c for c in text if unicodedata.category(c)[0] not in "PSZC")
    return _AFFIXES.sub("", kept)


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are once normalised (0: nothing shared, 1: the same), by the
    longest matching blocks of characters (:class:`difflib.SequenceMatcher`); 0 when either
    is empty."""
    left, right = normalise_title(a), normalise_title(b)
    if not left or not right:
        return 0.0
    return round(difflib.SequenceMatcher(None, left, right, autojunk=False).ratio(), 4)


def _reference(text: str) -> str:
    return normalise_title(text)


def _same_source(new: Source, old: Source) -> bool:
    ref = _reference(new.reference)
    return bool(ref) and new.kind is old.kind and ref == _reference(old.reference)


def _same_instruction(new: Instruction | None, old: Instruction | None) -> bool:
    if new is None or old is None:
        return False
    if new.reference and old.reference:
        return _reference(new.reference) == _reference(old.reference)
    return new.leader.strip() == old.leader.strip() and new.on == old.on


def _overlaps(matter: Matter, at: _dt.datetime) -> bool:
    if matter.status in _SUPERVISED:
        return True
    if matter.status in (Status.WITHDRAWN, Status.TERMINATED):
        return False
    ends = [t for t in (None if matter.due is None else matter.due.due_at, matter.completed_at)
            if t is not None]
    return bool(ends) and max(ends) > at


def find_duplicates(
    registration: Registration,
    at: _dt.datetime,
    existing: Iterable[Matter],
    guard: DuplicateGuard,
) -> list[DuplicateCandidate]:
    """The stored matters (of the office, as the registering person may see them) that
    ``registration`` likely repeats at ``at``, by registration number."""
    if not isinstance(registration, Registration):
        raise InvalidInput("registration", "a Registration", registration)
    if not isinstance(guard, DuplicateGuard):
        raise InvalidInput("guard", "a DuplicateGuard", guard)
    when = require_aware(at, "at")
    linked = {registration.parent_id, registration.reinspection_of}
    found: list[tuple[Matter, DuplicateCandidate]] = []
    for matter in existing:
        if matter.id in linked or matter.lead_unit_id != registration.lead_unit_id:
            continue
        if not _overlaps(matter, when):
            continue
        reasons: list[str] = []
        if _same_source(registration.source, matter.source):
            reasons.append(f"同一来源文件（{matter.source.kind.label}"
                           f"{matter.source.reference}）")
        if _same_instruction(registration.instruction, matter.instruction):
            assert matter.instruction is not None
            reasons.append(f"同一领导批示（{matter.instruction.leader}）")
        similarity = title_similarity(registration.title, matter.title)
        if similarity >= guard.title_similarity:
            reasons.append(f"标题相似度{similarity:.2f}")
        if not reasons:
            continue
        reasons[:0] = ["同一主办单位", "办理期间重叠"]
        found.append((matter, DuplicateCandidate(
            matter.id, str(matter.number), matter.display_title, tuple(reasons), similarity,
        )))
    return [c for _m, c in sorted(found, key=lambda pair: pair[0].number)]
