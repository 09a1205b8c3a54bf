"""Storage adapters implementing :mod:`supervision.ports`.

* :mod:`supervision.adapters.memory` — in memory, no dependencies; the default in tests and
  for trying the library out.
* :mod:`supervision.adapters.sqlalchemy` — SQLAlchemy 2 Core on SQLite (the embedded default)
  or PostgreSQL, with packaged Alembic migrations (extras ``sql`` and ``postgres``).

Every adapter passes :class:`supervision.testing.contract.UnitOfWorkContract`.
"""
