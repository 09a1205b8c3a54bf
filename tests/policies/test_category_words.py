"""The user's words for a category (事项类别) are accepted wherever one is given: its key,
its label, the label without a note in brackets or without its closing 事项 / 类 — one
reading (``Policy.category_named``) for registration, default deadlines, the command line
and the ledger import; an unknown one is refused naming the policy's labels."""

from __future__ import annotations

import pytest
from builders import CLERK, app_for, registration
from cli_support import run

from supervision import policies
from supervision.domain import Source, SourceKind
from supervision.exceptions import InvalidInput, UnknownCategory
from supervision.ledger import parse_category
from supervision.service_layer.registration import default_terms

_FORMS = [
    ("chizhou-2021", "important",
     ("important", "重要事项", "重要", " 重要 事项 ", "重要\u3000事项")),
    ("chizhou-2021", "short", ("3日事项（原文未命名）", "3日事项", "3日")),
    ("tongren-2014", "urgent", ("紧急事项", "紧急")),
    ("tongren-2014", "research", ("专题调研类", "专题调研")),
    ("daoli-2017", "complex", ("涉及面较广、问题复杂需要反复协调的事项",)),
]


@pytest.mark.parametrize(("policy", "key", "words"), _FORMS)
def test_a_category_is_named_by_its_key_its_label_and_the_labels_short_forms(
    policy: str, key: str, words: tuple[str, ...]
) -> None:
    named = policies.get(policy)
    assert [key] * len(words) == [
        getattr(named.category_named(w), "key", None) for w in words]


def test_words_naming_no_category_name_none() -> None:
    """Neither text that names no category, an empty one, nor a form two categories would
    share (事项 alone is no category's) names one; nothing but text is read."""
    chizhou = policies.get("chizhou-2021")
    assert [None] * 5 == [chizhou.category_named(w) for w in ("紧急", "", "  ", "事项", "类")]
    assert None is chizhou.category_named(3)  # type: ignore[arg-type]
    assert None is policies.get("zhoucun-2021").category_named("一般")


def test_chizhou_2021_7_2_registering_with_the_short_form_stores_the_key_and_its_default() -> None:
    """chizhou-2021 §7.2 重要事项15日内办结: registered as 「重要」, the matter is an
    ``important`` one with its 15-day default."""
    app = app_for("chizhou-2021")
    matter = app.register(CLERK, registration(category="重要"))
    assert "important" == matter.category
    assert matter.terms.period is not None
    assert 15 == matter.terms.period.count


def test_an_unknown_category_is_refused_naming_the_policys_labels() -> None:
    app = app_for("chizhou-2021")
    with pytest.raises(UnknownCategory) as raised:
        app.register(CLERK, registration(category="紧急"))
    assert "category" == raised.value.field
    assert "重要事项（important）" in str(raised.value)


def test_tongren_2014_7_the_default_deadline_of_a_category_given_in_words() -> None:
    """tongren-2014 art.7 紧急事项3个工作日: default_terms reads 「紧急」."""
    terms = default_terms(policies.get("tongren-2014"), "紧急",
                          Source.of(SourceKind.LEADER_INSTRUCTION, "区长批示", leader="区长"))
    assert terms.period is not None
    assert (3, "3个工作日") == (terms.period.count, terms.period.label)


def test_the_command_line_reads_the_short_form() -> None:
    """tongren-2014 art.7: `deadline --policy tongren-2014 --category 紧急` from Monday
    2026-09-28 runs 3 working days: 29 and 30 September, then 8 October after National Day."""
    done = run("deadline", "2026-09-28T09:00+08:00", "--policy", "tongren-2014",
               "--category", "紧急", "--json")
    assert 0 == done.code, done.err
    assert "2026-10-08" == done.json()["last_day"]


def test_the_ledger_import_reads_the_short_form() -> None:
    tongren = policies.get("tongren-2014")
    assert ("urgent", None) == (parse_category("紧 急", tongren), parse_category("", tongren))
    with pytest.raises(InvalidInput, match="紧急事项"):
        parse_category("特急", tongren)
