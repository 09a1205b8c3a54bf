"""Names the migration scripts use: the configured table prefix and schema.

The scripts read them from the Alembic configuration, so they run the same under the
library's own command and merged into a host's Alembic environment:
``config.attributes["supervision.table_prefix"]`` / ``["supervision.schema"]``, else the main
options ``supervision.table_prefix`` / ``supervision.schema`` (e.g. in the host's alembic.ini),
else ``sv_`` and the default schema. Constraint and index names follow the table metadata's
naming convention, so a migrated database equals :func:`~._schema.tables`' metadata.
"""

from __future__ import annotations

from typing import Any

import attrs
from alembic import context, op

from ._schema import DEFAULT_PREFIX, append_only_ddl, check_prefix, check_schema
from ._schema import drop_append_only_ddl as _drop_ddl

__all__ = ["Names", "names"]


@attrs.frozen
class Names:
    """The configured prefix and schema, and the names built from them."""

    prefix: str
    schema: str | None

    def t(self, base: str) -> str:
        """The table name: ``matters`` → ``sv_matters``."""
        return f"{self.prefix}{base}"

    def qualified(self, base: str) -> str:
        name = self.t(base)
        return f"{self.schema}.{name}" if self.schema else name

    def ref(self, base: str, column: str) -> str:
        """A foreign-key target: ``sv_matters.id`` (schema-qualified when a schema is set)."""
        return f"{self.qualified(base)}.{column}"

    def ix(self, base: str, *columns: str) -> str:
        return f"ix_{self.t(base)}_{'_'.join(columns)}"

    def uq(self, base: str, *columns: str) -> str:
        return f"uq_{self.t(base)}_{'_'.join(columns)}"

    def pk(self, base: str) -> str:
        return f"pk_{self.t(base)}"

    def fk(self, base: str, column: str, referred: str) -> str:
        return f"fk_{self.t(base)}_{column}_{self.t(referred)}"

    def append_only(self, base: str) -> list[str]:
        """The trigger statements that make a table append-only on this connection."""
        return append_only_ddl(op.get_bind().dialect.name, self.qualified(base))

    def drop_append_only(self, base: str) -> list[str]:
        return _drop_ddl(op.get_bind().dialect.name, self.qualified(base))

    @property
    def kw(self) -> dict[str, Any]:
        """``schema=…`` for op calls."""
        return {"schema": self.schema}


def names() -> Names:
    """The names for the migration being run."""
    config = context.config
    prefix: Any = config.attributes.get("supervision.table_prefix")
    if prefix is None:
        prefix = config.get_main_option("supervision.table_prefix", DEFAULT_PREFIX)
    schema: Any = config.attributes.get("supervision.schema")
    if schema is None:
        schema = config.get_main_option("supervision.schema") or None
    return Names(check_prefix(prefix), check_schema(schema))
