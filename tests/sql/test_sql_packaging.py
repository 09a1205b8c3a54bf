"""The SQL adapter stays optional: ``import supervision`` never loads SQLAlchemy, and without
the extra the adapter's import error names the extra to install. Serialization needs only the
core dependencies."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from test_packaging import run_without_extras


def test_import_supervision_does_not_import_sqlalchemy() -> None:
    """Importing the package and serialization leaves SQLAlchemy and Alembic unloaded."""
    done = run_without_extras(
        """
        import sys
        import supervision, supervision.serialization
        assert "sqlalchemy" not in sys.modules and "alembic" not in sys.modules
        print("ok")
        """
    )
    assert 0 == done.returncode, done.stderr
    assert "ok" == done.stdout.strip()


def test_the_adapter_without_the_extra_names_pip_install_sql() -> None:
    """Importing the adapter without SQLAlchemy raises ImportError naming the sql extra."""
    done = run_without_extras(
        """
        try:
            import supervision.adapters.sqlalchemy
        except ImportError as error:
            print(error)
        """
    )
    assert 0 == done.returncode, done.stderr
    assert "pip install 'supervision-duban[sql]'" in done.stdout


def test_a_postgres_url_without_the_driver_names_pip_install_postgres() -> None:
    """With SQLAlchemy but without psycopg, a PostgreSQL engine names the postgres extra."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(
            """
            import importlib.abc, sys

            class Block(importlib.abc.MetaPathFinder):
                def find_spec(self, name, path=None, target=None):
                    if name.split(".")[0] == "psycopg":
                        raise ModuleNotFoundError("blocked: psycopg")
                    return None

            sys.meta_path.insert(0, Block())
            from supervision.adapters.sqlalchemy import create_engine
            try:
                create_engine("postgresql+psycopg://nobody@127.0.0.1/none")
            except ImportError as error:
                print(error)
            """
        )],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert 0 == done.returncode, done.stderr
    assert "pip install 'supervision-duban[postgres]'" in done.stdout
