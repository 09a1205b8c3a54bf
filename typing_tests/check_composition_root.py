"""Type-checked, never run: a host's start-up code on the composition root (bootstrap) under
``mypy --strict`` — every use case a method, the actor first, then the subject."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from supervision import (
    SHANGHAI,
    Actor,
    Context,
    FixedClock,
    Matter,
    OfficeSpec,
    Role,
    Supervision,
    UnitOfWork,
    bootstrap,
)
from supervision.domain import (
    DeadlineTerms,
    Escalation,
    Office,
    Registration,
    Responsible,
    Scorecard,
    Source,
    SourceKind,
    Unit,
)
from supervision.domain.scorecard import ScorePeriod
from supervision.periods import Period
from supervision.service_layer import LedgerRow, SweepSummary

OFFICES: Sequence[OfficeSpec] = [
    OfficeSpec("daoli", "道里区人民政府督查室", "daoli-2017"),
    OfficeSpec("chizhou", "池州经开区督查室", "chizhou-2021",
               parameters={"streak_scope": "per_matter"}, close_time=dt.time(17, 30)),
]


def start(url: str | None = None) -> Supervision:
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI))
    return bootstrap(url=url, clock=clock, offices=OFFICES, migrate=url is not None)


def a_day_at_the_office(app: Supervision) -> None:
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="daoli", name="张三")
    unit: Unit = app.add_unit(clerk, Unit.create("econ", "经济发展局", head_id="econ-head"))
    matter: Matter = app.register(clerk, Registration(
        title="推进园区道路改造", requirements="按期完成", lead_unit_id=unit.id,
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "区长批示", leader="区长"),
        responsible=(Responsible("econ-head", "赵局长", unit.id),),
        deadline=DeadlineTerms.stated(Period.days(15)),
    ))
    dispatched: Matter = app.dispatch(clerk, matter.id)
    summary: SweepSummary = app.sweep()
    only_daoli: SweepSummary = app.sweep(offices=["daoli"], batch_size=50)
    issued: list[Escalation] = app.escalations_for(clerk, dispatched.id)
    cards: tuple[Scorecard, ...] = app.scorecard(clerk, ScorePeriod.of_year(2026))
    rows: list[LedgerRow] = app.ledger(clerk)
    office: Office = app.office(clerk)
    ctx: Context = app.context
    uow: UnitOfWork = app.uow()
    print(summary, only_daoli, issued, cards, rows, office, ctx, uow)
    app.dispose()


def misuse(app: Supervision, clerk: Actor, registration: Registration) -> None:
    app.register(registration, clerk)  # type: ignore[arg-type]
    app.dispatch("matter-1", clerk)  # type: ignore[arg-type]
    app.sweep(["daoli"])  # type: ignore[call-arg]
    bootstrap(offices=OfficeSpec("daoli", "道里", "daoli-2017"))  # type: ignore[arg-type]
    app.scorecard(clerk, 2026)  # type: ignore[arg-type]
