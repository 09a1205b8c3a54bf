"""Reading the values people type: instants, days, periods, roles, sources, categories,
policy parameters, and TOML/JSON files. Chinese labels are accepted beside the ids.

Every function raises :class:`~supervision.cli._errors.UsageError` (exit 2) naming the option
and listing what is accepted; none lets a raw ``ValueError`` out. The domain's vocabularies
(roles, sources, responsible persons) are imported by the functions that read them, so a
command that needs none (``deadline``) does not load the domain.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from supervision.calendar import SHANGHAI
from supervision.cli._errors import UsageError
from supervision.exceptions import InvalidInput
from supervision.periods import FIRST_DAY, LAST_DAY, Period
from supervision.text import day_parts

if TYPE_CHECKING:
    from supervision.domain.actors import Role
    from supervision.domain.model import Responsible, Source, SourceKind
    from supervision.domain.policy import Policy

__all__ = [
    "MAX_FILE_BYTES",
    "check_argv",
    "parse_category",
    "parse_close",
    "parse_day",
    "parse_enum",
    "parse_instant",
    "parse_parameters",
    "parse_period",
    "parse_responsible",
    "parse_roles",
    "parse_source_kind",
    "parse_start",
    "read_mapping",
    "source_of",
]

E = TypeVar("E", bound=enum.Enum)

#: The largest --file (TOML or JSON) the CLI reads.
MAX_FILE_BYTES = 1024 * 1024
_FIRST = _dt.datetime.combine(FIRST_DAY, _dt.time(0), SHANGHAI)
_LAST = _dt.datetime.combine(LAST_DAY, _dt.time(23, 59, 59), SHANGHAI)


def check_argv(argv: Sequence[str]) -> None:
    """Every argument is text a person could type: no NUL, no undecodable bytes."""
    for index, item in enumerate(argv):
        if not isinstance(item, str):
            raise UsageError(f"argument {index + 1}: expected text, got {type(item).__name__}")
        if "\x00" in item:
            raise UsageError(f"argument {index + 1}: contains a NUL character (含空字符)")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(
                f"argument {index + 1}: not valid UTF-8 text (含无法识别的字节); check the "
                "terminal's encoding"
            ) from None
        if len(item) > 100_000:
            raise UsageError(f"argument {index + 1}: longer than 100000 characters")


# ----------------------------------------------------------------------------- time
def _bounded(moment: _dt.datetime, option: str, text: str) -> _dt.datetime:
    try:
        inside = _FIRST <= moment <= _LAST
    except (OverflowError, ValueError):
        inside = False
    if not inside:
        raise UsageError(
            f"{option}: {text!r} lies outside the years the library counts (1900–2999; "
            "超出可计算的年份范围)"
        )
    return moment


def parse_instant(text: str, option: str = "--at") -> _dt.datetime:
    """An ISO 8601 date and time **with** an offset (``2026-10-08T09:00+08:00``, ``…Z``)."""
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{option}: expected a date and time with an offset such as "
            f"2026-10-08T09:00+08:00, got {text!r}"
        ) from None
    if moment.tzinfo is None or len(text) <= 10:
        raise UsageError(
            f"{option}: {text!r} has no time of day and zone (需要带时区的时间); write e.g. "
            f"{text[:10]}T09:00+08:00"
        )
    try:
        moment.utcoffset()
    except (OverflowError, ValueError):
        raise UsageError(f"{option}: {text!r} has an offset that cannot be used") from None
    return _bounded(moment, option, text)


def parse_day(text: str, option: str) -> _dt.date:
    """A day: ``2026-09-30`` or ``2026年9月30日`` (``…日前`` too; read by
    :func:`~supervision.text.day_parts`)."""
    compact = "".join(text.split())
    parts = day_parts(compact)
    try:
        if parts is not None:
            day = _dt.date(*parts)
        elif len(compact) == 10:
            day = _dt.date.fromisoformat(compact)
        else:
            raise ValueError(compact)
    except ValueError:
        raise UsageError(
            f"{option}: expected a day such as 2026-09-30 or 2026年9月30日, got {text!r}"
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageError(f"{option}: {text!r} lies outside 1900–2999 (超出可计算的年份范围)")
    return day


def parse_start(text: str, option: str = "START") -> _dt.date | _dt.datetime:
    """A day in China (``2026-09-30``) or an instant with an offset."""
    compact = text.strip()
    if len(compact) == 10 or day_parts("".join(compact.split())) is not None:
        return parse_day(compact, option)
    return parse_instant(compact, option)


def parse_close(text: str, option: str = "--close") -> _dt.time:
    """The office's closing time as wall-clock time (``17:30``)."""
    try:
        value = _dt.time.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option}: expected a time such as 17:30, got {text!r}") from None
    if value.tzinfo is not None:
        raise UsageError(f"{option}: give the office's wall-clock time without a zone, e.g. 17:30")
    return value


