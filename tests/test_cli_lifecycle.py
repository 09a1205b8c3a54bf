"""A matter's lifecycle from the command line alone: register (options, TOML, JSON, Chinese
labels), approve, dispatch, acknowledge, report, confirm-signoff, review, explain, extend,
complete, close, archive, reinspect, suspend/resume/withdraw/terminate, show/timeline/list,
and import — each refusal with its documented exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import (
    CLERK,
    DAOLI,
    HEAD,
    LEADER,
    LIAISON,
    REGISTERED,
    Desk,
    daoli_office,
    dispatched,
    register,
    run,
)

from supervision.cli import (
    EXIT_CONFLICT,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PERMISSION,
    EXIT_RULE,
    EXIT_USAGE,
)

FINAL = ("--situation", "已完成道路改造", "--measures", "分段施工", "--results", "已通车",
         "--problems", "无", "--suggestions", "无")


def test_a_whole_lifecycle_runs_from_the_cli_alone_on_a_fresh_database(tmp_path: Path) -> None:
    """db upgrade → office add → unit add → register → approve → dispatch → acknowledge →
    report final (by the liaison, signed off by the head) → confirm-signoff → review accept
    → complete → close: the ledger and the scorecard then show the matter, on time."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade")
    desk.ok("office", "add", "daoli", "道里区人民政府督查室", "--policy", DAOLI,
            "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head", "--liaison",
            "econ-liaison", *CLERK)
    matter = register(desk, "推进园区道路改造")
    number = matter["number"]
    assert "哈里政督〔2026〕1号" == number
    desk.ok("approve", number, *LEADER, "--at", "2026-09-25T11:00+08:00")
    assert "2026-09-30" == desk.matter("dispatch", number, *CLERK,
                                       "--at", "2026-09-25T14:00+08:00")["due"]["last_day"]
    desk.ok("acknowledge", number, *LIAISON, "--at", "2026-09-26T09:00+08:00")
    desk.ok("report", "final", number, *LIAISON, *FINAL, "--signer", "econ-head",
            "--at", "2026-09-28T09:00+08:00")
    desk.ok("confirm-signoff", number, *HEAD, "--at", "2026-09-28T10:00+08:00")
    desk.ok("review", "accept", number, *CLERK, "--at", "2026-09-28T11:00+08:00")
    desk.ok("complete", number, *CLERK, "--at", "2026-09-28T12:00+08:00")
    closed = desk.matter("close", number, *CLERK, "--note", "办结销号",
                         "--at", "2026-09-28T13:00+08:00")
    assert "closed" == closed["status"]
    ledger = desk.ok("ledger", "--at", "2026-09-30T09:00+08:00", "--json").json()
    assert [(number, "按期办结")] == [(r["number"], r["outcome"]) for r in ledger["matters"]]
    cards = desk.ok("scorecard", "--period", "2026-H2", *CLERK,
                    "--at", "2026-09-30T09:00+08:00", "--json").json()["units"]
    assert [("经济发展局", 1, 1)] == [(c["unit"], c["assigned"], c["completed_on_time"])
                                     for c in cards]


def test_daoli_art_10_a_liaisons_sign_off_must_be_confirmed_before_acceptance(
    tmp_path: Path,
) -> None:
    """A sign-off the liaison recorded for the head cannot be accepted (exit 7, 待本人确认)
    until the head confirms it as themselves; another person cannot confirm it (exit 6)."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    desk.ok("report", "final", matter, *LIAISON, *FINAL, "--signer", "econ-head",
            "--at", "2026-09-28T09:00+08:00")
    done = desk.run("review", "accept", matter, *CLERK, "--at", "2026-09-28T10:00+08:00")
    assert EXIT_RULE == done.code
    assert "尚待本人确认" in done.err
    done = desk.run("confirm-signoff", matter, "--actor", "someone", "--role", "主要负责人",
                    "--unit", "econ", "--at", "2026-09-28T10:00+08:00")
    assert EXIT_PERMISSION == done.code


def test_a_final_report_without_a_sign_off_names_the_option(tmp_path: Path) -> None:
    """daoli-2017 requires the head's sign-off: without --signer exit 7 naming it."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    done = desk.run("report", "final", matter, *LIAISON, *FINAL, "--at", "2026-09-28T09:00+08:00")
    assert EXIT_RULE == done.code
    assert "--signer" in done.err


