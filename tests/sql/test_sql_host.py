"""The library inside a host's database (issue 12.2/12.3): its migrations beside the host's
own Alembic history or merged into the host's Alembic environment, a unit of work joining the
host's transaction, and a host's own engine given the adapter's set-up."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from builders import CLERK, OFFICE, registration
from sql_support import SqlWorld, schema_differences

from supervision.adapters.sqlalchemy import (
    MIGRATIONS,
    SqlAlchemyUnitOfWork,
    create_engine,
    current_revision,
    head_revision,
    is_prepared,
    tables,
    upgrade,
)
from supervision.exceptions import DuplicateRecord, InvalidInput, MatterNotFound
from supervision.service_layer import services

_HOST_ENV = '''
import sqlalchemy as sa
from alembic import context

config = context.config


def run(connection):
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    run(connection)
engine.dispose()
'''

_HOST_H001 = '''
"""The host's own units table (its HR departments, nothing to do with the library's).

Revision ID: h001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "h001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.execute("INSERT INTO units (id, name) VALUES (1, '财务处'), (2, '人事处')")


def downgrade():
    op.drop_table("units")
'''


def host_environment(folder: Path, url: str, *, merged: bool, prefix: str = "") -> Path:
    """A host's Alembic environment in ``folder`` (its ``env.py``, its revision h001 and an
    ``alembic.ini``); ``merged`` adds the library's versions folder to its
    ``version_locations`` (and ``supervision.table_prefix`` when ``prefix`` is given)."""
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text(_HOST_ENV, encoding="utf-8")
    (folder / "versions" / "h001_host_units.py").write_text(_HOST_H001, encoding="utf-8")
    locations = str(folder / "versions")
    if merged:
        locations += f":{MIGRATIONS / 'versions'}"
    lines = [
        "[alembic]",
        f"script_location = {folder}",
        "path_separator = os",
        f"version_locations = {locations}",
        f"sqlalchemy.url = {url.replace('%', '%%')}",
    ]
    if prefix:
        lines.append(f"supervision.table_prefix = {prefix}")
    ini = folder / "alembic.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ini


def _state(engine: sa.Engine) -> tuple[list[tuple[int, str]], list[str], set[str]]:
    """The host's units rows, its Alembic history, and every table name."""
    with engine.connect() as connection:
        units = [(int(r[0]), str(r[1])) for r in connection.exec_driver_sql(
            "SELECT id, name FROM units ORDER BY id")]
        history = sorted(r[0] for r in connection.exec_driver_sql(
            "SELECT version_num FROM alembic_version"))
        names = set(sa.inspect(connection).get_table_names())
    return units, history, names


@pytest.fixture
def host(empty_url: str) -> Iterator[tuple[str, sa.Engine]]:
    """An empty database of each kind, its URL and an engine."""
    engine = create_engine(empty_url)
    yield empty_url, engine
    engine.dispose()


# ------------------------------------------------------------ migrations beside the host's
def test_the_librarys_upgrade_beside_a_host_leaves_the_host_untouched(
    host: tuple[str, sa.Engine], tmp_path: Path,
) -> None:
    """A host database with its own units table and Alembic history at h001: upgrade()
    creates the sv_* tables and supervision_alembic_version, and the host's table, rows and
    history stay as they were (its own Alembic still finds nothing to do)."""
    url, engine = host
    ini = host_environment(tmp_path / "host", url, merged=False)
    command.upgrade(Config(str(ini)), "head")
    units, history, before = _state(engine)
    assert ["h001"] == history
    upgrade(url)
    assert (units, ["h001"]) == _state(engine)[:2]
    after = _state(engine)[2]
    assert before | {"supervision_alembic_version"} | {
        t.name for t in tables().metadata.sorted_tables} == after
    assert [] == schema_differences(engine, tables())
    assert head_revision() == current_revision(engine)
    command.upgrade(Config(str(ini)), "head")
    assert (units, ["h001"], after) == _state(engine)


# ------------------------------------------------------ merged into the host's environment
def test_the_alembic_command_upgrades_the_hosts_and_the_librarys_heads(
    host: tuple[str, sa.Engine], tmp_path: Path,
) -> None:
    """The library's revisions in the host's version_locations, supervision.table_prefix in
    the host's alembic.ini: ``alembic upgrade heads`` creates the prefixed tables exactly as
    the adapter defines them, the host's history holds h001 and the library's head, and the
    host's table is untouched."""
    url, engine = host
    ini = host_environment(tmp_path / "host", url, merged=True, prefix="hx_")
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "heads"],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert 0 == done.returncode, done.stderr
    units, history, names = _state(engine)
    assert [(1, "财务处"), (2, "人事处")] == units
    assert sorted(["h001", head_revision()]) == history
    assert "supervision_alembic_version" not in names
    assert [] == schema_differences(engine, tables("hx_"), version_table="alembic_version")
    with SqlAlchemyUnitOfWork(engine, table_prefix="hx_") as uow:
        assert 1 == uow.numbers.next(OFFICE, "池开督", 2026)
        uow.commit()


def test_the_table_prefix_may_come_from_the_hosts_config_attributes(
    host: tuple[str, sa.Engine], tmp_path: Path,
) -> None:
    """A host running its Alembic from code sets supervision.table_prefix in the config's
    attributes; the library's branch (supervision@head) upgrades alone."""
    url, engine = host
    ini = host_environment(tmp_path / "host", url, merged=True)
    config = Config(str(ini))
    config.attributes["supervision.table_prefix"] = "hy_"
    command.upgrade(config, "supervision@head")
    with engine.connect() as connection:
        names = set(sa.inspect(connection).get_table_names())
        history = [r[0] for r in connection.exec_driver_sql(
            "SELECT version_num FROM alembic_version")]
    assert [head_revision()] == history
    assert "units" not in names
    assert [] == schema_differences(engine, tables("hy_"), version_table="alembic_version")


# ---------------------------------------------------------------- the joined transaction
@pytest.fixture
def world(engine: sa.Engine) -> SqlWorld:
    """The test office in a migrated database, plus a host table of its own."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE host_requests (note TEXT PRIMARY KEY)")
    return SqlWorld(engine)


def _host_rows(engine: sa.Engine) -> list[str]:
    with engine.connect() as connection:
        return [r[0] for r in connection.exec_driver_sql(
            "SELECT note FROM host_requests ORDER BY note")]


def _matters(world: SqlWorld) -> list[str]:
    with world.uow() as uow:
        return [m.title for m in uow.matters.list(offices=None)]


def _insert_host_row(connection: sa.Connection, note: str) -> None:
    connection.execute(sa.text("INSERT INTO host_requests (note) VALUES (:note)"),
                       {"note": note})


def test_a_joined_unit_of_work_rolls_back_with_the_host(world: SqlWorld) -> None:
    """A host row and a matter registered through a unit of work on the host's Connection
    are both gone when the host rolls its transaction back."""
    with world.engine.connect() as connection, connection.begin() as transaction:
        _insert_host_row(connection, "OA 收文 1 号")
        services.register(SqlAlchemyUnitOfWork(connection), world.ctx, CLERK,
                          registration(title="随收文立项"))
        transaction.rollback()
    assert ([], []) == (_host_rows(world.engine), _matters(world))
    assert 1 == world.draft().number.seq


def test_a_joined_unit_of_work_commits_with_the_host(world: SqlWorld) -> None:
    """The same host row and matter are both stored when the host commits, and not
    before: the library's commit inside the host's transaction leaves committing to it."""
    with world.engine.connect() as connection, connection.begin():
        _insert_host_row(connection, "OA 收文 1 号")
        matter = services.register(SqlAlchemyUnitOfWork(connection), world.ctx, CLERK,
                                   registration(title="随收文立项"))
        with SqlAlchemyUnitOfWork(connection) as inside:
            assert matter == inside.matters.get(matter.id)
        with world.uow() as outside, pytest.raises(MatterNotFound):
            outside.matters.get(matter.id)
    assert (["OA 收文 1 号"], ["随收文立项"]) == (_host_rows(world.engine), _matters(world))
    assert 1 == len(world.events(matter.id))


def test_a_failed_library_commit_undoes_only_the_librarys_writes(world: SqlWorld) -> None:
    """A library commit that fails inside the host's transaction (a duplicate number found
    by the database) is rolled back to its SAVEPOINT: the host's row and the matter
    registered before it are kept and commit with the host."""
    with world.engine.connect() as connection, connection.begin():
        _insert_host_row(connection, "OA 收文 1 号")
        first = services.register(SqlAlchemyUnitOfWork(connection), world.ctx, CLERK,
                                  registration(title="第一件"))
        clash = attrs.evolve(first, id="m-clash", title="重号")
        with SqlAlchemyUnitOfWork(connection) as uow:
            uow.matters.add_many([clash])
            with pytest.raises(DuplicateRecord):
                uow.commit()
        _insert_host_row(connection, "OA 收文 2 号")
    assert (["OA 收文 1 号", "OA 收文 2 号"], ["第一件"]) == (
        _host_rows(world.engine), _matters(world))


# ------------------------------------------------------------- a host's own engine
def test_a_plain_sqlite_engine_gets_the_adapters_set_up(tmp_path: Path) -> None:
    """sqlalchemy.create_engine("sqlite:///…") given to SqlAlchemyUnitOfWork is prepared:
    WAL journal, and the library's writes begin with BEGIN IMMEDIATE."""
    url = f"sqlite:///{tmp_path / 'plain.db'}"
    upgrade(url)
    engine = sa.create_engine(url)
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute",
                    lambda *args: statements.append(str(args[2])))
    try:
        assert False is is_prepared(engine)
        uow = SqlAlchemyUnitOfWork(engine)
        assert True is is_prepared(engine)
        with uow:
            uow.numbers.next(OFFICE, "池开督", 2026)
            uow.commit()
        assert "BEGIN IMMEDIATE" in statements
        with engine.connect() as connection:
            assert "wal" == connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    finally:
        engine.dispose()


def test_a_connection_of_an_unprepared_engine_is_refused(tmp_path: Path) -> None:
    """A host Connection from an engine without the set-up is refused, naming create_engine
    and prepare: its transactions would not begin the way the library needs."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    try:
        with engine.connect() as connection, pytest.raises(InvalidInput) as caught:
            SqlAlchemyUnitOfWork(connection)
        message = str(caught.value)
        assert "create_engine" in message
        assert "prepare(engine)" in message
    finally:
        engine.dispose()


def test_a_connection_of_a_prepared_host_engine_may_be_joined(tmp_path: Path) -> None:
    """After prepare(engine), the host's connections may be joined."""
    from supervision.adapters.sqlalchemy import prepare

    url = f"sqlite:///{tmp_path / 'host.db'}"
    upgrade(url)
    engine = sa.create_engine(url)
    try:
        prepare(engine)
        with (engine.connect() as connection, connection.begin(),
              SqlAlchemyUnitOfWork(connection) as uow):
            assert 1 == uow.numbers.next(OFFICE, "池开督", 2026)
            uow.commit()
        with SqlAlchemyUnitOfWork(engine) as uow:
            assert 1 == uow.numbers.current(OFFICE, "池开督", 2026)
    finally:
        engine.dispose()