def parse_period(text: str, option: str = "--period") -> Period:
    """A period as the regulations write it (``3个工作日``, ``15日``, ``1个月``, ``次日``)."""
    try:
        return Period.parse(text)
    except InvalidInput as error:
        raise UsageError(
            f"{option}: expected a period such as 3个工作日, 15日, 1个月, 1小时, 次日 or 当日, "
            f"got {text!r} ({error.expected})"
        ) from None


# ----------------------------------------------------------------------------- labels
@cache
def _role_aliases() -> Mapping[str, Role]:
    from supervision.domain.actors import Role

    return {
        "督查办": Role.OFFICE_CLERK, "督查员": Role.OFFICE_CLERK, "clerk": Role.OFFICE_CLERK,
        "领导": Role.APPROVING_LEADER, "leader": Role.APPROVING_LEADER,
        "主要负责人": Role.UNIT_HEAD, "head": Role.UNIT_HEAD,
        "联络员": Role.UNIT_LIAISON, "liaison": Role.UNIT_LIAISON,
        "纪检": Role.DISCIPLINE_INSPECTION, "discipline": Role.DISCIPLINE_INSPECTION,
        "审计": Role.AUDITOR,
    }


def parse_roles(values: Iterable[str], option: str = "--role") -> frozenset[Role]:
    """Roles by id (``office_clerk``), Chinese title (督查办工作人员) or a short name (联络员);
    several may be given, repeated or separated by commas."""
    from supervision.domain.actors import Role

    found: set[Role] = set()
    for value in values:
        for part in re.split(r"[,，、]", value):
            word = part.strip()
            if not word:
                continue
            role = next((r for r in Role if word in (r.value, r.label)), None)
            role = role or _role_aliases().get(word.casefold())
            if role is None:
                accepted = "; ".join(f"{r.value} ({r.label})" for r in Role)
                raise UsageError(f"{option}: unknown role {word!r}; accepted: {accepted}")
            found.add(role)
    return frozenset(found)


def parse_enum(kind: type[E], text: str, option: str) -> E:
    """A value of ``kind`` by its id or its Chinese label."""
    word = text.strip()
    for member in kind:
        if word in (member.value, getattr(member, "label", member.value)):
            return member
    accepted = ", ".join(f"{m.value} ({getattr(m, 'label', m.value)})" for m in kind)
    raise UsageError(f"{option}: expected one of {accepted}; got {text!r}")


@cache
def _source_words() -> Mapping[str, SourceKind]:
    from supervision.domain.model import SourceKind

    return {
        "批示": SourceKind.LEADER_INSTRUCTION,
        "领导讲话": SourceKind.LEADER_SPEECH,
        "讲话": SourceKind.LEADER_SPEECH,
        "临时交办": SourceKind.TEMPORARY_ASSIGNMENT,
        "会议": SourceKind.MEETING_DECISION,
        "会议纪要": SourceKind.MEETING_DECISION,
        "会议决定": SourceKind.MEETING_DECISION,
        "文件": SourceKind.DOCUMENT,
        "人大建议": SourceKind.NPC_SUGGESTION,
        "提案": SourceKind.CPPCC_PROPOSAL,
        "热线": SourceKind.HOTLINE,
        "12345": SourceKind.HOTLINE,
        "信访": SourceKind.PETITION,
    }


def parse_source_kind(text: str, option: str = "--source") -> tuple[SourceKind, str]:
    """A source (事项来源) by id, Chinese label (领导批示), part of a label (12345热线) or the
    form users write: ``区长批示`` is a 领导批示 by 区长 (the second value is the leader, or '')."""
    from supervision.domain.model import SourceKind

    word = "".join(text.split())
    for kind in SourceKind:
        if word in (kind.value, kind.label) or word in kind.label.split("、"):
            return kind, ""
    words = _source_words()
    if word in words:
        return words[word], ""
    for suffix, kind in (("批示", SourceKind.LEADER_INSTRUCTION),
                         ("讲话", SourceKind.LEADER_SPEECH),
                         ("交办", SourceKind.TEMPORARY_ASSIGNMENT)):
        if word.endswith(suffix) and len(word) > len(suffix):
            return kind, word[: -len(suffix)]
    accepted = "; ".join(f"{k.value} ({k.label})" for k in SourceKind)
    raise UsageError(
        f"{option}: unknown source {text!r} (未知的事项来源); accepted: {accepted}; "
        "or a leader's instruction written as 区长批示 / 市长批示"
    )


