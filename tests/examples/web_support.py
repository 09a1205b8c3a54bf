"""Support for the web-example tests: the examples folder on ``sys.path``, one client
interface over Flask's and FastAPI's test clients, and a POST /matters body."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import attrs

from supervision.calendar import SHANGHAI
from supervision.clock import FixedClock

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

START = dt.datetime(2026, 9, 28, 9, 0, tzinfo=SHANGHAI)
TOKENS = {
    "clerk": "clerk-token", "leader": "leader-token", "port": "port-token",
    "ocean": "ocean-token", "auditor": "audit-token",
}


@attrs.frozen
class Answer:
    status: int
    headers: dict[str, str]
    body: Any
    content: bytes


@attrs.define
class Client:
    """One framework's test client behind one small interface."""

    framework: str
    raw: Any
    clock: FixedClock
    url: str
    app: Any

    def call(self, method: str, path: str, *, user: str | None = None,
             json: Any = None, headers: dict[str, str] | None = None) -> Answer:
        sent = dict(headers or {})
        if user is not None:
            sent["Authorization"] = f"Bearer {TOKENS[user]}"
        response = self.raw.open(path, method=method, json=json, headers=sent) \
            if self.framework == "flask" else \
            self.raw.request(method, path, json=json, headers=sent)
        content = response.data if self.framework == "flask" else response.content
        kind = response.headers.get("Content-Type", "")
        body = None
        if kind.startswith("application/json"):
            body = response.get_json() if self.framework == "flask" else response.json()
        return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()},
                      body, content)

    def get(self, path: str, **kw: Any) -> Answer:
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Answer:
        return self.call("POST", path, **kw)


def document(number: str = "连政办收〔2026〕7号", **changes: Any) -> dict[str, Any]:
    """A POST /matters body: an incoming document with the mayor's instruction (§5.1)."""
    body: dict[str, Any] = {
        "document_number": number, "title": "港口集疏运铁路专用线建设",
        "requirements": "按期反馈办理结果", "lead_unit": "port", "responsible": "port-head",
        "leader": "市长", "instructed_on": "2026-09-27",
    }
    body.update(changes)
    return body