def test_a_head_reporting_signs_off_as_themselves(tmp_path: Path) -> None:
    """The unit head submitting the final report signs it off on the spot (confirmed)."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    desk.ok("report", "final", matter, *HEAD, *FINAL, "--at", "2026-09-28T09:00+08:00")
    assert EXIT_OK == desk.run("review", "accept", matter, *CLERK,
                               "--at", "2026-09-28T10:00+08:00").code


# ============================================================================ register
def test_register_reads_a_toml_file_and_options_win_over_it(tmp_path: Path) -> None:
    """--file FILE.toml gives the fields; an option given as well wins."""
    desk = daoli_office(tmp_path)
    path = tmp_path / "matter.toml"
    path.write_text(
        'title = "编制产业规划"\nrequirements = "按期报送"\nsource = "区长批示"\n'
        'lead = "econ"\nresponsible = ["赵局长（econ-head）"]\ncategory = "一般事项"\n'
        "instruction_date = 2026-09-24\ninstruction_leader = \"区长\"\n",
        encoding="utf-8")
    matter = desk.matter("register", *CLERK, "--file", str(path), "--title", "编制产业规划（修订）",
                         "--at", REGISTERED)
    assert ("编制产业规划（修订）", "general", "leader_instruction") == (
        matter["title"], matter["category"], matter["source"])


def test_register_reads_a_json_file(tmp_path: Path) -> None:
    """--file FILE.json works the same; an unknown field is exit 2 listing the fields."""
    desk = daoli_office(tmp_path)
    fields: dict[str, Any] = {"title": "拟上市企业辅导", "requirements": "按期报送",
                              "source": "leader_instruction", "source_leader": "区长",
                              "lead": "econ", "responsible": "econ-head",
                              "deadline": "3个工作日"}
    path = tmp_path / "matter.json"
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    matter = desk.matter("register", *CLERK, "--file", str(path), "--at", REGISTERED)
    assert "3个工作日" == matter["deadline"]
    path.write_text(json.dumps({**fields, "colour": "red"}), encoding="utf-8")
    done = desk.run("register", *CLERK, "--file", str(path), "--at", REGISTERED)
    assert EXIT_USAGE == done.code
    assert "colour" in done.err


@pytest.mark.parametrize(
    ("deadline", "label"),
    [("15日", "15日"), ("3个工作日", "3个工作日"), ("1个月", "1个月"), ("次日", "次日"),
     ("2026-10-30", "2026年10月30日前"), ("2026年10月30日", "2026年10月30日前")],
)
def test_register_accepts_deadlines_as_the_notices_write_them(
    tmp_path: Path, deadline: str, label: str
) -> None:
    """办理时限 may be a period as written or a day, in ISO or Chinese form."""
    matter = register(daoli_office(tmp_path), "按期办理", "--deadline", deadline)
    assert label == matter["deadline"]


def test_register_accepts_a_category_by_key_and_shows_it_by_label(tmp_path: Path) -> None:
    """daoli-2017 art.7(2): the category `urgent` (紧急事项) gets 2日 by default."""
    desk = daoli_office(tmp_path)
    matter = register(desk, "防汛物资核查", "--category", "urgent")
    assert ("urgent", "2日") == (matter["category"], matter["deadline"])
    assert "紧急事项" in desk.ok("show", matter["id"], *CLERK).out


def test_an_unknown_category_is_refused_listing_the_policys_categories(tmp_path: Path) -> None:
    """A category the policy does not know: exit 2, listing its categories in Chinese."""
    done = daoli_office(tmp_path).run(
        "register", *CLERK, "--title", "x", "--source", "区长批示", "--lead", "econ",
        "--responsible", "econ-head", "--category", "重要事项", "--at", REGISTERED)
    assert EXIT_USAGE == done.code
    assert "紧急事项" in done.err


def test_an_unknown_source_is_refused_listing_the_accepted_sources(tmp_path: Path) -> None:
    """An unknown 事项来源: exit 2 listing the labels, and the 区长批示 form."""
    done = daoli_office(tmp_path).run(
        "register", *CLERK, "--title", "x", "--source", "小道消息", "--lead", "econ",
        "--responsible", "econ-head", "--at", REGISTERED)
    assert EXIT_USAGE == done.code
    assert "会议决定事项" in done.err
    assert "区长批示" in done.err


def test_a_meeting_decision_needs_its_meeting_date(tmp_path: Path) -> None:
    """--source 会议决定事项 without --meeting-date is exit 2; with it the matter is
    registered as a meeting decision."""
    desk = daoli_office(tmp_path)
    base = ("register", *CLERK, "--title", "会议议定事项", "--requirements", "按期落实",
            "--source", "会议决定事项",
            "--lead", "econ", "--responsible", "econ-head", "--deadline", "10日",
            "--at", REGISTERED)
    assert EXIT_USAGE == desk.run(*base).code
    matter = desk.matter(*base, "--meeting-date", "2026-09-24")
    assert "meeting_decision" == matter["source"]


def test_daoli_7_2_a_missing_deadline_names_the_option(tmp_path: Path) -> None:
    """With neither a category with a default nor a deadline: exit 7 naming --deadline."""
    done = daoli_office(tmp_path).run(
        "register", *CLERK, "--title", "x", "--source", "重要文件", "--lead", "econ",
        "--responsible", "econ-head", "--at", REGISTERED)
    assert EXIT_RULE == done.code
    assert "--deadline" in done.err


def _office(tmp_path: Path, policy: str) -> Desk:
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade", "--office", "o1", "--office-name", "督查室", "--policy", policy,
            "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head", *CLERK)
    return desk


def test_lianyungang_5_1_registration_needs_the_leaders_instruction(tmp_path: Path) -> None:
    """lianyungang-2019 §5.1: without the 批示 exit 7 naming the options; with them the
    matter is registered."""
    desk = _office(tmp_path, "lianyungang-2019")
    base = ("register", *CLERK, "--title", "航道疏浚", "--requirements", "按期反馈",
            "--source", "市长批示", "--lead", "econ", "--responsible", "econ-head",
            "--at", REGISTERED)
    done = desk.run(*base)
    assert EXIT_RULE == done.code
    assert "--instruction-leader" in done.err
    matter = desk.matter(*base, "--instruction-leader", "市长", "--instruction-date",
                         "2026-09-24", "--main-leader")
    assert "连政督〔2026〕1号" == matter["number"]


def test_zhoucun_4_4_registration_needs_the_supervising_leader(tmp_path: Path) -> None:
    """zhoucun-2021 §4.4: without --supervising-leader exit 7 naming it."""
    desk = _office(tmp_path, "zhoucun-2021")
    done = desk.run("register", *CLERK, "--title", "老旧小区改造", "--source", "区长批示",
                    "--lead", "econ", "--responsible", "econ-head", "--deadline", "15日",
                    "--at", REGISTERED)
    assert EXIT_RULE == done.code
    assert "--supervising-leader" in done.err


def test_register_by_the_default_auditor_is_refused(tmp_path: Path) -> None:
    """审计只读 (the default role) may not register: exit 6."""
    done = daoli_office(tmp_path).run(
        "register", "--title", "x", "--source", "区长批示", "--lead", "econ",
        "--responsible", "econ-head", "--category", "general", "--at", REGISTERED)
    assert EXIT_PERMISSION == done.code


# ======================================================================== the steps
def test_a_stale_expected_version_is_a_conflict(tmp_path: Path) -> None:
    """--expected-version that is no longer the matter's: exit 8 and nothing changes."""
    desk = daoli_office(tmp_path)
    matter = register(desk, "推进园区道路改造")
    desk.ok("approve", matter["id"], *LEADER, "--expected-version", "1",
            "--at", "2026-09-25T11:00+08:00")
    done = desk.run("dispatch", matter["id"], *CLERK, "--expected-version", "1",
                    "--at", "2026-09-25T14:00+08:00")
    assert EXIT_CONFLICT == done.code
    assert "approved" == desk.matter("show", matter["id"], *CLERK)["status"]


