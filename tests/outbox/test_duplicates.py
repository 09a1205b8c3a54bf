"""The duplicate-supervision guard (《政府督查工作条例》第十五条, cited by number): a likely
repeat of a matter the office supervises is refused at registration, or registered with an
explicit override and its reason, recorded."""

from __future__ import annotations

from typing import Any

import pytest
from builders import CHINA, CLERK, CLERK_2, OTHER_CLERK, T0, UNITS, office_spec, registration

from supervision import bootstrap
from supervision.adapters.memory import InMemoryStore
from supervision.bootstrap import Supervision
from supervision.clock import FixedClock
from supervision.domain import Confidentiality, Instruction, Registration, Source, SourceKind
from supervision.domain.duplicates import (
    DuplicateGuard,
    DuplicateOverride,
    normalise_title,
    title_similarity,
)
from supervision.exceptions import DuplicateSupervision, InvalidInput, RuleViolation


def _app(guard: bool | DuplicateGuard = True) -> Supervision:
    app = bootstrap(store=InMemoryStore(), clock=FixedClock(T0), calendar=CHINA,
                    offices=[office_spec("daoli-2017")], duplicate_guard=guard)
    for unit in UNITS:
        app.add_unit(CLERK, unit)
    return app


def _daoli(**overrides: Any) -> Registration:
    fields: dict[str, Any] = {"category": "general"}
    fields.update(overrides)
    return registration(**fields)


def test_gov_inspection_15_same_source_document_and_lead_unit_is_refused() -> None:
    """The same source document (kind and reference) for the same lead unit while the first
    matter is still supervised: refused as 重复督查, naming the matter found."""
    app = _app()
    first = app.register(CLERK, _daoli(title="推进园区道路改造"))
    with pytest.raises(DuplicateSupervision) as refused:
        app.register(CLERK, _daoli(title="园区主干道提升工程"))
    assert ("duplicate_supervision", [first.id]) == (
        refused.value.rule, [c.matter_id for c in refused.value.candidates])
    assert "《政府督查工作条例》第十五条" in str(refused.value)
    assert isinstance(refused.value, RuleViolation)


def test_gov_inspection_15_same_instruction_is_a_duplicate() -> None:
    """The same leader's instruction (its reference) for the same lead unit is a repeat even
    from a differently named source."""
    app = _app()
    said = Instruction.of("区长", T0.date(), "批〔2026〕8号")
    app.register(CLERK, _daoli(instruction=said,
                               source=Source.of(SourceKind.LEADER_SPEECH, "讲话一")))
    with pytest.raises(DuplicateSupervision) as refused:
        app.register(CLERK, _daoli(title="另一个标题", instruction=said,
                                   source=Source.of(SourceKind.DOCUMENT, "文件二")))
    assert any("同一领导批示" in r for c in refused.value.candidates for r in c.reasons)


def test_gov_inspection_15_a_similar_title_is_a_duplicate() -> None:
    """Titles alike once normalised (full-width, punctuation, 关于/的通知 dropped) flag a repeat
    from another source."""
    app = _app()
    app.register(CLERK, _daoli(title="关于推进园区道路改造的通知"))
    with pytest.raises(DuplicateSupervision) as refused:
        app.register(CLERK, _daoli(title="推进园区道路改造。",
                                   source=Source.of(SourceKind.DOCUMENT, "另一文件")))
    assert any(r.startswith("标题相似度") for r in refused.value.candidates[0].reasons)


def test_gov_inspection_15_another_lead_unit_is_not_a_duplicate() -> None:
    """The same source handed to another lead unit is another matter."""
    app = _app()
    app.register(CLERK, _daoli())
    app.register(CLERK, _daoli(lead_unit_id="unit-b",
                               responsible=registration().responsible))


def test_gov_inspection_15_a_finished_matter_is_not_repeated_by_a_new_one() -> None:
    """A matter withdrawn (its period ended) is not repeated by registering the same again."""
    app = _app()
    first = app.register(CLERK, _daoli())
    app.withdraw(CLERK, first.id, reason="重复交办，撤销")
    assert app.register(CLERK, _daoli()).id != first.id


def test_gov_inspection_15_an_override_with_a_reason_registers_and_is_recorded() -> None:
    """Registered anyway with a reason: the REGISTERED event records the duplicates and the
    reason."""
    app = _app()
    first = app.register(CLERK, _daoli())
    second = app.register(CLERK, _daoli(), override=DuplicateOverride.of(
        "上级再次批示，要求单独立项", matter_ids=[first.id]))
    [event] = app.timeline(CLERK, second.id)
    assert (first.id, "上级再次批示，要求单独立项") == (
        event.detail("duplicate_of"), event.detail("duplicate_override"))


def test_gov_inspection_15_an_override_naming_matters_must_name_every_one_found() -> None:
    """An override naming other matters than those found is refused (InvalidInput)."""
    app = _app()
    app.register(CLERK, _daoli())
    with pytest.raises(InvalidInput):
        app.register(CLERK, _daoli(), override=DuplicateOverride.of("理由", matter_ids=["x"]))


def test_gov_inspection_15_a_matter_the_clerk_may_not_see_is_never_revealed() -> None:
    """A confidential matter outside the registering clerk's circle is not compared (the
    guard never reveals that it exists)."""
    app = _app()
    app.register(CLERK, _daoli(confidentiality=Confidentiality.controlled(["clerk-1"])))
    assert app.register(CLERK_2, _daoli()).number.seq == 2


def test_gov_inspection_15_another_offices_matter_is_never_a_duplicate() -> None:
    """Offices are apart: the same registration in another office is not compared."""
    app = bootstrap(store=InMemoryStore(), clock=FixedClock(T0), calendar=CHINA,
                    offices=[office_spec("daoli-2017"), office_spec("daoli-2017", "office-b")],
                    duplicate_guard=True)
    for unit in UNITS:
        app.add_unit(CLERK, unit)
        app.add_unit(OTHER_CLERK, unit)
    app.register(CLERK, _daoli())
    app.register(OTHER_CLERK, _daoli())


def test_the_guard_is_off_unless_turned_on() -> None:
    """Without duplicate_guard the same registration twice is two matters."""
    app = _app(guard=False)
    app.register(CLERK, _daoli())
    app.register(CLERK, _daoli())


def test_a_sub_matter_of_the_matter_is_never_its_duplicate() -> None:
    """分解立项: a matter registered with parent_id is linked explicitly, not repeated."""
    app = _app()
    parent = app.register(CLERK, _daoli())
    app.register(CLERK, _daoli(parent_id=parent.id))


def test_normalised_titles_ignore_form_not_substance() -> None:
    """Full-width letters, spaces and punctuation and the 关于…的通知 frame do not count."""
    plain = normalise_title("推进abc园区道路改造。")
    assert plain == normalise_title("关于推进 ＡＢＣ 园区道路改造的通知")
    assert 1.0 == title_similarity("推进园区道路改造", "推进园区道路改造！")
    assert title_similarity("推进园区道路改造", "整治农贸市场秩序") < 0.5
    assert 0.0 == title_similarity("", "推进园区道路改造")


def test_the_guards_threshold_is_checked() -> None:
    """A similarity threshold outside 0.5–1.0 is InvalidInput."""
    with pytest.raises(InvalidInput):
        DuplicateGuard.of(title_similarity=0.2)
