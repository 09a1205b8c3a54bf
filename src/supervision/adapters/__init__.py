"""Storage adapters implementing :mod:`supervision.ports`.

* :mod:`supervision.adapters.memory` — in memory, no dependencies; the default in examples.

Every adapter passes :class:`supervision.testing.contract.UnitOfWorkContract`.
"""
