"""Query paths that scale: the sweep reads due matters in batches through the index (several
PostgreSQL workers share it with SKIP LOCKED), and OA callers' filters, sort keys and paging
are checked against a whitelist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
import sqlalchemy as sa

from supervision.adapters.sqlalchemy import (
    MatterQuery,
    SqlAlchemyUnitOfWork,
    UnitCounts,
    ledger_counts,
    query_matters,
    score_totals,
)
from supervision.calendar import SHANGHAI
from supervision.domain import Actor, DueDate, Role, Status
from supervision.exceptions import InvalidInput
from supervision.ports import WAKE_UNKNOWN
from supervision.testing.contract import (
    OFFICE,
    OTHER_OFFICE,
    sample_matter,
    sample_score_entry,
)

_DAY = dt.datetime(2026, 3, 10, 17, tzinfo=SHANGHAI)
#: A clerk of the office the sample matters belong to.
_CLERK = Actor.of("clerk-q", Role.OFFICE_CLERK, office_id=OFFICE)


def _store_due(
    engine: sa.Engine, count: int, *, closed_every: int = 0, office_id: str = OFFICE,
    first: int = 1,
) -> None:
    """``count`` matters of ``office_id`` due one hour apart from ``_DAY`` (ids and numbers
    from ``first``); every ``closed_every``-th closed."""
    with SqlAlchemyUnitOfWork(engine) as uow:
        for i in range(first, first + count):
            matter, _ = sample_matter(f"m-{i:03d}", i, unit_id="u-1" if i % 2 else "u-2",
                                      office_id=office_id)
            due_at = _DAY + dt.timedelta(hours=i)
            status = Status.CLOSED if closed_every and i % closed_every == 0 else (
                Status.IN_PROGRESS
            )
            uow.matters.add(attrs.evolve(
                matter, status=status,
                due=DueDate(due_at.date(), due_at.date(), due_at, False),
            ))
        uow.commit()


def test_the_sweep_reads_due_matters_in_batches(engine: sa.Engine) -> None:
    """due_batch() pages through the open matters due before an instant, by due instant,
    with keyset paging: every due matter once, closed and later ones never."""
    _store_due(engine, 12, closed_every=4)
    before = _DAY + dt.timedelta(hours=10, minutes=30)
    seen: list[str] = []
    after = None
    with SqlAlchemyUnitOfWork(engine) as uow:
        while batch := uow.matters.due_batch(before=before, limit=3, after=after):
            seen.extend(m.id for m in batch)
            last = batch[-1]
            assert last.due is not None
            after = (last.due.due_at, last.id)
    expected = [f"m-{i:03d}" for i in range(1, 11) if i % 4]
    assert expected == seen


def test_the_due_query_uses_the_index(engine: sa.Engine) -> None:
    """The database plans the due selection through the sweep_due_at index."""
    _store_due(engine, 5)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " ".join(
                str(row[-1]) for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT id FROM sv_matters "
                    "WHERE sweep_due_at < '2026-03-11' ORDER BY sweep_due_at, id"
                )
            )
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(
                str(row[0]) for row in connection.exec_driver_sql(
                    "EXPLAIN SELECT id FROM sv_matters "
                    "WHERE sweep_due_at < '2026-03-11'::timestamptz ORDER BY sweep_due_at, id"
                )
            )
    assert "ix_sv_matters_sweep_due_at" in plan


def test_the_sweep_wake_query_uses_the_wake_index(engine: sa.Engine) -> None:
    """The database plans the sweep's selection of matters due (wake_due) through the
    (wake_at, id) index."""
    _store_due(engine, 5)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = " ".join(
                str(row[-1]) for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT wake_at, id FROM sv_matters "
                    "WHERE wake_at <= '2026-03-11' ORDER BY wake_at, id LIMIT 500"
                )
            )
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(
                str(row[0]) for row in connection.exec_driver_sql(
                    "EXPLAIN SELECT wake_at, id FROM sv_matters WHERE wake_at <= "
                    "'2026-03-11'::timestamptz ORDER BY wake_at, id LIMIT 500"
                )
            )
    assert "ix_sv_matters_wake_at_id" in plan


def test_wake_pages_after_a_key_are_the_straightforward_pages(engine: sa.Engine) -> None:
    """``wake_due`` and ``claim_due`` after a key (the row comparison ``(wake_at, id) >
    after``) give exactly the pairs a plain filter of every stored wake gives: wakes shared
    by several matters, unknown ones, none (NULL) and later ones, keys stored or not, any
    page size."""
    _store_due(engine, 12)
    before = _DAY + dt.timedelta(days=2)
    wakes: dict[str, dt.datetime | None] = {}
    with SqlAlchemyUnitOfWork(engine) as uow:
        staged = []
        for i, matter in enumerate(sorted(uow.matters.list_open(limit=100), key=lambda m: m.id)):
            at = [None, WAKE_UNKNOWN, _DAY, _DAY, _DAY + dt.timedelta(hours=5), before,
                  before + dt.timedelta(seconds=1), _DAY + dt.timedelta(microseconds=1)][i % 8]
            if i % 8 == 1:
                continue  # never swept: unknown
            staged.append((matter.id, matter.version, at))
            wakes[matter.id] = at
        uow.matters.set_wakes(staged)
        uow.commit()
    with SqlAlchemyUnitOfWork(engine) as uow:
        ids = [m.id for m in uow.matters.list_open(limit=100)]
    stored = sorted((wakes.get(i, WAKE_UNKNOWN), i) for i in ids
                    if i not in wakes or wakes[i] is not None)
    due = [(w, i) for w, i in stored if w is not None and w <= before]
    keys = [None, *due, (_DAY, "m-000"), (_DAY, "m-0035"), (WAKE_UNKNOWN, ""),
            (_DAY + dt.timedelta(hours=5), "m-999"), (before, "m-999")]
    for after in keys:
        expected = [p for p in due if after is None or p > after]
        for limit in (1, 2, 3, 5, 100):
            with SqlAlchemyUnitOfWork(engine) as uow:
                assert expected[:limit] == uow.matters.wake_due(before=before, after=after,
                                                                limit=limit)
                assert expected[:limit] == uow.matters.claim_due(before=before, after=after,
                                                                 limit=limit)
                uow.rollback()


@pytest.mark.postgres
def test_postgres_seeks_a_wake_page_to_its_key(postgres_engine: sa.Engine) -> None:
    """PostgreSQL plans the keyset page of the wakes with the row comparison as a condition
    of the (wake_at, id) index (a page starts at its key, not at the index's first entry)."""
    _store_due(postgres_engine, 5)
    sent: list[tuple[str, object]] = []

    def keep(*args: object) -> None:
        if "wake_at" in str(args[2]):
            sent.append((str(args[2]), args[3]))

    sa.event.listen(postgres_engine, "before_cursor_execute", keep)
    try:
        with SqlAlchemyUnitOfWork(postgres_engine) as uow:
            uow.matters.wake_due(before=_DAY, after=(WAKE_UNKNOWN, "m-001"), limit=3)
    finally:
        sa.event.remove(postgres_engine, "before_cursor_execute", keep)
    [(statement, parameters)] = sent
    assert "(sv_matters.wake_at, sv_matters.id) >" in statement
    with postgres_engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        connection.exec_driver_sql("SET enable_sort = off")
        plan = "\n".join(str(row[0]) for row in connection.exec_driver_sql(
            "EXPLAIN " + statement, parameters))  # type: ignore[arg-type]
    assert "ix_sv_matters_wake_at_id" in plan
    cond = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "ROW(" in cond, plan


@pytest.mark.postgres
def test_postgres_workers_share_one_sweep_with_skip_locked(postgres_engine: sa.Engine) -> None:
    """Two workers claiming due matters at once get disjoint batches; after the first
    commits, its matters are free again."""
    _store_due(postgres_engine, 6)
    before = _DAY + dt.timedelta(days=1)
    one, two = SqlAlchemyUnitOfWork(postgres_engine), SqlAlchemyUnitOfWork(postgres_engine)
    with one, two:
        first = [m.id for m in one.matters.due_batch(before=before, limit=4, lock=True)]
        second = [m.id for m in two.matters.due_batch(before=before, limit=4, lock=True)]
        assert ["m-001", "m-002", "m-003", "m-004"] == first
        assert ["m-005", "m-006"] == second
        one.commit()
        two.rollback()
    with SqlAlchemyUnitOfWork(postgres_engine) as uow:
        assert 4 == len(uow.matters.due_batch(before=before, limit=4, lock=True))


def test_a_ledger_query_filters_sorts_and_pages(engine: sa.Engine) -> None:
    """Whitelisted filters, a descending sort and paging, as an OA request passes them."""
    _store_due(engine, 9, closed_every=3)
    query = MatterQuery.from_params(
        {"status": "in_progress", "unit_id": "u-1", "sort": "-due_at", "page": "2",
         "page_size": "2"}
    )
    with SqlAlchemyUnitOfWork(engine) as uow:
        page = query_matters(uow, _CLERK, query)
    assert (3, 2, 2) == (page.total, page.pages, page.page)
    assert ["m-001"] == [m.id for m in page.items]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "title; DROP TABLE matters"}, "sort"),
        ({"colour": "red"}, "colour"),
        ({"status": "finished"}, "status"),
        ({"page_size": "100000"}, "page_size"),
        ({"page": "-1"}, "page"),
        ({"due_before": "2026-03-10T09:00:00"}, "due_before"),
    ],
)
def test_parameters_off_the_whitelist_are_refused(params: dict[str, str], field: str) -> None:
    """Unknown sort keys and filters, bad values and oversized pages raise InvalidInput
    naming the parameter."""
    with pytest.raises(InvalidInput) as caught:
        MatterQuery.from_params(params)
    assert field == caught.value.fields["field"]


