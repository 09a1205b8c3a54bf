"""The host OA system's own Alembic environment (its own history, in ``alembic_version``).

It knows nothing of the supervision library: the library's tables (``sv_*``) and history
(``supervision_alembic_version``) are migrated beside it by ``supervision.adapters.sqlalchemy.
upgrade`` (see ``oa_host.database.migrate``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url") or "")
try:
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
finally:
    engine.dispose()
