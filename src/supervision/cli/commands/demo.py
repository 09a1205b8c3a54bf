"""``demo``: a quarter of a supervision office, simulated on a SQLite file."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from supervision.cli._parser import Commands
from supervision.cli._session import Result, Session
from supervision.exceptions import SupervisionError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DEMO_EXAMPLE", "add"]

#: The example ``supervision demo`` runs (from the ``examples/`` folder of a source checkout).
DEMO_EXAMPLE = "daoli_2017_quarter.py"


def add(commands: Commands) -> None:
    p = commands.add("demo", f"a quarter of a supervision office (examples/{DEMO_EXAMPLE})",
                     _demo)
    p.add_argument("--out", metavar="DIR",
                   help="keep the database and the .xlsx files here (default: a temp folder)")


def _examples() -> Path:
    """The example scripts: a source checkout's ``examples/``, else the copy the wheel
    installs under ``<prefix>/share/supervision/examples``."""
    from pathlib import Path

    checkout = Path(__file__).resolve().parents[4] / "examples"
    installed = Path(sys.prefix) / "share" / "supervision" / "examples"
    return checkout if (checkout / DEMO_EXAMPLE).is_file() else installed


def _demo(session: Session) -> Result:
    import runpy
    import tempfile

    script = _examples() / DEMO_EXAMPLE
    if not script.is_file():
        raise SupervisionError(
            f"supervision demo runs examples/{DEMO_EXAMPLE}, which is neither in a source "
            f"checkout nor installed at {script} (演示脚本不存在): reinstall the package, or "
            f"clone the repository and run python examples/{DEMO_EXAMPLE}"
        )
    folder = session.args.out
    printed = io.StringIO()
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="supervision-demo-"))
        from pathlib import Path

        Path(folder).mkdir(parents=True, exist_ok=True)
        sys.path.insert(0, str(script.parent))
        stack.callback(sys.path.remove, str(script.parent))
        namespace = runpy.run_path(str(script), run_name="supervision_demo")
        run: Callable[[Path], None] = namespace["main"]
        with contextlib.redirect_stdout(printed):
            run(Path(folder))
    text = printed.getvalue()
    if session.args.out is None:
        text += "(演示数据在临时目录中，已删除；用 --out DIR 保留台账和数据库文件)\n"
    return Result({"out": session.args.out, "output": text}, text)