def source_of(
    text: str,
    *,
    reference: str = "",
    leader: str = "",
    meeting_date: _dt.date | None = None,
    minutes_date: _dt.date | None = None,
    issued_on: _dt.date | None = None,
    option: str = "--source",
) -> Source:
    """The :class:`Source` the options describe (a meeting needs its date)."""
    from supervision.domain.model import Source, SourceKind

    kind, named = parse_source_kind(text, option)
    who = leader or named
    if kind is SourceKind.MEETING_DECISION:
        if meeting_date is None:
            raise UsageError(f"{option} {text}: a meeting decision needs --meeting-date DAY")
        return Source.meeting(meeting_date, minutes_date, reference, leader=who)
    if meeting_date is not None or minutes_date is not None:
        raise UsageError("--meeting-date / --minutes-date: only for a meeting decision "
                         "(--source 会议决定事项)")
    return Source.of(kind, reference, leader=who, issued_on=issued_on)


def parse_category(text: str, policy: Policy, option: str = "--category") -> str:
    """A category of ``policy`` by key (``important``) or Chinese label (重要事项, 重要:
    :meth:`~supervision.domain.policy.Policy.category_named`)."""
    named = policy.category_named(text)
    if named is not None:
        return named.key
    if policy.category_list:
        accepted = "; ".join(f"{c.key} ({c.label})" for c in policy.category_list)
    else:
        accepted = f"none: {policy.name} distinguishes no categories (本制度不分事项类别)"
    raise UsageError(
        f"{option}: {text!r} is not a category of {policy.name} (无此事项类别); "
        f"accepted: {accepted}"
    )


_PERSON = re.compile(r"^(?P<name>[^（(]+)[（(](?P<id>[^）)]+)[）)]$")


def parse_responsible(text: str, option: str = "--responsible") -> Responsible:
    """A responsible person: ``赵局长（head-a）``, ``赵局长(head-a)`` or a person id."""
    from supervision.domain.model import Responsible

    word = text.strip()
    match = _PERSON.match(word)
    if match is not None:
        return Responsible(match["id"].strip(), match["name"].strip())
    if not word or any(c in word for c in "（）()"):
        raise UsageError(f"{option}: expected 姓名（人员标识） or a person id, got {text!r}")
    return Responsible(word)


# ------------------------------------------------------------------------- parameters
def parse_parameters(
    items: Sequence[str], policy: Policy, option: str = "--parameter"
) -> dict[str, Any]:
    """``NAME=VALUE`` pairs typed as the policy's parameters are (true/false, whole numbers,
    decimals, text); nothing is applied here (the library checks the values)."""
    from decimal import Decimal, InvalidOperation

    current = policy.parameter_docs()
    changes: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or name not in current:
            raise UsageError(
                f"{option}: expected NAME=VALUE with NAME one of {', '.join(current)} "
                f"({policy.name}), got {item!r}"
            )
        value = current[name][0]
        if isinstance(value, bool):
            if text.strip() not in ("true", "false"):
                raise UsageError(f"{option} {name}: expected true or false, got {text!r}")
            changes[name] = text.strip() == "true"
        elif isinstance(value, int):
            try:
                changes[name] = int(text)
            except ValueError:
                raise UsageError(
                    f"{option} {name}: expected a whole number, got {text!r}") from None
        elif isinstance(value, Decimal):
            try:
                number = Decimal(text.strip())
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite() or len(text) > 30:
                raise UsageError(f"{option} {name}: expected a number such as 1.5, got {text!r}")
            changes[name] = number
        else:
            changes[name] = text
    return changes


# ----------------------------------------------------------------------------- files
def read_mapping(path: str, option: str = "--file") -> dict[str, Any]:
    """A TOML (``.toml``) or JSON file holding one table/object."""
    import json
    import tomllib
    from pathlib import Path

    target = Path(path)
    try:
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UsageError(f"{option}: {path} is larger than {MAX_FILE_BYTES} bytes")
        raw = target.read_bytes()
    except OSError as error:
        raise UsageError(f"{option}: cannot read {path} ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{option}: {path} is not UTF-8 text") from None
    try:
        if target.suffix.lower() == ".toml":
            data: object = tomllib.loads(text)
        elif target.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            raise UsageError(f"{option}: {path}: expected a .toml or .json file")
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as error:
        raise UsageError(f"{option}: {path} is not valid {target.suffix[1:]}: {error}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{option}: {path}: expected a table (TOML) or an object (JSON)")
    return data
