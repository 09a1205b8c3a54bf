"""Shared pytest set-up for the library's own tests.

PostgreSQL: ``postgres_server`` / ``postgres_url`` are session fixtures from
:mod:`supervision.testing.postgres` (one throwaway server per test session, or the server named
by ``SUPERVISION_TEST_PG_URL``). Tests marked ``@pytest.mark.postgres`` or using the fixtures
skip when no server can be had, unless ``SUPERVISION_REQUIRE_POSTGRES=1`` (as in ``.ci/run``),
which makes them fail. See docs/testing.md.
"""

from __future__ import annotations

from hypothesis import settings

from supervision.testing.postgres import postgres_fixtures

postgres_server, postgres_url, postgres_marker_guard = postgres_fixtures()

# Hypothesis: no per-example deadline (CI machines vary in speed; speed is measured in
# benchmarks/, never in unit tests), and print the blob that reproduces a failure.
settings.register_profile("supervision", deadline=None, print_blob=True)
settings.load_profile("supervision")
