"""Testing support for integrators and for this library's own tests.

* :mod:`supervision.testing.postgres` starts a throwaway PostgreSQL server for tests.
* :mod:`supervision.testing.contract` holds the contract suite every storage adapter passes.
* :mod:`supervision.testing.policy_suite` holds the common suite every policy passes (the five
  shipped ones and an integrator's own).

Nothing here is imported by ``import supervision``; the submodules import their optional
dependencies only when used.
"""