def test_dispatching_a_draft_is_refused_where_approval_is_required(tmp_path: Path) -> None:
    """daoli-2017 art.7(1) 审定 before 交办: dispatching a draft is exit 7."""
    desk = daoli_office(tmp_path)
    matter = register(desk, "推进园区道路改造")
    assert EXIT_RULE == desk.run("dispatch", matter["id"], *CLERK, "--at", REGISTERED).code


def test_a_confidential_matter_is_not_found_exactly_like_a_missing_one(tmp_path: Path) -> None:
    """daoli-2017 art.23: outside the circle of knowledge a controlled matter is exit 5 with
    the same message as a missing id."""
    desk = daoli_office(tmp_path)
    matter = register(desk, "拟上市企业辅导", "--confidentiality", "controlled",
                      "--designated", "clerk-1")
    hidden = desk.run("show", matter["id"], "--role", "督查办工作人员", "--actor", "clerk-2")
    missing = desk.run("show", "x" * len(matter["id"]), "--role", "督查办工作人员",
                       "--actor", "clerk-2")
    assert EXIT_NOT_FOUND == hidden.code == missing.code
    assert hidden.err.replace(matter["id"], "ID") == missing.err.replace("x" * len(
        matter["id"]), "ID")


def test_a_matter_may_be_named_by_its_registration_number(tmp_path: Path) -> None:
    """Commands take the registration number in place of the id."""
    desk = daoli_office(tmp_path)
    matter = register(desk, "推进园区道路改造")
    assert matter["id"] == desk.matter("show", "哈里政督〔2026〕1号", *CLERK)["id"]


