"""Senders: what hands a notice from the outbox to a person.

A sender is any object with one method, ``send(notice) -> receipt | None``
(:class:`Sender`): return once the channel accepted the notice, raise when it did not (any
exception: tried again later with backoff; :class:`~supervision.exceptions.DeliveryRefused`:
never again, the notice is 未送达). :func:`deliver` (the composition root's
:meth:`~supervision.bootstrap.Supervision.deliver`) runs the outbox through one.

A sender *honours the key* when handing it the same notice twice delivers it once: it passes
:attr:`~supervision.domain.notices.Notice.key` to its channel as the idempotency key. The
outbox hands a notice over again only when it cannot know whether the previous attempt
reached the channel (the worker died, the connection dropped after the request was sent), so
a sender that honours the key delivers every notice exactly once.

Shipped senders (standard library only):

* :class:`MailDropSender` — writes each notice as one JSON file named by its key into a
  directory another program (a mail gateway, the OA's message daemon) picks up; the file is
  written atomically and never written twice: it honours the key.
* :class:`LoggingSender` — logs each notice (``supervision.delivery``) and keeps the keys it
  delivered; for tests and dry runs; it honours the key.
* :class:`WebhookSender` — POSTs the notice as JSON to a URL with an ``Idempotency-Key``
  header; 2xx is delivered, 4xx (but 408 and 429) refused for good, anything else failed. The
  example for an integrator's SMS, 企业微信 or 钉钉 gateway (docs/outbox.md runs it against a
  local server). Real channels are the integrator's: their credentials never pass through
  the library.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from supervision._logs import logger
from supervision.domain.notices import Notice
from supervision.exceptions import DeliveryRefused, InvalidInput
from supervision.serialization import to_dict
from supervision.service_layer.delivery import Sender

__all__ = ["LoggingSender", "MailDropSender", "Sender", "WebhookSender", "message_of"]

log = logger("supervision.delivery")


def message_of(notice: Notice) -> dict[str, object]:
    """The notice as the JSON object senders hand to a channel: every field of the notice
    (:func:`supervision.serialization.to_dict`) plus ``idempotency_key``."""
    if not isinstance(notice, Notice):
        raise InvalidInput("notice", "a supervision.domain.notices.Notice", notice)
    return {"idempotency_key": notice.key, **to_dict(notice)}


def _file_name(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40] + ".json"


class MailDropSender:
    """Writes each notice into ``directory`` as ``<sha256 of the key>.json`` (UTF-8 JSON of
    :func:`message_of`), atomically (a temporary file renamed into place). A notice whose file
    exists is not written again: the receipt is the file name either way."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        if not isinstance(directory, str | os.PathLike):
            raise InvalidInput("directory", "a directory path", directory)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send(self, notice: Notice) -> str:
        name = _file_name(notice.key)
        target = self.directory / name
        if target.exists():
            return name
        data = json.dumps(message_of(notice), ensure_ascii=False, indent=1).encode("utf-8")
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name


class LoggingSender:
    """Logs each notice at INFO on ``supervision.delivery`` and records its key in
    :attr:`delivered` (once: a key handed over again is not logged again). Thread-safe."""

    def __init__(self) -> None:
        self.delivered: list[str] = []
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def send(self, notice: Notice) -> str:
        with self._lock:
            if notice.key not in self._seen:
                self._seen.add(notice.key)
                self.delivered.append(notice.key)
                log.info("notice %s to %s: %s", notice.key, notice.recipient.label,
                         notice.subject)
        return notice.key


class WebhookSender:
    """POSTs :func:`message_of` as JSON to ``url`` with the headers ``Idempotency-Key`` (the
    notice's key) and ``Content-Type: application/json``, plus ``headers`` (an integrator's
    token). The response body's text (at most 200 characters) is the receipt. 2xx: delivered;
    4xx except 408 and 429: :class:`~supervision.exceptions.DeliveryRefused`; anything else,
    or no answer within ``timeout`` seconds: an error (tried again)."""

    def __init__(self, url: str, *, timeout: float = 10.0,
                 headers: Mapping[str, str] | None = None) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InvalidInput("url", "an http:// or https:// URL", url)
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not (
            0 < timeout <= 300
        ):
            raise InvalidInput("timeout", "seconds from 0 to 300", timeout)
        self.url = url
        self.timeout = float(timeout)
        self.headers = dict(headers or {})

    def send(self, notice: Notice) -> str:
        body = json.dumps(message_of(notice), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url, data=body, method="POST",
            headers={**self.headers, "Content-Type": "application/json; charset=utf-8",
                     "Idempotency-Key": notice.key},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return str(response.read(200).decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            if 400 <= error.code < 500 and error.code not in (408, 429):
                raise DeliveryRefused(f"HTTP {error.code} {error.reason}") from error
            raise


if TYPE_CHECKING:  # mypy proves the shipped senders are Senders
    _senders: tuple[Sender, ...] = (MailDropSender("."), LoggingSender(), WebhookSender("http://x"))
