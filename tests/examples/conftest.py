"""The Flask and FastAPI examples, driven by each framework's own test client.

``client`` is one fixture over both frameworks: a fresh SQLite database per test, the example
application built by its factory with a fixed clock (Monday 28 September 2026, 09:00), and a
small adapter (``web_support.Client``) so one test states one rule for both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import START, Client

from supervision.clock import FixedClock


@pytest.fixture(params=["flask", "fastapi"])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Client]:
    """The example application of one framework on a fresh SQLite database."""
    url = f"sqlite:///{tmp_path / 'oa.db'}"
    clock = FixedClock(START)
    if request.param == "flask":
        pytest.importorskip("flask")
        from flask_app.app import create_app

        flask = create_app(url, clock=clock)
        yield Client("flask", flask.test_client(), clock, url, flask)
        flask.extensions["supervision"].close()
    else:
        pytest.importorskip("fastapi")
        pytest.importorskip("httpx")
        from fastapi.testclient import TestClient
        from fastapi_app.app import create_app as create_fastapi

        fast = create_fastapi(url, clock=clock)
        with TestClient(fast) as test_client:
            yield Client("fastapi", test_client, clock, url, fast)