def test_progress_plan_and_contribution_reports(tmp_path: Path) -> None:
    """The lead unit reports progress and its plan; a co-unit contributes (协办意见)."""
    desk = daoli_office(tmp_path)
    desk.ok("unit", "add", "plan", "发展改革局", "--liaison", "plan-liaison", *CLERK)
    matter = dispatched(desk, "推进园区道路改造", "--co", "plan")["id"]
    desk.ok("report", "plan", matter, *LIAISON, "--situation", "拟分三段施工",
            "--at", "2026-09-26T09:00+08:00")
    desk.ok("report", "progress", matter, *LIAISON, "--situation", "第一段完工",
            "--at", "2026-09-27T09:00+08:00")
    desk.ok("report", "contribute", matter, "--actor", "plan-liaison", "--role", "联络员",
            "--unit", "plan", "--situation", "已配合审批", "--at", "2026-09-27T10:00+08:00")
    kinds = [e["kind"] for e in desk.ok("timeline", matter, *CLERK, "--json").json()["events"]]
    assert ["progress_reported", "progress_reported", "contributed"] == kinds[-3:]


def test_a_final_report_missing_a_part_is_refused_as_usage(tmp_path: Path) -> None:
    """daoli-2017 art.8(4):1 five parts: a final report without --suggestions is exit 2."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    done = desk.run("report", "final", matter, *HEAD, *FINAL[:-2], "--at", REGISTERED)
    assert EXIT_USAGE == done.code
    assert "--suggestions" in done.err


def test_review_return_and_supplement_then_the_units_answer(tmp_path: Path) -> None:
    """daoli-2017 art.10: the office asks for a supplement (the unit supplies it), then
    returns the report for redo (a second round follows)."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    desk.ok("report", "final", matter, *HEAD, *FINAL, "--at", "2026-09-28T09:00+08:00")
    assert "supplement_requested" == desk.matter(
        "review", "supplement", matter, *CLERK, "--opinion", "请补充验收材料",
        "--at", "2026-09-28T10:00+08:00")["status"]
    desk.ok("report", "supplement", matter, *HEAD, "--situation", "验收材料已补充",
            "--at", "2026-09-28T11:00+08:00")
    returned = desk.matter("review", "return", matter, *CLERK, "--opinion", "未达要求",
                           "--redo-due", "2026-10-15", "--at", "2026-09-28T12:00+08:00")
    assert "in_progress" == returned["status"]


