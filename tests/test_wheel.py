"""The built wheel is what a new user installs: built with ``python -m build`` (sdist, then the
wheel from the sdist), installed with its ``sql`` extra into a fresh virtual environment —
the local wheel by its path, its dependencies from the machine's package index, as
``tasks.py`` installs — and used there under the distribution name ``supervision-duban``.

It takes about a minute and runs in the normal suite (marker ``wheel``; ``-m "not wheel"``
leaves it out of a quick loop).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MIGRATIONS = ROOT / "src" / "supervision" / "adapters" / "sqlalchemy" / "migrations"

pytestmark = pytest.mark.wheel

USE_IT = textwrap.dedent(
    """
    import datetime as dt, importlib.metadata, json, pathlib, sys, tempfile

    import supervision
    from supervision import SHANGHAI, FixedClock, OfficeSpec, bootstrap
    from supervision.domain import (
        Actor, Instruction, Registration, Responsible, Role, Source, SourceKind, Unit,
    )

    package = pathlib.Path(supervision.__file__).parent
    migrations = package / "adapters" / "sqlalchemy" / "migrations"
    folder = pathlib.Path(tempfile.mkdtemp())
    app = bootstrap(url=f"sqlite:///{folder / 'oa.db'}", migrate=True,
                    clock=FixedClock(dt.datetime(2026, 9, 28, 9, tzinfo=SHANGHAI)),
                    offices=[OfficeSpec("lyg", "连云港市人民政府督查室", "lianyungang-2019")])
    clerk = Actor.of("clerk-1", Role.OFFICE_CLERK, office_id="lyg")
    app.add_unit(clerk, Unit.create("port", "港口控股集团", liaison_ids=["port-liaison"]))
    matter = app.register(clerk, Registration(
        title="港口集疏运铁路专用线建设", requirements="按期反馈办理结果", lead_unit_id="port",
        source=Source.of(SourceKind.LEADER_INSTRUCTION, "市长批示", leader="市长"),
        instruction=Instruction.of("市长", dt.date(2026, 9, 27)),
        responsible=(Responsible("port-head", "钱总"),),
    ))
    matter = app.dispatch(clerk, matter.id)
    app.dispose()
    scripts = {e.name for e in importlib.metadata.entry_points(group="console_scripts")}
    print(json.dumps({
        "file": supervision.__file__,
        "prefix": sys.prefix,
        "version": importlib.metadata.version("supervision-duban"),
        "package_version": supervision.__version__,
        "number": str(matter.number),
        "due": matter.due.last_day.isoformat(),
        "py_typed": (package / "py.typed").is_file(),
        "env_py": (migrations / "env.py").is_file(),
        "mako": (migrations / "script.py.mako").is_file(),
        "versions": sorted(p.name for p in (migrations / "versions").glob("*.py")),
        "console_script": "supervision" in scripts,
    }, ensure_ascii=False))
    """
)


def _run(*args: str | os.PathLike[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=900, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Build the wheel, install it with [sql] into a fresh venv, use it there."""
    pytest.importorskip("build")
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    built = _run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=work)
    assert 0 == built.returncode, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,) = dist.glob("supervision_duban-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = _run(python, "-m", "pip", "install", "--quiet", f"{wheel}[sql]", cwd=work)
    assert 0 == done.returncode, done.stdout[-3000:] + done.stderr[-3000:]
    used = _run(python, "-c", USE_IT, cwd=work)
    assert 0 == used.returncode, used.stderr[-3000:]
    found: dict[str, object] = json.loads(used.stdout.strip().splitlines()[-1])
    found["wheel"] = wheel.name
    found["venv"] = str(env_dir)
    return found


def test_the_wheel_installs_under_the_distribution_name_with_the_packages_version(
    installed: dict[str, object],
) -> None:
    """importlib.metadata knows supervision-duban at supervision.__version__, and the wheel
    file carries the same name and version."""
    from supervision._version import __version__

    assert (__version__, __version__) == (installed["version"], installed["package_version"])
    assert f"supervision_duban-{__version__}-py3-none-any.whl" == installed["wheel"]


def test_the_installed_package_is_imported_from_the_fresh_environment(
    installed: dict[str, object],
) -> None:
    """The import comes from the new venv's site-packages, never from the source tree."""
    file = Path(str(installed["file"]))
    assert Path(str(installed["venv"])) in file.parents
    assert ROOT / "src" not in file.parents


def test_the_installed_package_registers_and_dispatches_on_sqlite(
    installed: dict[str, object],
) -> None:
    """bootstrap → register → dispatch on SQLite with only the [sql] extra: the office's
    first number and the lianyungang-2019 §5.5 deadline (7 working days over National Day)."""
    assert ("连政督〔2026〕1号", "2026-10-13") == (installed["number"], installed["due"])


def test_the_wheel_ships_the_migrations_the_type_marker_and_the_console_script(
    installed: dict[str, object],
) -> None:
    """py.typed, the Alembic environment and template and every migration of the source tree
    are in the installed package; the ``supervision`` command is declared."""
    expected = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    assert (True, True, True, True) == (installed["py_typed"], installed["env_py"],
                                        installed["mako"], installed["console_script"])
    assert expected == installed["versions"]