def test_ledger_counts_aggregate_per_lead_unit_in_sql(engine: sa.Engine) -> None:
    """Per lead unit: total, open, overdue at an instant and finished, from one GROUP BY."""
    _store_due(engine, 6, closed_every=3)
    with SqlAlchemyUnitOfWork(engine) as uow:
        counts = ledger_counts(uow, _CLERK, at=_DAY + dt.timedelta(hours=4, minutes=30))
    assert (
        UnitCounts("u-1", 3, 2, 1, 1),
        UnitCounts("u-2", 3, 2, 2, 1),
    ) == counts


def test_score_totals_sum_exact_decimals_per_unit_in_sql(engine: sa.Engine) -> None:
    """Score points are summed per unit and period in SQL, exactly."""
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.scores.add_if_absent(sample_score_entry("a", "u-1", points="-1"))
        uow.scores.add_if_absent(sample_score_entry("b", "u-1", points="0.5"))
        uow.scores.add_if_absent(sample_score_entry("c", "u-2", points="-2"))
        uow.scores.add_if_absent(sample_score_entry("d", "u-2", period="2027"))
        uow.commit()
    with SqlAlchemyUnitOfWork(engine) as uow:
        totals = score_totals(uow, _CLERK, period="2026")
    assert {"u-1": Decimal("-0.5"), "u-2": Decimal("-2")} == totals


