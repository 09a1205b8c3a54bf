"""What the office prints and what cron runs, from the command line: ``sweep``, ``recompute``,
``ledger``, ``scorecard``, ``demo`` — each as of ``--at`` (or now, said on stderr), showing
only what the reader may see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    AFTER_HOLIDAY,
    CLERK,
    LEADER,
    Desk,
    daoli_with_matters,
    register,
    run,
)

from supervision.cli import EXIT_CALENDAR, EXIT_OK, EXIT_USAGE


@pytest.fixture
def office(tmp_path: Path) -> tuple[Desk, dict[str, dict[str, Any]]]:
    return daoli_with_matters(tmp_path)


# ============================================================================= sweep
def test_daoli_7_3_sweep_reminds_on_the_first_working_day_after_national_day(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """daoli-2017 art.7(3): a 30 September deadline is reminded (催办) on 8 October, citing
    the clause in Chinese."""
    desk, _ = office
    done = desk.ok("sweep", "--at", AFTER_HOLIDAY)
    assert "推进园区道路改造" in done.out
    assert "催办" in done.out
    assert "第七条第（三）项" in done.out


def test_sweep_run_twice_at_the_same_instant_records_nothing_new(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """The sweep is idempotent: the second run at the same --at records 0 escalations."""
    desk, _ = office
    first = desk.ok("sweep", "--at", AFTER_HOLIDAY, "--json").json()
    second = desk.ok("sweep", "--at", AFTER_HOLIDAY, "--json").json()
    assert first["escalations_recorded"] > 0
    assert (0, 0) == (second["escalations_recorded"], second["score_entries_recorded"])


def test_a_claiming_sweep_records_what_the_sweep_records(tmp_path: Path) -> None:
    """`sweep --claim` (one of several workers sharing the sweep) records the escalations
    and score entries the plain sweep records on the same office, and a second claiming
    run at the same instant records nothing new."""
    def recorded(desk: Desk, *extra: str) -> tuple[int, int, list[str]]:
        data = desk.ok("sweep", "--at", AFTER_HOLIDAY, "--json", *extra).json()
        return (data["escalations_recorded"], data["score_entries_recorded"],
                sorted(e["label"] for e in data["escalations"]))

    (tmp_path / "plain").mkdir()
    (tmp_path / "claiming").mkdir()
    plain, _ = daoli_with_matters(tmp_path / "plain")
    claiming, _ = daoli_with_matters(tmp_path / "claiming")
    expected = recorded(plain)
    assert expected[0] > 0
    assert expected == recorded(claiming, "--claim")
    assert (0, 0, []) == recorded(claiming, "--claim")


def test_sweep_shows_a_controlled_matter_only_inside_its_circle(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """daoli-2017 art.23: the default reader (审计只读) is told only that escalations on a
    controlled matter exist; a person on its access list sees them."""
    desk, _ = office
    done = desk.ok("sweep", "--at", AFTER_HOLIDAY)
    assert "拟上市企业辅导" not in done.out
    assert "不予显示" in done.out
    done = desk.ok("sweep", "--at", "2026-10-09T09:00+08:00", *CLERK)   # 约谈 the day after
    assert "拟上市企业辅导" in done.out
    assert "不予显示" not in done.out


def test_sweep_without_at_names_the_instant_it_used(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """Without --at the sweep runs at the current time, says so on stderr and in the JSON."""
    desk, _ = office
    done = desk.ok("sweep", "--json")
    data = done.json()
    assert data["at_defaulted"] is True
    assert data["at"] in done.err


def test_sweep_of_one_office_only(tmp_path: Path) -> None:
    """--only-office limits the sweep; an unknown office is exit 5."""
    desk, _ = daoli_with_matters(tmp_path)
    data = desk.ok("sweep", "--only-office", "daoli", "--at", AFTER_HOLIDAY, "--json").json()
    assert ["daoli"] == data["offices"]
    assert 5 == desk.run("sweep", "--only-office", "nowhere", "--at", AFTER_HOLIDAY).code


@pytest.mark.parametrize(
    "extra",
    [
        ("--at", "2026-10-08T09:00"),                  # naive
        ("--at", "2026-10-08"),                        # no time of day
        ("--batch-size", "0"),
        ("--batch-size", "many"),
        ("--role", "mayor"),
        ("--policy", "daoli-2017"),                    # each matter has its own policy
        ("--as-of", AFTER_HOLIDAY),                    # one instant option: --at
    ],
)
def test_sweep_bad_options_exit_2(office: tuple[Desk, dict[str, dict[str, Any]]],
                                  extra: tuple[str, ...]) -> None:
    """Malformed times, sizes, roles and options that no longer exist: exit 2."""
    desk, _ = office
    assert EXIT_USAGE == desk.run("sweep", *extra).code


# ============================================================================ ledger
def test_ledger_writes_xlsx_and_csv_with_the_rows_the_reader_may_see(
    office: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """`ledger --xlsx --csv` writes both files; the auditor's copy lacks the controlled matter;
    on 8 October the 30 September matter is 逾期 and the 15日 one 临期."""
    import openpyxl

    from supervision.ledger import HEADERS, SHEET, read_csv

    desk, _ = office
    xlsx, table = tmp_path / "台账.xlsx", tmp_path / "台账.csv"
    done = desk.ok("ledger", "--xlsx", str(xlsx), "--csv", str(table), "--at", AFTER_HOLIDAY)
    sheet = openpyxl.load_workbook(xlsx)[SHEET]
    assert list(HEADERS) == [c.value for c in sheet[2]]     # below the title line
    assert 1 + 1 + 2 == sheet.max_row                        # title, header, two visible
    assert b"\xef\xbb\xbf" == table.read_bytes()[:3]
    assert ["逾期", "临期"] == [row["督办情况"] for row in read_csv(table)]
    assert "拟上市企业辅导" not in done.out
    assert "红灯（已逾期1个工作日）" in done.out


def test_ledger_states_its_instant_office_and_policy(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """The ledger's text names the office, the policy (by its title, never its key) and the
    instant it is as of."""
    desk, _ = office
    out = desk.ok("ledger", "--at", AFTER_HOLIDAY).out
    head = out.splitlines()[:5]
    assert "道里区人民政府督查室 督办事项台账（截至2026年10月8日9时）" == head[0]
    assert "适用制度：《道里区人民政府督办检查工作制度》" == head[2]
    assert "daoli-2017" not in out


def test_ledger_as_of_is_gone_in_favour_of_at(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """issue 13.2: one option name for the instant everywhere: --as-of is refused."""
    desk, _ = office
    assert EXIT_USAGE == desk.run("ledger", "--as-of", AFTER_HOLIDAY).code


def test_ledger_needing_next_years_calendar_exits_3_unless_provisional(tmp_path: Path) -> None:
    """On 29 December the 临期 window (3 working days) reaches into 2027, whose schedule is
    not published: exit 3; --provisional counts it provisionally and answers."""
    desk, _ = daoli_with_matters(tmp_path)
    matter = register(desk, "年终总结", "--deadline", "2026-12-31",
                      at="2026-12-21T09:00+08:00")
    desk.ok("approve", matter["id"], *LEADER, "--at", "2026-12-21T10:00+08:00")
    desk.ok("dispatch", matter["id"], *CLERK, "--at", "2026-12-21T11:00+08:00")
    done = desk.run("ledger", "--at", "2026-12-29T09:00+08:00")
    assert EXIT_CALENDAR == done.code
    assert "--provisional" in done.err
    assert EXIT_OK == desk.run("ledger", "--at", "2026-12-29T09:00+08:00",
                               "--provisional").code


def test_ledger_into_a_missing_folder_is_usage(
    office: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """A target in a folder that does not exist: exit 2 before any work."""
    desk, _ = office
    done = desk.run("ledger", "--xlsx", str(tmp_path / "no" / "l.xlsx"), "--at", AFTER_HOLIDAY)
    assert EXIT_USAGE == done.code


# ========================================================================= scorecard
def test_daoli_27_scorecard_grades_each_unit_and_writes_the_assessment(
    office: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """daoli-2017 art.27: the half-year scorecard prints each unit's grade, names the
    period, and writes the .xlsx; the period may be written in Chinese."""
    import openpyxl

    from supervision.ledger import SCORE_SHEET

    desk, _ = office
    desk.ok("sweep", "--at", AFTER_HOLIDAY)
    target = tmp_path / "考核.xlsx"
    done = desk.ok("scorecard", "--period", "2026年下半年", *CLERK, "--at", AFTER_HOLIDAY,
                   "--xlsx", str(target))
    assert "2026年下半年" in done.out
    assert "经济发展局" in done.out
    sheet = openpyxl.load_workbook(target)[SCORE_SHEET]
    assert [1, "经济发展局", 3, 0] == [c.value for c in sheet[3]][:4]  # below title, header


def test_scorecard_counts_as_of_at_not_the_machines_clock(
    office: tuple[Desk, dict[str, dict[str, Any]]],
) -> None:
    """issue 13: the same --at gives the same figures whenever the command runs."""
    desk, _ = office
    desk.ok("sweep", "--at", AFTER_HOLIDAY)
    first = desk.ok("scorecard", "--period", "2026-H2", *CLERK, "--at", AFTER_HOLIDAY,
                    "--json").json()
    again = desk.ok("scorecard", "--period", "2026-H2", *CLERK, "--at", AFTER_HOLIDAY,
                    "--json").json()
    assert first["units"] == again["units"]
    assert "2026-10-08T09:00:00+08:00" == first["at"]


@pytest.mark.parametrize("period", ["2026-Q5", "26", "2026-H3", "2026-13", "明年"])
def test_scorecard_bad_period_exits_2(office: tuple[Desk, dict[str, dict[str, Any]]],
                                      period: str) -> None:
    """The period is a year, half-year, quarter or month: 2026, 2026-H1, 2026-Q3, 2026-09
    (or 2026年上半年, 2026年第三季度 …); anything else is exit 2."""
    desk, _ = office
    assert EXIT_USAGE == desk.run("scorecard", "--period", period, "--at", AFTER_HOLIDAY).code


# ========================================================================= recompute
def test_recompute_with_next_years_schedule_makes_a_provisional_deadline_firm(
    tmp_path: Path,
) -> None:
    """A lianyungang-2019 matter dispatched on 28 December 2026 counted provisionally (7个工作日,
    2027 not published) is due 7 January; once a 2027 schedule with 元旦 on 1–3 January is
    supplied, `recompute` keeps 7 January and marks it firm."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade", "--office", "lyg", "--office-name", "连云港市人民政府督查室",
            "--policy", "lianyungang-2019", "--at", "2026-12-01T09:00+08:00")
    desk.ok("unit", "add", "port", "港口集团", "--head", "port-head", *CLERK)
    matter = desk.matter("register", *CLERK, "--title", "航道疏浚", "--requirements", "按期反馈",
                         "--source", "市长批示", "--lead", "port",
                         "--responsible", "钱总（port-head）",
                         "--instruction-leader", "市长", "--instruction-date", "2026-12-27",
                         "--at", "2026-12-28T09:00+08:00")
    dispatched = desk.matter("dispatch", matter["id"], *CLERK, "--provisional",
                             "--at", "2026-12-28T09:30+08:00")
    assert ("2027-01-07", True) == (dispatched["due"]["last_day"],
                                    dispatched["due"]["provisional"])
    schedule = tmp_path / "2027.toml"
    schedule.write_text(
        'year = 2027\n[[holiday]]\nname = "元旦"\nstart = 2027-01-01\nend = 2027-01-03\n',
        encoding="utf-8")
    done = desk.ok("recompute", "--schedule", str(schedule), *CLERK,
                   "--at", "2026-12-29T09:00+08:00")
    assert "2027年1月7日（临时）→ 2027年1月7日（确定）" in done.out
    again = desk.matter("show", matter["id"], *CLERK, "--schedule", str(schedule))
    assert ("2027-01-07", False) == (again["due"]["last_day"], again["due"]["provisional"])


