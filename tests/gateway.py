"""A fake SMS / 企业微信 gateway on 127.0.0.1 for the delivery tests: it answers 503 the first
time it sees an ``Idempotency-Key`` (a failing-then-succeeding channel), then 200; a key it
accepted already is answered 200 again without a second message (it honours the key); a
recipient named ``nobody`` is 404. It counts the requests and keeps the messages accepted."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeGateway

    def do_POST(self) -> None:
        key = self.headers["Idempotency-Key"]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.answer(self, key, body)

    def log_message(self, *args: object) -> None:
        pass


class FakeGateway(http.server.ThreadingHTTPServer):
    """Start with :meth:`start`, stop with :meth:`stop`; :attr:`url` is where to POST."""

    def __init__(self, *, fail_first: bool = True) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fail_first = fail_first
        self.lock = threading.Lock()
        self.seen: set[str] = set()
        self.accepted: dict[str, dict[str, Any]] = {}
        self.requests: dict[str, int] = {}
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sms"

    def start(self) -> FakeGateway:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def answer(self, handler: _Handler, key: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.requests[key] = self.requests.get(key, 0) + 1
            if body["recipient"]["id"] == "nobody":
                status = 404
            elif self.fail_first and key not in self.seen:
                self.seen.add(key)
                status = 503
            else:
                self.accepted.setdefault(key, body)
                status = 200
        handler.send_response(status)
        handler.end_headers()
        handler.wfile.write(b"ok" if status == 200 else b"busy")
