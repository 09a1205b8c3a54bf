"""Running the ``supervision`` command in-process for the CLI tests, and an office set up
through the command line alone (no library call behind the tests' back)."""

from __future__ import annotations

import atexit
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from supervision.cli import main

DAOLI = "daoli-2017"
#: Before the National Day holiday (2026-10-01 … 10-07) and after it.
REGISTERED = "2026-09-25T10:00+08:00"
AFTER_HOLIDAY = "2026-10-08T09:00+08:00"

CLERK = ("--actor", "clerk-1", "--role", "督查办工作人员")
LEADER = ("--actor", "leader-1", "--role", "审定领导")
LIAISON = ("--actor", "econ-liaison", "--role", "单位联络员", "--unit", "econ")
HEAD = ("--actor", "econ-head", "--role", "单位主要负责人", "--unit", "econ")


@attrs.frozen
class Ran:
    """One run: the exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(*argv: str, environ: Mapping[str, str] | None = None) -> Ran:
    """``supervision ARGV`` in-process, with an empty environment unless one is given."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, environ={} if environ is None else environ)
    return Ran(code, out.getvalue(), err.getvalue())


@attrs.frozen
class Desk:
    """A database file and the command line on it (``--db`` given on every run)."""

    url: str

    @classmethod
    def at(cls, folder: Path, name: str = "office.db") -> Desk:
        return cls(f"sqlite:///{folder / name}")

    def run(self, *argv: str) -> Ran:
        return run("--db", self.url, *argv)

    def ok(self, *argv: str) -> Ran:
        """A run that must succeed (its stderr is shown when it does not)."""
        done = self.run(*argv)
        assert 0 == done.code, done.err
        return done

    def matter(self, *argv: str) -> dict[str, Any]:
        """A command on a matter, run with --json: the matter as the command returned it."""
        found: dict[str, Any] = self.ok(*argv, "--json").json()["matter"]
        return found


_TEMPLATES: dict[str, tuple[Path, Any]] = {}


def _from_template(name: str, folder: Path, build: Callable[[Path], Any]) -> Any:
    """What ``build(folder)`` makes, built once per test session in a folder of its own and
    copied into ``folder`` (the database file, and what ``build`` returned)."""
    if name not in _TEMPLATES:
        place = Path(tempfile.mkdtemp(prefix=f"cli-{name}-"))
        atexit.register(shutil.rmtree, place, True)
        _TEMPLATES[name] = (place, build(place))
    place, made = _TEMPLATES[name]
    for path in place.glob("office.db*"):
        shutil.copyfile(path, folder / path.name)
    return made


def daoli_office(folder: Path) -> Desk:
    """A fresh database with office ``daoli`` (daoli-2017) and unit ``econ`` (经济发展局, head
    econ-head, liaison econ-liaison), set up through the CLI (once; copied for each test)."""
    _from_template("office", folder, _daoli_office)
    return Desk.at(folder)


def _daoli_office(folder: Path) -> Desk:
    desk = Desk.at(folder)
    desk.ok("db", "upgrade", "--office", "daoli", "--office-name", "道里区人民政府督查室",
            "--policy", DAOLI, "--at", "2026-09-01T09:00+08:00")
    desk.ok("unit", "add", "econ", "经济发展局", "--head", "econ-head",
            "--liaison", "econ-liaison", *CLERK)
    return desk


def register(desk: Desk, title: str, *extra: str, at: str = REGISTERED) -> dict[str, Any]:
    """A daoli-2017 一般事项 (art.7(2): 5日) on a district head's instruction, led by econ."""
    return desk.matter(
        "register", *CLERK, "--title", title, "--requirements", "按期报送办理结果",
        "--source", "区长批示", "--lead", "econ", "--responsible", "赵局长（econ-head）",
        "--category", "一般事项", "--at", at, *extra,
    )


def dispatched(desk: Desk, title: str, *extra: str) -> dict[str, Any]:
    """A matter registered, approved (art.7(1) 审定) and dispatched on 25 September 2026."""
    matter = register(desk, title, *extra)
    desk.ok("approve", matter["id"], *LEADER, "--at", "2026-09-25T11:00+08:00")
    return desk.matter("dispatch", matter["id"], *CLERK, "--at", "2026-09-25T14:00+08:00")


def daoli_with_matters(folder: Path) -> tuple[Desk, dict[str, dict[str, Any]]]:
    """The daoli office with three dispatched matters: 推进园区道路改造 (5日, due 30
    September), 拟上市企业辅导 (the same, 控制知情范围: only clerk-1, leader-1 and econ-head
    know of it) and 编制产业规划 (复杂事项, 15日). Built once, copied for each test."""
    matters: dict[str, dict[str, Any]] = _from_template("matters", folder, _with_matters)
    return Desk.at(folder), matters


def _with_matters(folder: Path) -> dict[str, dict[str, Any]]:
    desk = daoli_office(folder)
    matters = {
        "road": dispatched(desk, "推进园区道路改造"),
        "listing": dispatched(desk, "拟上市企业辅导", "--confidentiality", "控制知情范围",
                              "--designated", "clerk-1", "--designated", "leader-1",
                              "--designated", "econ-head"),
        "plan": dispatched(desk, "编制产业规划", "--category",
                           "涉及面较广、问题复杂需要反复协调的事项"),
    }
    return matters