def test_explain_and_the_offices_decision(tmp_path: Path) -> None:
    """情况说明 by the unit (the deadline does not move), then the office rejects it."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")
    explained = desk.matter("explain", matter["id"], *LIAISON, "--reason-kind", "客观原因",
                            "--text", "雨季停工", "--at", "2026-09-28T09:00+08:00")
    assert matter["due"] == explained["due"]
    desk.ok("decide-explanation", matter["id"], "1", "--reject", "--opinion", "理由不充分",
            *CLERK, "--at", "2026-09-28T10:00+08:00")
    record = desk.ok("show", matter["id"], *CLERK, "--json").json()["record"]
    assert "rejected" == record["explanations"][0]["decision"]


def test_extensions_where_the_office_enabled_them(tmp_path: Path) -> None:
    """With extensions_enabled=true the lead unit asks for a later day and the leader grants
    it: the due day moves."""
    desk = Desk.at(tmp_path)
    desk.ok("db", "upgrade", "--office", "daoli", "--office-name", "道里区人民政府督查室",
            "--policy", DAOLI, "--parameter", "extensions_enabled=true",
            "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head",
            "--liaison", "econ-liaison", *CLERK)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    desk.ok("extend", "request", matter, *LIAISON, "--day", "2026-10-16", "--reason", "施工期长",
            "--at", "2026-09-28T09:00+08:00")
    granted = desk.matter("extend", "decide", matter, "1", "--grant", *LEADER,
                          "--at", "2026-09-28T10:00+08:00")
    assert "2026-10-16" == granted["due"]["last_day"]


def test_extensions_are_refused_where_the_policy_has_none(tmp_path: Path) -> None:
    """daoli-2017 without the parameter: an extension request is exit 7."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")["id"]
    assert EXIT_RULE == desk.run("extend", "request", matter, *LIAISON, "--day", "2026-10-16",
                                 "--reason", "施工期长", "--at", "2026-09-28T09:00+08:00").code


def test_suspend_resume_withdraw_and_terminate(tmp_path: Path) -> None:
    """中止 and 恢复 move the due day by the working days paused; 撤销 (of a draft) needs a
    reason; 终止 is the leader's."""
    desk = daoli_office(tmp_path)
    first = dispatched(desk, "推进园区道路改造")
    desk.ok("suspend", first["id"], *CLERK, "--reason", "等待规划批复",
            "--at", "2026-09-28T09:00+08:00")
    resumed = desk.matter("resume", first["id"], *CLERK, "--at", "2026-09-29T09:00+08:00")
    assert resumed["due"]["last_day"] > first["due"]["last_day"]
    draft = register(desk, "重复立项的事项")["id"]
    assert EXIT_USAGE == desk.run("withdraw", draft, *CLERK).code  # --reason required
    assert "withdrawn" == desk.matter("withdraw", draft, *CLERK, "--reason", "重复立项",
                                      "--at", "2026-09-29T10:00+08:00")["status"]
    second = first["id"]
    assert EXIT_PERMISSION == desk.run("terminate", second, *CLERK, "--reason", "任务取消",
                                       "--at", "2026-09-29T10:00+08:00").code
    assert "terminated" == desk.matter("terminate", second, *LEADER, "--reason", "任务取消",
                                       "--at", "2026-09-29T10:00+08:00")["status"]


def _closed(desk: Desk) -> str:
    matter = dispatched(desk, "推进园区道路改造")["id"]
    desk.ok("report", "final", matter, *HEAD, *FINAL, "--at", "2026-09-28T09:00+08:00")
    desk.ok("review", "accept", matter, *CLERK, "--at", "2026-09-28T10:00+08:00")
    desk.ok("complete", matter, *CLERK, "--at", "2026-09-28T11:00+08:00")
    desk.ok("close", matter, *CLERK, "--at", "2026-09-28T12:00+08:00")
    return matter


def test_archive_after_close(tmp_path: Path) -> None:
    """归档 of a closed matter."""
    desk = daoli_office(tmp_path)
    matter = _closed(desk)
    assert "archived" == desk.matter("archive", matter, *CLERK,
                                     "--at", "2026-10-09T09:00+08:00")["status"]