def test_recompute_of_one_matter(office: tuple[Desk, dict[str, dict[str, Any]]]) -> None:
    """`recompute MATTER` re-derives that matter's deadline (unchanged here) and returns it."""
    desk, matters = office
    done = desk.matter("recompute", matters["road"]["id"], *CLERK, "--at", AFTER_HOLIDAY)
    assert matters["road"]["due"] == done["due"]


# ============================================================================== demo
def test_demo_runs_the_main_example_and_keeps_its_files_with_out(tmp_path: Path) -> None:
    """`demo --out DIR` runs the daoli-2017 quarter and leaves its ledger .xlsx in DIR."""
    done = run("demo", "--out", str(tmp_path))
    assert EXIT_OK == done.code, done.err
    assert "督办事项台账" in done.out
    assert (tmp_path / "daoli-2017-台账.xlsx").is_file()


# ============================================================================ report
def test_report_html_writes_the_offices_report_without_a_hidden_matter(
    office: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """`report --html` writes one self-contained file naming the office and the instant,
    listing the matters the reader may see and never the controlled one's title; `report
    progress` still needs its MATTER."""
    desk, _ = office
    target = tmp_path / "报告.html"
    done = desk.ok("report", "--html", str(target), "--at", AFTER_HOLIDAY, "--json")
    assert [str(target)] == done.json()["written"]
    page = target.read_text(encoding="utf-8")
    assert "道里区人民政府督查室" in page
    assert "推进园区道路改造" in page
    assert "拟上市企业辅导" not in page
    assert "<script" not in page
    assert EXIT_USAGE == desk.run("report", "progress").code


def test_report_html_into_a_missing_folder_is_usage(
    office: tuple[Desk, dict[str, dict[str, Any]]], tmp_path: Path,
) -> None:
    """A target in a folder that does not exist: exit 2."""
    desk, _ = office
    done = desk.run("report", "--html", str(tmp_path / "no" / "r.html"), "--at", AFTER_HOLIDAY)
    assert EXIT_USAGE == done.code
