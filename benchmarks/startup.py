"""Benchmark: the start-up of the ``supervision`` command against ``python -c pass``, in one run.

    .venv/bin/python benchmarks/startup.py               # 21 runs of each command
    .venv/bin/python benchmarks/startup.py --runs 51     # steadier medians on a busy machine
    .venv/bin/python benchmarks/startup.py --no-bytecode # every run compiles the sources

Each command is started as a fresh process (the interpreter this script runs under, from an
empty temporary folder) ``--runs`` times; the runs of the different commands are interleaved
round by round, so that a burst of load elsewhere on the machine hits all of them alike.
Bytecode is cached as an installed package has it (``PYTHONPYCACHEPREFIX`` in the temporary
folder, written by a first untimed run of each command, whatever ``PYTHONDONTWRITEBYTECODE``
says); ``--no-bytecode`` measures instead what an editable install under
``PYTHONDONTWRITEBYTECODE=1`` pays, the project's modules compiled on every run. It
prints the median wall time of each and its ratio to the median of ``python -c pass`` (the
reference: the interpreter's own start-up), and checks that every command succeeded.

Targets (issue 16, item 7): ``supervision deadline 2026-09-30 --period 3个工作日`` ≤ 150 ms
and ≤ 7× ``python -c pass``; ``import supervision`` ≤ 200 ms. Exits 1 if one is missed. The
other rows are printed for the record: the floor of ``deadline`` (importing
``supervision.periods`` and building the national calendar, without the CLI), ``deadline
--policy``, ``--help`` and ``policy list``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

#: (name, arguments after the interpreter, target in ms or None, target ratio or None)
COMMANDS: tuple[tuple[str, tuple[str, ...], float | None, float | None], ...] = (
    ("python -c pass", ("-c", "pass"), None, None),
    ("python -c 'import supervision'", ("-c", "import supervision"), 200.0, None),
    # what ``deadline`` cannot go below: importing the periods and building the calendar
    ("python -c 'import supervision.periods; calendar.china()'",
     ("-c", "import supervision.periods, supervision.calendar as c; c.china()"), None, None),
    ("supervision deadline 2026-09-30 --period 3个工作日",
     ("-m", "supervision", "deadline", "2026-09-30", "--period", "3个工作日"), 150.0, 7.0),
    ("supervision deadline 2026-09-30 --policy chizhou-2021 --category important",
     ("-m", "supervision", "deadline", "2026-09-30", "--policy", "chizhou-2021",
      "--category", "important"), None, None),
    ("supervision --help", ("-m", "supervision", "--help"), None, None),
    ("supervision policy list", ("-m", "supervision", "policy", "list"), None, None),
)


def once(arguments: Sequence[str], folder: str, env: dict[str, str]) -> float:
    """One run's wall time in seconds (the command must succeed)."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, *arguments], cwd=folder, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({done.returncode}): "
                         f"{done.stderr.decode('utf-8', 'replace')}")
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="PYTHONDONTWRITEBYTECODE=1 and no cache: the sources are compiled "
                        "on every run")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env.setdefault("PYTHONUTF8", "1")
    env.pop("PYTHONPYCACHEPREFIX", None)
    times: dict[str, list[float]] = {name: [] for name, *_ in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="supervision-startup-") as folder:
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "pycache")
        for _, arguments, *_ in COMMANDS:  # warm the file cache and the .pyc files
            once(arguments, folder, env)
        for _ in range(args.runs):
            for name, arguments, *_ in COMMANDS:
                times[name].append(once(arguments, folder, env))
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    cached = "sources compiled on every run" if args.no_bytecode else "bytecode cached"
    print(f"python {sys.version.split()[0]} ({sys.executable}); {os.cpu_count()} cores; "
          f"load average {load}; {cached}; median of {args.runs} runs each")
    reference = statistics.median(times[COMMANDS[0][0]])
    missed: list[str] = []
    width = max(len(name) for name, *_ in COMMANDS)
    for name, _, target_ms, target_ratio in COMMANDS:
        median = statistics.median(times[name])
        ratio = median / reference
        spread = f"min {min(times[name]) * 1e3:6.1f}  max {max(times[name]) * 1e3:6.1f}"
        verdict = ""
        if target_ms is not None or target_ratio is not None:
            ok = ((target_ms is None or median * 1e3 <= target_ms)
                  and (target_ratio is None or ratio <= target_ratio))
            wanted = " and ".join(
                part for part in (
                    None if target_ms is None else f"≤ {target_ms:.0f} ms",
                    None if target_ratio is None else f"≤ {target_ratio:g}×",
                ) if part
            )
            verdict = f"  target {wanted}: {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(name)
        print(f"{name:<{width}}  {median * 1e3:7.1f} ms  {ratio:5.1f}×  ({spread}){verdict}")
    if missed:
        print("missed: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