def test_ledger_queries_see_only_the_readers_office(engine: sa.Engine) -> None:
    """Another office's matters and score entries in the same database are neither listed,
    counted nor summed for a clerk of this office; a city-level reader of both sees both."""
    _store_due(engine, 3)
    _store_due(engine, 2, office_id=OTHER_OFFICE, first=4)
    with SqlAlchemyUnitOfWork(engine) as uow:
        uow.scores.add_if_absent(sample_score_entry("a", "u-1", points="-1"))
        uow.scores.add_if_absent(sample_score_entry("b", "u-1", points="-3",
                                                    office_id=OTHER_OFFICE))
        uow.commit()
    city = Actor.of("city-1", Role.OFFICE_CLERK, office_id=OFFICE, read_offices=[OTHER_OFFICE])
    at = _DAY + dt.timedelta(days=1)
    with SqlAlchemyUnitOfWork(engine) as uow:
        page = query_matters(uow, _CLERK, MatterQuery.of())
        assert ["m-001", "m-002", "m-003"] == [m.id for m in page.items]
        assert 3 == sum(c.total for c in ledger_counts(uow, _CLERK, at=at))
        assert {"u-1": Decimal("-1")} == score_totals(uow, _CLERK, period="2026")
        assert 5 == query_matters(uow, city, MatterQuery.of()).total
        assert 5 == sum(c.total for c in ledger_counts(uow, city, at=at))
