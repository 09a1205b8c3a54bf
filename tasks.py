#!/usr/bin/env python3
"""The project's two commands, for a fresh clone that has only ``python3``.

    python3 tasks.py demo    # the main job: a quarter of a supervision office on SQLite
    python3 tasks.py test    # everything CI checks: pytest, mypy --strict on src/ (and
                             # typing_tests/), ruff check

Both create (or reuse) a virtual environment in ``.venv`` and install the package with its
``dev`` extra into it; the install is redone only when ``pyproject.toml`` changes.
Only the standard library is used here, so this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".supervision-install-stamp"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO = ROOT / "examples" / "daoli_2017_quarter.py"


def _say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def _run(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> int:
    _say("$ " + " ".join(str(a) for a in args))
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def ensure_venv() -> None:
    """Create ``.venv`` if needed and install ``.[dev]`` when pyproject.toml changed."""
    if not PYTHON.exists():
        _say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _say("installing supervision[dev] into .venv (first run, or pyproject.toml changed)")
    if _run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("[tasks] could not upgrade pip in .venv")
    if _run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]") != 0:
        sys.exit("[tasks] could not install the package into .venv; see the pip output above")
    STAMP.write_text(wanted + "\n")


def demo(args: list[str]) -> int:
    return _run(PYTHON, DEMO, *args)


def test(args: list[str]) -> int:
    env = dict(os.environ)
    env.setdefault("PYTHONUTF8", "1")
    failed: list[str] = []
    pytest_rc = _run(PYTHON, "-m", "pytest", *args, env=env)
    if pytest_rc == 5:
        _say("pytest collected no tests: that counts as a failure")
    if pytest_rc != 0:
        failed.append(f"pytest (exit {pytest_rc})")
    if _run(PYTHON, "-m", "mypy", "--strict", "src", env=env) != 0:
        failed.append("mypy --strict src")
    # typing_tests/ is type-checked, never run: it pins the public API's types.
    if _run(PYTHON, "-m", "mypy", "--strict", "typing_tests", env=env) != 0:
        failed.append("mypy --strict typing_tests")
    if _run(PYTHON, "-m", "ruff", "check", ".", env=env) != 0:
        failed.append("ruff check")
    if failed:
        _say("FAILED: " + ", ".join(failed))
        return 1
    _say("all checks passed: pytest, mypy --strict src, ruff check")
    return 0


COMMANDS = {"demo": demo, "test": test}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_venv()
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
