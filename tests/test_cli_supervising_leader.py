"""zhoucun-2021 §4.4 from the command line: ``register --supervising-leader`` takes the
leader in charge as 姓名（人员标识） (or a bare person id), and ``show`` and the ledger name
the leader as a person reads it, 王副区长（vice-head-1）."""

from __future__ import annotations

from pathlib import Path

from cli_support import CLERK, REGISTERED, Desk

from supervision.cli import EXIT_USAGE
from supervision.ledger import read_csv


def _office(tmp_path: Path) -> Desk:
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade", "--office", "o1", "--office-name", "督查室", "--policy",
            "zhoucun-2021", "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head", *CLERK)
    return desk


BASE = ("register", *CLERK, "--title", "老旧小区改造",
        "--requirements", "年底前完成", "--source", "区长批示", "--lead", "econ",
        "--responsible", "econ-head", "--deadline", "15日", "--at", REGISTERED)


def test_zhoucun_4_4_register_takes_the_leader_by_name_and_show_names_them(
    tmp_path: Path,
) -> None:
    desk = _office(tmp_path)
    matter = desk.matter(*BASE, "--supervising-leader", "王副区长（vice-head-1）")
    record = desk.ok("show", matter["id"], *CLERK, "--json").json()["record"]
    assert ("vice-head-1", "王副区长") == (record["supervising_leader"],
                                          record["supervising_leader_name"])
    assert "分管领导 supervising leader: 王副区长（vice-head-1）" in desk.ok(
        "show", matter["id"], *CLERK).out
    desk.ok("ledger", *CLERK, "--csv", str(tmp_path / "台账.csv"), "--at", REGISTERED)
    assert ["王副区长（vice-head-1）"] == [row["分管领导"]
                                           for row in read_csv(tmp_path / "台账.csv")]


def test_zhoucun_4_4_a_bare_person_id_is_the_leader_without_a_name(tmp_path: Path) -> None:
    desk = _office(tmp_path)
    matter = desk.matter(*BASE, "--supervising-leader", "vice-head-1")
    record = desk.ok("show", matter["id"], *CLERK, "--json").json()["record"]
    assert ("vice-head-1", "") == (record["supervising_leader"],
                                   record["supervising_leader_name"])
    assert "分管领导 supervising leader: vice-head-1\n" in desk.ok(
        "show", matter["id"], *CLERK).out + "\n"


def test_zhoucun_4_4_a_registration_file_takes_the_leader_by_name(tmp_path: Path) -> None:
    desk = _office(tmp_path)
    path = tmp_path / "立项.toml"
    path.write_text('supervising_leader = "王副区长（vice-head-1）"\n', encoding="utf-8")
    matter = desk.matter(*BASE, "--file", str(path))
    record = desk.ok("show", matter["id"], *CLERK, "--json").json()["record"]
    assert ("vice-head-1", "王副区长") == (record["supervising_leader"],
                                          record["supervising_leader_name"])


def test_zhoucun_4_4_a_leader_that_is_not_name_and_id_is_a_usage_error(tmp_path: Path) -> None:
    done = _office(tmp_path).run(*BASE, "--supervising-leader", "王副区长（vice-head-1")
    assert EXIT_USAGE == done.code
    assert "--supervising-leader" in done.err