def test_lianyungang_7_3_reinspect_reopens_or_opens_a_linked_matter(tmp_path: Path) -> None:
    """回头看: --linked registers a new matter linked to the closed one; without it the
    closed matter is reopened for a new round."""
    desk = daoli_office(tmp_path)
    matter = _closed(desk)
    linked = desk.matter("reinspect", matter, *CLERK, "--deadline", "15日", "--reason",
                         "群众反映路面开裂", "--linked", "--at", "2026-10-09T09:00+08:00")
    assert linked["title"].startswith("回头看：")
    reopened = desk.matter("reinspect", matter, *CLERK, "--deadline", "2026-10-30",
                           "--reason", "复查", "--at", "2026-10-09T10:00+08:00")
    assert (matter, "in_progress") == (reopened["id"], reopened["status"])


def test_list_filters_by_status_and_shows_only_what_the_actor_may_see(tmp_path: Path) -> None:
    """`list --status 待审定` lists drafts; the auditor does not see a controlled matter."""
    desk = daoli_office(tmp_path)
    dispatched(desk, "推进园区道路改造")
    register(desk, "编制产业规划")
    register(desk, "拟上市企业辅导", "--confidentiality", "controlled", "--designated", "clerk-1")
    drafts = desk.ok("list", *CLERK, "--status", "待审定", "--json").json()["matters"]
    assert ["拟上市企业辅导", "编制产业规划"] == sorted(m["title"] for m in drafts)
    seen = desk.ok("list", "--json").json()["matters"]
    assert ["推进园区道路改造", "编制产业规划"] == [m["title"] for m in seen]


def test_timeline_lists_the_events_in_order(tmp_path: Path) -> None:
    """`timeline` prints every recorded event: 已立项, 已审定, 已交办."""
    desk = daoli_office(tmp_path)
    matter = dispatched(desk, "推进园区道路改造")
    events = desk.ok("timeline", matter["id"], *CLERK).out.splitlines()[1:]
    assert ["已立项", "已审定", "已交办"] == [line.split("  ")[3] for line in events]


# ============================================================================ import
def test_import_registers_every_row_of_an_xlsx_ledger(tmp_path: Path) -> None:
    """`import FILE.xlsx` registers one matter per row, numbered in order."""
    import openpyxl

    from supervision.ledger import IMPORT_HEADERS

    desk = daoli_office(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    headers = list(IMPORT_HEADERS)
    sheet.append(headers)
    for title in ("推进园区道路改造", "编制产业规划"):
        row = {"督办事项": title, "主办单位": "经济发展局", "事项来源": "领导批示",
               "办理要求": "按期报送", "责任人": "赵局长（econ-head）", "办理时限": "15日",
               "事项类别": "一般事项"}
        sheet.append([row.get(h, "") for h in headers])
    path = tmp_path / "导入.xlsx"
    book.save(path)
    done = desk.ok("import", str(path), *CLERK, "--at", REGISTERED, "--json")
    numbers = [m["number"] for m in done.json()["matters"]]
    assert ["哈里政督〔2026〕1号", "哈里政督〔2026〕2号"] == numbers


def test_import_of_a_missing_file_is_usage(tmp_path: Path) -> None:
    """`import` of a file that does not exist: exit 2."""
    done = daoli_office(tmp_path).run("import", str(tmp_path / "none.xlsx"), *CLERK)
    assert EXIT_USAGE == done.code


def test_commands_of_another_office_see_nothing(tmp_path: Path) -> None:
    """An actor of another office gets exit 5 for this office's matter (issue 9.3)."""
    desk = daoli_office(tmp_path)
    desk.ok("office", "add", "lyg", "连云港市人民政府督查室", "--policy", "lianyungang-2019",
            "--at", "2026-09-01T09:00+08:00")
    matter = register(desk, "推进园区道路改造", "--office", "daoli")
    done = run("--db", desk.url, "show", matter["id"], "--office", "lyg", *CLERK)
    assert EXIT_NOT_FOUND == done.code
