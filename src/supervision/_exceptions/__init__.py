"""The modules behind :mod:`supervision.exceptions` (private: import from there).

``_base`` (the root, arguments and bounds), ``_records`` (not found, duplicates, conflicts,
storage), ``_rules`` (lifecycle, permissions, policies), ``_audit`` (the keyed chain) and
``_environment`` (extras, the test harness, ledger imports). Each class's ``__module__`` is
set to ``supervision.exceptions``, so tracebacks, ``repr`` and pickling name the public path.
"""
